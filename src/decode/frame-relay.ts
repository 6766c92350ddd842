// Frame Relay (LINKTYPE_FRELAY 107): Q.922 address, then RFC 2427 (UI, NLPID, SNAP) or Cisco (EtherType) encapsulation.

import { Decoded, type DecodeStatus, type PacketRecord } from './packet-record.js';
import { u16 } from './bytes.js';
import { decodeEtherType } from './ethertype.js';
import { decodeEthernet } from './ethernet.js';
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6 } from './ipv6.js';

/** Address-extension bit: set in the last byte of the Q.922 address (2, 3 or 4 bytes). */
const EA = 0x01;
const MAX_ADDRESS = 4;
const CONTROL_UI = 0x03;
const PAD = 0x00; // RFC 2427: an optional zero byte before the NLPID
const NLPID_SNAP = 0x80;
const NLPID_IPV6 = 0x8e;
const NLPID_IPV4 = 0xcc;
const SNAP_HEADER = 5; // OUI (3), PID (2)
const OUI_ETHERTYPE = 0x000000; // routed: the PID is an EtherType
const OUI_802_1 = 0x0080c2; // bridged: the PID says which 802 frame follows
const PID_ETHERNET_WITH_FCS = 0x0001;
const PID_ETHERNET = 0x0007;
const FCS = 4;
const MAX_8023_LENGTH = 1500;

/**
 * After the address, a UI control byte means RFC 2427 (the NLPID names IPv4, IPv6 or a SNAP
 * header); anything else is Cisco's encapsulation, where an EtherType follows the address (as in
 * tcpdump and Wireshark). LMI, Q.933, OSI and other NLPIDs are NON_IP; an address whose first byte
 * ends it, or that does not end within 4 bytes, is MALFORMED.
 */
export function decodeFrameRelay(d: Uint8Array, pos: number, end: number, wireEnd: number, out: PacketRecord): DecodeStatus {
  if (end - pos < 2 || ((d[pos] ?? 0) & EA) !== 0) return Decoded.MALFORMED;
  let at = pos + 1;
  while (((d[at] ?? 0) & EA) === 0) {
    if (++at - pos >= MAX_ADDRESS || at >= end) return Decoded.MALFORMED;
  }
  at++;
  if (end - at < 1) return Decoded.MALFORMED;
  if ((d[at] ?? 0) !== CONTROL_UI) {
    if (end - at < 2) return Decoded.MALFORMED;
    const etherType = u16(d, at);
    if (etherType <= MAX_8023_LENGTH) return Decoded.NON_IP;
    return decodeEtherType(etherType, d, at + 2, end, wireEnd, out);
  }
  at++;
  if (end - at < 1) return Decoded.MALFORMED;
  if ((d[at] ?? 0) === PAD) {
    at++;
    if (end - at < 1) return Decoded.MALFORMED;
  }
  const nlpid = d[at] ?? 0;
  at++;
  if (nlpid === NLPID_IPV4) return decodeIpv4(d, at, end, wireEnd, out);
  if (nlpid === NLPID_IPV6) return decodeIpv6(d, at, end, wireEnd, out);
  if (nlpid === NLPID_SNAP) return decodeSnap(d, at, end, wireEnd, out);
  return Decoded.NON_IP;
}

/** RFC 2427 §5.3: routed (zero OUI, EtherType PID) or bridged Ethernet (802.1 OUI, PID 1 or 7). */
function decodeSnap(d: Uint8Array, pos: number, end: number, wireEnd: number, out: PacketRecord): DecodeStatus {
  if (end - pos < SNAP_HEADER) return Decoded.MALFORMED;
  const oui = ((d[pos] ?? 0) << 16) | ((d[pos + 1] ?? 0) << 8) | (d[pos + 2] ?? 0);
  const pid = u16(d, pos + 3);
  const payload = pos + SNAP_HEADER;
  if (oui === OUI_ETHERTYPE) {
    if (pid <= MAX_8023_LENGTH) return Decoded.NON_IP;
    return decodeEtherType(pid, d, payload, end, wireEnd, out);
  }
  if (oui !== OUI_802_1) return Decoded.NON_IP;
  if (pid === PID_ETHERNET) return decodeEthernet(d, payload, end, wireEnd, out);
  if (pid !== PID_ETHERNET_WITH_FCS) return Decoded.NON_IP;
  // The bridged frame keeps its Ethernet FCS: it is not part of the frame's IP packet.
  const frameWireEnd = wireEnd - FCS;
  if (frameWireEnd < payload) return Decoded.MALFORMED;
  return decodeEthernet(d, payload, end < frameWireEnd ? end : frameWireEnd, frameWireEnd, out);
}
