// BSD loopback link types NULL (0, either byte order) and LOOP (108, network order), with case L-07.

import { test } from 'node:test';
import { Decoded } from '../../src/decode/packet-record.js';
import { LinkType } from '../../src/decode/link-types.js';
import { AF, concat, fill, hex, ipv4, ipv6, nullLoop } from '../helpers/frames.js';
import { expectOk, expectStatus } from './decode-util.js';

const NULL = LinkType.NULL;
const LOOP = LinkType.LOOP;

test('NULL from annotated hex fixtures: AF_INET little-endian and big-endian', () => {
  const packet = ipv4({ src: '127.0.0.1', dst: '127.0.0.1', proto: 'tcp', srcPort: 6000, dstPort: 6001 });
  expectOk(NULL, concat(hex('02 00 00 00  # AF_INET as written by a little-endian host'), packet),
    { family: 4, src: '127.0.0.1', srcPort: 6000, dstPort: 6001, length: 40, hasMac: false });
  expectOk(NULL, concat(hex('00 00 00 02  # AF_INET as written by a big-endian host'), packet), { family: 4 });
});

test('NULL: every IPv6 family number (10, 24, 28, 30) in both byte orders', () => {
  for (const af of [AF.INET6_LINUX, AF.INET6_BSD, AF.INET6_FREEBSD, AF.INET6_DARWIN]) {
    for (const bigEndian of [false, true]) expectOk(NULL, nullLoop(af, bigEndian, ipv6({ src: '::1', dst: '::1' })), { family: 6, src: '::1' });
  }
});

test('LOOP reads the family in network byte order only', () => {
  expectOk(LOOP, nullLoop(AF.INET, true, ipv4()), { family: 4 });
  expectOk(LOOP, nullLoop(AF.INET6_BSD, true, ipv6()), { family: 6 });
  expectStatus(LOOP, nullLoop(AF.INET, false, ipv4()), Decoded.NON_IP);
});

test('other address families are NON_IP', () => {
  for (const af of [0, 1, 7, 11, 17, 0xffff]) {
    expectStatus(NULL, nullLoop(af, true, ipv4()), Decoded.NON_IP);
    expectStatus(NULL, nullLoop(af, false, ipv4()), Decoded.NON_IP);
    expectStatus(LOOP, nullLoop(af, true, ipv4()), Decoded.NON_IP);
  }
});

test('L-07 NULL/LOOP with address family 0xFFFFFFFF are NON_IP', () => {
  expectStatus(NULL, nullLoop(0xffffffff, true, ipv4()), Decoded.NON_IP);
  expectStatus(LOOP, nullLoop(0xffffffff, true, ipv4()), Decoded.NON_IP);
});

test('AF_INET over a packet that is not IPv4 is malformed; a cut header is malformed', () => {
  expectStatus(NULL, nullLoop(AF.INET, false, ipv6()), Decoded.MALFORMED);
  expectStatus(NULL, nullLoop(AF.INET6_LINUX, false, ipv4({ dataLength: 40 })), Decoded.MALFORMED);
  for (const caplen of [0, 3, 4, 23]) expectStatus(NULL, nullLoop(AF.INET, false, ipv4()), Decoded.MALFORMED, { caplen });
  expectStatus(LOOP, fill(3), Decoded.MALFORMED);
});
