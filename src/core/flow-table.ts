// Open-addressing flow table over typed arrays: key → flow id, per-flow 2-second slot history and totals.
import { KEY_WORDS } from './flow-key.js';

/** Slots kept per flow (iftop HISTORY_LENGTH): 20 × 2 s = 40 s. */
export const HISTORY_LENGTH = 20;

const INITIAL_FLOWS = 1024;

/**
 * Flow ids are dense indexes into the per-flow arrays; the hash index maps keys to ids with linear
 * probing and backward-shift deletion, so lookups stay O(1) without tombstones. Storage grows by
 * doubling (one rehash per doubling, never per packet) up to maxFlows; beyond that insert() refuses.
 */
export class FlowTable {
  /** Number of live flows. */
  size = 0;
  /** Per-flow key words, KEY_WORDS per id. */
  keys: Uint32Array;
  /** Bytes sent per slot, HISTORY_LENGTH per id. */
  sent: Float64Array;
  /** Bytes received per slot, HISTORY_LENGTH per id. */
  recv: Float64Array;
  /** Bytes since the flow record was created. */
  totalSent: Float64Array;
  totalRecv: Float64Array;
  /** Slot index of the flow's last packet. */
  lastWrite: Int32Array;
  /** Creation order, for deterministic tie-breaks. */
  seq: Float64Array;
  /** 1 when the id is in use. */
  used: Uint8Array;

  private capacity: number;
  private index: Int32Array;
  private mask: number;
  private freeIds: Int32Array;
  private freeCount = 0;
  private highWater = 0;
  private nextSeq = 0;

  constructor(
    readonly maxFlows: number,
    private readonly seed: number,
  ) {
    this.capacity = Math.max(1, Math.min(INITIAL_FLOWS, maxFlows));
    this.keys = new Uint32Array(this.capacity * KEY_WORDS);
    this.sent = new Float64Array(this.capacity * HISTORY_LENGTH);
    this.recv = new Float64Array(this.capacity * HISTORY_LENGTH);
    this.totalSent = new Float64Array(this.capacity);
    this.totalRecv = new Float64Array(this.capacity);
    this.lastWrite = new Int32Array(this.capacity);
    this.seq = new Float64Array(this.capacity);
    this.used = new Uint8Array(this.capacity);
    this.freeIds = new Int32Array(this.capacity);
    this.index = new Int32Array(indexSizeFor(this.capacity));
    this.mask = this.index.length - 1;
  }

  /** Ids in use are all below this bound. */
  get idBound(): number {
    return this.highWater;
  }

  /** The id of key, or -1. */
  find(key: Uint32Array): number {
    let i = this.hash(key, 0) & this.mask;
    for (;;) {
      const slot = this.index[i]!;
      if (slot === 0) return -1;
      if (this.keyEquals(slot - 1, key)) return slot - 1;
      i = (i + 1) & this.mask;
    }
  }

  /** The id of key, inserting a zeroed flow if absent; -1 when the table is full. */
  findOrInsert(key: Uint32Array): number {
    let i = this.hash(key, 0) & this.mask;
    for (;;) {
      const slot = this.index[i]!;
      if (slot === 0) break;
      if (this.keyEquals(slot - 1, key)) return slot - 1;
      i = (i + 1) & this.mask;
    }
    if (this.size >= this.maxFlows) return -1;
    if (this.freeCount === 0 && this.highWater === this.capacity) {
      this.grow();
      return this.findOrInsert(key);
    }
    const id = this.freeCount > 0 ? this.freeIds[--this.freeCount]! : this.highWater++;
    this.index[i] = id + 1;
    this.keys.set(key, id * KEY_WORDS);
    this.sent.fill(0, id * HISTORY_LENGTH, (id + 1) * HISTORY_LENGTH);
    this.recv.fill(0, id * HISTORY_LENGTH, (id + 1) * HISTORY_LENGTH);
    this.totalSent[id] = 0;
    this.totalRecv[id] = 0;
    this.seq[id] = this.nextSeq++;
    this.used[id] = 1;
    this.size++;
    return id;
  }

  /** Removes flow id (which must be in use). */
  remove(id: number): void {
    let i = this.hash(this.keys, id * KEY_WORDS) & this.mask;
    while (this.index[i] !== id + 1) i = (i + 1) & this.mask;
    // Backward-shift deletion: pull later members of the probe run into the hole.
    let hole = i;
    let j = (i + 1) & this.mask;
    for (;;) {
      const slot = this.index[j]!;
      if (slot === 0) break;
      const home = this.hash(this.keys, (slot - 1) * KEY_WORDS) & this.mask;
      if (((j - home) & this.mask) >= ((j - hole) & this.mask)) {
        this.index[hole] = slot;
        hole = j;
      }
      j = (j + 1) & this.mask;
    }
    this.index[hole] = 0;
    this.used[id] = 0;
    this.freeIds[this.freeCount++] = id;
    this.size--;
  }

  private keyEquals(id: number, key: Uint32Array): boolean {
    const k = this.keys;
    const o = id * KEY_WORDS;
    for (let w = 0; w < KEY_WORDS; w++) if (k[o + w] !== key[w]) return false;
    return true;
  }

  /** murmur3-style mix of the key words with a per-run seed, so crafted keys cannot aim at one chain. */
  private hash(words: Uint32Array, off: number): number {
    let h = this.seed | 0;
    for (let w = 0; w < KEY_WORDS; w++) {
      let k = Math.imul(words[off + w]!, 0xcc9e2d51);
      k = (k << 15) | (k >>> 17);
      h ^= Math.imul(k, 0x1b873593);
      h = (h << 13) | (h >>> 19);
      h = (Math.imul(h, 5) + 0xe6546b64) | 0;
    }
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  }

  private grow(): void {
    const cap = Math.min(this.capacity * 2, this.maxFlows);
    this.keys = resized(this.keys, cap * KEY_WORDS);
    this.sent = resized(this.sent, cap * HISTORY_LENGTH);
    this.recv = resized(this.recv, cap * HISTORY_LENGTH);
    this.totalSent = resized(this.totalSent, cap);
    this.totalRecv = resized(this.totalRecv, cap);
    this.lastWrite = resized(this.lastWrite, cap);
    this.seq = resized(this.seq, cap);
    this.used = resized(this.used, cap);
    this.freeIds = resized(this.freeIds, cap);
    this.capacity = cap;
    this.index = new Int32Array(indexSizeFor(cap));
    this.mask = this.index.length - 1;
    for (let id = 0; id < this.highWater; id++) {
      if (this.used[id] !== 1) continue;
      let i = this.hash(this.keys, id * KEY_WORDS) & this.mask;
      while (this.index[i] !== 0) i = (i + 1) & this.mask;
      this.index[i] = id + 1;
    }
  }
}

/** A power of two at least twice the flow capacity, so probe runs stay short. */
function indexSizeFor(flows: number): number {
  let n = 16;
  while (n < flows * 2) n *= 2;
  return n;
}

type TypedArray = Uint32Array | Int32Array | Float64Array | Uint8Array;
function resized<T extends TypedArray>(a: T, length: number): T {
  const b = new (a.constructor as new (n: number) => T)(length);
  b.set(a);
  return b;
}
