// Incremental reader for pcapng: sections, interfaces, EPB/SPB/PB packets; every other block is skipped.
import type { CaptureFileError, CaptureFileParser } from './capture-file.js';
import type { FrameSink } from './frame-sink.js';

/** Largest block accepted; a bigger total length is treated as a lie (CVE-2019-15165 class). */
export const MAX_PCAPNG_BLOCK = 16 * 1024 * 1024;

const SHB = 0x0a0d0d0a;
const IDB = 1;
const PB = 2;
const SPB = 3;
const EPB = 6;

const TWO_32 = 4294967296;
/** Timestamp arithmetic paths, chosen per interface so each packet does only exact double math. */
const TS_SMALL = 0; // divisor ≤ 2^20: the 64-bit remainder step fits in 53 bits
const TS_LONG = 1; // divisor ≤ 2^36: long division in 16-bit digits
const TS_APPROX = 2; // anything finer: one rounded division

interface Iface {
  readonly linktype: number;
  readonly snaplen: number;
  readonly divisor: number;
  readonly tsMode: number;
  readonly tsOffset: number;
  seen: boolean;
}

export class PcapngParser implements CaptureFileParser {
  needed = 12;
  error: CaptureFileError | null = null;
  packets = 0;
  badRecords = 0;
  linktypes: number[] = [];

  private inSection = false;
  private littleEndian = true;
  private ifaces: Iface[] = [];
  /** SPBs carry no timestamp; they inherit the last one seen so rates do not jump to 1970. */
  private lastTs = 0;
  private offset = 0;
  private view: DataView | null = null;
  private viewOf: Uint8Array | null = null;

  parse(buf: Uint8Array, start: number, end: number, sink: FrameSink): number {
    if (this.error !== null) return start;
    if (this.viewOf !== buf) {
      this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      this.viewOf = buf;
    }
    const view = this.view!;
    let pos = start;
    for (;;) {
      const avail = end - pos;
      if (avail < 12) { this.needed = 12; break; }
      const type = view.getUint32(pos, this.littleEndian);
      let le = this.littleEndian;
      if (type === SHB) {
        const magic = view.getUint32(pos + 8, true);
        if (magic === 0x1a2b3c4d) le = true;
        else if (magic === 0x4d3c2b1a) le = false;
        else { this.fail('bad-magic', pos - start, `section header has byte-order magic ${magic.toString(16).padStart(8, '0')}, expected 1a2b3c4d`); break; }
      } else if (!this.inSection) {
        this.fail('bad-block', pos - start, 'the file does not start with a section header block');
        break;
      }
      const len = view.getUint32(pos + 4, le);
      if (len < 12 || len % 4 !== 0 || len > MAX_PCAPNG_BLOCK) {
        const why = len < 12 ? 'less than 12' : len > MAX_PCAPNG_BLOCK ? `more than the maximum of ${MAX_PCAPNG_BLOCK}` : 'not a multiple of 4';
        this.fail('bad-block', pos - start, `block type 0x${type.toString(16)} claims a total length of ${len}, ${why}`);
        break;
      }
      if (avail < len) { this.needed = len; break; }
      const trailer = view.getUint32(pos + len - 4, le);
      if (trailer !== len) {
        this.fail('bad-block', pos - start, `block type 0x${type.toString(16)} has total length ${len} but its trailing copy says ${trailer}`);
        break;
      }
      const body = pos + 8;
      const bodyLen = len - 12;
      switch (type) {
        case EPB: this.packet(view, buf, body, bodyLen, sink, false); break;
        case SPB: this.simplePacket(view, buf, body, bodyLen, sink); break;
        case PB: this.packet(view, buf, body, bodyLen, sink, true); break;
        case IDB: this.interface(view, body, bodyLen, pos - start); break;
        case SHB: this.section(view, body, bodyLen, le, pos - start); break;
        default: break; // NRB, ISB, DSB, custom and future blocks carry nothing wiretop counts
      }
      if (this.error !== null) break;
      pos += len;
    }
    this.offset += pos - start;
    return pos;
  }

  finish(_buf: Uint8Array, start: number, end: number): void {
    const left = end - start;
    if (this.error !== null || left <= 0) return;
    this.error = left < 12
      ? { kind: 'truncated', message: `truncated: the file ends ${left} byte${left === 1 ? '' : 's'} into a block header` }
      : { kind: 'truncated', message: `truncated: the last block claims ${this.needed} bytes but the file ends after ${left}` };
  }

  private fail(kind: CaptureFileError['kind'], at: number, what: string): void {
    this.error = { kind, message: `pcapng block at offset ${this.offset + at}: ${what}` };
  }

  private section(view: DataView, body: number, bodyLen: number, le: boolean, at: number): void {
    if (bodyLen < 16) { this.fail('bad-block', at, `section header block body is ${bodyLen} bytes, less than 16`); return; }
    const major = view.getUint16(body + 4, le);
    const minor = view.getUint16(body + 6, le);
    if (major !== 1) {
      this.error = { kind: 'bad-version', message: `unsupported pcapng version ${major}.${minor}` };
      return;
    }
    this.littleEndian = le;
    this.inSection = true;
    this.ifaces = []; // interface ids are numbered per section
  }

