// TickSnapshots over typed arrays for the history benchmarks: n flows of one local or remote host each, accessors as cheap as the real view's.
import { zeroCounters } from '../src/core/screen-model.js';
import type { FlowView, TickSnapshot, TotalCounters, TrafficCounters } from '../src/core/tick-snapshot.js';

/** Flow i: 10.0.(i>>8).(i&255) (local when `localHosts`, else 203.0.113.x/198.18.x remote) ↔ a server on :443. */
export class BenchFlows implements FlowView {
  readonly sent: Float64Array;
  readonly recv: Float64Array;
  serialBase = 0;

  constructor(readonly count: number) {
    this.sent = new Float64Array(count);
    this.recv = new Float64Array(count);
  }

  at(i: number): number {
    return i;
  }
  serial(id: number): number {
    return this.serialBase + id;
  }
  copyKey(): void {
    /* not used by the recorder */
  }
  family(): 4 | 6 {
    return 4;
  }
  proto(): number {
    return 6;
  }
  copySrc(id: number, out: Uint8Array): void {
    out.fill(0);
    out[0] = 10;
    out[2] = (id >> 8) & 0xff;
    out[3] = id & 0xff;
    out[1] = (id >> 16) & 0xff;
  }
  copyDst(id: number, out: Uint8Array): void {
    out.fill(0);
    out.set([198, 51, 100, 1 + (id % 4)]);
  }
  srcPort(id: number): number {
    return 30000 + (id % 30000);
  }
  dstPort(id: number): number {
    return id % 10 === 0 ? 22 : 443;
  }
  slotSentBytes(id: number): number {
    return this.sent[id]!;
  }
  slotRecvBytes(id: number): number {
    return this.recv[id]!;
  }
  slotSentPackets(id: number): number {
    return this.sent[id]! > 0 ? 1 : 0;
  }
  slotRecvPackets(id: number): number {
    return this.recv[id]! > 0 ? 1 : 0;
  }
  sentRate(): number {
    return 0;
  }
  recvRate(): number {
    return 0;
  }
  cumulativeSentBytes(id: number): number {
    return this.sent[id]!;
  }
  cumulativeRecvBytes(id: number): number {
    return this.recv[id]!;
  }
  cumulativeSentPackets(): number {
    return 0;
  }
  cumulativeRecvPackets(): number {
    return 0;
  }
  firstSeen(): number {
    return 0;
  }
  lastSeen(): number {
    return 0;
  }
}

const NO_FLOWS: FlowView = new BenchFlows(0);

/** One tick: every flow's slot counters as set in `flows`; the 10.x side is local when `local` is true. */
export function benchSnapshot(ts: number, flows: BenchFlows, local: boolean): TickSnapshot {
  let sent = 0, recv = 0;
  for (let i = 0; i < flows.count; i++) {
    sent += flows.sent[i]!;
    recv += flows.recv[i]!;
  }
  const packets = flows.count;
  const traffic: TrafficCounters = {
    sentRate: [0, 0, 0], recvRate: [0, 0, 0], slotSentBytes: sent, slotRecvBytes: recv, slotSentPackets: packets, slotRecvPackets: packets,
    cumulativeSentBytes: 0, cumulativeRecvBytes: 0, cumulativeSentPackets: 0, cumulativeRecvPackets: 0,
  };
  const totals: TotalCounters = { ...traffic, peakSent: 0, peakRecv: 0, peakTotal: 0 };
  return {
    tick: 1, ts, source: { kind: 'interface', name: 'bench0' }, partial: false, totals,
    overflow: { ...traffic, slotSentBytes: 0, slotRecvBytes: 0, slotSentPackets: 0, slotRecvPackets: 0, expiring: false },
    counters: zeroCounters(), kernel: null, flows, expired: NO_FLOWS,
    isLocal: (_f, addr) => local && addr[0] === 10,
  };
}
