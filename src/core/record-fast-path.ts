// Fast path of the record encoder for what nearly every capture file holds: Ethernet II carrying IPv4, or IPv6 without extension headers, read without an interface or -F/-G.
import { RECORD_HASH, RECORD_KEY, RECORD_KIND, RECORD_LENGTH, RECORD_LENGTH_FROM_WIRE, RECORD_SENT_SIDE, RecordKind } from './record-layout.js';
import { hashKey } from './key-hash.js';

/*
 * The same record as decodeFrame() + FlowClassifier.classify() + hashKey() would make, in one pass
 * over the frame's bytes instead of copying them into a PacketRecord and back out: the decode stage
 * was the slower half of a two-thread read. Anything unusual (another link type or EtherType, VLAN
 * tags, a header cut short or lying, IPv6 extension headers) returns false and takes the general
 * path, which stays the definition: test/core/record-fast-path.test.ts compares the two over valid,
 * cut and mutated frames, so a change to the decoders' rules for these frames fails there until it
 * is made here too. The rules replicated, for a file (no MAC, no own address, no -F/-G):
 *
 * - bytes: IPv4 Total Length, IPv6 Payload Length + 40, unless below the header (IPv4), zero (IPv6)
 *   or beyond the wire length after the Ethernet header: then that wire length (lengthFromWire);
 * - ports: TCP and UDP only, IPv4 first fragments only, read only within the captured bytes and
 *   the packet's own length;
 * - direction: multicast destinations (224/4, ff00::/8) are received with the destination first;
 *   otherwise the larger address comes first (byte order, iftop's third-party rule), received in the
 *   totals, and the bytes count as sent by the first side when it is the source (or both are equal);
 * - IPv6 with a link-local (fe80::/10) side is filtered unless -l.
 */

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const ETHER_HEADER = 14;
const TCP = 6;
const UDP = 17;
/** IPv6 Next Header values that are extension headers (ipv6.ts walks them; the fast path does not). */
const EXTENSION_HEADERS = new Uint8Array(256);
for (const nh of [0, 43, 44, 51, 60, 135, 139, 140]) EXTENSION_HEADERS[nh] = 1;

/** Big-endian 32-bit word at i (the caller has checked that 4 bytes are there). */
function be32(d: Uint8Array, i: number): number {
  return ((d[i]! << 24) | (d[i + 1]! << 16) | (d[i + 2]! << 8) | d[i + 3]!) >>> 0;
}

function be16(d: Uint8Array, i: number): number {
  return (d[i]! << 8) | d[i + 1]!;
}

/**
 * Writes the record of an Ethernet frame (LINKTYPE_ETHERNET) at word offset `at` — all but the
 * timestamp — and returns true, or returns false (nothing written that matters) when the frame
 * needs the general path. `offset` and `caplen` are integers within `d` (the parsers' frames).
 */
