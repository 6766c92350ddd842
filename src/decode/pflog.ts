// OpenBSD/FreeBSD/macOS pf logs (LINKTYPE_PFLOG 117): a header whose first byte is its length, then IP by address family.

import { Decoded, type DecodeStatus, type PacketRecord } from './packet-record.js';
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6 } from './ipv6.js';

/*
 * The length byte says 61 (NetBSD, DragonFly, macOS, older FreeBSD/OpenBSD), 69 (FreeBSD) or 100
 * (OpenBSD); the packet starts at that length rounded up to 4. Outside 61..100 the header is not
 * one pf wrote (tcpdump's bounds), so the frame is MALFORMED.
 */
const MIN_HEADER = 61;
const MAX_HEADER = 100;
const AF_AT = 1;
const AF_INET = 2;
// AF_INET6 of the systems that have pf: OpenBSD/NetBSD 24, FreeBSD/DragonFly 28, macOS 30.
const AF_INET6_BSD = 24;
const AF_INET6_FREEBSD = 28;
const AF_INET6_DARWIN = 30;

export function decodePflog(d: Uint8Array, pos: number, end: number, wireEnd: number, out: PacketRecord): DecodeStatus {
  if (end - pos < 1) return Decoded.MALFORMED;
  const length = d[pos] ?? 0;
  if (length < MIN_HEADER || length > MAX_HEADER) return Decoded.MALFORMED;
  const header = (length + 3) & ~3;
  if (end - pos < header) return Decoded.MALFORMED;
  const af = d[pos + AF_AT] ?? 0;
  if (af === AF_INET) return decodeIpv4(d, pos + header, end, wireEnd, out);
  if (af === AF_INET6_BSD || af === AF_INET6_FREEBSD || af === AF_INET6_DARWIN) return decodeIpv6(d, pos + header, end, wireEnd, out);
  return Decoded.NON_IP;
}
