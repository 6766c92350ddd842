// Builds the per-tick TickSnapshot as a view over the monitor's flow table: one gather, two id lists made when read, no object per flow.
import { KEY_WORDS } from './flow-key.js';
import type { FlowTable } from './flow-table.js';
import {
  HISTORY_LENGTH, OPEN_LAST_SEEN, OPEN_PACKETS_RECV, OPEN_PACKETS_SENT, OPEN_RECV, OPEN_SENT, OPEN_STRIDE,
} from './flow-table.js';
import { historyPeaks, historyRates } from './history-windows.js';
import { isLocalAddress } from './local-network.js';
import type { Monitor, SlotHistory } from './monitor.js';
import type { KernelCounters } from './screen-model.js';
import { windowDivisors } from './screen-model.js';
import type { FlowView, RateWindow, SnapshotSource, TickSnapshot, TrafficCounters } from './tick-snapshot.js';

/** Accessors over one list of flow ids and the counters gathered at this tick. */
class TableFlowView implements FlowView {
  constructor(
    private readonly t: FlowTable,
    private readonly open: Float64Array,
    private readonly ids: Int32Array,
    readonly count: number,
    private readonly div: readonly number[],
  ) {}

  at(i: number): number {
    return this.ids[i]!;
  }
  serial(id: number): number {
    return this.t.seq[id]!;
  }
  copyKey(id: number, out: Uint32Array): void {
    out.set(this.t.keys.subarray(id * KEY_WORDS, (id + 1) * KEY_WORDS));
  }
  family(id: number): 4 | 6 {
    return (this.t.keys[id * KEY_WORDS]! >>> 8) as 4 | 6;
  }
  proto(id: number): number {
    return this.t.keys[id * KEY_WORDS]! & 0xff;
  }
  copySrc(id: number, out: Uint8Array): void {
    wordsToBytes(this.t.keys, id * KEY_WORDS + 1, out);
  }
  copyDst(id: number, out: Uint8Array): void {
    wordsToBytes(this.t.keys, id * KEY_WORDS + 5, out);
  }
  srcPort(id: number): number {
    return this.t.keys[id * KEY_WORDS + 9]! >>> 16;
  }
  dstPort(id: number): number {
    return this.t.keys[id * KEY_WORDS + 9]! & 0xffff;
  }
  slotSentBytes(id: number): number {
    return this.open[id * OPEN_STRIDE + OPEN_SENT]!;
  }
  slotRecvBytes(id: number): number {
    return this.open[id * OPEN_STRIDE + OPEN_RECV]!;
  }
  slotSentPackets(id: number): number {
    return this.open[id * OPEN_STRIDE + OPEN_PACKETS_SENT]!;
  }
  slotRecvPackets(id: number): number {
    return this.open[id * OPEN_STRIDE + OPEN_PACKETS_RECV]!;
  }
  sentRate(id: number, window: RateWindow): number {
    const open = this.open[id * OPEN_STRIDE + OPEN_SENT]!;
    const closed = window === 0 ? 0 : window === 1 ? this.t.last4Sent[id]! : this.t.last19Sent[id]!;
    return (open + closed) / this.div[window]!;
  }
  recvRate(id: number, window: RateWindow): number {
    const open = this.open[id * OPEN_STRIDE + OPEN_RECV]!;
    const closed = window === 0 ? 0 : window === 1 ? this.t.last4Recv[id]! : this.t.last19Recv[id]!;
    return (open + closed) / this.div[window]!;
  }
  cumulativeSentBytes(id: number): number {
    return this.t.totalSent[id]! + this.open[id * OPEN_STRIDE + OPEN_SENT]!;
  }
  cumulativeRecvBytes(id: number): number {
    return this.t.totalRecv[id]! + this.open[id * OPEN_STRIDE + OPEN_RECV]!;
  }
  cumulativeSentPackets(id: number): number {
    return this.t.totalPacketsSent[id]! + this.open[id * OPEN_STRIDE + OPEN_PACKETS_SENT]!;
  }
  cumulativeRecvPackets(id: number): number {
    return this.t.totalPacketsRecv[id]! + this.open[id * OPEN_STRIDE + OPEN_PACKETS_RECV]!;
  }
  firstSeen(id: number): number {
    return this.t.firstSeen[id]!;
  }
  lastSeen(id: number): number {
    return this.open[id * OPEN_STRIDE + OPEN_LAST_SEEN]!;
  }
}

