// TCP/UDP port pair: the first two 16-bit words of the transport header, when they were captured.

import type { PacketRecord } from './packet-record.js';
import { u16 } from './bytes.js';

const PROTO_TCP = 6;
const PROTO_UDP = 17;

/** Only TCP and UDP ports become part of the flow key, as in iftop (SCTP, DCCP, … keep port 0). */
export function carriesPorts(proto: number): boolean {
  return proto === PROTO_TCP || proto === PROTO_UDP;
}

/**
 * Reads the port pair at `pos` if all four bytes lie before `limit`, else leaves both ports 0.
 * Data offset, UDP length and checksum are deliberately not looked at: accounting needs the ports
 * only, and a lying transport header must not make an otherwise countable packet uncountable.
 */
export function readPorts(d: Uint8Array, pos: number, limit: number, out: PacketRecord): void {
  if (limit - pos >= 4) {
    out.srcPort = u16(d, pos);
    out.dstPort = u16(d, pos + 2);
  } else {
    out.srcPort = 0;
    out.dstPort = 0;
  }
}
