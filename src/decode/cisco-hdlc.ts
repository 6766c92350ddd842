// Cisco HDLC (LINKTYPE_C_HDLC 104): address, control, then an EtherType at byte 2.

import { Decoded, type DecodeStatus, type PacketRecord } from './packet-record.js';
import { u16 } from './bytes.js';
import { decodeEtherType } from './ethertype.js';

const HEADER = 4;
const MAX_8023_LENGTH = 1500;

export function decodeCiscoHdlc(d: Uint8Array, pos: number, end: number, wireEnd: number, out: PacketRecord): DecodeStatus {
  if (end - pos < HEADER) return Decoded.MALFORMED;
  const protocol = u16(d, pos + 2);
  // Small values here are not 802.3 lengths (no LLC follows on HDLC), so do not let the shared
  // dispatcher read them as such.
  if (protocol <= MAX_8023_LENGTH) return Decoded.NON_IP;
  return decodeEtherType(protocol, d, pos + HEADER, end, wireEnd, out);
}
