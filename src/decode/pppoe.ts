// PPPoE session stage (EtherType 0x8864): 6-byte PPPoE header, then a 2-byte PPP protocol.

import { Decoded, type DecodeStatus, type PacketRecord } from './packet-record.js';
import { u16 } from './bytes.js';
import { decodePppProtocol } from './ppp.js';

const VERSION_TYPE = 0x11; // RFC 2516: version 1, type 1 — nothing else is defined
const CODE_SESSION_DATA = 0x00;
const HEADER = 8; // ver/type, code, session id (2), length (2), PPP protocol (2)

export function decodePppoeSession(d: Uint8Array, pos: number, end: number, wireEnd: number, out: PacketRecord): DecodeStatus {
  if (end - pos < HEADER) return Decoded.MALFORMED;
  // Another version or code is not ours to interpret: not malformed, just not IP we can read.
  if ((d[pos] ?? 0) !== VERSION_TYPE || (d[pos + 1] ?? 0) !== CODE_SESSION_DATA) return Decoded.NON_IP;
  return decodePppProtocol(u16(d, pos + 6), d, pos + HEADER, end, wireEnd, out);
}
