// Linux cooked captures (SLL 113, SLL2 276, e.g. `-i any`): packet type gives the direction hint.

import { Decoded, LinkHint, type DecodeStatus, type PacketRecord } from './packet-record.js';
import { u16 } from './bytes.js';
import { decodeEtherType } from './ethertype.js';

const SLL_HEADER = 16; // packet type, ARPHRD type, address length, address (8), protocol
const SLL2_HEADER = 20; // protocol, reserved, ifindex (4), ARPHRD type, packet type, address length, address (8)

const PACKET_HOST = 0; // addressed to us
const PACKET_OUTGOING = 4; // sent by us
const ARPHRD_NETLINK = 824; // nlmon: the protocol field is a netlink family, not an EtherType
const ETH_P_802_2 = 0x0004; // an 802.2 LLC header follows (where 802.3 would have had one)
const MAX_8023_LENGTH = 1500;

/** PACKET_HOST → incoming, PACKET_OUTGOING → outgoing; broadcast, multicast, other host → unknown. */
function hintFor(packetType: number): -1 | 0 | 1 {
  if (packetType === PACKET_HOST) return LinkHint.INCOMING;
  if (packetType === PACKET_OUTGOING) return LinkHint.OUTGOING;
  return LinkHint.UNKNOWN;
}

/**
 * Unlike iftop, the protocol field is checked: values up to 1500 are Linux ETH_P_* pseudo-types
 * (802.3 raw, AX.25, CAN, 802.11 …), of which only ETH_P_802_2 can carry IP (via LLC/SNAP).
 * The link address and its length are not read at all, so halen > 8 is harmless.
 */
function decodeCookedPayload(
  hatype: number,
  protocol: number,
  d: Uint8Array,
  pos: number,
  end: number,
  wireEnd: number,
  out: PacketRecord,
): DecodeStatus {
  if (hatype === ARPHRD_NETLINK) return Decoded.NON_IP;
  if (protocol <= MAX_8023_LENGTH && protocol !== ETH_P_802_2) return Decoded.NON_IP;
  return decodeEtherType(protocol, d, pos, end, wireEnd, out);
}

export function decodeLinuxSll(d: Uint8Array, pos: number, end: number, wireEnd: number, out: PacketRecord): DecodeStatus {
  if (end - pos < SLL_HEADER) return Decoded.MALFORMED;
  out.linkHint = hintFor(u16(d, pos));
  return decodeCookedPayload(u16(d, pos + 2), u16(d, pos + 14), d, pos + SLL_HEADER, end, wireEnd, out);
}

export function decodeLinuxSll2(d: Uint8Array, pos: number, end: number, wireEnd: number, out: PacketRecord): DecodeStatus {
  if (end - pos < SLL2_HEADER) return Decoded.MALFORMED;
  out.linkHint = hintFor(d[pos + 10] ?? 0);
  return decodeCookedPayload(u16(d, pos + 8), u16(d, pos), d, pos + SLL2_HEADER, end, wireEnd, out);
}
