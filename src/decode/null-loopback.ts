// BSD loopback (NULL 0: host byte order; LOOP 108: network byte order): a 4-byte address family.

import { Decoded, type DecodeStatus, type PacketRecord } from './packet-record.js';
import { swap32, u32 } from './bytes.js';
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6 } from './ipv6.js';

const HEADER = 4;
const AF_INET = 2;
// AF_INET6 differs by OS: Linux 10, OpenBSD/NetBSD 24, FreeBSD 28, macOS 30.
const AF_INET6_LINUX = 10;
const AF_INET6_BSD = 24;
const AF_INET6_FREEBSD = 28;
const AF_INET6_DARWIN = 30;

function decodeByFamily(af: number, d: Uint8Array, pos: number, end: number, wireEnd: number, out: PacketRecord): DecodeStatus {
  if (af === AF_INET) return decodeIpv4(d, pos, end, wireEnd, out);
  if (af === AF_INET6_LINUX || af === AF_INET6_BSD || af === AF_INET6_FREEBSD || af === AF_INET6_DARWIN) {
    return decodeIpv6(d, pos, end, wireEnd, out);
  }
  return Decoded.NON_IP;
}

/**
 * DLT_NULL stores the family in the byte order of the machine that captured, which a file reader
 * cannot know. Families are small numbers, so a value above 0xFFFF must be byte-swapped.
 */
export function decodeNull(d: Uint8Array, pos: number, end: number, wireEnd: number, out: PacketRecord): DecodeStatus {
  if (end - pos < HEADER) return Decoded.MALFORMED;
  const raw = u32(d, pos);
  return decodeByFamily(raw > 0xffff ? swap32(raw) : raw, d, pos + HEADER, end, wireEnd, out);
}

export function decodeLoop(d: Uint8Array, pos: number, end: number, wireEnd: number, out: PacketRecord): DecodeStatus {
  if (end - pos < HEADER) return Decoded.MALFORMED;
  return decodeByFamily(u32(d, pos), d, pos + HEADER, end, wireEnd, out);
}
