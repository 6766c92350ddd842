// Radiotap (LINKTYPE_IEEE802_11_RADIOTAP 127): the header's own length, its Flags field (FCS, padding), then 802.11.

import { Decoded, type DecodeStatus, type PacketRecord } from './packet-record.js';
import { le16, le32 } from './bytes.js';
import { decode80211Frame, decode80211WithFcs } from './ieee802-11.js';

const FIXED_HEADER = 8; // version, pad, length (LE), first present word (LE)
/** Present-word bit 31: another 32-bit present word follows this one. */
const EXT = 0x80000000;
/** Fields of the first present word that decide where Flags lies: TSFT (8 bytes, 8-aligned), Flags (1 byte). */
const PRESENT_TSFT = 0x01;
const PRESENT_FLAGS = 0x02;

const FLAG_FCS_AT_END = 0x10;
const FLAG_DATA_PAD = 0x20;
const FLAG_BAD_FCS = 0x40;

/**
 * The 802.11 frame starts `it_len` bytes in, whatever fields the header holds, so only the Flags
 * field is looked for. Fields follow the last present word, each aligned to its natural size from
 * the header's start; Flags is field 1 of the first word (which is always in the radiotap
 * namespace), so only TSFT can come before it.
 *
 * The present-word chain is walked to find where the fields start. Every step consumes 4 bytes
 * and must stay inside `it_len`, which must lie inside the capture: a chain that never ends, or a
 * length beyond the frame, is MALFORMED, never a long loop.
 *
 * A frame the receiver marked as failing its FCS is MALFORMED: its bytes, addresses included,
 * cannot be trusted.
 */
export function decodeRadiotap(d: Uint8Array, pos: number, end: number, wireEnd: number, out: PacketRecord): DecodeStatus {
  if (end - pos < FIXED_HEADER || (d[pos] ?? 0) !== 0) return Decoded.MALFORMED;
  const length = le16(d, pos + 2);
  if (length < FIXED_HEADER || length > end - pos) return Decoded.MALFORMED;
  const first = le32(d, pos + 4);
  let fields = FIXED_HEADER; // offset of the first field, from the header's start
  for (let word = first; (word & EXT) !== 0; fields += 4) {
    if (fields + 4 > length) return Decoded.MALFORMED;
    word = le32(d, pos + fields);
  }
  let flags = 0;
  if ((first & PRESENT_FLAGS) !== 0) {
    let at = fields;
    if ((first & PRESENT_TSFT) !== 0) at = ((at + 7) & ~7) + 8;
    if (at >= length) return Decoded.MALFORMED;
    flags = d[pos + at] ?? 0;
  }
  if ((flags & FLAG_BAD_FCS) !== 0) return Decoded.MALFORMED;
  const dataPad = (flags & FLAG_DATA_PAD) !== 0;
  if ((flags & FLAG_FCS_AT_END) !== 0) return decode80211WithFcs(d, pos + length, end, wireEnd, out, dataPad);
  return decode80211Frame(d, pos + length, end, wireEnd, out, dataPad);
}
