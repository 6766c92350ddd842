// A growable table of flow records (key, counters, first/last seen) in typed arrays: what the JSON document keeps per flow.
import { KEY_WORDS } from '../core/flow-key.js';
import type { FlowView } from '../core/tick-snapshot.js';

/** Bytes per record, for sizing: 10 key words, serial, 4 counters, 2 times. */
export const RECORD_BYTES = KEY_WORDS * 4 + 7 * 8;

export class FlowRecords {
  keys = new Uint32Array(0);
  serial = new Float64Array(0);
  sentBytes = new Float64Array(0);
  recvBytes = new Float64Array(0);
  sentPackets = new Float64Array(0);
  recvPackets = new Float64Array(0);
  firstSeen = new Float64Array(0);
  lastSeen = new Float64Array(0);

  get capacity(): number {
    return this.serial.length;
  }

  /** Makes room for record index i (grows by doubling, up to `max` records). */
  ensure(i: number, max = Infinity): void {
    if (i < this.capacity) return;
    const cap = Math.min(Math.max(i + 1, this.capacity * 2, 1024), Math.max(max, i + 1));
    const grow = <T extends Float64Array | Uint32Array>(a: T, n: number): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      return b;
    };
    this.keys = grow(this.keys, cap * KEY_WORDS);
    const old = this.capacity;
    this.serial = grow(this.serial, cap);
    this.serial.fill(-1, old); // no flow yet (serials start at 0)
    this.sentBytes = grow(this.sentBytes, cap);
    this.recvBytes = grow(this.recvBytes, cap);
    this.sentPackets = grow(this.sentPackets, cap);
    this.recvPackets = grow(this.recvPackets, cap);
    this.firstSeen = grow(this.firstSeen, cap);
    this.lastSeen = grow(this.lastSeen, cap);
  }

  /** Record i becomes flow id of the view: key, serial, first seen, then its counters. */
  setFlow(i: number, view: FlowView, id: number): void {
    this.ensure(i);
    view.copyKey(id, this.keys.subarray(i * KEY_WORDS, (i + 1) * KEY_WORDS));
    this.serial[i] = view.serial(id);
    this.firstSeen[i] = view.firstSeen(id);
    this.setCounters(i, view, id);
  }

  /** The counters that change from tick to tick. */
  setCounters(i: number, view: FlowView, id: number): void {
    this.sentBytes[i] = view.cumulativeSentBytes(id);
    this.recvBytes[i] = view.cumulativeRecvBytes(id);
    this.sentPackets[i] = view.cumulativeSentPackets(id);
    this.recvPackets[i] = view.cumulativeRecvPackets(id);
    this.lastSeen[i] = view.lastSeen(id);
  }

  /** Record i becomes a copy of record j of `from`. */
  copy(i: number, from: FlowRecords, j: number): void {
    this.ensure(i);
    this.keys.set(from.keys.subarray(j * KEY_WORDS, (j + 1) * KEY_WORDS), i * KEY_WORDS);
    this.serial[i] = from.serial[j]!;
    this.sentBytes[i] = from.sentBytes[j]!;
    this.recvBytes[i] = from.recvBytes[j]!;
    this.sentPackets[i] = from.sentPackets[j]!;
    this.recvPackets[i] = from.recvPackets[j]!;
    this.firstSeen[i] = from.firstSeen[j]!;
    this.lastSeen[i] = from.lastSeen[j]!;
  }

  bytes(i: number): number {
    return this.sentBytes[i]! + this.recvBytes[i]!;
  }
}
