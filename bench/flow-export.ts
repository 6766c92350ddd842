// Flow export cost per tick at 10 000 and 100 000 flows: a TickSnapshot over typed arrays through the exporter (median and worst).
import { pathToFileURL } from 'node:url';
import { createFlowExporter } from '../src/export/flow-exporter.js';
import { DEFAULT_FLOW_EXPORT } from '../src/export/flow-export-options.js';
import type { FlowProtocol } from '../src/export/flow-export-options.js';
import type { FlowView, TickSnapshot, TrafficCounters } from '../src/core/tick-snapshot.js';
import { zeroCounters } from '../src/core/screen-model.js';
import type { FlowTransport } from '../src/ports/flow-transport.js';
import { fmt, median } from './measure.js';

export interface FlowExportRow {
  readonly protocol: FlowProtocol;
  readonly what: string;
  readonly flows: number;
  readonly medianMs: number;
  readonly worstMs: number;
  readonly datagrams: number;
}

const RUNS = 7;
const T0 = 1_700_000_000;

/**
 * Flow state in typed arrays read through accessors, as the flow table's view will be: a flood's
 * mix of IPv4/IPv6, TCP/UDP, a few packets per flow and slot in both directions.
 */
class ArrayFlows implements FlowView {
  readonly serials: Float64Array;
  readonly keys: Uint32Array;
  readonly slot: Float64Array;
  readonly cumulative: Float64Array;
  readonly first: Float64Array;
  readonly last: Float64Array;
  constructor(readonly count: number) {
    this.serials = new Float64Array(count);
    this.keys = new Uint32Array(count * 10);
    this.slot = new Float64Array(count * 4);
    this.cumulative = new Float64Array(count * 4);
    this.first = new Float64Array(count);
    this.last = new Float64Array(count);
    for (let id = 0; id < count; id++) {
      const v6 = id % 4 === 0;
      const k = id * 10;
      this.keys[k] = ((v6 ? 6 : 4) << 8) | (id % 3 === 0 ? 17 : 6);
      this.keys[k + 1] = v6 ? 0x20010db8 : (0xc6336400 + (id % 250)) >>> 0;
      this.keys[k + 4] = v6 ? id : 0;
      this.keys[k + 5] = v6 ? 0x20010db8 : (0xcb007100 + ((id >> 8) % 250)) >>> 0;
      this.keys[k + 8] = v6 ? id + 1 : 0;
      this.keys[k + 9] = (((1024 + (id % 60000)) << 16) | 443) >>> 0;
      this.serials[id] = id + 1;
      this.first[id] = T0 + (id % 2000) / 1000;
    }
  }
  /** Every flow gets packets in this slot (the costly case: every record grows). */
  advance(ts: number): void {
    for (let id = 0; id < this.count; id++) {
      const p = id * 4;
      this.slot[p] = 1500 * (1 + (id % 3));
      this.slot[p + 1] = 1 + (id % 3);
      this.slot[p + 2] = 60;
      this.slot[p + 3] = 1;
      for (let j = 0; j < 4; j++) this.cumulative[p + j]! += this.slot[p + j]!;
      this.last[id] = ts - 0.5;
    }
  }
  at(i: number): number {
    return i;
  }
  serial(id: number): number {
    return this.serials[id]!;
  }
  copyKey(id: number, out: Uint32Array): void {
    out.set(this.keys.subarray(id * 10, id * 10 + 10));
  }
  family(id: number): 4 | 6 {
    return this.keys[id * 10]! >>> 8 === 6 ? 6 : 4;
  }
  proto(id: number): number {
    return this.keys[id * 10]! & 0xff;
  }
  copySrc(id: number, out: Uint8Array): void {
    this.copyAddr(id * 10 + 1, id, out);
  }
  copyDst(id: number, out: Uint8Array): void {
    this.copyAddr(id * 10 + 5, id, out);
  }
  private copyAddr(w: number, id: number, out: Uint8Array): void {
    const words = this.family(id) === 4 ? 1 : 4;
    for (let i = 0; i < words; i++) {
      const v = this.keys[w + i]!;
      out[i * 4] = v >>> 24;
      out[i * 4 + 1] = (v >>> 16) & 0xff;
      out[i * 4 + 2] = (v >>> 8) & 0xff;
      out[i * 4 + 3] = v & 0xff;
    }
  }
  srcPort(id: number): number {
    return this.keys[id * 10 + 9]! >>> 16;
  }
  dstPort(id: number): number {
    return this.keys[id * 10 + 9]! & 0xffff;
  }
  slotSentBytes(id: number): number {
    return this.slot[id * 4]!;
  }
  slotSentPackets(id: number): number {
    return this.slot[id * 4 + 1]!;
  }
  slotRecvBytes(id: number): number {
    return this.slot[id * 4 + 2]!;
  }
  slotRecvPackets(id: number): number {
    return this.slot[id * 4 + 3]!;
  }
  sentRate(): number {
    return 0;
  }
  recvRate(): number {
    return 0;
  }
  cumulativeSentBytes(id: number): number {
    return this.cumulative[id * 4]!;
  }
  cumulativeSentPackets(id: number): number {
    return this.cumulative[id * 4 + 1]!;
  }
  cumulativeRecvBytes(id: number): number {
    return this.cumulative[id * 4 + 2]!;
  }
  cumulativeRecvPackets(id: number): number {
    return this.cumulative[id * 4 + 3]!;
  }
  firstSeen(id: number): number {
    return this.first[id]!;
  }
  lastSeen(id: number): number {
    return this.last[id]!;
  }
}