function wordsToBytes(words: Uint32Array, off: number, out: Uint8Array): void {
  for (let w = 0; w < 4; w++) {
    const v = words[off + w]!;
    out[w * 4] = v >>> 24;
    out[w * 4 + 1] = v >>> 16;
    out[w * 4 + 2] = v >>> 8;
    out[w * 4 + 3] = v;
  }
}

/** The ids in use, ascending, into out; how many. (A function of its own: see FlowTable.copyOpen.) */
function usedIds(t: FlowTable, out: Int32Array): number {
  const used = t.used;
  let n = 0;
  for (let id = 0, bound = t.idBound; id < bound; id++) if (used[id] === 1) out[n++] = id;
  return n;
}

function traffic(h: SlotHistory, pos: number, divisors: readonly number[]): TrafficCounters {
  const { sent, recv } = historyRates(h, pos, divisors);
  return {
    sentRate: sent,
    recvRate: recv,
    slotSentBytes: h.sent[pos]!,
    slotRecvBytes: h.recv[pos]!,
    slotSentPackets: h.openPacketsSent,
    slotRecvPackets: h.openPacketsRecv,
    cumulativeSentBytes: h.totalSent,
    cumulativeRecvBytes: h.totalRecv,
    cumulativeSentPackets: h.totalPacketsSent,
    cumulativeRecvPackets: h.totalPacketsRecv,
  };
}

/**
 * Reused tick after tick by one source's ticker: the id lists grow with the table and are never
 * shrunk, so a steady table costs one gather per tick, and two passes over the ids when read.
 */
export class SnapshotBuilder {
  private all = new Int32Array(1024);
  private ending = new Int32Array(1024);
  private count = 0;

  constructor(
    private readonly monitor: Monitor,
    private readonly source: SnapshotSource,
  ) {}

  /** The snapshot of the open slot, which must not change (no packet, no rotation) while it is read. */
  build(ts: number, partial: boolean, kernel: KernelCounters | null): TickSnapshot {
    const m = this.monitor, t = m.table;
    const bound = t.idBound;
    if (this.all.length < bound) {
      this.all = new Int32Array(Math.max(bound, this.all.length * 2));
      this.ending = new Int32Array(this.all.length);
    }
    const open = t.gatherOpen();
    const div = windowDivisors(m.historyLen);
    // The two id lists are made when a sink first reads them (during this tick, as sinks must): a
    // run whose outputs only read the totals and the analysis (-t, the screen) skips both passes.
    let flows: TableFlowView | null = null, expired: TableFlowView | null = null;
    const all = this.all, ending = this.ending, pos = m.pos;
    const o = m.overflow;
    const local = m.local;
    this.count++;
    return {
      tick: this.count,
      ts,
      source: this.source,
      partial,
      totals: { ...traffic(m.totals, m.pos, div), ...historyPeaks(m.totals) },
      overflow: { ...traffic(o, m.pos, div), expiring: !partial && o.active && o.lastWrite === (m.pos + 1) % HISTORY_LENGTH },
      counters: { ...m.counters },
      kernel,
      get flows() {
        return (flows ??= new TableFlowView(t, open, all, usedIds(t, all), div));
      },
      // The part-slot at the end of a run closes nothing, so nothing expires in it.
      get expired() {
        return (expired ??= new TableFlowView(t, open, ending, partial ? 0 : t.expiring(pos, open, ending), div));
      },
      isLocal: (family, addr) => isLocalAddress(local, family, addr),
    };
  }
}
