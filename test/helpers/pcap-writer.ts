// Builds pcap and pcapng fixtures in memory (including forged lengths) and writes them to temp files.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PcapRecord {
  /** Seconds since the epoch; split into sec + frac at the file's resolution. */
  ts: number;
  data: Uint8Array;
  /** orig_len; defaults to data.length. */
  wirelen?: number;
  /** Forged incl_len; the record still holds data.length bytes. */
  caplen?: number;
  /** Exact [ts_sec, ts_frac] to write instead of `ts` (e.g. usec ≥ 1e6). */
  tsRaw?: readonly [number, number];
}

export interface PcapOptions {
  linktype?: number; // default 1 (Ethernet); the full 32-bit field, so FCS bits can be set
  snaplen?: number; // default 262144
  nanosecond?: boolean;
  byteSwapped?: boolean; // big-endian file
  modified?: boolean; // magic a1b2cd34 with 24-byte record headers (always µs)
  version?: readonly [number, number]; // default [2, 4]
  magic?: number; // forge the magic outright
}

function splitTs(ts: number, scale: number): [number, number] {
  let sec = Math.floor(ts);
  let frac = Math.round((ts - sec) * scale);
  if (frac >= scale) { sec++; frac -= scale; }
  return [sec, frac];
}

/** A classic pcap file. Throws on contradictory options: it is a test helper. */
export function writePcap(records: readonly PcapRecord[], opts: PcapOptions = {}): Uint8Array {
  if (opts.modified === true && opts.nanosecond === true) throw new Error('modified pcap has no nanosecond variant');
  const le = opts.byteSwapped !== true;
  const hdr = opts.modified === true ? 24 : 16;
  const size = 24 + records.reduce((n, r) => n + hdr + r.data.length, 0);
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  const magic = opts.magic ?? (opts.modified === true ? 0xa1b2cd34 : opts.nanosecond === true ? 0xa1b23c4d : 0xa1b2c3d4);
  v.setUint32(0, magic, le);
  v.setUint16(4, opts.version?.[0] ?? 2, le);
  v.setUint16(6, opts.version?.[1] ?? 4, le);
  v.setUint32(16, opts.snaplen ?? 262144, le);
  v.setUint32(20, opts.linktype ?? 1, le);
  const scale = opts.nanosecond === true ? 1e9 : 1e6;
  let pos = 24;
  for (const r of records) {
    const [sec, frac] = r.tsRaw ?? splitTs(r.ts, scale);
    v.setUint32(pos, sec, le);
    v.setUint32(pos + 4, frac, le);
    v.setUint32(pos + 8, r.caplen ?? r.data.length, le);
    v.setUint32(pos + 12, r.wirelen ?? r.data.length, le);
    out.set(r.data, pos + hdr);
    pos += hdr + r.data.length;
  }
  return out;
}

export interface PcapngInterface {
  linktype: number;
  snaplen?: number; // default 0 (no limit)
  /** Raw if_tsresol byte: 6 = µs, 9 = ns, 0x80 | 20 = 2^-20. Omitted → no option (µs). */
  tsresol?: number;
  /** if_tsoffset in seconds. */
  tsoffset?: number;
}

/** Fields any block may forge: the leading and the trailing total length. */
interface Forge {
  length?: number;
  trailer?: number;
}
export type PcapngBlock = Forge & (
  | { type: 'epb'; iface: number; ts: number; data: Uint8Array; wirelen?: number; caplen?: number; tsUnits?: bigint; flags?: number }
  | { type: 'pb'; iface: number; ts: number; data: Uint8Array; wirelen?: number }
  | { type: 'spb'; data: Uint8Array; wirelen?: number }
  | { type: 'idb'; iface: PcapngInterface }
  | { type: 'raw'; blockType: number; body: Uint8Array }
);

export interface PcapngSection {
  bigEndian?: boolean;
  version?: readonly [number, number];
  /** IDBs written right after the SHB; more can appear among `blocks` as { type: 'idb' }. */
  interfaces: readonly PcapngInterface[];
  blocks: readonly PcapngBlock[];
  /** Forge the SHB's byte-order magic. */
  byteOrderMagic?: number;
}

class Bytes {
  parts: number[] = [];
  constructor(readonly le: boolean) {}
  u8(x: number): this { this.parts.push(x & 0xff); return this; }
  u16(x: number): this { return this.le ? this.u8(x).u8(x >>> 8) : this.u8(x >>> 8).u8(x); }
  u32(x: number): this { return this.le ? this.u16(x & 0xffff).u16(x >>> 16) : this.u16(x >>> 16).u16(x & 0xffff); }
  u64(x: bigint): this {
    const v = BigInt.asUintN(64, x);
    const hi = Number(v >> 32n), lo = Number(v & 0xffffffffn);
    return this.le ? this.u32(lo).u32(hi) : this.u32(hi).u32(lo);
  }
  bytes(b: Uint8Array): this { for (const x of b) this.parts.push(x); return this; }
  pad(): this { while (this.parts.length % 4 !== 0) this.parts.push(0); return this; }
  option(code: number, value: Bytes): this { return this.u16(code).u16(value.parts.length).append(value).pad(); }
  append(other: Bytes): this { for (const x of other.parts) this.parts.push(x); return this; }
}

