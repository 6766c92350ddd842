// IEEE 802.11 (LINKTYPE 105, also under radiotap and PPI): data frames to their LLC/SNAP payload, TA/RA as the MACs.

import { Decoded, type DecodeStatus, type PacketRecord } from './packet-record.js';
import { copyMac } from './bytes.js';
import { decodeLlc } from './ethertype.js';

const TYPE_DATA = 2;
/** Subtype bit 2: Null, CF-Ack, CF-Poll and their QoS forms carry no frame body. */
const SUBTYPE_NO_BODY = 0x04;
/** Subtype bit 3: the QoS variants, with a QoS Control field after the addresses. */
const SUBTYPE_QOS = 0x08;

const TO_DS = 0x01;
const FROM_DS = 0x02;
const PROTECTED = 0x40;
/** In a QoS data frame: an HT/VHT/HE Control field follows QoS Control (802.11n and later). */
const ORDER = 0x80;

/** Frame Control, Duration, Address 1–3, Sequence Control. */
const BASE_HEADER = 24;
const ADDRESS_4 = 6; // present when both ToDS and FromDS are set (WDS / mesh)
const QOS_CONTROL = 2;
const HT_CONTROL = 4;
const SEQUENCE_CONTROL_AT = 22;
/** QoS Control bit 7: the body is an A-MSDU (several subframes), not one LLC payload. */
const A_MSDU_PRESENT = 0x80;

const FCS = 4;

/** LINKTYPE_IEEE802_11 (105): the 802.11 header starts at byte 0 (whether an FCS ends it is not said). */
export function decodeIeee80211(d: Uint8Array, pos: number, end: number, wireEnd: number, out: PacketRecord): DecodeStatus {
  return decode80211Frame(d, pos, end, wireEnd, out, false);
}

/**
 * Decodes the 802.11 frame at `pos`. Only data frames with a body lead to IP; management, control
 * and extension frames, and frames of another protocol version (802.11ah PV1), are NON_IP.
 *
 * Address 1 is always the receiver and address 2 the transmitter, whatever ToDS/FromDS say, so
 * they become dstMac/srcMac: "our MAC as transmitter" is sent, "as receiver" (or broadcast) received,
 * as on Ethernet. Protected frames are ENCRYPTED once their header is known to be whole.
 *
 * Not decoded, counted NON_IP: later fragments (fragment number > 0; the first fragment counts
 * what it carries), A-MSDU aggregates (one record per frame cannot hold several packets) and mesh
 * data frames (a Mesh Control field precedes the LLC header).
 * @param dataPad radiotap's DATAPAD flag: the body starts at the next 4-byte boundary
 */
export function decode80211Frame(
  d: Uint8Array,
  pos: number,
  end: number,
  wireEnd: number,
  out: PacketRecord,
  dataPad: boolean,
): DecodeStatus {
  if (end - pos < 2) return Decoded.MALFORMED;
  const fc0 = d[pos] ?? 0;
  const flags = d[pos + 1] ?? 0;
  if ((fc0 & 0x03) !== 0 || ((fc0 >> 2) & 0x03) !== TYPE_DATA) return Decoded.NON_IP;
  const subtype = fc0 >> 4;
  if ((subtype & SUBTYPE_NO_BODY) !== 0) return Decoded.NON_IP;
  let header = BASE_HEADER;
  if ((flags & (TO_DS | FROM_DS)) === (TO_DS | FROM_DS)) header += ADDRESS_4;
  const qosAt = header;
  const qos = (subtype & SUBTYPE_QOS) !== 0;
  if (qos) {
    header += QOS_CONTROL;
    if ((flags & ORDER) !== 0) header += HT_CONTROL;
  }
  if (end - pos < header) return Decoded.MALFORMED;
  if ((flags & PROTECTED) !== 0) return Decoded.ENCRYPTED;
  if (((d[pos + SEQUENCE_CONTROL_AT] ?? 0) & 0x0f) !== 0) return Decoded.NON_IP;
  if (qos && ((d[pos + qosAt] ?? 0) & A_MSDU_PRESENT) !== 0) return Decoded.NON_IP;
  copyMac(d, pos + 4, out.dstMac);
  copyMac(d, pos + 10, out.srcMac);
  out.hasMac = true;
  if (dataPad) header = (header + 3) & ~3;
  return decodeLlc(d, pos + header, end, wireEnd, out);
}

/**
 * The 802.11 frame at `pos` whose radio header (radiotap, PPI) said an FCS ends it: the 4 bytes
 * leave both the captured and the wire length, so a lying IP length falls back to the frame
 * without them.
 */
export function decode80211WithFcs(
  d: Uint8Array,
  pos: number,
  end: number,
  wireEnd: number,
  out: PacketRecord,
  dataPad: boolean,
): DecodeStatus {
  const frameWireEnd = wireEnd - FCS;
  if (frameWireEnd < pos) return Decoded.MALFORMED;
  return decode80211Frame(d, pos, end < frameWireEnd ? end : frameWireEnd, frameWireEnd, out, dataPad);
}
