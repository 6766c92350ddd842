// Which addresses belong to a network namespace: parsed from its /proc/net/fib_trie and /proc/net/if_inet6 (pure).

/** A set of addresses as "4:w" / "6:w0:w1:w2:w3" keys (big-endian words, as in flow keys). */
export type AddressSet = Set<string>;

export function addressKey(family: 4 | 6, w: Uint32Array, off = 0): string {
  return family === 4 ? `4:${w[off]!}` : `6:${w[off]!}:${w[off + 1]!}:${w[off + 2]!}:${w[off + 3]!}`;
}

/** Whether the words are an IPv4 loopback (127/8) or ::1 address, local to every namespace. */
export function isLoopback(family: 4 | 6, w: Uint32Array, off = 0): boolean {
  if (family === 4) return w[off]! >>> 24 === 127;
  return w[off] === 0 && w[off + 1] === 0 && w[off + 2] === 0 && w[off + 3] === 1;
}

function dottedToWord(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let v = 0;
  for (const p of parts) {
    const n = Number(p);
    if (!/^\d{1,3}$/.test(p) || n > 255) return null;
    v = v * 256 + n;
  }
  return v >>> 0;
}

/**
 * The local IPv4 addresses in fib_trie text: every "|-- ADDR" leaf followed by a "/32 host LOCAL"
 * line. Lines beyond `maxLines` are not read (a router's full table is huge; locals come early
 * only by chance, so the caller bounds the read and says so).
 */
export function parseFibTrieLocals(text: string, into: AddressSet, maxLines = 200_000): number {
  let last: number | null = null;
  let found = 0;
  let lines = 0;
  let pos = 0;
  while (pos < text.length && lines++ < maxLines) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const line = text.slice(pos, end).trim();
    pos = end + 1;
    if (line.startsWith('|-- ')) last = dottedToWord(line.slice(4));
    else if (last !== null && line.startsWith('/32 host LOCAL')) {
      const k = `4:${last}`;
      if (!into.has(k)) found++;
      into.add(k);
    }
  }
  return found;
}

/** The IPv6 addresses in if_inet6 text ("20010db8…0001 03 40 00 80 eth0": 32 hex digits in network order). */
export function parseIfInet6(text: string, into: AddressSet, maxLines = 100_000): number {
  let found = 0;
  let lines = 0;
  for (const line of text.split('\n')) {
    if (lines++ >= maxLines) break;
    const hex = line.slice(0, 32);
    if (!/^[0-9a-fA-F]{32}$/.test(hex)) continue;
    const w = new Uint32Array(4);
    for (let i = 0; i < 4; i++) w[i] = Number.parseInt(hex.slice(i * 8, i * 8 + 8), 16) >>> 0;
    const k = addressKey(6, w);
    if (!into.has(k)) found++;
    into.add(k);
  }
  return found;
}

/** Addresses (4 or 16 bytes, as node:os or a test gives them) into the set. */
export function addBytes(bytes: Uint8Array, into: AddressSet): void {
  const w = new Uint32Array(4);
  const n = bytes.length === 4 ? 1 : 4;
  for (let i = 0; i < n; i++) w[i] = ((bytes[i * 4]! << 24) | (bytes[i * 4 + 1]! << 16) | (bytes[i * 4 + 2]! << 8) | bytes[i * 4 + 3]!) >>> 0;
  into.add(addressKey(n === 1 ? 4 : 6, w));
}
