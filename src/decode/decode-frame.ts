// Entry point: decodes one captured frame of a given link type into a reused PacketRecord.

import { Decoded, LinkHint, type DecodeStatus, type PacketRecord } from './packet-record.js';
import { LinkType } from './link-types.js';
import type { HeaderDecoder } from './link-decoder.js';
import { decodeEthernet } from './ethernet.js';
import { decodeLinuxSll, decodeLinuxSll2 } from './linux-sll.js';
import { decodeLoop, decodeNull } from './null-loopback.js';
import { decodePpp, decodePppHdlc } from './ppp.js';
import { decodeCiscoHdlc } from './cisco-hdlc.js';
import { decodeRawIp } from './raw-ip.js';
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6 } from './ipv6.js';
import { decodeTokenRing } from './token-ring.js';
import { decodeSlip } from './slip.js';
import { decodeIeee80211 } from './ieee802-11.js';
import { decodeFrameRelay } from './frame-relay.js';
import { decodePflog } from './pflog.js';
import { decodeRadiotap } from './radiotap.js';
import { decodePpi } from './ppi.js';

/** LINKTYPE → decoder, as a table (iftop's packet_init does the same with a list). */
const LINK_DECODERS: ReadonlyArray<readonly [number, HeaderDecoder]> = [
  [LinkType.NULL, decodeNull],
  [LinkType.ETHERNET, decodeEthernet],
  [LinkType.IEEE802_5, decodeTokenRing],
  [LinkType.SLIP, decodeSlip],
  [LinkType.PPP, decodePpp],
  [LinkType.RAW_DLT12, decodeRawIp],
  [LinkType.RAW_DLT14, decodeRawIp],
  [LinkType.PPP_HDLC, decodePppHdlc],
  [LinkType.RAW, decodeRawIp],
  [LinkType.C_HDLC, decodeCiscoHdlc],
  [LinkType.IEEE802_11, decodeIeee80211],
  [LinkType.FRELAY, decodeFrameRelay],
  [LinkType.LOOP, decodeLoop],
  [LinkType.LINUX_SLL, decodeLinuxSll],
  [LinkType.PFLOG, decodePflog],
  [LinkType.IEEE802_11_RADIOTAP, decodeRadiotap],
  [LinkType.PPI, decodePpi],
  [LinkType.IPV4, decodeIpv4],
  [LinkType.IPV6, decodeIpv6],
  [LinkType.LINUX_SLL2, decodeLinuxSll2],
];

/** The link types decodeFrame() understands, ascending. */
export const SUPPORTED_LINK_TYPES: readonly number[] = LINK_DECODERS.map(([linktype]) => linktype).sort((a, b) => a - b);

// Indexed by link type. Pre-sized and filled with undefined so the array stays densely packed
// (a sparse one would fall back to slow dictionary elements) and the lookup is one load.
const byLinkType: (HeaderDecoder | undefined)[] = new Array<HeaderDecoder | undefined>(
  Math.max(...SUPPORTED_LINK_TYPES) + 1,
).fill(undefined);
for (const [linktype, decoder] of LINK_DECODERS) byLinkType[linktype] = decoder;

export function isSupportedLinkType(linktype: number): boolean {
  return Number.isInteger(linktype) && byLinkType[linktype] !== undefined;
}

/**
 * Decodes the frame at data[offset, offset + caplen) and fills `out` (valid only when OK is
 * returned). Never reads outside that range or past data.length, never throws, allocates nothing.
 * @param wirelen the frame's length on the wire; bytes accounted never exceed it (or caplen)
 */
export function decodeFrame(
  linktype: number,
  data: Uint8Array,
  offset: number,
  caplen: number,
  wirelen: number,
  out: PacketRecord,
): DecodeStatus {
  const decoder = linktype >= 0 && linktype < byLinkType.length ? byLinkType[linktype] : undefined;
  if (decoder === undefined) return Decoded.UNSUPPORTED_LINK;
  out.linkHint = LinkHint.UNKNOWN;
  out.hasMac = false;
  out.srcPort = 0;
  out.dstPort = 0;
  out.lengthFromWire = false;
  // A caller bug (NaN, negative, fractional) must not turn into reads of undefined bytes.
  if (!Number.isInteger(offset) || !Number.isInteger(caplen) || offset < 0 || caplen < 0) return Decoded.MALFORMED;
  let end = offset + caplen;
  if (end > data.length) {
    end = data.length;
    if (end < offset) return Decoded.MALFORMED;
  }
  const captured = end - offset;
  // wirelen < caplen (a crafted file) or not a number: trust what was captured.
  const wire = wirelen > captured ? Math.floor(wirelen) : captured;
  return decoder(data, offset, end, offset + wire, out);
}
