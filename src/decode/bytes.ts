// Byte readers for the decoders (big-endian unless named le…); callers check bounds first, so these never see a hole.

/*
 * Every decoder checks `end - pos` before reading, so an index read here is always in range.
 * The `?? 0` is for noUncheckedIndexedAccess: should a bounds check ever be wrong, the read
 * yields 0 (a plausible, contained value) instead of undefined turning into NaN downstream.
 */

export function u16(d: Uint8Array, i: number): number {
  return ((d[i] ?? 0) << 8) | (d[i + 1] ?? 0);
}

export function u32(d: Uint8Array, i: number): number {
  return (((d[i] ?? 0) << 24) | ((d[i + 1] ?? 0) << 16) | ((d[i + 2] ?? 0) << 8) | (d[i + 3] ?? 0)) >>> 0;
}

/** Reverses the byte order of a 32-bit value (BSD loopback headers written on the other endianness). */
export function swap32(v: number): number {
  return (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0;
}

/** Copies n bytes into a fixed buffer of the record; a loop, because subarray() would allocate. */
export function copyInto(d: Uint8Array, from: number, to: Uint8Array, n: number): void {
  for (let i = 0; i < n; i++) to[i] = d[from + i] ?? 0;
}

/** Little-endian 16-bit read (radiotap, PPI: their headers are little-endian). */
export function le16(d: Uint8Array, i: number): number {
  return (d[i] ?? 0) | ((d[i + 1] ?? 0) << 8);
}

/** Little-endian 32-bit read, unsigned. */
export function le32(d: Uint8Array, i: number): number {
  return ((d[i] ?? 0) | ((d[i + 1] ?? 0) << 8) | ((d[i + 2] ?? 0) << 16) | ((d[i + 3] ?? 0) << 24)) >>> 0;
}

/** Copies a 6-byte MAC; unrolled: measurably faster than a loop on the hot path (every Ethernet frame copies two). */
export function copyMac(d: Uint8Array, from: number, to: Uint8Array): void {
  to[0] = d[from] ?? 0;
  to[1] = d[from + 1] ?? 0;
  to[2] = d[from + 2] ?? 0;
  to[3] = d[from + 3] ?? 0;
  to[4] = d[from + 4] ?? 0;
  to[5] = d[from + 5] ?? 0;
}
