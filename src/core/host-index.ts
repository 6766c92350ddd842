// Numbers for host addresses (family and 4 address words), for per-tick walks that count per host: a KeyIndex of 5 words.
import { KeyIndex } from './key-index.js';

/** A host's key: family, then the 4 address words. */
const HOST_WORDS = 5;

/**
 * Hosts numbered 0, 1, 2, … in order of first sight, for a walk that counts or sums per host without
 * making a string per flow. Holds at most `capacity` hosts (a walk over n flows sees at most 2n).
 */
export class HostIndex {
  private readonly ids: KeyIndex;
  private readonly key = new Uint32Array(HOST_WORDS);

  constructor(capacity: number, seed: number) {
    this.ids = new KeyIndex(HOST_WORDS, seed);
    this.ids.reset(capacity);
  }

  get count(): number {
    return this.ids.count;
  }

  /** The number of the address at words[off..off+3] of this family, added if new. */
  idOf(family: number, words: Uint32Array, off: number): number {
    this.key[0] = family;
    for (let w = 0; w < 4; w++) this.key[1 + w] = words[off + w]!;
    return this.ids.idOf(this.key);
  }

  family(id: number): 4 | 6 {
    return this.ids.keys[id * HOST_WORDS] as 4 | 6;
  }

  /** Address word w (0–3) of host id. */
  word(id: number, w: number): number {
    return this.ids.keys[id * HOST_WORDS + 1 + w]!;
  }

  /** Orders hosts by family, then address. */
  compare(x: number, y: number): number {
    return this.ids.compare(x, y);
  }
}