const ZERO: TrafficCounters = {
  sentRate: [0, 0, 0], recvRate: [0, 0, 0], slotSentBytes: 0, slotRecvBytes: 0, slotSentPackets: 0, slotRecvPackets: 0,
  cumulativeSentBytes: 0, cumulativeRecvBytes: 0, cumulativeSentPackets: 0, cumulativeRecvPackets: 0,
};
/** The overflow aggregate, idle (`expiring` is read by other outputs). */
const OVERFLOW = { ...ZERO, expiring: false };
const NONE = new ArrayFlows(0);

function snapshot(flows: ArrayFlows, ts: number, tick: number): TickSnapshot {
  return {
    tick, ts, source: { kind: 'interface', name: 'bench0' }, partial: false,
    totals: { ...ZERO, peakSent: 0, peakRecv: 0, peakTotal: 0 }, overflow: OVERFLOW, counters: zeroCounters(), kernel: null,
    flows, expired: NONE, isLocal: (family, a) => family === 4 && a[0] === 198,
  };
}

function time(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/** One exporter per run: the first tick (every flow new), a steady tick, the tick where every active timeout falls, close. */
export function runFlowExport(flowCounts: readonly number[], protocols: readonly FlowProtocol[] = ['ipfix', 'netflow9']): FlowExportRow[] {
  const rows: FlowExportRow[] = [];
  for (const protocol of protocols) {
    for (const count of flowCounts) {
      const phases = ['first tick (every flow new)', 'steady tick (deltas, nothing due)', 'export tick (every active timeout: 2 records per flow)', 'close (forced end: 2 records per flow)'];
      const ms: number[][] = phases.map(() => []);
      const datagrams: number[] = phases.map(() => 0);
      for (let run = 0; run < RUNS + 2; run++) {
        const flows = new ArrayFlows(count);
        let sent = 0;
        const transport: FlowTransport = { send: () => void sent++, onStatus: () => {}, close: async () => {} };
        const ex = createFlowExporter({ ...DEFAULT_FLOW_EXPORT, protocol, target: 'bench' }, transport, () => {});
        let tick = 0;
        const step = (phase: number, ts: number) => {
          const before = sent;
          const t = time(() => ex.tick(snapshot(flows, ts, ++tick)));
          if (run >= 2) ms[phase]!.push(t); // two warm-up runs: optimised code
          datagrams[phase] = sent - before;
        };
        flows.advance(T0 + 2);
        step(0, T0 + 2);
        flows.advance(T0 + 4);
        step(1, T0 + 4);
        for (let ts = T0 + 6; ts < T0 + 62; ts += 2) {
          flows.advance(ts);
          ex.tick(snapshot(flows, ts, ++tick));
        }
        flows.advance(T0 + 62);
        step(2, T0 + 62);
        flows.advance(T0 + 64);
        ex.tick(snapshot(flows, T0 + 64, ++tick));
        const before = sent;
        const t = time(() => void ex.close()); // the records are encoded and handed over synchronously
        if (run >= 2) ms[3]!.push(t);
        datagrams[3] = sent - before;
      }
      phases.forEach((what, i) => rows.push({ protocol, what, flows: count, medianMs: median(ms[i]!), worstMs: Math.max(...ms[i]!), datagrams: datagrams[i]! }));
    }
  }
  return rows;
}

export function flowExportMarkdown(rows: readonly FlowExportRow[]): string {
  return [
    '| protocol | per-tick work | flows | median ms | worst ms | datagrams |',
    '|---|---|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.protocol} | ${r.what} | ${fmt(r.flows)} | ${fmt(r.medianMs, 1)} | ${fmt(r.worstMs, 1)} | ${fmt(r.datagrams)} |`),
  ].join('\n');
}

// Alone: node dist/bench/flow-export.js [FLOWS...] prints the table.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const counts = process.argv.slice(2).map(Number);
  const rows = runFlowExport(counts.length > 0 && counts.every((n) => Number.isInteger(n) && n > 0) ? counts : [10_000, 100_000]);
  process.stdout.write(`Measured ${new Date().toISOString()} by \`node dist/bench/flow-export.js\`, Node ${process.version}, ${RUNS} runs after 2 warm-up runs.\n\n${flowExportMarkdown(rows)}\n`);
}
