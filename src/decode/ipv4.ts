// IPv4 header: addresses, protocol, accounted length and (first fragments only) TCP/UDP ports.

import { Decoded, type DecodeStatus, type PacketRecord } from './packet-record.js';
import { u16 } from './bytes.js';
import { carriesPorts, readPorts } from './transport.js';

const MIN_HEADER = 20;

/*
 * Bytes accounted: the Total Length field, as iftop counts it, unless that field cannot be true:
 * below the header length (0 is what TSO / BIG TCP hand to the capture) or above what was on the
 * wire after the link header. Then the wire length is used and lengthFromWire says so. Ethernet
 * padding makes the wire longer than the field; that is normal and the field wins.
 *
 * Options are skipped by IHL and never parsed, so no option length can make the decoder loop.
 * Encapsulated IP (IP-in-IP, 6in4, GRE) is not descended: the outer header is what is accounted.
 */
export function decodeIpv4(d: Uint8Array, pos: number, end: number, wireEnd: number, out: PacketRecord): DecodeStatus {
  if (end - pos < MIN_HEADER) return Decoded.MALFORMED;
  const versionIhl = d[pos] ?? 0;
  const headerLength = (versionIhl & 0x0f) * 4;
  // IHL < 5 would put the "transport header" inside the IP header (the npm `cap` bug); reject it.
  if (versionIhl >> 4 !== 4 || headerLength < MIN_HEADER || end - pos < headerLength) return Decoded.MALFORMED;

  const totalLength = u16(d, pos + 2);
  const wireIp = wireEnd - pos;
  let length = totalLength;
  let fromWire = false;
  if (totalLength < headerLength || totalLength > wireIp) {
    length = wireIp;
    fromWire = true;
  }
  const proto = d[pos + 9] ?? 0;
  out.family = 4;
  out.proto = proto;
  out.length = length;
  out.lengthFromWire = fromWire;
  copyIpv4Address(d, pos + 12, out.src);
  copyIpv4Address(d, pos + 16, out.dst);

  // Ports only in the first fragment, and only from bytes that belong to this IP packet: a short
  // Total Length followed by Ethernet padding must not turn padding into port numbers.
  const fragmentOffset = u16(d, pos + 6) & 0x1fff;
  if (fragmentOffset === 0 && carriesPorts(proto)) {
    const packetEnd = pos + length;
    readPorts(d, pos + headerLength, packetEnd < end ? packetEnd : end, out);
  } else {
    out.srcPort = 0;
    out.dstPort = 0;
  }
  return Decoded.OK;
}

/** Bytes 0–3 get the address; 4–15 are cleared because the record may last have held IPv6. */
function copyIpv4Address(d: Uint8Array, from: number, to: Uint8Array): void {
  to[0] = d[from] ?? 0;
  to[1] = d[from + 1] ?? 0;
  to[2] = d[from + 2] ?? 0;
  to[3] = d[from + 3] ?? 0;
  for (let i = 4; i < 16; i++) to[i] = 0;
}
