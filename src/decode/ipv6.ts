// IPv6 header and a bounded walk of its extension-header chain to the upper-layer protocol and ports.

import { Decoded, type DecodeStatus, type PacketRecord } from './packet-record.js';
import { copyInto, u16 } from './bytes.js';
import { carriesPorts, readPorts } from './transport.js';

const FIXED_HEADER = 40;
/** More extension headers than any real stack sends; a longer chain is an attack or garbage. */
export const MAX_EXTENSION_HEADERS = 16;

const HOP_BY_HOP = 0;
const ROUTING = 43;
const FRAGMENT = 44;
const AH = 51;
const DESTINATION_OPTIONS = 60;
const MOBILITY = 135;
const HIP = 139;
const SHIM6 = 140;

/*
 * Bytes accounted: Payload Length + 40, as iftop counts it, unless the field cannot be true:
 * 0 (a jumbogram, or a BIG TCP / GSO packet with no jumbo option) or more than was on the wire
 * after the link header. Then the wire length is used and lengthFromWire says so.
 */
export function decodeIpv6(d: Uint8Array, pos: number, end: number, wireEnd: number, out: PacketRecord): DecodeStatus {
  if (end - pos < FIXED_HEADER || (d[pos] ?? 0) >> 4 !== 6) return Decoded.MALFORMED;
  const payloadLength = u16(d, pos + 4);
  const wireIp = wireEnd - pos;
  let length = payloadLength + FIXED_HEADER;
  let fromWire = false;
  if (payloadLength === 0 || length > wireIp) {
    length = wireIp;
    fromWire = true;
  }
  out.family = 6;
  out.length = length;
  out.lengthFromWire = fromWire;
  copyInto(d, pos + 8, out.src, 16);
  copyInto(d, pos + 24, out.dst, 16);
  out.srcPort = 0;
  out.dstPort = 0;
  // The walk never reads past the capture, nor past the packet's own length (Ethernet padding).
  const packetEnd = pos + length;
  return walkExtensions(d, pos + FIXED_HEADER, packetEnd < end ? packetEnd : end, d[pos + 6] ?? 0, out);
}

/**
 * Follows Next Header through the extension headers starting at `pos`. Terminates because every
 * step advances at least 8 bytes and at most MAX_EXTENSION_HEADERS steps are taken; ESP (50),
 * No Next Header (59) and every non-extension value end the walk as the packet's protocol.
 */
function walkExtensions(d: Uint8Array, pos: number, limit: number, nextHeader: number, out: PacketRecord): DecodeStatus {
  const firstPos = pos;
  let nh = nextHeader;
  for (let hops = 0; isExtensionHeader(nh); hops++) {
    if (hops === MAX_EXTENSION_HEADERS) return Decoded.MALFORMED;
    // Hop-by-Hop is only legal directly after the fixed header (RFC 8200 §4.1; tcpdump's rule).
    if (nh === HOP_BY_HOP && pos !== firstPos) return Decoded.MALFORMED;
    // Cut by the snap length: the packet is still countable, its protocol is the header we reached.
    if (limit - pos < 8) break;
    const size = extensionSize(nh, d[pos + 1] ?? 0);
    if (limit - pos < size) break;
    const following = d[pos] ?? 0;
    if (nh === FRAGMENT && (u16(d, pos + 2) & 0xfff8) !== 0) {
      // A later fragment: its payload starts mid-datagram, so there is no transport header here.
      out.proto = following;
      return Decoded.OK;
    }
    pos += size;
    nh = following;
  }
  out.proto = nh;
  if (carriesPorts(nh)) readPorts(d, pos, limit, out);
  return Decoded.OK;
}

function isExtensionHeader(nh: number): boolean {
  switch (nh) {
    case HOP_BY_HOP:
    case ROUTING:
    case FRAGMENT:
    case AH:
    case DESTINATION_OPTIONS:
    case MOBILITY:
    case HIP:
    case SHIM6:
      return true;
    default:
      return false;
  }
}

/** Total size of an extension header from its length byte; never less than 8. */
function extensionSize(nh: number, lengthByte: number): number {
  if (nh === FRAGMENT) return 8;
  if (nh === AH) return (lengthByte + 2) * 4; // AH counts 4-byte words, minus 2 (RFC 4302)
  return (lengthByte + 1) * 8; // everything else counts 8-byte units after the first 8
}
