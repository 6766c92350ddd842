// PPP (LINKTYPE_PPP 9, PPP_HDLC 50, also under PPPoE): FF 03 framing, 1- or 2-byte protocol, IPv4/IPv6/MPLS.

import { Decoded, type DecodeStatus, type PacketRecord } from './packet-record.js';
import { u16 } from './bytes.js';
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6 } from './ipv6.js';
import { decodeMpls } from './mpls.js';
import { decodeCiscoHdlc } from './cisco-hdlc.js';

const PPP_IPV4 = 0x0021;
const PPP_IPV6 = 0x0057; // iftop 1.0pre4 ignores IPv6 over PPP; wiretop counts it
const PPP_MPLS = 0x0281; // unicast; multicast MPLS (0x0283) is not decoded, as on Ethernet
const HDLC_ADDRESS = 0xff;
const HDLC_CONTROL = 0x03;
const CISCO_UNICAST = 0x0f;
const CISCO_BROADCAST = 0x8f;

/** Decodes the payload of a PPP frame whose protocol number is already known. */
export function decodePppProtocol(
  protocol: number,
  d: Uint8Array,
  pos: number,
  end: number,
  wireEnd: number,
  out: PacketRecord,
): DecodeStatus {
  if (protocol === PPP_IPV4) return decodeIpv4(d, pos, end, wireEnd, out);
  if (protocol === PPP_IPV6) return decodeIpv6(d, pos, end, wireEnd, out);
  if (protocol === PPP_MPLS) return decodeMpls(d, pos, end, wireEnd, out);
  return Decoded.NON_IP; // LCP, IPCP, CHAP, compressed datagrams, …
}

/**
 * libpcap's DLT_PPP: HDLC-like framing (FF 03) may or may not be present. The protocol field is
 * one byte when its first byte is odd (RFC 1661 protocol-field compression), else two bytes.
 */
export function decodePpp(d: Uint8Array, pos: number, end: number, wireEnd: number, out: PacketRecord): DecodeStatus {
  if (end - pos >= 2 && (d[pos] ?? 0) === HDLC_ADDRESS && (d[pos + 1] ?? 0) === HDLC_CONTROL) pos += 2;
  return decodeProtocolField(d, pos, end, wireEnd, out);
}

/**
 * LINKTYPE_PPP_HDLC (50, DLT_PPP_SERIAL): the framing is always there. FF 03 is PPP (RFC 1662);
 * 0F / 8F is Cisco HDLC, which this link type also carries (RFC 1547 §4.3.1). Anything else, or FF
 * with another control byte, is MALFORMED.
 */
export function decodePppHdlc(d: Uint8Array, pos: number, end: number, wireEnd: number, out: PacketRecord): DecodeStatus {
  if (end - pos < 2) return Decoded.MALFORMED;
  const address = d[pos] ?? 0;
  if (address === CISCO_UNICAST || address === CISCO_BROADCAST) return decodeCiscoHdlc(d, pos, end, wireEnd, out);
  if (address !== HDLC_ADDRESS || (d[pos + 1] ?? 0) !== HDLC_CONTROL) return Decoded.MALFORMED;
  return decodeProtocolField(d, pos + 2, end, wireEnd, out);
}

/** The protocol field at `pos`, compressed (odd first byte) or not, and what it carries. */
function decodeProtocolField(d: Uint8Array, pos: number, end: number, wireEnd: number, out: PacketRecord): DecodeStatus {
  if (end - pos < 1) return Decoded.MALFORMED;
  const first = d[pos] ?? 0;
  if ((first & 0x01) !== 0) return decodePppProtocol(first, d, pos + 1, end, wireEnd, out);
  if (end - pos < 2) return Decoded.MALFORMED;
  return decodePppProtocol(u16(d, pos), d, pos + 2, end, wireEnd, out);
}
