// Address text exactly as glibc inet_ntop prints it, and the matching inet_pton parser.

/*
 * Node's net module and URL formatter have their own IPv6 printers that disagree with glibc on
 * embedded IPv4 (glibc prints ::ffff:1.2.3.4 and ::1.2.3.4). iftop shows inet_ntop output, and
 * the screen filter matches on that text, so we port glibc's inet_ntop6/inet_pton6 verbatim.
 */

/** Dotted quad of the 4 bytes at `offset`. */
export function formatIPv4(bytes: Uint8Array, offset = 0): string {
  return `${byteAt(bytes, offset)}.${byteAt(bytes, offset + 1)}.${byteAt(bytes, offset + 2)}.${byteAt(bytes, offset + 3)}`;
}

/** glibc inet_ntop6 of the 16 bytes at `offset`. */
export function formatIPv6(bytes: Uint8Array, offset = 0): string {
  const words: number[] = [];
  for (let i = 0; i < 8; i++) words.push((byteAt(bytes, offset + 2 * i) << 8) | byteAt(bytes, offset + 2 * i + 1));

  // Longest run of zero words; a later run must be strictly longer to win (first wins ties).
  let bestBase = -1;
  let bestLen = 0;
  let curBase = -1;
  let curLen = 0;
  for (let i = 0; i < 8; i++) {
    if (words[i] === 0) {
      if (curBase === -1) {
        curBase = i;
        curLen = 1;
      } else {
        curLen++;
      }
    } else if (curBase !== -1) {
      if (bestBase === -1 || curLen > bestLen) {
        bestBase = curBase;
        bestLen = curLen;
      }
      curBase = -1;
    }
  }
  if (curBase !== -1 && (bestBase === -1 || curLen > bestLen)) {
    bestBase = curBase;
    bestLen = curLen;
  }
  if (bestBase !== -1 && bestLen < 2) bestBase = -1; // a single zero word is not compressed

  let text = '';
  for (let i = 0; i < 8; i++) {
    if (bestBase !== -1 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) text += ':';
      continue;
    }
    if (i !== 0) text += ':';
    // glibc's embedded-IPv4 forms: ::a.b.c.d (6 leading zero words) and ::ffff:a.b.c.d.
    // ::1 (7 zero words) and :: (8) do not qualify.
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))) {
      return text + formatIPv4(bytes, offset + 12);
    }
    text += (words[i] ?? 0).toString(16);
  }
  if (bestBase !== -1 && bestBase + bestLen === 8) text += ':'; // trailing run
  return text;
}

/** inet_ntop(family, bytes + offset): 4 bytes for IPv4, 16 for IPv6. */
export function formatAddress(family: 4 | 6, bytes: Uint8Array, offset = 0): string {
  return family === 4 ? formatIPv4(bytes, offset) : formatIPv6(bytes, offset);
}

/** A parsed address: `bytes` has 4 entries for IPv4, 16 for IPv6, in network order. */
export interface ParsedAddress {
  family: 4 | 6;
  bytes: Uint8Array;
}

/**
 * inet_pton(AF_INET) then inet_pton(AF_INET6), as glibc accepts them: strict dotted quads
 * (no leading zeros, no inet_aton shorthand such as `10.1`) and every IPv6 text form including
 * `::`, and a trailing dotted quad. No surrounding whitespace, no zone index (`%eth0`).
 */
export function parseAddress(text: string): ParsedAddress | null {
  const v4 = new Uint8Array(4);
  if (parseIPv4Into(text, 0, v4, 0)) return { family: 4, bytes: v4 };
  const v6 = parseIPv6(text);
  return v6 === null ? null : { family: 6, bytes: v6 };
}

/** glibc inet_pton4 on text[start..]: writes 4 bytes at out[at] only on success. */
function parseIPv4Into(text: string, start: number, out: Uint8Array, at: number): boolean {
  const tmp = [0, 0, 0, 0];
  let octets = 0;
  let sawDigit = false;
  let index = 0;
  for (let p = start; p < text.length; p++) {
    const ch = text.charCodeAt(p);
    if (ch >= 0x30 && ch <= 0x39) {
      const current = tmp[index] ?? 0;
      if (sawDigit && current === 0) return false; // leading zero
      const next = current * 10 + (ch - 0x30);
      if (next > 255) return false;
      tmp[index] = next;
      if (!sawDigit) {
        if (++octets > 4) return false;
        sawDigit = true;
      }
    } else if (ch === 0x2e && sawDigit) {
      if (octets === 4) return false;
      index++;
      sawDigit = false;
    } else {
      return false;
    }
  }
  if (octets < 4) return false;
  out.set(tmp, at);
  return true;
}

/** glibc inet_pton6: 16 bytes, or null. */
function parseIPv6(text: string): Uint8Array | null {
  const out = new Uint8Array(16);
  const end = text.length;
  let p = 0;
  if (p === end) return null;
  if (text.charCodeAt(p) === 0x3a) {
    // A leading ':' must be the start of '::'.
    p++;
    if (p === end || text.charCodeAt(p) !== 0x3a) return null;
  }
  let tp = 0; // next byte to write
  let colonAt = -1; // where '::' was seen
  let tokenStart = p;
  let digits = 0;
  let value = 0;
  while (p < end) {
    const ch = text.charCodeAt(p++);
    const digit = hexValue(ch);
    if (digit >= 0) {
      if (digits === 4) return null;
      value = (value << 4) | digit;
      digits++;
      continue;
    }
    if (ch === 0x3a) {
      tokenStart = p;
      if (digits === 0) {
        if (colonAt !== -1) return null;
        colonAt = tp;
        continue;
      } else if (p === end) {
        return null; // trailing single ':'
      }
      if (tp + 2 > 16) return null;
      out[tp++] = value >> 8;
      out[tp++] = value & 0xff;
      digits = 0;
      value = 0;
      continue;
    }
    if (ch === 0x2e && tp + 4 <= 16 && parseIPv4Into(text, tokenStart, out, tp)) {
      tp += 4;
      digits = 0;
      break;
    }
    return null;
  }
  if (digits > 0) {
    if (tp + 2 > 16) return null;
    out[tp++] = value >> 8;
    out[tp++] = value & 0xff;
  }
  if (colonAt !== -1) {
    if (tp === 16) return null; // '::' must stand for at least one zero word
    const moved = tp - colonAt;
    out.copyWithin(16 - moved, colonAt, tp);
    out.fill(0, colonAt, 16 - moved);
    tp = 16;
  }
  return tp === 16 ? out : null;
}

function hexValue(ch: number): number {
  if (ch >= 0x30 && ch <= 0x39) return ch - 0x30;
  if (ch >= 0x61 && ch <= 0x66) return ch - 0x61 + 10;
  if (ch >= 0x41 && ch <= 0x46) return ch - 0x41 + 10;
  return -1;
}

function byteAt(bytes: Uint8Array, index: number): number {
  return bytes[index] ?? 0;
}
