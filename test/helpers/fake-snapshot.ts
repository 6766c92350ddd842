// Hand-built TickSnapshots for unit tests of outputs (exporters, metrics, history) without a flow table behind them.
import { parseAddress } from '../../src/format/inet-ntop.js';
import type { CaptureCounters, Rates } from '../../src/core/screen-model.js';
import { zeroCounters } from '../../src/core/screen-model.js';
import type { FlowView, RateWindow, SnapshotSource, TickSnapshot, TotalCounters, TrafficCounters } from '../../src/core/tick-snapshot.js';

/** One flow as a test states it; counters default to 0, times to the tick time. */
export interface FakeFlow {
  /** Flow id (default: its index); ids may repeat across ticks with another serial. */
  id?: number;
  serial?: number;
  proto?: number;
  src: string;
  dst: string;
  srcPort?: number;
  dstPort?: number;
  slotSentBytes?: number;
  slotRecvBytes?: number;
  slotSentPackets?: number;
  slotRecvPackets?: number;
  sentRate?: Rates;
  recvRate?: Rates;
  cumulativeSentBytes?: number;
  cumulativeRecvBytes?: number;
  cumulativeSentPackets?: number;
  cumulativeRecvPackets?: number;
  firstSeen?: number;
  lastSeen?: number;
  /** Listed in `expired` too. */
  expired?: boolean;
}

interface Resolved {
  readonly id: number;
  readonly serial: number;
  readonly family: 4 | 6;
  readonly src: Uint8Array;
  readonly dst: Uint8Array;
  readonly f: FakeFlow;
}

function address(text: string): { family: 4 | 6; bytes: Uint8Array } {
  const a = parseAddress(text);
  if (a === null) throw new Error(`not an address: ${text}`);
  const bytes = new Uint8Array(16);
  bytes.set(a.bytes);
  return { family: a.family, bytes };
}

function word(b: Uint8Array, off: number): number {
  return ((b[off]! << 24) | (b[off + 1]! << 16) | (b[off + 2]! << 8) | b[off + 3]!) >>> 0;
}

class ArrayFlowView implements FlowView {
  private readonly byId = new Map<number, Resolved>();
  constructor(private readonly list: readonly Resolved[], private readonly ts: number) {
    for (const r of list) this.byId.set(r.id, r);
  }
  get count(): number {
    return this.list.length;
  }
  at(i: number): number {
    return this.list[i]!.id;
  }
  private r(id: number): Resolved {
    const r = this.byId.get(id);
    if (r === undefined) throw new Error(`no flow with id ${id} in this view`);
    return r;
  }
  serial(id: number): number {
    return this.r(id).serial;
  }
  copyKey(id: number, out: Uint32Array): void {
    const r = this.r(id);
    out[0] = (r.family << 8) | this.proto(id);
    for (let w = 0; w < 4; w++) {
      out[1 + w] = word(r.src, w * 4);
      out[5 + w] = word(r.dst, w * 4);
    }
    out[9] = ((this.srcPort(id) << 16) | this.dstPort(id)) >>> 0;
  }
  family(id: number): 4 | 6 {
    return this.r(id).family;
  }
  proto(id: number): number {
    return this.r(id).f.proto ?? 17;
  }
  copySrc(id: number, out: Uint8Array): void {
    out.set(this.r(id).src);
  }
  copyDst(id: number, out: Uint8Array): void {
    out.set(this.r(id).dst);
  }
  srcPort(id: number): number {
    return this.r(id).f.srcPort ?? 0;
  }
  dstPort(id: number): number {
    return this.r(id).f.dstPort ?? 0;
  }
  slotSentBytes(id: number): number {
    return this.r(id).f.slotSentBytes ?? 0;
  }
  slotRecvBytes(id: number): number {
    return this.r(id).f.slotRecvBytes ?? 0;
  }
  slotSentPackets(id: number): number {
    return this.r(id).f.slotSentPackets ?? 0;
  }
  slotRecvPackets(id: number): number {
    return this.r(id).f.slotRecvPackets ?? 0;
  }
  sentRate(id: number, w: RateWindow): number {
    return this.r(id).f.sentRate?.[w] ?? 0;
  }
  recvRate(id: number, w: RateWindow): number {
    return this.r(id).f.recvRate?.[w] ?? 0;
  }
  cumulativeSentBytes(id: number): number {
    const f = this.r(id).f;
    return f.cumulativeSentBytes ?? f.slotSentBytes ?? 0;
  }
  cumulativeRecvBytes(id: number): number {
    const f = this.r(id).f;
    return f.cumulativeRecvBytes ?? f.slotRecvBytes ?? 0;
  }
  cumulativeSentPackets(id: number): number {
    const f = this.r(id).f;
    return f.cumulativeSentPackets ?? f.slotSentPackets ?? 0;
  }
  cumulativeRecvPackets(id: number): number {
    const f = this.r(id).f;
    return f.cumulativeRecvPackets ?? f.slotRecvPackets ?? 0;
  }
  firstSeen(id: number): number {
    return this.r(id).f.firstSeen ?? this.ts;
  }
  lastSeen(id: number): number {
    return this.r(id).f.lastSeen ?? this.ts;
  }
}