function divisorOf(tsresol: number | undefined): bigint {
  const r = tsresol ?? 6;
  return r & 0x80 ? 1n << BigInt(r & 0x7f) : 10n ** BigInt(r);
}

/** Time in interface units, as the writer of a real file would have stored it. */
function units(ts: number, iface: PcapngInterface | undefined): bigint {
  const div = divisorOf(iface?.tsresol);
  const sec = Math.floor(ts);
  const frac = BigInt(Math.round((ts - sec) * Number(div)));
  return (BigInt(sec) - BigInt(iface?.tsoffset ?? 0)) * div + frac;
}

function block(le: boolean, type: number, body: Bytes, forge: Forge): Bytes {
  body.pad();
  const total = body.parts.length + 12;
  return new Bytes(le).u32(type).u32(forge.length ?? total).bytes(Uint8Array.from(body.parts)).u32(forge.trailer ?? forge.length ?? total);
}

function idbBody(le: boolean, i: PcapngInterface): Bytes {
  const b = new Bytes(le).u16(i.linktype).u16(0).u32(i.snaplen ?? 0);
  if (i.tsresol !== undefined) b.option(9, new Bytes(le).u8(i.tsresol));
  if (i.tsoffset !== undefined) b.option(14, new Bytes(le).u64(BigInt(i.tsoffset)));
  if (i.tsresol !== undefined || i.tsoffset !== undefined) b.u16(0).u16(0);
  return b;
}

/** A pcapng file of one or more sections, each in its own byte order. */
export function writePcapng(sections: readonly PcapngSection[]): Uint8Array {
  const out = new Bytes(true);
  for (const s of sections) {
    const le = s.bigEndian !== true;
    const ifaces: PcapngInterface[] = [...s.interfaces];
    const shb = new Bytes(le).u32(s.byteOrderMagic ?? 0x1a2b3c4d).u16(s.version?.[0] ?? 1).u16(s.version?.[1] ?? 0).u64(-1n);
    out.append(block(le, 0x0a0d0d0a, shb, {}));
    for (const i of s.interfaces) out.append(block(le, 1, idbBody(le, i), {}));
    for (const b of s.blocks) {
      const body = new Bytes(le);
      let type: number;
      switch (b.type) {
        case 'idb': type = 1; ifaces.push(b.iface); body.append(idbBody(le, b.iface)); break;
        case 'raw': type = b.blockType; body.bytes(b.body); break;
        case 'spb': type = 3; body.u32(b.wirelen ?? b.data.length).bytes(b.data); break;
        case 'pb': {
          type = 2;
          const u = units(b.ts, ifaces[b.iface]);
          body.u16(b.iface).u16(0).u32(Number(u >> 32n)).u32(Number(u & 0xffffffffn));
          body.u32(b.data.length).u32(b.wirelen ?? b.data.length).bytes(b.data);
          break;
        }
        case 'epb': {
          type = 6;
          const u = BigInt.asUintN(64, b.tsUnits ?? units(b.ts, ifaces[b.iface]));
          body.u32(b.iface).u32(Number(u >> 32n)).u32(Number(u & 0xffffffffn));
          body.u32(b.caplen ?? b.data.length).u32(b.wirelen ?? b.data.length).bytes(b.data).pad();
          if (b.flags !== undefined) body.option(2, new Bytes(le).u32(b.flags)).u16(0).u16(0);
          break;
        }
      }
      out.append(block(le, type, body, b));
    }
  }
  return Uint8Array.from(out.parts);
}

/** Writes bytes to `name` inside a fresh temporary directory; returns the full path. */
export async function writeTempFile(bytes: Uint8Array, name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'wiretop-test-'));
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

export interface RecordedFrame {
  linktype: number;
  /** The captured bytes as hex, so assertion diffs stay readable. */
  hex: string;
  caplen: number;
  wirelen: number;
  ts: number;
}

/** A FrameSink that copies every frame it is given (its `data` view is only valid during the call). */
export function recordingSink(): { frames: RecordedFrame[]; frame(linktype: number, data: Uint8Array, offset: number, caplen: number, wirelen: number, ts: number): void } {
  const frames: RecordedFrame[] = [];
  return {
    frames,
    frame(linktype, data, offset, caplen, wirelen, ts) {
      if (offset < 0 || caplen < 0 || offset + caplen > data.length) throw new Error(`frame [${offset}, +${caplen}) outside its ${data.length}-byte buffer`);
      const hex = Buffer.from(data.buffer, data.byteOffset + offset, caplen).toString('hex');
      frames.push({ linktype, hex, caplen, wirelen, ts });
    },
  };
}

/** Deterministic pseudo-random numbers (xorshift32) so fixtures and mutants are reproducible. */
export { xorshift32 as prng } from './random.js';

/** `n` bytes from `rand`, e.g. a frame body. */
export function randomBytes(rand: () => number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = rand() & 0xff;
  return out;
}
