// Numbers for host addresses (family and 4 address words) through a seeded open-addressing index, for per-tick walks.
import { hashWords, slotCountFor } from './key-hash.js';

/** A host's key: family, then the 4 address words. */
const HOST_WORDS = 5;

/**
 * Hosts numbered 0, 1, 2, … in order of first sight, for a walk that counts or sums per host without
 * making a string per flow. Holds at most `capacity` hosts (a walk over n flows sees at most 2n).
 * The hash is seeded, since the addresses come from the wire.
 */
export class HostIndex {
  count = 0;
  private readonly keys: Uint32Array;
  private readonly index: Int32Array;
  private readonly mask: number;

  constructor(
    capacity: number,
    private readonly seed: number,
  ) {
    // One spare entry: the key being looked up is written there first.
    this.keys = new Uint32Array((capacity + 1) * HOST_WORDS);
    this.index = new Int32Array(slotCountFor(capacity + 1));
    this.mask = this.index.length - 1;
  }

  /** The number of the address at words[off..off+3] of this family, added if new. */
  idOf(family: number, words: Uint32Array, off: number): number {
    const keys = this.keys;
    const o = this.count * HOST_WORDS;
    keys[o] = family;
    for (let w = 0; w < 4; w++) keys[o + 1 + w] = words[off + w]!;
    let i = hashWords(keys, o, HOST_WORDS, this.seed) & this.mask;
    for (;;) {
      const entry = this.index[i]!;
      if (entry === 0) break;
      const e = (entry - 1) * HOST_WORDS;
      if (keys[e] === family && keys[e + 1] === keys[o + 1] && keys[e + 2] === keys[o + 2] && keys[e + 3] === keys[o + 3] && keys[e + 4] === keys[o + 4]) {
        return entry - 1;
      }
      i = (i + 1) & this.mask;
    }
    this.index[i] = this.count + 1;
    return this.count++;
  }

  family(id: number): 4 | 6 {
    return this.keys[id * HOST_WORDS] as 4 | 6;
  }

  /** Address word w (0–3) of host id. */
  word(id: number, w: number): number {
    return this.keys[id * HOST_WORDS + 1 + w]!;
  }

  /** Orders hosts by family, then address. */
  compare(x: number, y: number): number {
    for (let w = 0; w < HOST_WORDS; w++) {
      const dx = this.keys[x * HOST_WORDS + w]!, dy = this.keys[y * HOST_WORDS + w]!;
      if (dx !== dy) return dx - dy;
    }
    return 0;
  }
}
