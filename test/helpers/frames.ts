// Readable builders for test frames (link layers, IPv4/IPv6, TCP/UDP/ICMP) with correct checksums.
//
// Every builder returns a fresh Uint8Array and nests like the protocol stack, e.g.
//   ethernet({ vlan: [42] }, ipv4({ src: '192.0.2.1', dst: '192.0.2.2', proto: 'tcp', dstPort: 443 }))
// Defaults give a valid packet; every field that a test may want to forge can be overridden.
// Checksums are computed (IPv4 header; TCP/UDP/ICMP/ICMPv6 when the IP builder made the segment),
// so frames can also be injected on real interfaces.
import { isIPv4, isIPv6 } from 'node:net';

type ByteSource = Uint8Array | readonly number[];

// ---------------------------------------------------------------- bytes and addresses

/** Joins byte sequences. */
export function concat(...parts: readonly ByteSource[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Hex text to bytes; whitespace, `:` and comments (`#` or `//` to end of line) are ignored. */
export function hex(text: string): Uint8Array {
  const digits = text.replace(/(#|\/\/).*$/gm, '').replace(/[\s:]/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(digits)) throw new Error(`hex(): odd length or bad digit in ${JSON.stringify(text)}`);
  return Uint8Array.from(digits.match(/../g) ?? [], (h) => parseInt(h, 16));
}

/** A run of n bytes of one value (zeros by default). */
export function fill(n: number, value = 0): Uint8Array {
  return new Uint8Array(n).fill(value);
}

function be16(v: number): number[] {
  return [(v >>> 8) & 0xff, v & 0xff];
}

function be32(v: number): number[] {
  return [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
}

export function ipv4Address(text: string): Uint8Array {
  if (!isIPv4(text)) throw new Error(`not an IPv4 address: ${text}`);
  return Uint8Array.from(text.split('.'), Number);
}

export function ipv6Address(text: string): Uint8Array {
  if (!isIPv6(text)) throw new Error(`not an IPv6 address: ${text}`);
  // An embedded dotted quad (::ffff:192.0.2.1) becomes two hex groups.
  const s = text.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_m, a: string, b: string, c: string, d: string) =>
    `${((+a << 8) | +b).toString(16)}:${((+c << 8) | +d).toString(16)}`);
  const [head = '', tail] = s.split('::');
  const groups = (part: string): number[] => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const h = groups(head);
  const t = tail === undefined ? [] : groups(tail);
  const all = [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t];
  return Uint8Array.from(all.flatMap(be16));
}

/** '02:00:00:00:00:01' (or '-' separated) to 6 bytes. */
export function macAddress(text: string): Uint8Array {
  const parts = text.split(/[:-]/);
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{1,2}$/.test(p))) throw new Error(`not a MAC: ${text}`);
  return Uint8Array.from(parts, (p) => parseInt(p, 16));
}

/** RFC 1071 one's-complement sum over the parts, folded and complemented. */
export function internetChecksum(...parts: readonly ByteSource[]): number {
  const bytes = concat(...parts);
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2) sum += ((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

// ---------------------------------------------------------------- transport

export const IpProto = { ICMP: 1, IPIP: 4, TCP: 6, UDP: 17, IPV6: 41, GRE: 47, ESP: 50, AH: 51, ICMPV6: 58, NONE: 59 } as const;
export type TransportName = 'tcp' | 'udp' | 'icmp' | 'icmpv6';
const PROTO_BY_NAME: Record<TransportName, number> = { tcp: 6, udp: 17, icmp: 1, icmpv6: 58 };

function protoNumber(p: TransportName | number): number {
  return typeof p === 'number' ? p : PROTO_BY_NAME[p];
}

/** Application bytes: `data` if given, else `dataLength` bytes of 0x61 ('a'). */
interface DataOptions { data?: Uint8Array; dataLength?: number }
function dataOf(o: DataOptions): Uint8Array {
  return o.data ?? fill(o.dataLength ?? 0, 0x61);
}

export interface TcpOptions extends DataOptions {
  srcPort?: number; dstPort?: number; seq?: number; ack?: number;
  /** Flag bits (default 0x18 = PSH|ACK). */
  flags?: number; window?: number;
  /** Forge the data offset (default: header words incl. options). */
  dataOffset?: number; options?: ByteSource; checksum?: number;
}

/** A TCP segment; checksum 0 unless given (ipv4()/ipv6() fill it in when they build the segment). */
export function tcp(o: TcpOptions = {}): Uint8Array {
  const options = concat(o.options ?? [], fill((4 - ((o.options?.length ?? 0) % 4)) % 4));
  const words = o.dataOffset ?? 5 + options.length / 4;
  return concat(be16(o.srcPort ?? 40000), be16(o.dstPort ?? 80), be32(o.seq ?? 1), be32(o.ack ?? 0),
    [(words & 0x0f) << 4, o.flags ?? 0x18], be16(o.window ?? 65535), be16(o.checksum ?? 0), be16(0), options, dataOf(o));
}

export interface UdpOptions extends DataOptions { srcPort?: number; dstPort?: number; length?: number; checksum?: number }

/** A UDP datagram; `length` forges the Length field. */
export function udp(o: UdpOptions = {}): Uint8Array {
  const data = dataOf(o);
  return concat(be16(o.srcPort ?? 40000), be16(o.dstPort ?? 9), be16(o.length ?? 8 + data.length), be16(o.checksum ?? 0), data);
}

export interface IcmpOptions extends DataOptions { type?: number; code?: number; id?: number; seq?: number }

/** ICMP (default echo request, type 8) with its checksum. For ICMPv6 use icmpv6() via ipv6(). */
export function icmp(o: IcmpOptions = {}): Uint8Array {
  const m = concat([o.type ?? 8, o.code ?? 0], be16(0), be16(o.id ?? 1), be16(o.seq ?? 1), dataOf(o));
  m.set(be16(internetChecksum(m)), 2);
  return m;
}

/** ICMPv6 (default echo request, type 128); ipv6() fills the checksum, which covers a pseudo-header. */
export function icmpv6(o: IcmpOptions = {}): Uint8Array {
  return concat([o.type ?? 128, o.code ?? 0], be16(0), be16(o.id ?? 1), be16(o.seq ?? 1), dataOf(o));
}

interface SegmentOptions extends DataOptions { srcPort?: number; dstPort?: number }

/** Builds the upper-layer message for `proto`; null for protocols we have no builder for. */
function buildSegment(proto: number, o: SegmentOptions): Uint8Array | null {
  const ports = { ...(o.srcPort === undefined ? {} : { srcPort: o.srcPort }), ...(o.dstPort === undefined ? {} : { dstPort: o.dstPort }) };
  const data = { data: dataOf(o) };
  if (proto === 6) return tcp({ ...ports, ...data });
  if (proto === 17) return udp({ ...ports, ...data });
  if (proto === 1) return icmp(data);
  if (proto === 58) return icmpv6(data);
  return null;
}

/** Writes the pseudo-header checksum into a TCP/UDP/ICMPv6 segment the IP builder made. */
function fillChecksum(proto: number, pseudo: ByteSource, segment: Uint8Array): void {
  const at = proto === 6 ? 16 : proto === 17 ? 6 : proto === 58 ? 2 : -1;
  if (at < 0) return;
  const sum = internetChecksum(pseudo, segment);
  segment.set(be16(proto === 17 && sum === 0 ? 0xffff : sum), at);
}

// ---------------------------------------------------------------- IPv4

export interface Ipv4Options extends SegmentOptions {
  src?: string; dst?: string;
  /** Protocol (default 'udp'). tcp/udp/icmp build a transport header from ports and data. */
  proto?: TransportName | number;
  /** The whole IP payload, used as is instead of a built transport header. */
  payload?: Uint8Array;
  /** Forge Total Length (default: the real length). */
  totalLength?: number;
  /** Forge IHL (default: 5 + option words); the header actually built is not changed. */
  ihl?: number; version?: number;
  /** Option bytes, padded with zeros (End of Options) to a multiple of 4. */
  options?: ByteSource;
  /** Fragment offset in 8-byte units, as in the header. */
  fragOffset?: number; mf?: boolean; df?: boolean;
  id?: number; ttl?: number; tos?: number;
  /** Forge the header checksum (default: computed). */
  checksum?: number;
}

/** An IPv4 packet (default 10.0.0.1 → 10.0.0.2, UDP 40000 → 9, no data). */
export function ipv4(o: Ipv4Options = {}): Uint8Array {
  const src = ipv4Address(o.src ?? '10.0.0.1');
  const dst = ipv4Address(o.dst ?? '10.0.0.2');
  const proto = protoNumber(o.proto ?? 'udp');
  const options = concat(o.options ?? [], fill((4 - ((o.options?.length ?? 0) % 4)) % 4));
  let payload = o.payload;
  if (payload === undefined) {
    const built = buildSegment(proto, o) ?? dataOf(o);
    fillChecksum(proto, concat(src, dst, [0, proto], be16(built.length)), built);
    payload = built;
  }
  const headerLength = 20 + options.length;
  const flags = (o.df ? 0x4000 : 0) | (o.mf ? 0x2000 : 0) | ((o.fragOffset ?? 0) & 0x1fff);
  const header = concat(
    [((o.version ?? 4) << 4) | ((o.ihl ?? headerLength / 4) & 0x0f), o.tos ?? 0],
    be16(o.totalLength ?? headerLength + payload.length), be16(o.id ?? 1), be16(flags),
    [o.ttl ?? 64, proto], be16(0), src, dst, options,
  );
  header.set(be16(o.checksum ?? internetChecksum(header)), 10);
  return concat(header, payload);
}

// ---------------------------------------------------------------- IPv6

export type Ipv6ExtName = 'hbh' | 'routing' | 'fragment' | 'ah' | 'dstopts' | 'mobility' | 'hip' | 'shim6';
const EXT_BY_NAME: Record<Ipv6ExtName, number> = { hbh: 0, routing: 43, fragment: 44, ah: 51, dstopts: 60, mobility: 135, hip: 139, shim6: 140 };

export interface Ipv6ExtHeader {
  type: Ipv6ExtName | number;
  /** The Hdr Ext Len byte (default 0): size (len+1)×8, or (len+2)×4 for AH; ignored for fragment. */
  len?: number;
  /** Fragment header: offset in 8-byte units and the M flag. */
  fragOffset?: number; more?: boolean;
  /** Forge this header's Next Header (default: the following header's type). */
  nextHeader?: number;
  /** Bytes written after the first two (e.g. routing type and segments left); the rest is zero. */
  body?: ByteSource;
}

export interface Ipv6Options extends SegmentOptions {
  src?: string; dst?: string;
  /** Upper-layer protocol after the extension headers (default 'udp'). */
  nextHeader?: TransportName | number;
  extHeaders?: readonly Ipv6ExtHeader[];
  /** Everything after the extension headers, used as is instead of a built transport header. */
  payload?: Uint8Array;
  /** Forge Payload Length (default: the real length). */
  payloadLength?: number;
  /** Forge the fixed header's Next Header (default: first extension header or nextHeader). */
  firstNextHeader?: number;
  hopLimit?: number; trafficClass?: number; flowLabel?: number; version?: number;
}

function extensionBytes(h: Ipv6ExtHeader, following: number): Uint8Array {
  const type = typeof h.type === 'number' ? h.type : EXT_BY_NAME[h.type];
  const len = h.len ?? 0;
  const size = type === 44 ? 8 : type === 51 ? (len + 2) * 4 : (len + 1) * 8;
  const bytes = fill(size);
  bytes.set([h.nextHeader ?? following, type === 44 ? 0 : len]);
  if (type === 44) bytes.set(be16(((h.fragOffset ?? 0) << 3) | (h.more ? 1 : 0)), 2);
  if (h.body !== undefined) bytes.set(h.body.slice(0, size - 2), 2);
  return bytes;
}

/** An IPv6 packet (default 2001:db8::1 → 2001:db8::2, UDP 40000 → 9, no data). */
export function ipv6(o: Ipv6Options = {}): Uint8Array {
  const src = ipv6Address(o.src ?? '2001:db8::1');
  const dst = ipv6Address(o.dst ?? '2001:db8::2');
  const upper = protoNumber(o.nextHeader ?? 'udp');
  let payload = o.payload;
  if (payload === undefined) {
    const built = buildSegment(upper, o) ?? dataOf(o);
    fillChecksum(upper, concat(src, dst, be32(built.length), [0, 0, 0, upper]), built);
    payload = built;
  }
  const exts = o.extHeaders ?? [];
  const types = exts.map((h) => (typeof h.type === 'number' ? h.type : EXT_BY_NAME[h.type]));
  const chain = exts.map((h, i) => extensionBytes(h, types[i + 1] ?? upper));
  const body = concat(...chain, payload);
  const word0 = (((o.version ?? 6) & 0xf) << 28) | ((o.trafficClass ?? 0) << 20) | ((o.flowLabel ?? 0) & 0xfffff);
  return concat(be32(word0), be16(o.payloadLength ?? body.length), [o.firstNextHeader ?? types[0] ?? upper, o.hopLimit ?? 64], src, dst, body);
}

// ---------------------------------------------------------------- link layers

export const EtherTypes = { IPV4: 0x0800, ARP: 0x0806, VLAN: 0x8100, QINQ: 0x88a8, QINQ_LEGACY: 0x9100, IPV6: 0x86dd, MPLS: 0x8847, PPPOE_SESSION: 0x8864, LLDP: 0x88cc } as const;

/** The EtherType for an IP packet, told by its version nibble; throws for anything else. */
function etherTypeOf(payload: Uint8Array, what: string): number {
  const v = (payload[0] ?? 0) >> 4;
  if (v === 4) return EtherTypes.IPV4;
  if (v === 6) return EtherTypes.IPV6;
  throw new Error(`${what}: payload is not IPv4/IPv6, pass the type explicitly`);
}

export interface VlanTag { id: number; pcp?: number; dei?: boolean; tpid?: number }

export interface EthernetOptions {
  src?: string; dst?: string;
  /** Tags, outermost first: VLAN ids, or tags with their own TPID (0x88a8 for QinQ). */
  vlan?: readonly (number | VlanTag)[];
  /** Default: from the payload's IP version. A value ≤ 1500 makes an 802.3 length. */
  etherType?: number;
  /** Pad the frame with zeros to this many bytes (60 = Ethernet minimum without FCS). */
  padTo?: number;
}

/** An Ethernet II frame (default 02:00:00:00:00:01 → 02:00:00:00:00:02). */
export function ethernet(o: EthernetOptions, payload: Uint8Array): Uint8Array {
  const tags = (o.vlan ?? []).map((t) => (typeof t === 'number' ? { id: t } : t));
  const innerType = o.etherType ?? etherTypeOf(payload, 'ethernet()');
  const types = [...tags.map((t) => t.tpid ?? EtherTypes.VLAN), innerType];
  const tagBytes = tags.map((t, i) =>
    concat(be16(((t.pcp ?? 0) << 13) | (t.dei ? 0x1000 : 0) | (t.id & 0xfff)), be16(types[i + 1] ?? innerType)));
  const frame = concat(macAddress(o.dst ?? '02:00:00:00:00:02'), macAddress(o.src ?? '02:00:00:00:00:01'),
    be16(types[0] ?? innerType), ...tagBytes, payload);
  return frame.length >= (o.padTo ?? 0) ? frame : concat(frame, fill((o.padTo ?? 0) - frame.length));
}

/** An IEEE 802.3 frame: the EtherType slot holds the length of the LLC PDU that follows. */
export function ethernet8023(o: Omit<EthernetOptions, 'etherType'>, llcPdu: Uint8Array): Uint8Array {
  return ethernet({ ...o, etherType: llcPdu.length }, llcPdu);
}

/** LLC/SNAP (AA AA 03, OUI, EtherType) around a payload; OUI 0 = RFC 1042 encapsulation. */
export function llcSnap(o: { etherType?: number; oui?: number }, payload: Uint8Array): Uint8Array {
  const oui = o.oui ?? 0;
  return concat([0xaa, 0xaa, 0x03, (oui >>> 16) & 0xff, (oui >>> 8) & 0xff, oui & 0xff],
    be16(o.etherType ?? etherTypeOf(payload, 'llcSnap()')), payload);
}

/** A plain 802.2 LLC header (e.g. 0x42 0x42 0x03 for spanning tree). */
export function llc(dsap: number, ssap: number, control: number, payload: Uint8Array): Uint8Array {
  return concat([dsap, ssap, control], payload);
}

export interface MplsLabel { label: number; tc?: number; ttl?: number; bos?: boolean }

/** An MPLS label stack, outermost first; bottom-of-stack is set on the last unless given. */
export function mpls(labels: readonly (number | MplsLabel)[], payload: Uint8Array): Uint8Array {
  const entries = labels.map((l, i) => {
    const e = typeof l === 'number' ? { label: l } : l;
    const bos = e.bos ?? i === labels.length - 1;
    return be32(((e.label & 0xfffff) << 12) | ((e.tc ?? 0) << 9) | (bos ? 0x100 : 0) | (e.ttl ?? 64));
  });
  return concat(...entries, payload);
}

/** PPP protocol number for an IP packet: 0x0021 IPv4, 0x0057 IPv6. */
function pppProtocolOf(payload: Uint8Array, what: string): number {
  return etherTypeOf(payload, what) === EtherTypes.IPV4 ? 0x0021 : 0x0057;
}

/** PPPoE session stage header + PPP protocol (put it under ethernet({etherType: 0x8864})). */
export function pppoeSession(o: { sessionId?: number; pppProtocol?: number; verType?: number; code?: number }, payload: Uint8Array): Uint8Array {
  return concat([o.verType ?? 0x11, o.code ?? 0], be16(o.sessionId ?? 1), be16(payload.length + 2),
    be16(o.pppProtocol ?? pppProtocolOf(payload, 'pppoeSession()')), payload);
}

/** LINKTYPE_PPP: FF 03 framing unless addressControl is false; protocol 1 byte if compressed. */
export function ppp(o: { addressControl?: boolean; protocol?: number; compressProtocol?: boolean }, payload: Uint8Array): Uint8Array {
  const protocol = o.protocol ?? pppProtocolOf(payload, 'ppp()');
  return concat(o.addressControl === false ? [] : [0xff, 0x03], o.compressProtocol ? [protocol & 0xff] : be16(protocol), payload);
}

/** LINKTYPE_C_HDLC: address (0x0F unicast), control 0, EtherType. */
export function ciscoHdlc(o: { address?: number; etherType?: number }, payload: Uint8Array): Uint8Array {
  return concat([o.address ?? 0x0f, 0x00], be16(o.etherType ?? etherTypeOf(payload, 'ciscoHdlc()')), payload);
}

/** Linux packet types as used in SLL/SLL2 headers. */
export const PacketType = { HOST: 0, BROADCAST: 1, MULTICAST: 2, OTHERHOST: 3, OUTGOING: 4 } as const;

export interface SllOptions {
  /** Default PacketType.HOST (incoming). */
  packetType?: number; hatype?: number; halen?: number;
  /** Link address (MAC text or bytes), zero-padded to 8. */
  addr?: string | Uint8Array;
  /** Default: EtherType from the payload's IP version. */
  protocol?: number;
  /** SLL2 only. */
  ifindex?: number;
}

function sllAddress(o: SllOptions): Uint8Array {
  const a = o.addr === undefined ? macAddress('02:00:00:00:00:01') : typeof o.addr === 'string' ? macAddress(o.addr) : o.addr;
  return concat(a.slice(0, 8), fill(Math.max(0, 8 - a.length)));
}

/** LINKTYPE_LINUX_SLL: 16-byte cooked header. */
export function sll(o: SllOptions, payload: Uint8Array): Uint8Array {
  return concat(be16(o.packetType ?? PacketType.HOST), be16(o.hatype ?? 1), be16(o.halen ?? 6), sllAddress(o),
    be16(o.protocol ?? etherTypeOf(payload, 'sll()')), payload);
}

/** LINKTYPE_LINUX_SLL2: 20-byte cooked header. */
export function sll2(o: SllOptions, payload: Uint8Array): Uint8Array {
  return concat(be16(o.protocol ?? etherTypeOf(payload, 'sll2()')), be16(0), be32(o.ifindex ?? 1), be16(o.hatype ?? 1),
    [o.packetType ?? PacketType.HOST, o.halen ?? 6], sllAddress(o), payload);
}

/** Address families seen in BSD loopback headers. */
export const AF = { INET: 2, INET6_LINUX: 10, INET6_BSD: 24, INET6_FREEBSD: 28, INET6_DARWIN: 30 } as const;

/** NULL/LOOP header: the family as 4 bytes, big- or little-endian (LOOP is always big-endian). */
export function nullLoop(af: number, bigEndian: boolean, payload: Uint8Array): Uint8Array {
  const b = be32(af);
  return concat(bigEndian ? b : b.reverse(), payload);
}

/** Raw-IP link types carry the IP packet as is; this only makes call sites read like the others. */
export function raw(payload: Uint8Array): Uint8Array {
  return payload.slice();
}

/** Places a frame inside a larger buffer surrounded by `fill` bytes: { data, offset, caplen }. */
export function embed(frame: Uint8Array, o: { before?: number; after?: number; fill?: number } = {}): { data: Uint8Array; offset: number; caplen: number } {
  const before = o.before ?? 7;
  const data = concat(fill(before, o.fill ?? 0xee), frame, fill(o.after ?? 64, o.fill ?? 0xee));
  return { data, offset: before, caplen: frame.length };
}
