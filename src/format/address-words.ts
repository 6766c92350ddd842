// Addresses held as 4 big-endian 32-bit words (flow keys, host keys) turned back into bytes and text.
import { formatAddress } from './inet-ntop.js';

/** The 4 address words at words[off..] as 16 network-order bytes into out. */
export function wordsToBytes(words: Uint32Array, off: number, out: Uint8Array): void {
  for (let w = 0; w < 4; w++) {
    const v = words[off + w]!;
    out[w * 4] = v >>> 24;
    out[w * 4 + 1] = (v >>> 16) & 0xff;
    out[w * 4 + 2] = (v >>> 8) & 0xff;
    out[w * 4 + 3] = v & 0xff;
  }
}

/** inet_ntop of the address at words[off..]; `scratch` is 16 bytes of the caller's, overwritten. */
export function formatAddressWords(family: 4 | 6, words: Uint32Array, off: number, scratch: Uint8Array): string {
  wordsToBytes(words, off, scratch);
  return formatAddress(family, scratch);
}
