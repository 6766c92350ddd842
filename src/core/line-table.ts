// Per-tick aggregation table: display key → line id, with window sums in typed arrays (reused every tick).
import { KEY_WORDS } from './flow-key.js';
import { hashKey, slotCountFor } from './key-hash.js';

/**
 * Lines are dense ids 0..count-1 in insertion order. Reset and refilled once per tick; storage
 * only grows, so a steady flow count costs no allocation per tick.
 */
export class LineTable {
  count = 0;
  keys = new Uint32Array(0);
  /** Window sums (then rates after divide()), 3 per line: 2 s, 10 s, 40 s. */
  sent = new Float64Array(0);
  recv = new Float64Array(0);
  totalSent = new Float64Array(0);
  totalRecv = new Float64Array(0);
  /** Smallest creation order of the member flows (unique per line, so ties never remain). */
  seq = new Float64Array(0);
  private index = new Int32Array(16);
  private mask = 15;
  private capacity = 0;

  /**
   * Empties the table, sized for up to `lines` lines. Storage only grows, in one step to at least
   * `reserve` lines (zeroed typed arrays are mapped lazily, so reserved but unused space is free).
   */
  reset(lines: number, reserve = 0): void {
    if (lines > this.capacity) {
      const cap = Math.max(lines, reserve, this.capacity * 2, 64);
      this.keys = new Uint32Array(cap * KEY_WORDS);
      this.sent = new Float64Array(cap * 3);
      this.recv = new Float64Array(cap * 3);
      this.totalSent = new Float64Array(cap);
      this.totalRecv = new Float64Array(cap);
      this.seq = new Float64Array(cap);
      this.index = new Int32Array(slotCountFor(cap));
      this.mask = this.index.length - 1;
      this.capacity = cap;
    } else {
      this.index.fill(0);
      this.sent.fill(0, 0, this.count * 3);
      this.recv.fill(0, 0, this.count * 3);
      this.totalSent.fill(0, 0, this.count);
      this.totalRecv.fill(0, 0, this.count);
    }
    this.count = 0;
  }

  /** The line id of key, or -1 when absent (and not inserted). */
  find(key: Uint32Array, seed: number): number {
    let i = hashKey(key, 0, seed) & this.mask;
    for (;;) {
      const slot = this.index[i]!;
      if (slot === 0) return -1;
      if (this.equals(slot - 1, key)) return slot - 1;
      i = (i + 1) & this.mask;
    }
  }

  /** The line id of key, inserted (with this seq) if absent; an existing line keeps the smaller seq. */
  slot(key: Uint32Array, seed: number, seq: number): number {
    let i = hashKey(key, 0, seed) & this.mask;
    for (;;) {
      const slot = this.index[i]!;
      if (slot === 0) break;
      if (this.equals(slot - 1, key)) {
        if (seq < this.seq[slot - 1]!) this.seq[slot - 1] = seq;
        return slot - 1;
      }
      i = (i + 1) & this.mask;
    }
    const id = this.count++;
    this.index[i] = id + 1;
    this.keys.set(key, id * KEY_WORDS);
    this.seq[id] = seq;
    return id;
  }

  /**
   * A new line with the key at src[off..] and this seq, without entering it in the index: for a
   * table whose keys are known to be distinct (FlowGroups numbers each group once per tick).
   * find() and slot() do not see lines added this way.
   */
  append(src: Uint32Array, off: number, seq: number): number {
    const id = this.count++;
    const o = id * KEY_WORDS;
    for (let w = 0; w < KEY_WORDS; w++) this.keys[o + w] = src[off + w]!;
    this.seq[id] = seq;
    return id;
  }

  private equals(id: number, key: Uint32Array): boolean {
    const o = id * KEY_WORDS;
    for (let w = 0; w < KEY_WORDS; w++) if (this.keys[o + w] !== key[w]) return false;
    return true;
  }
}