export function encodeEthernetFast(d: Uint8Array, offset: number, caplen: number, wirelen: number, seed: number, linkLocal: boolean,
  words: Uint32Array, at: number): boolean {
  const end = offset + caplen;
  if (!(caplen >= ETHER_HEADER + 20) || !Number.isInteger(offset) || !Number.isInteger(caplen) || offset < 0 || end > d.length) return false;
  const pos = offset + ETHER_HEADER;
  // decodeFrame: a wire length below what was captured (or not a number) is the captured length.
  const wireIp = (wirelen > caplen ? Math.floor(wirelen) : caplen) - ETHER_HEADER;
  const type = be16(d, offset + 12);
  const k = at + RECORD_KEY;
  let length: number, fromWire = false, proto: number, srcPort = 0, dstPort = 0;
  if (type === ETHERTYPE_IPV4) {
    const vihl = d[pos]!;
    const headerLength = (vihl & 0x0f) * 4;
    if (vihl >> 4 !== 4 || headerLength < 20 || end - pos < headerLength) return false;
    const totalLength = be16(d, pos + 2);
    length = totalLength;
    if (totalLength < headerLength || totalLength > wireIp) {
      length = wireIp;
      fromWire = true;
    }
    proto = d[pos + 9]!;
    if ((be16(d, pos + 6) & 0x1fff) === 0 && (proto === TCP || proto === UDP)) {
      const packetEnd = pos + length;
      const limit = packetEnd < end ? packetEnd : end;
      const l4 = pos + headerLength;
      if (limit - l4 >= 4) {
        srcPort = be16(d, l4);
        dstPort = be16(d, l4 + 2);
      }
    }
    const s = be32(d, pos + 12), t = be32(d, pos + 16);
    // Multicast destination: received, destination first (flipped); else the larger address first.
    const flip = t >>> 28 === 0xe || s < t;
    words[k] = (4 << 8) | proto;
    words[k + 1] = flip ? t : s;
    words[k + 2] = 0;
    words[k + 3] = 0;
    words[k + 4] = 0;
    words[k + 5] = flip ? s : t;
    words[k + 6] = 0;
    words[k + 7] = 0;
    words[k + 8] = 0;
    words[k + 9] = flip ? ((dstPort << 16) | srcPort) >>> 0 : ((srcPort << 16) | dstPort) >>> 0;
    words[at + RECORD_KIND] = RecordKind.INCOMING | (!flip || s === t ? RECORD_SENT_SIDE : 0) | (fromWire ? RECORD_LENGTH_FROM_WIRE : 0);
  } else if (type === ETHERTYPE_IPV6) {
    if (end - pos < 40 || d[pos]! >> 4 !== 6) return false;
    proto = d[pos + 6]!;
    if (EXTENSION_HEADERS[proto] === 1) return false;
    const payloadLength = be16(d, pos + 4);
    length = payloadLength + 40;
    if (payloadLength === 0 || length > wireIp) {
      length = wireIp;
      fromWire = true;
    }
    const s0 = be32(d, pos + 8), s1 = be32(d, pos + 12), s2 = be32(d, pos + 16), s3 = be32(d, pos + 20);
    const t0 = be32(d, pos + 24), t1 = be32(d, pos + 28), t2 = be32(d, pos + 32), t3 = be32(d, pos + 36);
    if (!linkLocal && (s0 >>> 22 === 0x3fa || t0 >>> 22 === 0x3fa)) {
      words[at + RECORD_KIND] = RecordKind.FILTERED;
      return true;
    }
    if (proto === TCP || proto === UDP) {
      const packetEnd = pos + length;
      const limit = packetEnd < end ? packetEnd : end;
      if (limit - (pos + 40) >= 4) {
        srcPort = be16(d, pos + 40);
        dstPort = be16(d, pos + 42);
      }
    }
    const order = s0 !== t0 ? (s0 < t0 ? -1 : 1) : s1 !== t1 ? (s1 < t1 ? -1 : 1) : s2 !== t2 ? (s2 < t2 ? -1 : 1) : s3 !== t3 ? (s3 < t3 ? -1 : 1) : 0;
    const flip = t0 >>> 24 === 0xff || order < 0;
    words[k] = (6 << 8) | proto;
    words[k + 1] = flip ? t0 : s0;
    words[k + 2] = flip ? t1 : s1;
    words[k + 3] = flip ? t2 : s2;
    words[k + 4] = flip ? t3 : s3;
    words[k + 5] = flip ? s0 : t0;
    words[k + 6] = flip ? s1 : t1;
    words[k + 7] = flip ? s2 : t2;
    words[k + 8] = flip ? s3 : t3;
    words[k + 9] = flip ? ((dstPort << 16) | srcPort) >>> 0 : ((srcPort << 16) | dstPort) >>> 0;
    words[at + RECORD_KIND] = RecordKind.INCOMING | (!flip || order === 0 ? RECORD_SENT_SIDE : 0) | (fromWire ? RECORD_LENGTH_FROM_WIRE : 0);
  } else {
    return false;
  }
  words[at + RECORD_LENGTH] = length;
  words[at + RECORD_HASH] = hashKey(words, k, seed);
  return true;
}
