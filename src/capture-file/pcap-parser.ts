// Incremental reader for classic pcap files (µs, ns and "modified" variants, either byte order).
import type { CaptureFileError, CaptureFileParser } from './capture-file.js';
import type { FrameSink } from './frame-sink.js';

/** libpcap's MAXIMUM_SNAPLEN: a record claiming more is treated as a corrupt (or hostile) file. */
export const MAX_PCAP_RECORD = 262144;

const FILE_HEADER = 24;

/** Versions 2.0–2.2 wrote caplen and len the other way round; 2.3 did on some systems. */
const LENGTHS_NORMAL = 0;
const LENGTHS_SWAPPED = 1;
const LENGTHS_MAYBE_SWAPPED = 2;

export class PcapParser implements CaptureFileParser {
  needed = FILE_HEADER;
  error: CaptureFileError | null = null;
  packets = 0;
  badRecords = 0;
  linktypes: number[] = [];

  private headerDone = false;
  private littleEndian = true;
  private recordHeader = 16;
  private divisor = 1e6;
  private linktype = 0;
  private lengthOrder = LENGTHS_NORMAL;
  /** File offset of the next unconsumed byte, for messages. */
  private offset = 0;
  private view: DataView | null = null;
  private viewOf: Uint8Array | null = null;

  parse(buf: Uint8Array, start: number, end: number, sink: FrameSink): number {
    if (this.error !== null) return start;
    let pos = start;
    if (!this.headerDone) {
      if (end - pos < FILE_HEADER) { this.needed = FILE_HEADER; return pos; }
      if (!this.readFileHeader(buf, pos)) return pos;
      pos += FILE_HEADER;
    }
    if (this.viewOf !== buf) {
      this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      this.viewOf = buf;
    }
    const view = this.view!;
    const le = this.littleEndian;
    const hdr = this.recordHeader;
    const divisor = this.divisor;
    const linktype = this.linktype;
    const order = this.lengthOrder;
    let packets = this.packets;
    for (;;) {
      const avail = end - pos;
      if (avail < hdr) { this.needed = hdr; break; }
      let incl = view.getUint32(pos + 8, le);
      let orig = view.getUint32(pos + 12, le);
      if (order !== LENGTHS_NORMAL && (order === LENGTHS_SWAPPED || incl > orig)) {
        const t = incl; incl = orig; orig = t;
      }
      if (incl > MAX_PCAP_RECORD) {
        this.error = {
          kind: 'record-too-large',
          message: `record ${packets + 1} at offset ${this.offset + pos - start} claims ${incl} captured bytes, more than the maximum of ${MAX_PCAP_RECORD}`,
        };
        break;
      }
      if (avail < hdr + incl) { this.needed = hdr + incl; break; }
      const ts = view.getUint32(pos, le) + view.getUint32(pos + 4, le) / divisor;
      sink.frame(linktype, buf, pos + hdr, incl, orig > incl ? orig : incl, ts);
      packets++;
      pos += hdr + incl;
    }
    if (packets > 0 && this.linktypes.length === 0) this.linktypes.push(linktype);
    this.packets = packets;
    this.offset += pos - start;
    return pos;
  }

  finish(buf: Uint8Array, start: number, end: number): void {
    const left = end - start;
    if (this.error !== null || left <= 0) return;
    if (!this.headerDone) {
      this.error = { kind: 'truncated', message: `truncated: the file ends ${left} bytes into the ${FILE_HEADER}-byte pcap file header` };
    } else if (left < this.recordHeader) {
      this.error = {
        kind: 'truncated',
        message: `truncated: the file ends ${left} byte${left === 1 ? '' : 's'} into the ${this.recordHeader}-byte header of record ${this.packets + 1}`,
      };
    } else {
      const view = new DataView(buf.buffer, buf.byteOffset + start, left);
      let claimed = view.getUint32(8, this.littleEndian);
      const orig = view.getUint32(12, this.littleEndian);
      if (this.lengthOrder === LENGTHS_SWAPPED || (this.lengthOrder === LENGTHS_MAYBE_SWAPPED && claimed > orig)) claimed = orig;
      this.error = {
        kind: 'truncated',
        message: `truncated: the last record claims ${claimed} bytes but the file ends after ${left - this.recordHeader}`,
      };
    }
  }

  private readFileHeader(buf: Uint8Array, pos: number): boolean {
    const view = new DataView(buf.buffer, buf.byteOffset + pos, FILE_HEADER);
    const magic = view.getUint32(0, true);
    let le = true;
    switch (magic) {
      case 0xa1b2c3d4: break;
      case 0xd4c3b2a1: le = false; break;
      case 0xa1b23c4d: this.divisor = 1e9; break;
      case 0x4d3cb2a1: this.divisor = 1e9; le = false; break;
      case 0xa1b2cd34: this.recordHeader = 24; break;
      case 0x34cdb2a1: this.recordHeader = 24; le = false; break;
      default:
        this.error = { kind: 'bad-magic', message: `not a pcap file (magic ${magic.toString(16).padStart(8, '0')})` };
        return false;
    }
    this.littleEndian = le;
    const major = view.getUint16(4, le);
    const minor = view.getUint16(6, le);
    // Same acceptance as libpcap: 2.0–2.4, plus DG/UX tcpdump's 543.0.
    if (!((major === 2 && minor <= 4) || (major === 543 && minor === 0))) {
      this.error = { kind: 'bad-version', message: `unsupported pcap version ${major}.${minor}` };
      return false;
    }
    if (major === 2 && minor < 3) this.lengthOrder = LENGTHS_SWAPPED;
    else if (major === 2 && minor === 3) this.lengthOrder = LENGTHS_MAYBE_SWAPPED;
    // Only the low 16 bits name the link type; the upper ones carry FCS length and flags.
    this.linktype = view.getUint32(20, le) & 0xffff;
    this.headerDone = true;
    return true;
  }
}
