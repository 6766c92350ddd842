// Per-tick work at 100 000 flows: analysis, rotation, the hosts view and the alert walk, timed in-process (medians).
import { parseRules } from '../src/alerts/rule-parser.js';
import { evaluate } from '../src/alerts/conditions.js';
import type { RuleContext } from '../src/alerts/conditions.js';
import { Analyser, EMPTY_MODEL } from '../src/core/analysis.js';
import { hostTable } from '../src/core/host-table.js';
import { NO_LOCAL_NETWORK } from '../src/core/local-network.js';
import { Monitor } from '../src/core/monitor.js';
import { defaultViewOptions } from '../src/core/view-options.js';
import { pathToFileURL } from 'node:url';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SnapshotBuilder } from '../src/core/table-snapshot.js';
import { NdjsonFlowsEncoder } from '../src/render/ndjson-flows.js';
import { NdjsonFileSink } from '../src/sinks/ndjson-file-sink.js';
import { lineFiles } from '../src/adapters/io/line-file.js';
import { fmt, median } from './measure.js';

export interface PerTickRow {
  readonly what: string;
  readonly flows: number;
  readonly ms: number;
}

const RUNS = 7;

/**
 * A monitor holding `flows` flows as a spoofed-source flood leaves them: small flows from many sources
 * to a few hundred targets on web and DNS ports, each with a packet in the open slot.
 */
function floodedMonitor(flows: number): Monitor {
  const m = new Monitor({ local: NO_LOCAL_NETWORK, maxFlows: Math.max(flows, 100_000), hashSeed: 0x5eed });
  const key = new Uint32Array(10);
  for (let f = 0; f < flows; f++) {
    key[0] = (4 << 8) | (f % 2 === 0 ? 6 : 17);
    key[1] = (0xc6336400 + (f % 200)) >>> 0; // 198.51.100.0/24 targets
    key[5] = (0x0a000000 + f * 7) >>> 0; // 10.x sources
    key[9] = (((f % 7 === 0 ? 53 : 443) << 16) | (1024 + (f % 60000))) >>> 0;
    const id = m.table.findOrInsert(key);
    m.table.add(id, f % 3 !== 0, 60);
  }
  return m;
}

function timeMs(fn: () => void): number {
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) fn(); // warm-up: optimised code, grown buffers
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    fn();
    runs.push(performance.now() - start);
  }
  return median(runs);
}

/** Like timeMs for work that finishes asynchronously (a file handed to the OS). */
async function timeMsAsync(fn: () => Promise<void>): Promise<number> {
  const runs: number[] = [];
  for (let i = 0; i < 2; i++) await fn();
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await fn();
    runs.push(performance.now() - start);
  }
  return median(runs);
}

export async function runPerTick(flowCounts: readonly number[]): Promise<PerTickRow[]> {
  const rows: PerTickRow[] = [];
  const ctx: RuleContext = {
    linkBitsPerSecond: 1e9,
    isService: (port) => port === 53 || port === 443 || port === 80,
    isInternal: (_family, w) => w[0]! >>> 24 === 10,
  };
  const parsed = parseRules('detect all', 'bench');
  for (const flows of flowCounts) {
    const m = floodedMonitor(flows);
    const analyser = new Analyser();
    let model = EMPTY_MODEL;
    rows.push({ what: 'analysis (aggregate, average, top 10)', flows, ms: timeMs(() => (model = analyser.analyse(m, defaultViewOptions(), model, () => '', 10))) });
    rows.push({ what: 'hosts view (by connections, 50 rows)', flows, ms: timeMs(() => hostTable(m, 'connections', 50)) });
    rows.push({ what: 'alert walk (`detect all`)', flows, ms: timeMs(() => evaluate(parsed.rules, m, ctx, 12)) });
    const builder = new SnapshotBuilder(m, { kind: 'interface', name: 'bench0' });
    rows.push({ what: 'snapshot (every flow, expiring ones)', flows, ms: timeMs(() => void builder.build(1_700_000_000, false, null)) });
    let bytes = 0;
    const encoder = new NdjsonFlowsEncoder();
    rows.push({ what: 'snapshot + NDJSON records of every flow (encoded)', flows, ms: timeMs(() => void (bytes = encoder.encode(builder.build(1_700_000_000, false, null)).length)) });
    const path = join(tmpdir(), `wiretop-bench-${process.pid}.ndjson`);
    const opened = lineFiles.open(path);
    if ('error' in opened) throw new Error(opened.error);
    const sink = new NdjsonFileSink(opened.file, path, 'bench', [{ kind: 'interface', name: 'bench0' }], (msg) => process.stderr.write(`${msg}\n`));
    rows.push({
      what: `… and the NDJSON-file sink, until the OS has them (${fmt(bytes / 1e6, 1)} MB a tick)`, flows,
      ms: await timeMsAsync(async () => {
        sink.tick({ snapshot: builder.build(1_700_000_000, false, null), alerts: [], due: true, end: null });
        await opened.file.drained();
      }),
    });
    await sink.close();
    rmSync(path, { force: true });
    // Rotation last: it moves the slot on (the flows stay, their packets move to the closed slots).
    rows.push({ what: 'rotation', flows, ms: timeMs(() => m.rotate()) });
  }
  return rows;
}

export function perTickMarkdown(rows: readonly PerTickRow[]): string {
  return [
    '| per-tick work | flows | median ms |',
    '|---|---:|---:|',
    ...rows.map((r) => `| ${r.what} | ${fmt(r.flows)} | ${fmt(r.ms, 1)} |`),
  ].join('\n');
}

// Alone: node dist/bench/per-tick.js [FLOWS...] prints the table (npm run bench includes it in bench/RESULTS.md).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const counts = process.argv.slice(2).map(Number);
  const rows = await runPerTick(counts.length > 0 && counts.every((n) => Number.isInteger(n) && n > 0) ? counts : [10_000, 100_000]);
  process.stdout.write(`Measured ${new Date().toISOString()} by \`node dist/bench/per-tick.js\`, Node ${process.version}.\n\n${perTickMarkdown(rows)}\n`);
}
