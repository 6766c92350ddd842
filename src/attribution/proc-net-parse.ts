// /proc/net/{tcp,udp,raw,icmp}{,6} text (bytes) parsed into socket records, line by line, bounded and counted.
import type { SocketKindValue, SocketRecord } from './socket-record.js';
import { kindProto, SocketKind } from './socket-record.js';

export interface ProcNetParseStats {
  /** Lines that were not a socket line (header excluded): counted and skipped. */
  malformed: number;
}

const SPACE = 0x20;
const NL = 0x0a;
const COLON = 0x3a;

/** Value of a hex digit, or -1. */
function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** Byte-swaps a 32-bit word. */
function swap32(x: number): number {
  return (((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) >>> 0;
}

/** A cursor over one line; every read fails (returns -1 / false) past the line's end. */
class Cursor {
  pos = 0;
  end = 0;
  constructor(private readonly b: Uint8Array) {}
  skipSpaces(): void {
    while (this.pos < this.end && this.b[this.pos] === SPACE) this.pos++;
  }
  /** Exactly n hex digits as an unsigned number (n ≤ 8), or -1. */
  hex(n: number): number {
    if (this.pos + n > this.end) return -1;
    let v = 0;
    for (let i = 0; i < n; i++) {
      const d = hexDigit(this.b[this.pos + i]!);
      if (d < 0) return -1;
      v = v * 16 + d;
    }
    this.pos += n;
    return v;
  }
  /** Digits in `base` up to the first other character, as a number (at most 15 digits), or -1. */
  number(base: 10 | 16): number {
    this.skipSpaces();
    const start = this.pos;
    let v = 0;
    while (this.pos < this.end) {
      const d = hexDigit(this.b[this.pos]!);
      if (d < 0 || d >= base) break;
      if (this.pos - start >= 15) return -1;
      v = v * base + d;
      this.pos++;
    }
    return this.pos > start ? v : -1;
  }
  /** Whether the cursor is at a field's end (a space or the line's end). */
  atFieldEnd(): boolean {
    return this.pos >= this.end || this.b[this.pos] === SPACE;
  }
  expect(c: number): boolean {
    if (this.pos < this.end && this.b[this.pos] === c) {
      this.pos++;
      return true;
    }
    return false;
  }
  /** Skips one whitespace-delimited field. */
  skipField(): boolean {
    this.skipSpaces();
    const start = this.pos;
    while (this.pos < this.end && this.b[this.pos] !== SPACE) this.pos++;
    return this.pos > start;
  }
}

/**
 * Reads "ADDR:PORT" with ADDR as 8 (IPv4) or 32 (IPv6) hex digits of host-order 32-bit words, as the
 * kernel prints them with %08X; `littleEndian` is the host's order.
 */
function readEndpoint(c: Cursor, family: 4 | 6, littleEndian: boolean, words: Uint32Array): number {
  c.skipSpaces();
  const n = family === 4 ? 1 : 4;
  for (let w = 0; w < 4; w++) {
    if (w >= n) {
      words[w] = 0;
      continue;
    }
    const x = c.hex(8);
    if (x < 0) return -1;
    words[w] = littleEndian ? swap32(x) : x;
  }
  if (!c.expect(COLON)) return -1;
  return c.hex(4);
}

/**
 * Parses a whole /proc/net table: `kind` and `family` say which file it was. Fields used: local and
 * remote endpoints, state, uid and inode (the 2nd, 3rd, 4th, 8th and 10th fields). The header line
 * and empty lines are skipped; anything else unparsable is counted. `limit` caps the lines read.
 */
export function parseProcNet(buf: Uint8Array, len: number, kind: SocketKindValue, family: 4 | 6, littleEndian: boolean, rec: SocketRecord, visit: (r: SocketRecord) => void, stats: ProcNetParseStats, limit = 4_000_000): number {
  const c = new Cursor(buf);
  const end = Math.min(len, buf.length);
  let lineStart = 0;
  let lines = 0;
  let sockets = 0;
  while (lineStart < end && lines < limit) {
    let lineEnd = buf.indexOf(NL, lineStart);
    if (lineEnd < 0 || lineEnd > end) lineEnd = end;
    c.pos = lineStart;
    c.end = lineEnd;
    lines++;
    if (lines > 1 && lineEnd > lineStart) {
      if (parseLine(c, kind, family, littleEndian, rec)) {
        visit(rec);
        sockets++;
      } else {
        c.pos = lineStart;
        c.skipSpaces();
        if (c.pos < lineEnd) stats.malformed++;
      }
    }
    lineStart = lineEnd + 1;
  }
  return sockets;
}

function parseLine(c: Cursor, kind: SocketKindValue, family: 4 | 6, le: boolean, rec: SocketRecord): boolean {
  // "  12: " slot number
  if (c.number(10) < 0 || !c.expect(COLON)) return false;
  const lport = readEndpoint(c, family, le, rec.local);
  if (lport < 0) return false;
  const rport = readEndpoint(c, family, le, rec.remote);
  if (rport < 0) return false;
  c.skipSpaces();
  const state = c.hex(2);
  if (state < 0) return false;
  // tx_queue:rx_queue, tr:tm->when, retrnsmt
  if (!c.skipField() || !c.skipField() || !c.skipField()) return false;
  const uid = c.number(10);
  if (uid < 0 || !c.atFieldEnd() || !c.skipField()) return false;
  const inode = c.number(10);
  if (inode < 0 || !c.atFieldEnd()) return false;
  rec.kind = kind;
  rec.family = family;
  rec.proto = kind === SocketKind.RAW ? lport : kindProto(kind, family);
  rec.state = state;
  rec.localPort = lport;
  rec.remotePort = rport;
  rec.uid = uid;
  rec.inode = inode;
  rec.v6only = family === 6 ? -1 : 0;
  rec.cgroupId = 0;
  return true;
}
