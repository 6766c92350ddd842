// MPLS label stack (EtherType 0x8847): skip labels to bottom-of-stack, then IP by version nibble.

import { Decoded, type DecodeStatus, type PacketRecord } from './packet-record.js';
import { decodeIpByVersion } from './raw-ip.js';

/** Real stacks are 1–4 labels; a stack without bottom-of-stack within 8 is malformed (cf. tcpdump#549). */
export const MAX_MPLS_LABELS = 8;

export function decodeMpls(d: Uint8Array, pos: number, end: number, wireEnd: number, out: PacketRecord): DecodeStatus {
  for (let labels = 0; labels < MAX_MPLS_LABELS; labels++) {
    if (end - pos < 4) return Decoded.MALFORMED;
    const bottomOfStack = ((d[pos + 2] ?? 0) & 0x01) !== 0;
    pos += 4;
    // MPLS does not say what it carries; a nibble other than 4/6 is e.g. a pseudowire control word.
    if (bottomOfStack) return decodeIpByVersion(d, pos, end, wireEnd, out, Decoded.NON_IP);
  }
  return Decoded.MALFORMED;
}