export interface FakeSnapshotOptions {
  ts: number;
  tick?: number;
  source?: SnapshotSource;
  partial?: boolean;
  flows?: readonly FakeFlow[];
  /** Overrides of the totals; by default they are the sums of the flows (rates, slot and cumulative). */
  totals?: Partial<TotalCounters>;
  overflow?: Partial<TrafficCounters & { expiring: boolean }>;
  counters?: Partial<CaptureCounters>;
  kernel?: { received: number; dropped: number; ifDropped: number } | null;
  /** Addresses counted as this host's (isLocal). */
  local?: readonly string[];
}

const ZERO_TRAFFIC: TrafficCounters & { expiring: boolean } = {
  expiring: false,
  sentRate: [0, 0, 0], recvRate: [0, 0, 0],
  slotSentBytes: 0, slotRecvBytes: 0, slotSentPackets: 0, slotRecvPackets: 0,
  cumulativeSentBytes: 0, cumulativeRecvBytes: 0, cumulativeSentPackets: 0, cumulativeRecvPackets: 0,
};

/** A snapshot whose totals are the flows' sums unless the test overrides them. */
export function fakeSnapshot(o: FakeSnapshotOptions): TickSnapshot {
  const resolved: Resolved[] = (o.flows ?? []).map((f, i) => {
    const s = address(f.src), d = address(f.dst);
    if (s.family !== d.family) throw new Error(`mixed families in ${f.src} ${f.dst}`);
    return { id: f.id ?? i, serial: f.serial ?? f.id ?? i, family: s.family, src: s.bytes, dst: d.bytes, f };
  });
  resolved.sort((a, b) => a.id - b.id);
  const flows = new ArrayFlowView(resolved, o.ts);
  const expired = new ArrayFlowView(resolved.filter((r) => r.f.expired === true), o.ts);
  const sum = (pick: (v: FlowView, id: number) => number) => {
    let s = 0;
    for (let i = 0; i < flows.count; i++) s += pick(flows, flows.at(i));
    return s;
  };
  const rates = (pick: (v: FlowView, id: number, w: RateWindow) => number): Rates =>
    [0, 1, 2].map((w) => sum((v, id) => pick(v, id, w as RateWindow))) as unknown as Rates;
  const summed: TotalCounters = {
    sentRate: rates((v, id, w) => v.sentRate(id, w)),
    recvRate: rates((v, id, w) => v.recvRate(id, w)),
    slotSentBytes: sum((v, id) => v.slotSentBytes(id)),
    slotRecvBytes: sum((v, id) => v.slotRecvBytes(id)),
    slotSentPackets: sum((v, id) => v.slotSentPackets(id)),
    slotRecvPackets: sum((v, id) => v.slotRecvPackets(id)),
    cumulativeSentBytes: sum((v, id) => v.cumulativeSentBytes(id)),
    cumulativeRecvBytes: sum((v, id) => v.cumulativeRecvBytes(id)),
    cumulativeSentPackets: sum((v, id) => v.cumulativeSentPackets(id)),
    cumulativeRecvPackets: sum((v, id) => v.cumulativeRecvPackets(id)),
    peakSent: 0, peakRecv: 0, peakTotal: 0,
  };
  const local = (o.local ?? []).map((a) => address(a));
  return {
    tick: o.tick ?? 1,
    ts: o.ts,
    source: o.source ?? { kind: 'interface', name: 'test0' },
    partial: o.partial ?? false,
    totals: { ...summed, ...o.totals },
    overflow: { ...ZERO_TRAFFIC, ...o.overflow },
    counters: { ...zeroCounters(), ...o.counters },
    kernel: o.kernel === undefined ? null : o.kernel,
    flows,
    expired,
    isLocal: (family, addr) => local.some((l) => l.family === family && l.bytes.subarray(0, family === 4 ? 4 : 16).every((b, i) => b === addr[i])),
  };
}
