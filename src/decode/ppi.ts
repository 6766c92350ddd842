// PPI (LINKTYPE_PPI 192): a TLV header naming the link type inside (802.11 or Ethernet) and, for 802.11, FCS flags.

import { Decoded, type DecodeStatus, type PacketRecord } from './packet-record.js';
import { le16, le32 } from './bytes.js';
import { decode80211Frame, decode80211WithFcs } from './ieee802-11.js';
import { decodeEthernet } from './ethernet.js';

const FIXED_HEADER = 8; // version, flags, length (LE), DLT of the packet (LE)
const FLAG_ALIGNED = 0x01; // fields are padded to 32-bit boundaries
const FIELD_HEADER = 4; // type (LE), data length (LE)
const FIELD_80211_COMMON = 2;
const COMMON_FLAGS_AT = 8; // after the 8-byte TSF timer
const COMMON_FCS_PRESENT = 0x0001;
const COMMON_FCS_ERROR = 0x0004;

const DLT_EN10MB = 1;
const DLT_IEEE802_11 = 105;

/**
 * The packet starts `pph_len` bytes in. For 802.11 the fields are walked (bounded: every step
 * consumes at least 4 bytes of `pph_len`, which lies inside the capture) to find the 802.11-Common
 * field, whose flags say whether an FCS ends the frame and whether it failed (MALFORMED, as under
 * radiotap). A field that runs past the header is MALFORMED. Other inner link types are NON_IP.
 */
export function decodePpi(d: Uint8Array, pos: number, end: number, wireEnd: number, out: PacketRecord): DecodeStatus {
  if (end - pos < FIXED_HEADER || (d[pos] ?? 0) !== 0) return Decoded.MALFORMED;
  const length = le16(d, pos + 2);
  if (length < FIXED_HEADER || length > end - pos) return Decoded.MALFORMED;
  const dlt = le32(d, pos + 4);
  const start = pos + length;
  if (dlt === DLT_EN10MB) return decodeEthernet(d, start, end, wireEnd, out);
  if (dlt !== DLT_IEEE802_11) return Decoded.NON_IP;

  const aligned = ((d[pos + 1] ?? 0) & FLAG_ALIGNED) !== 0;
  let commonFlags = 0;
  // Fewer than 4 bytes left can only be padding after the last field.
  for (let at = FIXED_HEADER; length - at >= FIELD_HEADER; ) {
    const type = le16(d, pos + at);
    const size = le16(d, pos + at + 2);
    const data = at + FIELD_HEADER;
    if (size > length - data) return Decoded.MALFORMED;
    if (type === FIELD_80211_COMMON) {
      if (size < COMMON_FLAGS_AT + 2) return Decoded.MALFORMED;
      commonFlags = le16(d, pos + data + COMMON_FLAGS_AT);
    }
    at = data + size;
    if (aligned) at = (at + 3) & ~3;
  }
  if ((commonFlags & COMMON_FCS_ERROR) !== 0) return Decoded.MALFORMED;
  if ((commonFlags & COMMON_FCS_PRESENT) !== 0) return decode80211WithFcs(d, start, end, wireEnd, out, false);
  return decode80211Frame(d, start, end, wireEnd, out, false);
}
