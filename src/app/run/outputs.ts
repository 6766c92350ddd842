// The outputs beside the presenter (--ndjson-file, --csv, --json, --metrics): opened before privileges go, closed with a flush.
import type { Configuration } from '../../cli/configuration.js';
import type { SnapshotSource } from '../../core/tick-snapshot.js';
import type { LineFile, LineFilePort } from '../../ports/line-file.js';
import type { MetricsPort } from '../../ports/metrics-port.js';
import type { FlowExportPort } from '../../ports/flow-export-port.js';
import type { OutputStream } from '../../ports/text-output.js';
import { CsvSink } from '../../sinks/csv-sink.js';
import { JsonSink } from '../../sinks/json-sink.js';
import { NdjsonFileSink } from '../../sinks/ndjson-file-sink.js';
import { fromSnapshotSink } from './sink.js';
import type { Sink } from './sink.js';

export interface OutputsDeps {
  readonly version: string;
  readonly lineFiles: LineFilePort;
  readonly metrics: MetricsPort;
  readonly flowExport: FlowExportPort;
  readonly stdio: { stdout(lossless: boolean): OutputStream };
}

export interface Outputs {
  /** Outputs fed by every source. */
  readonly sinks: Sink[];
  /**
   * Outputs of one source (the i-th): a flow exporter, whose records are per source (with several
   * interfaces, interface i exports as observation domain --flow-domain + i, so a collector keeps
   * their sequences apart).
   */
  forSource(source: SnapshotSource, index: number): Sink[];
  /** Where the outputs listen or write, for the daemon's start-up line. */
  readonly described: string[];
  /** After the sinks have closed: stops what serves (the metrics endpoint). */
  stop(): Promise<void>;
}

/** How many outputs want standard output; more than one cannot be. */
export function stdoutClaims(config: Configuration): string[] {
  const { extras } = config;
  return [
    ...(extras.json ? ['--json'] : []),
    ...(extras.ndjsonFile === '-' ? ['--ndjson-file -'] : []),
    ...(extras.csvFile === '-' ? ['--csv -'] : []),
  ];
}

/**
 * Opens every output the options ask for, or says in one line why one cannot be. An output given `-`
 * (and --json) writes to standard output, which the caller then keeps free of anything else.
 */
export async function openOutputs(deps: OutputsDeps, config: Configuration, sources: readonly SnapshotSource[],
  report: (message: string) => void): Promise<Outputs | { error: string }> {
  const { extras } = config;
  const claims = stdoutClaims(config);
  if (claims.length > 1) return { error: `${claims.join(' and ')} would both write to standard output: give one of them a file` };
  if (extras.json && extras.ndjson) return { error: '--json and --ndjson are two formats for standard output: choose one' };
  const sinks: Sink[] = [];
  const described: string[] = [];
  const stops: (() => Promise<void>)[] = [];
  const fail = async (error: string) => {
    for (const s of stops) await s();
    return { error };
  };
  // Standard output as a line file: lossless for the document (a pipe reader makes it wait), bounded for
  // the streams (a reader that stops reading costs ticks, not memory).
  const stdoutLines = (lossless: boolean): LineFile => {
    const out = deps.stdio.stdout(lossless);
    let problem: string | null = null;
    out.onClosed((e) => (problem = e.code === 'EPIPE' ? null : `cannot write the output: ${e.message}`));
    return {
      write: (t) => out.write(t),
      writeBytes: (b) => out.write(new TextDecoder().decode(b)),
      drained: () => out.drained(),
      close: () => out.drained(),
      takeError: () => {
        const p = problem;
        problem = null;
        return p;
      },
    };
  };
  const file = (path: string): { file: LineFile } | { error: string } => (path === '-' ? { file: stdoutLines(false) } : deps.lineFiles.open(path));
  if (extras.metrics !== null) {
    const m = await deps.metrics.start({ listen: extras.metrics, maxHosts: extras.metricsMaxHosts, topRemote: extras.metricsTopRemote, onError: report });
    if ('error' in m) return fail(m.error);
    sinks.push(fromSnapshotSink('the metrics', m.sink));
    stops.push(() => m.close());
    described.push(`metrics on http://${m.address}/metrics`);
  }
  if (extras.ndjsonFile !== null) {
    const opened = file(extras.ndjsonFile);
    if ('error' in opened) return fail(opened.error);
    sinks.push(new NdjsonFileSink(opened.file, extras.ndjsonFile, deps.version, sources, report));
    described.push(`NDJSON to ${extras.ndjsonFile}`);
  }
  if (extras.csvFile !== null) {
    const opened = file(extras.csvFile);
    if ('error' in opened) return fail(opened.error);
    sinks.push(fromSnapshotSink('the CSV output', new CsvSink(opened.file)));
    described.push(`CSV to ${extras.csvFile}`);
  }
  if (extras.json) {
    sinks.push(fromSnapshotSink('the JSON document', new JsonSink(stdoutLines(true), { version: deps.version, onError: report })));
  }
  const flow = extras.flowExport;
  if (flow !== null) described.push(`flows to ${flow.text}`);
  else if (Object.keys(extras.flowTunables).length > 0) return fail('the --flow-… options tune --flow-export, which is not given');
  return {
    sinks,
    forSource: (source, index) => {
      if (flow === null) return [];
      const domain = (extras.flowTunables.observationDomain ?? 0) + index;
      const exporter = deps.flowExport.create({ ...extras.flowTunables, target: flow, observationDomain: domain },
        source.kind === 'interface' ? source.name : null, report);
      return [fromSnapshotSink(`the flow export to ${flow.text}`, exporter)];
    },
    described,
    stop: async () => {
      for (const s of stops) await s();
    },
  };
}
