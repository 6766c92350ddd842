// The shape shared by every header decoder: bytes, a position, the captured end and the wire end.

import type { DecodeStatus, PacketRecord } from './packet-record.js';

/**
 * Decodes the header at `pos` and whatever it carries, filling `out`.
 * @param d the capture buffer (shared; only [pos, end) belongs to this frame)
 * @param pos where this header starts
 * @param end one past the last captured byte of the frame (never beyond d.length)
 * @param wireEnd where the frame would end had it been captured whole (≥ end); the IP decoders
 *   use `wireEnd - ipStart` as the largest length an IP header may truthfully claim
 */
export type HeaderDecoder = (
  d: Uint8Array,
  pos: number,
  end: number,
  wireEnd: number,
  out: PacketRecord,
) => DecodeStatus;
