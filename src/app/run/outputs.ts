// The outputs beside the presenter (--ndjson-file, --csv, --json, --metrics, --web): opened before privileges go, closed with a flush.
import type { Configuration } from '../../cli/configuration.js';
import type { Monitor } from '../../core/monitor.js';
import type { SnapshotSource } from '../../core/tick-snapshot.js';
import type { HistoryQuery } from '../../ports/history-query.js';
import type { HistoryPort } from '../../ports/history-port.js';
import type { ServiceTable } from '../../format/services.js';
import { serviceNames } from '../labelling.js';
import type { ProgramSource } from '../../web/programs.js';
import type { LineFile, LineFilePort } from '../../ports/line-file.js';
import type { MetricsPort, RunningMetrics } from '../../ports/metrics-port.js';
import type { FlowExportPort } from '../../ports/flow-export-port.js';
import type { OutputStream } from '../../ports/text-output.js';
import { CsvSink } from '../../sinks/csv-sink.js';
import { JsonSink } from '../../sinks/json-sink.js';
import { NdjsonFileSink } from '../../sinks/ndjson-file-sink.js';
import type { FlowOwnerLookup } from '../../sinks/ndjson-file-sink.js';
import type { FlowOwner } from '../../ports/flow-owner.js';
import { fromSnapshotSink } from './sink.js';
import type { Sink } from './sink.js';
import { openWeb } from './web-output.js';
import type { WebOutput, WebOutputDeps } from './web-output.js';

export interface OutputsDeps extends WebOutputDeps {
  readonly version: string;
  readonly lineFiles: LineFilePort;
  readonly metrics: MetricsPort;
  readonly flowExport: FlowExportPort;
  readonly history: HistoryPort;
  /** /etc/services: which port of a flow is its service (the history's per-service rows). */
  readonly services: ServiceTable;
  readonly stdio: { stdout(lossless: boolean): OutputStream };
}

export interface Outputs {
  /** Outputs fed by every source. */
  readonly sinks: Sink[];
  /**
   * Outputs of one source (the i-th): a flow exporter, whose records are per source (with several
   * interfaces, interface i exports as observation domain --flow-domain + i, so a collector keeps
   * their sequences apart), the web view (which analyses the source's monitor as the screen does).
   */
  forSource(source: SnapshotSource, index: number, monitor: Monitor, programs?: ProgramSource | null): Sink[];
  /** Where the outputs listen or write, for the daemon's start-up line. */
  readonly described: string[];
  /** After the sinks have closed: stops what serves (the metrics endpoint, the web view). */
  stop(): Promise<void>;
  /** --web: what to print once at start (a generated token's login URL), or null. */
  readonly webNotice: string | null;
  /** --web: where the page is, for the end of a file ("served until Ctrl+C"), or null. */
  readonly webUrl: string | null;
}

/** How a run can show what --web needs to say at start. */
export interface OutputsContext {
  /** Whether a token made at start can be shown (printed in text mode; not behind the full screen or into the daemon's log). */
  readonly canShowToken: boolean;
  /** Process attribution's owners of flows (the NDJSON file's records, the history's program and unit tables); null when off. */
  readonly owners?: FlowOwnerLookup | null;
  /** Called once when the reader of an output on standard output goes away (EPIPE: `… | head`). */
  readonly onStdoutGone?: () => void;
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
  report: (message: string) => void, context: OutputsContext = { canShowToken: true }): Promise<Outputs | { error: string }> {
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
    out.onClosed((e) => {
      if (e.code !== 'EPIPE') problem = `cannot write the output: ${e.message}`;
      else context.onStdoutGone?.();
    });
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
  let history: HistoryQuery | null = null;
  const owner = programAndUnit(context.owners ?? null);
  const names = serviceNames(deps.services);
  if (extras.history !== null) {
    const h = deps.history.open({
      path: extras.history === '' ? null : extras.history, flushSeconds: extras.historyFlushSeconds,
      retention: extras.historyRetention, detailRetention: extras.historyDetailRetention,
      isService: (port, proto) => names(port, proto) !== undefined, report, owner,
    });
    if ('error' in h) return fail(h.error);
    history = h.query;
    sinks.push(fromSnapshotSink('the history', h.sink));
    described.push(`history in ${h.path}`);
  } else if (extras.historyFlushSeconds !== null || extras.historyRetention !== null || extras.historyDetailRetention !== null) {
    return fail('--flush, --retention and --detail-retention tune --history, which is not given');
  }
  let web: WebOutput | null = null;
  if (extras.web !== null) {
    const w = await openWeb(deps, config, history, context.canShowToken, report);
    if ('error' in w) return fail(w.error);
    web = w;
    stops.push(() => w.web.close());
    described.push(w.described);
    // On the same address the metrics share the web view's server (started with it).
    if (w.metrics !== null) sinks.push(fromSnapshotSink('the metrics', attributed(w.metrics.sink, owner)));
  }
  if (extras.metrics !== null && web?.metrics == null) {
    const m = await deps.metrics.start({ listen: extras.metrics, maxHosts: extras.metricsMaxHosts, topRemote: extras.metricsTopRemote, onError: report });
    if ('error' in m) return fail(m.error);
    sinks.push(fromSnapshotSink('the metrics', attributed(m.sink, owner)));
    stops.push(() => m.close());
    described.push(`metrics on http://${m.address}/metrics`);
  }
  if (extras.ndjsonFile !== null) {
    const opened = file(extras.ndjsonFile);
    if ('error' in opened) return fail(opened.error);
    sinks.push(new NdjsonFileSink(opened.file, extras.ndjsonFile, deps.version, sources, report, context.owners ?? null));
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
    forSource: (source, index, monitor, programs = null) => {
      // programs: attribution's rows for the web view's programs table (none yet: the table stays hidden).
      const own = web === null ? [] : [web.forSource(source, index, monitor, programs)];
      if (flow === null) return own;
      const domain = (extras.flowTunables.observationDomain ?? 0) + index;
      const exporter = deps.flowExport.create({ ...extras.flowTunables, target: flow, observationDomain: domain },
        source.kind === 'interface' ? source.name : null, report);
      return [...own, fromSnapshotSink(`the flow export to ${flow.text}`, exporter)];
    },
    described,
    webNotice: web?.notice ?? null,
    webUrl: web?.web.url ?? null,
    stop: async () => {
      for (const s of stops) await s();
    },
  };
}

/** The metrics with per-program and per-unit series when attribution is on. */
function attributed<M extends RunningMetrics['sink']>(sink: M, owner: FlowOwner | null): M {
  if (owner !== null) sink.attributeWith(owner);
  return sink;
}

/** The history's and the metrics' view of the owners: a program (process name) and a unit per flow, null while unknown. */
function programAndUnit(owners: FlowOwnerLookup | null): FlowOwner | null {
  if (owners === null) return null;
  return {
    program: (flows, id) => {
      const o = owners(flows, id);
      return o?.kind === 'process' ? o.name : null;
    },
    unit: (flows, id) => {
      const o = owners(flows, id);
      return o === undefined || (o.kind === 'gap' && o.reason === 'pending') ? null : o.unit;
    },
  };
}
