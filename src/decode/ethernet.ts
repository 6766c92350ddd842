// Ethernet II / 802.3 (LINKTYPE_ETHERNET 1): copies the MACs, then dispatches on the EtherType.

import { Decoded, type DecodeStatus, type PacketRecord } from './packet-record.js';
import { copyMac, u16 } from './bytes.js';
import { decodeEtherType } from './ethertype.js';

const HEADER = 14; // destination MAC, source MAC, EtherType or 802.3 length

/** VLAN tags, LLC/SNAP, MPLS and PPPoE below the header are handled by decodeEtherType. */
export function decodeEthernet(d: Uint8Array, pos: number, end: number, wireEnd: number, out: PacketRecord): DecodeStatus {
  if (end - pos < HEADER) return Decoded.MALFORMED;
  copyMac(d, pos, out.dstMac);
  copyMac(d, pos + 6, out.srcMac);
  out.hasMac = true;
  return decodeEtherType(u16(d, pos + 12), d, pos + HEADER, end, wireEnd, out);
}
