// Hashing of 10-word flow keys and sizing of the open-addressing tables that hold them.
import { KEY_WORDS } from './flow-key.js';

/**
 * murmur3-style mix of KEY_WORDS words at off with a per-run seed, so crafted keys cannot aim at one
 * probe chain (shared by the flow table and the per-tick line table). Hashes are signed 32-bit
 * integers (callers mask them): V8 passes and returns those unboxed, where a uint32 above 2^31
 * would become a heap number — one allocation per packet on the hot path.
 */
export function hashKey(words: Uint32Array, off: number, seed: number): number {
  return hashWords(words, off, KEY_WORDS, seed);
}

/** The same mix over any n words (host addresses: family and 4 words). */
export function hashWords(words: Uint32Array, off: number, n: number, seed: number): number {
  let h = seed | 0;
  for (let w = 0; w < n; w++) {
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
  return h ^ (h >>> 16);
}

/** A power of two at least twice the capacity, so probe runs stay short. */
export function slotCountFor(entries: number): number {
  let n = 16;
  while (n < entries * 2) n *= 2;
  return n;
}
