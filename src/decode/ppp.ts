// PPP (LINKTYPE_PPP 9, also under PPPoE): optional FF 03 framing, 1- or 2-byte protocol, IPv4/IPv6 only.

import { Decoded, type DecodeStatus, type PacketRecord } from './packet-record.js';
import { u16 } from './bytes.js';
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6 } from './ipv6.js';

const PPP_IPV4 = 0x0021;
const PPP_IPV6 = 0x0057; // iftop 1.0pre4 ignores IPv6 over PPP; wiretop counts it
const HDLC_ADDRESS = 0xff;
const HDLC_CONTROL = 0x03;

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
  return Decoded.NON_IP; // LCP, IPCP, CHAP, compressed datagrams, …
}

/**
 * libpcap's DLT_PPP: HDLC-like framing (FF 03) may or may not be present. The protocol field is
 * one byte when its first byte is odd (RFC 1661 protocol-field compression), else two bytes.
 */
export function decodePpp(d: Uint8Array, pos: number, end: number, wireEnd: number, out: PacketRecord): DecodeStatus {
  if (end - pos >= 2 && (d[pos] ?? 0) === HDLC_ADDRESS && (d[pos + 1] ?? 0) === HDLC_CONTROL) pos += 2;
  if (end - pos < 1) return Decoded.MALFORMED;
  const first = d[pos] ?? 0;
  if ((first & 0x01) !== 0) return decodePppProtocol(first, d, pos + 1, end, wireEnd, out);
  if (end - pos < 2) return Decoded.MALFORMED;
  return decodePppProtocol(u16(d, pos), d, pos + 2, end, wireEnd, out);
}
