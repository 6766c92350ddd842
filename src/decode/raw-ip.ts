// Link types with no link header (LINKTYPE_RAW and friends): the IP version nibble picks the decoder.

import { Decoded, type DecodeStatus, type PacketRecord } from './packet-record.js';
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6 } from './ipv6.js';

/**
 * Dispatches on the version nibble at `pos`. `otherVersion` is what a nibble other than 4 or 6
 * means to the caller: garbage on a raw-IP link (MALFORMED), but a pseudowire or other non-IP
 * payload below an MPLS stack (NON_IP).
 */
export function decodeIpByVersion(
  d: Uint8Array,
  pos: number,
  end: number,
  wireEnd: number,
  out: PacketRecord,
  otherVersion: DecodeStatus,
): DecodeStatus {
  if (end - pos < 1) return Decoded.MALFORMED;
  const version = (d[pos] ?? 0) >> 4;
  if (version === 4) return decodeIpv4(d, pos, end, wireEnd, out);
  if (version === 6) return decodeIpv6(d, pos, end, wireEnd, out);
  return otherVersion;
}

/** LINKTYPE_RAW (101) and the DLT_RAW values 12 and 14: IPv4 or IPv6, told by the first nibble. */
export function decodeRawIp(d: Uint8Array, pos: number, end: number, wireEnd: number, out: PacketRecord): DecodeStatus {
  return decodeIpByVersion(d, pos, end, wireEnd, out, Decoded.MALFORMED);
}
