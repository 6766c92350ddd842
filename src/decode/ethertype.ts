// EtherType dispatch shared by the link decoders: VLAN tag stacks, LLC/SNAP, IP, MPLS, PPPoE.

import { Decoded, type DecodeStatus, type PacketRecord } from './packet-record.js';
import { u16 } from './bytes.js';
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6 } from './ipv6.js';
import { decodeMpls } from './mpls.js';
import { decodePppoeSession } from './pppoe.js';

export const EtherType = {
  IPV4: 0x0800,
  IPV6: 0x86dd,
  VLAN: 0x8100, // 802.1Q
  QINQ: 0x88a8, // 802.1ad service tag
  QINQ_LEGACY: 0x9100, // pre-standard QinQ, still sent by some switches
  MPLS: 0x8847, // unicast; multicast MPLS (0x8848) is not decoded
  PPPOE_SESSION: 0x8864,
} as const;

/** Tag stacks deeper than this are not seen in real networks (QinQ is 2); deeper is malformed. */
export const MAX_VLAN_TAGS = 8;
/** Values up to here in the EtherType slot are an 802.3 length: an 802.2 LLC header follows. */
const MAX_8023_LENGTH = 1500;
/** Any 802.3 length says "LLC follows"; decodeLlc() passes this one. */
const LLC_FOLLOWS = 0;
const LLC_SNAP_SAP = 0xaa;
const LLC_UI = 0x03;
const LLC_SNAP_HEADER = 8; // DSAP, SSAP, control, OUI(3), EtherType(2)

/**
 * Decodes what `type` says follows at `pos`. The loop ends: each pass either returns, removes one
 * VLAN tag (at most MAX_VLAN_TAGS) or removes the one LLC/SNAP header allowed.
 */
export function decodeEtherType(
  type: number,
  d: Uint8Array,
  pos: number,
  end: number,
  wireEnd: number,
  out: PacketRecord,
): DecodeStatus {
  let tags = 0;
  let llcSeen = false;
  for (;;) {
    if (type === EtherType.IPV4) return decodeIpv4(d, pos, end, wireEnd, out);
    if (type === EtherType.IPV6) return decodeIpv6(d, pos, end, wireEnd, out);
    if (type === EtherType.VLAN || type === EtherType.QINQ || type === EtherType.QINQ_LEGACY) {
      if (++tags > MAX_VLAN_TAGS || end - pos < 4) return Decoded.MALFORMED;
      type = u16(d, pos + 2); // the tag is TCI then the inner EtherType
      pos += 4;
    } else if (type <= MAX_8023_LENGTH) {
      if (llcSeen) return Decoded.NON_IP;
      llcSeen = true;
      if (end - pos < 3) return Decoded.MALFORMED;
      // Only SNAP with the zero OUI (RFC 1042) carries an EtherType; STP, NetBIOS, IPX… are not IP.
      if ((d[pos] ?? 0) !== LLC_SNAP_SAP || (d[pos + 1] ?? 0) !== LLC_SNAP_SAP || (d[pos + 2] ?? 0) !== LLC_UI) {
        return Decoded.NON_IP;
      }
      if (end - pos < LLC_SNAP_HEADER) return Decoded.MALFORMED;
      if ((d[pos + 3] ?? 0) !== 0 || (d[pos + 4] ?? 0) !== 0 || (d[pos + 5] ?? 0) !== 0) return Decoded.NON_IP;
      type = u16(d, pos + 6);
      pos += LLC_SNAP_HEADER;
    } else if (type === EtherType.MPLS) {
      return decodeMpls(d, pos, end, wireEnd, out);
    } else if (type === EtherType.PPPOE_SESSION) {
      return decodePppoeSession(d, pos, end, wireEnd, out);
    } else {
      return Decoded.NON_IP;
    }
  }
}

/**
 * An 802.2 LLC header at `pos` (802.11, token ring and other links that always carry LLC): only
 * SNAP with the zero OUI leads on, to the EtherType it names.
 */
export function decodeLlc(d: Uint8Array, pos: number, end: number, wireEnd: number, out: PacketRecord): DecodeStatus {
  return decodeEtherType(LLC_FOLLOWS, d, pos, end, wireEnd, out);
}
