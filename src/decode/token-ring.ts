// Token ring (LINKTYPE_IEEE802_5 6): access/frame control, MACs, optional source-routing field, then LLC/SNAP.

import { Decoded, type DecodeStatus, type PacketRecord } from './packet-record.js';
import { copyMac } from './bytes.js';
import { decodeLlc } from './ethertype.js';

const HEADER = 14; // access control, frame control, destination MAC, source MAC
/** Frame Control bits 7–6: 01 is an LLC frame; 00 (MAC frames: beacons, claim token …) carries no LLC. */
const FC_TYPE_MASK = 0xc0;
const FC_TYPE_LLC = 0x40;
/** The Routing Information Indicator: the source MAC's first bit, not part of the address. */
const RII = 0x80;
/** Routing Control's first byte, low 5 bits: the routing field's length in bytes, itself included. */
const RIF_LENGTH_MASK = 0x1f;
const MIN_RIF = 2;

/**
 * As iftop, only LLC frames are read, and MACs give the direction (source ours: sent; destination
 * ours or broadcast: received). The routing field's length must be even and at least its own
 * 2-byte control word, else the frame is MALFORMED.
 */
export function decodeTokenRing(d: Uint8Array, pos: number, end: number, wireEnd: number, out: PacketRecord): DecodeStatus {
  if (end - pos < HEADER) return Decoded.MALFORMED;
  if (((d[pos + 1] ?? 0) & FC_TYPE_MASK) !== FC_TYPE_LLC) return Decoded.NON_IP;
  let at = pos + HEADER;
  const sourceFirst = d[pos + 8] ?? 0;
  if ((sourceFirst & RII) !== 0) {
    if (end - at < MIN_RIF) return Decoded.MALFORMED;
    const rif = (d[at] ?? 0) & RIF_LENGTH_MASK;
    if (rif < MIN_RIF || (rif & 1) !== 0 || end - at < rif) return Decoded.MALFORMED;
    at += rif;
  }
  copyMac(d, pos + 2, out.dstMac);
  copyMac(d, pos + 8, out.srcMac);
  out.srcMac[0] = sourceFirst & ~RII;
  out.hasMac = true;
  return decodeLlc(d, at, end, wireEnd, out);
}
