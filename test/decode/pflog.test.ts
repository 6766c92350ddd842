// pflog (117): header length from its first byte (rounded to 4), the address family of each BSD, hostile lengths.

import { test } from 'node:test';
import { Decoded } from '../../src/decode/packet-record.js';
import { LinkType } from '../../src/decode/link-types.js';
import { concat, fill, hex, ipv4, ipv6 } from '../helpers/frames.js';
import { PfAf, pflog } from '../helpers/frames-links.js';
import { expectEveryCut, expectOk, expectStatus } from './decode-util.js';

const PFLOG = LinkType.PFLOG;
const packet = ipv4({ src: '203.0.113.50', dst: '198.51.100.1', proto: 'tcp', srcPort: 51000, dstPort: 22 });

test('a 61-byte pflog header (NetBSD / macOS) padded to 64, from an annotated hex fixture', () => {
  const header = hex(`
    3d                        # length 61
    02                        # address family AF_INET
    01                        # action: block
    00                        # reason: match
    65 6d 30 00 00 00 00 00 00 00 00 00 00 00 00 00   # interface "em0"
    00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00   # ruleset ""
    00 00 00 03               # rule number 3
    ff ff ff ff               # subrule: none
    7f ff ff ff 00 00 00 00   # uid (none), pid
    7f ff ff ff 00 00 00 00   # rule uid, rule pid
    01                        # direction: in
    00 00 00                  # padding to 64
  `);
  const frame = concat(header, packet);
  expectOk(PFLOG, frame, { family: 4, proto: 6, src: '203.0.113.50', srcPort: 51000, dstPort: 22, length: 40, hasMac: false, linkHint: -1 });
  expectEveryCut(PFLOG, frame, 64 + 20);
});

test('FreeBSD (69 → 72) and OpenBSD (100) headers, and every IPv6 family pf writes', () => {
  expectOk(PFLOG, pflog({ length: 69 }, packet), { family: 4 });
  expectOk(PFLOG, pflog({ length: 100, af: PfAf.INET6_OPENBSD }, ipv6()), { family: 6 });
  for (const af of [PfAf.INET6_OPENBSD, PfAf.INET6_FREEBSD, PfAf.INET6_DARWIN]) expectOk(PFLOG, pflog({ af }, ipv6()), { family: 6, length: 48 });
  expectEveryCut(PFLOG, pflog({ length: 69, af: PfAf.INET6_FREEBSD }, ipv6()), 72 + 40);
});

test('other address families are NON_IP (10 is AF_INET6 only on Linux, which has no pf)', () => {
  for (const af of [0, 1, 10, 17, 255]) expectStatus(PFLOG, pflog({ af }, packet), Decoded.NON_IP);
});

test('header lengths outside 61..100, or longer than the capture, are MALFORMED', () => {
  for (const length of [0, 1, 44, 45, 60, 101, 200, 255]) expectStatus(PFLOG, pflog({ length, padTo: 256 }, packet), Decoded.MALFORMED);
  expectStatus(PFLOG, fill(0), Decoded.MALFORMED);
  expectStatus(PFLOG, concat([100, 2], fill(97)), Decoded.MALFORMED);
});

test('an address family that does not match the packet is MALFORMED; a lying IP length falls back past the header', () => {
  expectStatus(PFLOG, pflog({ af: PfAf.INET }, ipv6()), Decoded.MALFORMED);
  expectOk(PFLOG, pflog({}, ipv4({ totalLength: 9000, dataLength: 72 })), { length: 100, lengthFromWire: true });
});
