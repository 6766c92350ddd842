// Builders for the less common link layers (802.11, radiotap, PPI, token ring, pflog, Frame Relay, SLIP) in test frames.
//
// Like frames.ts, each returns a fresh Uint8Array and nests like the stack, e.g.
//   radiotap({ flags: RadiotapFlag.FCS }, dot11({ toDs: true }, llcSnap({}, ipv4())))
// Defaults give a valid frame; every field a test may want to forge can be overridden.
import { crc32 } from 'node:zlib';
import { concat, fill, macAddress } from './frames.js';

type ByteSource = Uint8Array | readonly number[];

function le16(v: number): number[] {
  return [v & 0xff, (v >>> 8) & 0xff];
}

function le32(v: number): number[] {
  return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
}

function be16(v: number): number[] {
  return [(v >>> 8) & 0xff, v & 0xff];
}

function be32(v: number): number[] {
  return [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
}

/** The IEEE 802.3 CRC-32 of `data`, as the 4 FCS bytes that end an 802.11 or Ethernet frame (little-endian). */
export function fcsOf(data: Uint8Array): number[] {
  return le32(crc32(data));
}

// ---------------------------------------------------------------- 802.11

export const Dot11Type = { MANAGEMENT: 0, CONTROL: 1, DATA: 2, EXTENSION: 3 } as const;
/** Data subtypes used by the tests. */
export const Dot11Subtype = { DATA: 0, NULL: 4, QOS_DATA: 8, QOS_NULL: 12, BEACON: 8, ACK: 13 } as const;

export interface Dot11Options {
  version?: number;
  /** Default DATA. */
  type?: number;
  /** Default QOS_DATA for data frames, 0 otherwise. */
  subtype?: number;
  toDs?: boolean; fromDs?: boolean; moreFragments?: boolean; retry?: boolean; protected?: boolean;
  /** The Order / +HTC bit: with a QoS data frame, a 4-byte HT Control field is written. */
  order?: boolean;
  /** Address 1 (receiver), 2 (transmitter), 3, 4 (only written when both DS bits are set). */
  addr1?: string; addr2?: string; addr3?: string; addr4?: string;
  sequence?: number; fragment?: number;
  /** QoS Control (16-bit, little-endian on the wire); 0x0080 is A-MSDU present. */
  qosControl?: number;
  /** Zero bytes after the header up to a multiple of 4 (what radiotap's DATAPAD flag announces). */
  dataPad?: boolean;
  /** Append the FCS (CRC-32 over header and body). */
  fcs?: boolean;
}

function isQos(o: Dot11Options): boolean {
  return (o.type ?? Dot11Type.DATA) === Dot11Type.DATA && ((o.subtype ?? Dot11Subtype.QOS_DATA) & 0x08) !== 0;
}

/** An 802.11 frame around `body` (default a QoS data frame 02:00:00:00:00:01 → 02:00:00:00:00:02, no DS bits). */
export function dot11(o: Dot11Options, body: Uint8Array): Uint8Array {
  const type = o.type ?? Dot11Type.DATA;
  const subtype = o.subtype ?? (type === Dot11Type.DATA ? Dot11Subtype.QOS_DATA : 0);
  const flags = (o.toDs ? 0x01 : 0) | (o.fromDs ? 0x02 : 0) | (o.moreFragments ? 0x04 : 0) | (o.retry ? 0x08 : 0) |
    (o.protected ? 0x40 : 0) | (o.order ? 0x80 : 0);
  const qos = isQos(o);
  const header = concat(
    [((subtype & 0x0f) << 4) | ((type & 0x03) << 2) | ((o.version ?? 0) & 0x03), flags],
    le16(0x002c), // duration
    macAddress(o.addr1 ?? '02:00:00:00:00:02'),
    macAddress(o.addr2 ?? '02:00:00:00:00:01'),
    macAddress(o.addr3 ?? '02:00:00:00:00:03'),
    le16(((o.sequence ?? 1) << 4) | ((o.fragment ?? 0) & 0x0f)),
    o.toDs && o.fromDs ? macAddress(o.addr4 ?? '02:00:00:00:00:04') : [],
    qos ? le16(o.qosControl ?? 0) : [],
    qos && o.order ? [0, 0, 0, 0] : [],
  );
  const padded = o.dataPad ? concat(header, fill((4 - (header.length % 4)) % 4)) : header;
  const frame = concat(padded, body);
  return o.fcs ? concat(frame, fcsOf(frame)) : frame;
}

// ---------------------------------------------------------------- radiotap

/** Radiotap Flags field bits. */
export const RadiotapFlag = { SHORT_PREAMBLE: 0x02, WEP: 0x04, FRAGMENT: 0x08, FCS: 0x10, DATA_PAD: 0x20, BAD_FCS: 0x40 } as const;

export interface RadiotapOptions {
  version?: number;
  /** TSFT field (bit 0), 8 bytes aligned to 8. */
  tsft?: boolean;
  /** Flags field (bit 1): written when given. */
  flags?: number;
  /** Rate (bit 2), Channel (bit 3, 2 × u16), antenna signal (bit 5), antenna (bit 11), RX flags (bit 14, u16). */
  rate?: number; channel?: readonly [number, number]; antSignal?: number; antenna?: number; rxFlags?: number;
  /** More present words after the first (bit 31 is set on every word but the last); their fields are `extraFields`. */
  extraPresent?: readonly number[];
  extraFields?: ByteSource;
  /** Extra bits ORed into the first present word (e.g. 1 << 29, 1 << 30) without fields of ours. */
  firstWordBits?: number;
  /** Forge it_len (default: the real length). */
  length?: number;
}

/** A radiotap header (fields aligned as the standard says, from the header's start) followed by `frame`. */
export function radiotap(o: RadiotapOptions, frame: Uint8Array): Uint8Array {
  const extra = o.extraPresent ?? [];
  let present = o.firstWordBits ?? 0;
  const fields: number[] = [];
  const wordsEnd = 8 + 4 * extra.length;
  const align = (n: number): void => {
    while ((wordsEnd + fields.length) % n !== 0) fields.push(0);
  };
  if (o.tsft) { present |= 1 << 0; align(8); fields.push(1, 2, 3, 4, 5, 6, 7, 8); }
  if (o.flags !== undefined) { present |= 1 << 1; fields.push(o.flags); }
  if (o.rate !== undefined) { present |= 1 << 2; fields.push(o.rate); }
  if (o.channel !== undefined) { present |= 1 << 3; align(2); fields.push(...le16(o.channel[0]), ...le16(o.channel[1])); }
  if (o.antSignal !== undefined) { present |= 1 << 5; fields.push(o.antSignal & 0xff); }
  if (o.antenna !== undefined) { present |= 1 << 11; fields.push(o.antenna); }
  if (o.rxFlags !== undefined) { present |= 1 << 14; align(2); fields.push(...le16(o.rxFlags)); }
  const words = [present, ...extra].map((w, i, all) => (i < all.length - 1 ? (w | 0x80000000) >>> 0 : w >>> 0));
  const body = concat(...words.map(le32), fields, o.extraFields ?? []);
  return concat([o.version ?? 0, 0], le16(o.length ?? 4 + body.length), body, frame);
}

// ---------------------------------------------------------------- PPI

export interface PpiField { type: number; data: ByteSource }

/** The 20-byte 802.11-Common field; flags 0x0001 FCS present, 0x0004 FCS error. */
export function ppi80211Common(flags = 0): PpiField {
  return { type: 2, data: concat(fill(8), le16(flags), le16(108), le16(2437), le16(0x00a0), [0, 0, 0xc0, 0xa0]) };
}

/** A PPI header (default DLT 105, one 802.11-Common field) followed by `packet`. */
export function ppi(o: { dlt?: number; fields?: readonly PpiField[]; aligned?: boolean; length?: number; version?: number }, packet: Uint8Array): Uint8Array {
  const parts: number[] = [];
  for (const f of o.fields ?? [ppi80211Common()]) {
    parts.push(...le16(f.type), ...le16(f.data.length), ...f.data);
    if (o.aligned) while ((8 + parts.length) % 4 !== 0) parts.push(0);
  }
  return concat([o.version ?? 0, o.aligned ? 1 : 0], le16(o.length ?? 8 + parts.length), le32(o.dlt ?? 105), parts, packet);
}

// ---------------------------------------------------------------- token ring

/** An 802.5 frame: access control, frame control (0x40 = LLC), MACs, then the routing field when given. */
export function tokenRing(o: { frameControl?: number; src?: string; dst?: string; rif?: ByteSource }, llcPdu: Uint8Array): Uint8Array {
  const src = macAddress(o.src ?? '02:00:00:00:00:01');
  if (o.rif !== undefined) src[0] = (src[0] ?? 0) | 0x80; // routing information indicator
  return concat([0x10, o.frameControl ?? 0x40], macAddress(o.dst ?? '02:00:00:00:00:02'), src, o.rif ?? [], llcPdu);
}

// ---------------------------------------------------------------- pflog

/** Address families as pf writes them. */
export const PfAf = { INET: 2, INET6_OPENBSD: 24, INET6_FREEBSD: 28, INET6_DARWIN: 30 } as const;

/** A pflog header: the length byte (default 61: NetBSD/macOS/older BSDs), af, rule fields, dir; padded to 4. */
export function pflog(o: { length?: number; af?: number; dir?: number; ifname?: string; padTo?: number }, packet: Uint8Array): Uint8Array {
  const length = o.length ?? 61;
  const ifname = fill(16);
  ifname.set(new TextEncoder().encode(o.ifname ?? 'em0').slice(0, 15));
  const fixed = concat([length, o.af ?? PfAf.INET, 0, 0], ifname, fill(16), be32(3), be32(0xffffffff), be32(0), be32(0), be32(0), be32(0), [o.dir ?? 1]);
  const header = concat(fixed, fill(Math.max(0, (o.padTo ?? ((length + 3) & ~3)) - fixed.length)));
  return concat(header, packet);
}

// ---------------------------------------------------------------- Frame Relay

export interface FrameRelayOptions {
  dlci?: number;
  /** Q.922 address length: 2 (default), 3 or 4 bytes. */
  addressBytes?: 2 | 3 | 4;
  /** 'nlpid' (RFC 2427: UI, NLPID), 'cisco' (EtherType after the address). Default 'nlpid'. */
  encapsulation?: 'nlpid' | 'cisco';
  /** The pad byte before the NLPID. */
  pad?: boolean;
  nlpid?: number;
  /** Cisco encapsulation's EtherType. */
  etherType?: number;
  control?: number;
}

/** The Q.922 address for a DLCI (10, 16 or 23 bits), EA set on the last byte only. */
function q922(dlci: number, bytes: 2 | 3 | 4): number[] {
  if (bytes === 2) return [((dlci >> 4) & 0x3f) << 2, ((dlci & 0x0f) << 4) | 0x01];
  if (bytes === 3) return [((dlci >> 10) & 0x3f) << 2, ((dlci >> 6) & 0x0f) << 4, ((dlci & 0x3f) << 2) | 0x01];
  return [((dlci >> 17) & 0x3f) << 2, ((dlci >> 13) & 0x0f) << 4, ((dlci >> 6) & 0x7f) << 1, ((dlci & 0x3f) << 2) | 0x01];
}

export function frameRelay(o: FrameRelayOptions, payload: Uint8Array): Uint8Array {
  const address = q922(o.dlci ?? 100, o.addressBytes ?? 2);
  if (o.encapsulation === 'cisco') return concat(address, be16(o.etherType ?? 0x0800), payload);
  return concat(address, [o.control ?? 0x03], o.pad ? [0] : [], [o.nlpid ?? 0xcc], payload);
}

/** RFC 2427 SNAP after NLPID 0x80: OUI and PID (routed: OUI 0 with an EtherType PID). */
export function frSnap(oui: number, pid: number, payload: Uint8Array): Uint8Array {
  return concat([(oui >> 16) & 0xff, (oui >> 8) & 0xff, oui & 0xff], be16(pid), payload);
}

// ---------------------------------------------------------------- SLIP

/** BSD's 16-byte SLIP pseudo-header: direction (0 in, 1 out), then the compressed-header bytes (TYPE_IP 0x40). */
export function slip(o: { direction?: number; chdr?: ByteSource }, packet: Uint8Array): Uint8Array {
  const chdr = concat(o.chdr ?? [0x40], fill(15));
  return concat([o.direction ?? 0], chdr.slice(0, 15), packet);
}