  private interface(view: DataView, body: number, bodyLen: number, at: number): void {
    if (bodyLen < 8) { this.fail('bad-block', at, `interface description block body is ${bodyLen} bytes, less than 8`); return; }
    const le = this.littleEndian;
    let tsresol = 6;
    let tsOffset = 0;
    // Options: code, length, value padded to 4; every step advances at least 4 bytes.
    const optEnd = body + bodyLen;
    for (let o = body + 8; o + 4 <= optEnd;) {
      const code = view.getUint16(o, le);
      const olen = view.getUint16(o + 2, le);
      if (code === 0 || o + 4 + olen > optEnd) break;
      if (code === 9 && olen >= 1) tsresol = view.getUint8(o + 4);
      else if (code === 14 && olen >= 8) {
        const hi = view.getInt32(le ? o + 8 : o + 4, le);
        const lo = view.getUint32(le ? o + 4 : o + 8, le);
        tsOffset = hi * TWO_32 + lo;
      }
      o += 4 + ((olen + 3) & ~3);
    }
    const divisor = tsresol & 0x80 ? 2 ** (tsresol & 0x7f) : 10 ** tsresol;
    const tsMode = divisor <= 2 ** 20 ? TS_SMALL : divisor <= 2 ** 36 ? TS_LONG : TS_APPROX;
    this.ifaces.push({
      linktype: view.getUint16(body, le),
      snaplen: view.getUint32(body + 4, le),
      divisor,
      tsMode,
      tsOffset,
      seen: false,
    });
  }

  /** EPB (type 6) and the obsolete PB (type 2) share a layout but for a 16-bit interface id in PB. */
  private packet(view: DataView, buf: Uint8Array, body: number, bodyLen: number, sink: FrameSink, obsolete: boolean): void {
    const le = this.littleEndian;
    if (bodyLen < 20) { this.badRecords++; return; }
    const ifaceId = obsolete ? view.getUint16(body, le) : view.getUint32(body, le);
    const iface = this.ifaces[ifaceId];
    const caplen = view.getUint32(body + 12, le);
    if (iface === undefined || caplen > bodyLen - 20) { this.badRecords++; return; }
    const origlen = view.getUint32(body + 16, le);
    const ts = this.seconds(iface, view.getUint32(body + 4, le), view.getUint32(body + 8, le));
    this.lastTs = ts;
    this.deliver(iface, sink, buf, body + 20, caplen, origlen > caplen ? origlen : caplen, ts);
  }

  private simplePacket(view: DataView, buf: Uint8Array, body: number, bodyLen: number, sink: FrameSink): void {
    const iface = this.ifaces[0];
    if (iface === undefined || bodyLen < 4) { this.badRecords++; return; }
    const origlen = view.getUint32(body, this.littleEndian);
    let caplen = bodyLen - 4;
    if (origlen < caplen) caplen = origlen;
    if (iface.snaplen !== 0 && iface.snaplen < caplen) caplen = iface.snaplen;
    this.deliver(iface, sink, buf, body + 4, caplen, origlen, this.lastTs);
  }

  private deliver(iface: Iface, sink: FrameSink, buf: Uint8Array, at: number, caplen: number, wirelen: number, ts: number): void {
    if (!iface.seen) {
      iface.seen = true;
      if (!this.linktypes.includes(iface.linktype)) this.linktypes.push(iface.linktype);
    }
    sink.frame(iface.linktype, buf, at, caplen, wirelen, ts);
    this.packets++;
  }

  /**
   * Seconds for a 64-bit count of 1/divisor units, split into whole seconds and a remainder with
   * exact double arithmetic so the result matches pcap's `sec + frac / divisor` bit for bit.
   */
  private seconds(iface: Iface, high: number, low: number): number {
    const d = iface.divisor;
    if (iface.tsMode === TS_APPROX) return (high * TWO_32 + low) / d + iface.tsOffset;
    let qh = Math.floor(high / d);
    let rh = high - qh * d;
    if (rh < 0) { qh--; rh += d; } else if (rh >= d) { qh++; rh -= d; }
    let sec: number;
    let frac: number;
    if (iface.tsMode === TS_SMALL) {
      const rest = rh * TWO_32 + low;
      let q = Math.floor(rest / d);
      frac = rest - q * d;
      if (frac < 0) { q--; frac += d; } else if (frac >= d) { q++; frac -= d; }
      sec = qh * TWO_32 + q;
    } else {
      const cur1 = rh * 65536 + (low >>> 16);
      let q1 = Math.floor(cur1 / d);
      let r1 = cur1 - q1 * d;
      if (r1 < 0) { q1--; r1 += d; } else if (r1 >= d) { q1++; r1 -= d; }
      const cur2 = r1 * 65536 + (low & 0xffff);
      let q2 = Math.floor(cur2 / d);
      frac = cur2 - q2 * d;
      if (frac < 0) { q2--; frac += d; } else if (frac >= d) { q2++; frac -= d; }
      sec = qh * TWO_32 + q1 * 65536 + q2;
    }
    return sec + iface.tsOffset + frac / d;
  }
}
