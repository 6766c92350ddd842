// Every flow of one source over a run, for the JSON document: live flows mirrored by id, expired ones kept up to a bound.
import type { TickSnapshot } from '../core/tick-snapshot.js';
import { IndexHeap } from '../metrics/index-heap.js';
import { FlowRecords } from './flow-records.js';

/** Expired flows not kept one by one (the bound was reached): how many, and their counters summed. */
export interface DroppedFlows {
  count: number;
  sentBytes: number;
  recvBytes: number;
  sentPackets: number;
  recvPackets: number;
}

/**
 * Live flows are mirrored into records indexed by flow id (bounded by the flow table's --max-flows);
 * a flow that expires is copied into the expired store. That store holds at most `maxExpired` records:
 * once full, a newly expired flow replaces the kept flow with the fewest bytes if it has more, and the
 * one left out is added to `dropped`, so the document's flows plus dropped still add up to the totals.
 * Per tick: a few accessor calls per flow, no allocation once the arrays have grown.
 */
export class FlowArchive {
  readonly live = new FlowRecords();
  readonly expired = new FlowRecords();
  expiredCount = 0;
  readonly dropped: DroppedFlows = { count: 0, sentBytes: 0, recvBytes: 0, sentPackets: 0, recvPackets: 0 };
  private liveIds = new Int32Array(0);
  private liveCount = 0;
  /** By flow id: 1 when the flow expired at the last tick (so it is not listed twice). */
  private expiredNow = new Uint8Array(0);
  private expiredNowIds = new Int32Array(0);
  private expiredNowCount = 0;
  private readonly smallest = new IndexHeap(1024);
  private heapReady = false;

  constructor(readonly maxExpired: number) {}

  tick(s: TickSnapshot): void {
    for (let k = 0; k < this.expiredNowCount; k++) this.expiredNow[this.expiredNowIds[k]!] = 0;
    const flows = s.flows, n = flows.count;
    if (this.liveIds.length < n) this.liveIds = new Int32Array(Math.max(n, this.liveIds.length * 2));
    const live = this.live;
    for (let i = 0; i < n; i++) {
      const id = flows.at(i);
      this.liveIds[i] = id;
      live.ensure(id);
      if (live.serial[id] !== flows.serial(id)) live.setFlow(id, flows, id);
      else live.setCounters(id, flows, id);
    }
    this.liveCount = n;
    const ex = s.expired, m = ex.count;
    if (this.expiredNowIds.length < m) this.expiredNowIds = new Int32Array(Math.max(m, this.expiredNowIds.length * 2));
    for (let i = 0; i < m; i++) {
      const id = ex.at(i);
      if (id >= this.expiredNow.length) {
        const grown = new Uint8Array(Math.max(id + 1, this.expiredNow.length * 2, 1024));
        grown.set(this.expiredNow);
        this.expiredNow = grown;
      }
      this.expiredNow[id] = 1;
      this.expiredNowIds[i] = id;
      // The flow view lists expiring flows too, so their final counters are in the mirror already.
      if (live.serial[id] !== ex.serial(id)) live.setFlow(id, ex, id);
      this.keep(id);
    }
    this.expiredNowCount = m;
  }

  /** Flow ids still live at the end (in the last snapshot and not expiring at it), ascending. */
  liveAtEnd(): Int32Array {
    const out = new Int32Array(this.liveCount);
    let k = 0;
    for (let i = 0; i < this.liveCount; i++) {
      const id = this.liveIds[i]!;
      if (id >= this.expiredNow.length || this.expiredNow[id] === 0) out[k++] = id;
    }
    return out.subarray(0, k);
  }

  private keep(id: number): void {
    const live = this.live;
    if (this.expiredCount < this.maxExpired) {
      this.expired.ensure(this.expiredCount, this.maxExpired);
      this.expired.copy(this.expiredCount++, live, id);
      return;
    }
    if (this.maxExpired === 0) {
      this.drop(live, id);
      return;
    }
    if (!this.heapReady) {
      for (let j = 0; j < this.expiredCount; j++) this.smallest.push(j, this.expired.bytes(j));
      this.heapReady = true;
    }
    const b = live.bytes(id);
    if (b > this.smallest.topKey()) {
      const j = this.smallest.topIndex();
      this.drop(this.expired, j);
      this.expired.copy(j, live, id);
      this.smallest.replaceTop(j, b);
    } else this.drop(live, id);
  }

  private drop(from: FlowRecords, i: number): void {
    const d = this.dropped;
    d.count++;
    d.sentBytes += from.sentBytes[i]!;
    d.recvBytes += from.recvBytes[i]!;
    d.sentPackets += from.sentPackets[i]!;
    d.recvPackets += from.recvPackets[i]!;
  }
}
