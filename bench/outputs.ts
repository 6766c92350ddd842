// Per-tick cost of the outputs that read every flow: metrics update and render (prom-client), the --csv rows, the --json archive.
import { pathToFileURL } from 'node:url';
import { PromRegistry } from '../src/adapters/metrics/prom-registry.js';
import type { FlowView, RateWindow, TickSnapshot, TotalCounters, TrafficCounters } from '../src/core/tick-snapshot.js';
import { zeroCounters } from '../src/core/screen-model.js';
import { MetricsSink } from '../src/metrics/metrics-sink.js';
import type { LineWriter } from '../src/ports/line-writer.js';
import { CsvSink } from '../src/sinks/csv-sink.js';
import { FlowArchive } from '../src/sinks/flow-archive.js';
import { JsonSink } from '../src/sinks/json-sink.js';
import { fmt, median } from './measure.js';

export interface OutputRow {
  readonly what: string;
  readonly flows: number;
  readonly ms: number;
}

const RUNS = 7;

/**
 * The flows a spoofed-source flood leaves (as bench/per-tick.ts): every flow its own 10.x source,
 * to 200 local targets in 198.51.100.0/24 on ports 53 and 443, each with a packet in the slot.
 * Typed arrays behind the FlowView, as the flow table's own view.
 */
class FloodView implements FlowView {
  readonly keys: Uint32Array;
  constructor(readonly count: number) {
    this.keys = new Uint32Array(count * 10);
    for (let f = 0; f < count; f++) {
      const o = f * 10;
      this.keys[o] = (4 << 8) | (f % 2 === 0 ? 6 : 17);
      this.keys[o + 1] = (0xc6336400 + (f % 200)) >>> 0;
      this.keys[o + 5] = (0x0a000000 + f * 7) >>> 0;
      this.keys[o + 9] = (((f % 7 === 0 ? 53 : 443) << 16) | (1024 + (f % 60000))) >>> 0;
    }
  }
  at(i: number): number { return i; }
  serial(id: number): number { return id; }
  copyKey(id: number, out: Uint32Array): void { out.set(this.keys.subarray(id * 10, id * 10 + 10)); }
  family(): 4 | 6 { return 4; }
  proto(id: number): number { return this.keys[id * 10]! & 0xff; }
  copySrc(id: number, out: Uint8Array): void { put(this.keys[id * 10 + 1]!, out); }
  copyDst(id: number, out: Uint8Array): void { put(this.keys[id * 10 + 5]!, out); }
  srcPort(id: number): number { return this.keys[id * 10 + 9]! >>> 16; }
  dstPort(id: number): number { return this.keys[id * 10 + 9]! & 0xffff; }
  slotSentBytes(id: number): number { return id % 3 === 0 ? 60 : 0; }
  slotRecvBytes(id: number): number { return id % 3 === 0 ? 0 : 60; }
  slotSentPackets(id: number): number { return id % 3 === 0 ? 1 : 0; }
  slotRecvPackets(id: number): number { return id % 3 === 0 ? 0 : 1; }
  sentRate(id: number, w: RateWindow): number { return this.slotSentBytes(id) / [2, 10, 40][w]!; }
  recvRate(id: number, w: RateWindow): number { return this.slotRecvBytes(id) / [2, 10, 40][w]!; }
  cumulativeSentBytes(id: number): number { return this.slotSentBytes(id) * 7; }
  cumulativeRecvBytes(id: number): number { return this.slotRecvBytes(id) * 7; }
  cumulativeSentPackets(id: number): number { return this.slotSentPackets(id) * 7; }
  cumulativeRecvPackets(id: number): number { return this.slotRecvPackets(id) * 7; }
  firstSeen(): number { return 1_764_000_000.123; }
  lastSeen(): number { return 1_764_000_012.5; }
}

function put(word: number, out: Uint8Array): void {
  out.fill(0);
  out[0] = word >>> 24;
  out[1] = (word >>> 16) & 0xff;
  out[2] = (word >>> 8) & 0xff;
  out[3] = word & 0xff;
}

const NONE: FlowView = new FloodView(0);

function snapshot(view: FloodView, tick: number): TickSnapshot {
  const third = Math.ceil(view.count / 3);
  const traffic = (sent: number, recv: number): TrafficCounters => ({
    sentRate: [sent * 30, sent * 6, sent * 1.5], recvRate: [recv * 30, recv * 6, recv * 1.5],
    slotSentBytes: sent * 60, slotRecvBytes: recv * 60, slotSentPackets: sent, slotRecvPackets: recv,
    cumulativeSentBytes: sent * 420, cumulativeRecvBytes: recv * 420, cumulativeSentPackets: sent * 7, cumulativeRecvPackets: recv * 7,
  });
  const totals: TotalCounters = { ...traffic(third, view.count - third), peakSent: 0, peakRecv: 0, peakTotal: 0 };
  return {
    tick, ts: 1_764_000_000 + 2 * tick, source: { kind: 'interface', name: 'eth0' }, partial: false, totals,
    overflow: { ...traffic(0, 0), expiring: false }, counters: { ...zeroCounters(), frames: view.count * tick }, kernel: { received: view.count * tick, dropped: 0, ifDropped: 0 },
    flows: view, expired: NONE,
    isLocal: (family, addr) => family === 4 && addr[0] === 198 && addr[1] === 51 && addr[2] === 100,
  };
}

