// SLIP (LINKTYPE_SLIP 8, BSD's sl driver): a 16-byte pseudo-header whose first byte is the direction, then IP.

import { Decoded, LinkHint, type DecodeStatus, type PacketRecord } from './packet-record.js';
import { decodeIpByVersion } from './raw-ip.js';

/** Direction (1), then the first 15 bytes of the VJ-compressed TCP/IP header as it crossed the line. */
const HEADER = 16;
const SLIPDIR_IN = 0;
const SLIPDIR_OUT = 1;

/**
 * The IP packet after the pseudo-header is always whole (the driver taps it after decompressing),
 * so the compressed-header bytes are skipped unread. The direction byte is the line's own
 * (received or sent by this host), a link hint like a cooked capture's packet type; another value
 * gives no hint. A version nibble other than 4/6 is MALFORMED, as on a raw-IP link.
 */
export function decodeSlip(d: Uint8Array, pos: number, end: number, wireEnd: number, out: PacketRecord): DecodeStatus {
  if (end - pos < HEADER) return Decoded.MALFORMED;
  const direction = d[pos] ?? 0;
  out.linkHint = direction === SLIPDIR_IN ? LinkHint.INCOMING : direction === SLIPDIR_OUT ? LinkHint.OUTGOING : LinkHint.UNKNOWN;
  return decodeIpByVersion(d, pos + HEADER, end, wireEnd, out, Decoded.MALFORMED);
}
