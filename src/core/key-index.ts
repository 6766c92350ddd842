// Keys of a fixed number of words numbered 0, 1, 2, … through a seeded open-addressing index: lines, groups, hosts.
import { hashWords, slotCountFor } from './key-hash.js';

/**
 * The one open-addressing index behind the per-tick tables (the flow table keeps its own, with the
 * counters in the slot). Keys are `width` uint32 words, stored densely by number; the hash is seeded
 * because the words come from the wire. Storage only grows, in reset(); callers make sure there is
 * room (hasRoom) before adding.
 */
export class KeyIndex {
  count = 0;
  /** Whether the last idOf() added its key. */
  added = false;
  keys = new Uint32Array(0);
  private index = new Int32Array(16);
  private mask = 15;

  constructor(
    readonly width: number,
    private readonly seed: number,
  ) {}

  /** Keys the storage holds before reset() must grow it. */
  get capacity(): number {
    return this.keys.length / this.width;
  }

  hasRoom(n: number): boolean {
    return this.count + n <= this.capacity;
  }

  /**
   * Empties the index, with room for at least n keys. Storage grows in one step to at least `reserve`
   * keys (untouched pages of a zeroed array cost no memory), so a filling table is not copied piece by piece.
   */
  reset(n: number, reserve = 0): void {
    if (n > this.capacity) {
      const cap = Math.max(n, reserve, this.capacity * 2, 64);
      this.keys = new Uint32Array(cap * this.width);
      this.index = new Int32Array(slotCountFor(cap));
      this.mask = this.index.length - 1;
    } else this.index.fill(0);
    this.count = 0;
  }

  /** Doubles the storage, keeping every key and its number (for an index that cannot know its size ahead). */
  grow(): void {
    const old = this.keys, n = this.count;
    this.keys = new Uint32Array(Math.max(64, this.capacity * 2) * this.width);
    this.keys.set(old.subarray(0, n * this.width));
    this.index = new Int32Array(slotCountFor(this.capacity));
    this.mask = this.index.length - 1;
    for (let id = 0; id < n; id++) this.index[this.probe(this.keys, id * this.width)] = id + 1;
  }

  /** The number of the key at key[off..], or -1. */
  find(key: Uint32Array, off = 0): number {
    const entry = this.index[this.probe(key, off)]!;
    return entry - 1;
  }

  /** The number of the key at key[off..], added if absent (see `added`). */
  idOf(key: Uint32Array, off = 0): number {
    const at = this.probe(key, off);
    const entry = this.index[at]!;
    this.added = entry === 0;
    if (entry !== 0) return entry - 1;
    const id = this.append(key, off);
    this.index[at] = id + 1;
    return id;
  }

  /** A new number for the key at key[off..] without entering it in the index (keys known to be distinct). */
  append(key: Uint32Array, off = 0): number {
    const id = this.count++;
    const o = id * this.width;
    for (let w = 0; w < this.width; w++) this.keys[o + w] = key[off + w]!;
    return id;
  }

  /** Orders keys word by word. */
  compare(x: number, y: number): number {
    for (let w = 0; w < this.width; w++) {
      const d = this.keys[x * this.width + w]! - this.keys[y * this.width + w]!;
      if (d !== 0) return d;
    }
    return 0;
  }

  /** The index position holding key, or the empty one where it would go. */
  private probe(key: Uint32Array, off: number): number {
    const keys = this.keys, width = this.width;
    let i = hashWords(key, off, width, this.seed) & this.mask;
    for (;;) {
      const entry = this.index[i]!;
      if (entry === 0) return i;
      const o = (entry - 1) * width;
      let w = 0;
      while (w < width && keys[o + w] === key[off + w]) w++;
      if (w === width) return i;
      i = (i + 1) & this.mask;
    }
  }
}