function timeMs(fn: () => void | Promise<void>): Promise<number> {
  return (async () => {
    const runs: number[] = [];
    for (let i = 0; i < 3 + RUNS; i++) {
      const start = performance.now();
      await fn();
      if (i >= 3) runs.push(performance.now() - start);
    }
    return median(runs);
  })();
}

/** A writer that takes everything and keeps nothing (what a fast file costs is not the sink's). */
class NullWriter implements LineWriter {
  chars = 0;
  write(text: string): boolean {
    this.chars += text.length;
    return true;
  }
  drained(): Promise<void> { return Promise.resolve(); }
  close(): Promise<void> { return Promise.resolve(); }
}

export async function runOutputs(flowCounts: readonly number[]): Promise<OutputRow[]> {
  const rows: OutputRow[] = [];
  for (const flows of flowCounts) {
    const view = new FloodView(flows);
    let tick = 0;
    const registry = new PromRegistry({ processMetrics: true });
    const sink = new MetricsSink(registry, { version: '0.1.0', nodeVersion: process.version, maxHosts: 100, topRemote: 20, seed: 0x5eed });
    rows.push({ what: 'metrics update (sink.tick)', flows, ms: await timeMs(() => sink.tick(snapshot(view, ++tick))) });
    let chars = 0;
    rows.push({ what: 'metrics render (registry.metrics())', flows, ms: await timeMs(async () => { chars = (await registry.render()).length; }) });
    rows.push({ what: `  (scrape size: ${fmt(chars)} characters)`, flows, ms: NaN });
    // Attribution on: every flow's owner looked up (here 1 000 programs in 70 units), program and unit series.
    const owned = new MetricsSink(new PromRegistry({ processMetrics: false }), { version: '0.1.0', nodeVersion: process.version, maxHosts: 100, topRemote: 20, seed: 0x5eed });
    const programNames = Array.from({ length: 1000 }, (_, i) => `prog${i}`), unitNames = Array.from({ length: 70 }, (_, i) => `unit${i}.service`);
    owned.attributeWith({ program: (_f, id) => programNames[id % 1000]!, unit: (_f, id) => unitNames[id % 70]! });
    rows.push({ what: 'metrics update with programs and units (attribution on)', flows, ms: await timeMs(() => owned.tick(snapshot(view, ++tick))) });
    const out = new NullWriter();
    const csv = new CsvSink(out);
    rows.push({ what: 'CSV rows (sink.tick, every flow)', flows, ms: await timeMs(() => csv.tick(snapshot(view, ++tick))) });
    rows.push({ what: `  (${fmt(out.chars / (3 + RUNS) / flows, 0)} characters per row)`, flows, ms: NaN });
    const archive = new FlowArchive(500_000);
    rows.push({ what: 'JSON archive (mirror every flow)', flows, ms: await timeMs(() => archive.tick(snapshot(view, ++tick))) });
    // The document is written once, at the end: timed on fresh sinks that saw one tick.
    const docs: number[] = [];
    let docChars = 0;
    for (let i = 0; i < 5; i++) {
      const w = new NullWriter();
      const json = new JsonSink(w, { version: '0.1.0' });
      json.tick(snapshot(view, ++tick));
      const start = performance.now();
      await json.close();
      docs.push(performance.now() - start);
      docChars = w.chars;
    }
    rows.push({ what: `JSON document at the end (once; ${fmt(docChars / 1e6, 1)} M characters)`, flows, ms: median(docs) });
  }
  return rows;
}

export function outputsMarkdown(rows: readonly OutputRow[]): string {
  return [
    '| per-tick output work | flows | median ms |',
    '|---|---:|---:|',
    ...rows.map((r) => `| ${r.what} | ${fmt(r.flows)} | ${Number.isNaN(r.ms) ? '' : fmt(r.ms, 1)} |`),
  ].join('\n');
}

// Alone: node dist/bench/outputs.js [FLOWS...] prints the table (npm run bench includes it in bench/RESULTS.md).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const counts = process.argv.slice(2).map(Number);
  const rows = await runOutputs(counts.length > 0 && counts.every((n) => Number.isInteger(n) && n > 0) ? counts : [10_000, 100_000]);
  process.stdout.write(`Measured ${new Date().toISOString()} by \`node dist/bench/outputs.js\`, Node ${process.version}.\n\n${outputsMarkdown(rows)}\n`);
}
