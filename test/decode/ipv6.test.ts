// IPv6 header and extension-header walk: protocol, ports, budgets and termination; cases 6-01..6-12.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decoded, newPacketRecord } from '../../src/decode/packet-record.js';
import { decodeFrame } from '../../src/decode/decode-frame.js';
import { LinkType } from '../../src/decode/link-types.js';
import { MAX_EXTENSION_HEADERS } from '../../src/decode/ipv6.js';
import { concat, ethernet, fill, hex, ipv4, ipv6, tcp, type Ipv6ExtHeader } from '../helpers/frames.js';
import { expectOk, expectStatus, trackReads } from './decode-util.js';

const RAW = LinkType.RAW;
const dstopts = (n: number): Ipv6ExtHeader[] => Array.from({ length: n }, () => ({ type: 'dstopts' as const }));

test('IPv6 / Hop-by-Hop / TCP from an annotated hex fixture', () => {
  const packet = hex(`
    60 00 00 00                                       # version 6, traffic class 0, flow label 0
    00 1c 00 40                                       # payload length 28; next header 0 (Hop-by-Hop); hop limit 64
    20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01   # source 2001:db8::1
    20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 02   # destination 2001:db8::2
    06 00 01 04 00 00 00 00                           # HBH: next header 6 (TCP), length 0 (8 bytes), PadN
    01 bb c3 50                                       # TCP source port 443, destination port 50000
    00 00 00 00 00 00 00 00 50 10 ff ff 00 00 00 00   # rest of the TCP header
  `);
  expectOk(RAW, packet, { family: 6, proto: 6, src: '2001:db8::1', dst: '2001:db8::2', srcPort: 443, dstPort: 50000, length: 68, lengthFromWire: false });
});

test('the walk crosses routing, destination options, AH, an atomic fragment, mobility, HIP and Shim6 to UDP', () => {
  const extHeaders: Ipv6ExtHeader[] = [
    { type: 'hbh' }, { type: 'routing', len: 2 }, { type: 'dstopts', len: 1 }, { type: 'ah', len: 4 },
    { type: 'fragment' }, { type: 'mobility' }, { type: 'hip', len: 3 }, { type: 'shim6' }, { type: 'dstopts' },
  ];
  const packet = ipv6({ extHeaders, nextHeader: 'udp', srcPort: 5353, dstPort: 5353 });
  expectOk(RAW, packet, { proto: 17, srcPort: 5353, dstPort: 5353, length: packet.length });
});

test('6-01 a fixed header cut at 10 or 39 bytes, or a version other than 6, is malformed', () => {
  for (const caplen of [0, 10, 39]) expectStatus(RAW, ipv6(), Decoded.MALFORMED, { caplen });
  expectStatus(LinkType.IPV6, ipv6({ version: 7 }), Decoded.MALFORMED);
  expectOk(RAW, ipv6(), { family: 6, proto: 17, srcPort: 0 }, { caplen: 40 });
});

test('6-02 Next Header 50 (ESP), directly and after a Destination Options header, ends the walk', () => {
  expectOk(RAW, ipv6({ nextHeader: 50, payload: fill(8) }), { proto: 50, srcPort: 0, dstPort: 0 });
  expectOk(RAW, ipv6({ extHeaders: dstopts(1), nextHeader: 50, payload: fill(8) }), { proto: 50, srcPort: 0, dstPort: 0 });
});

test('6-03 1000 chained Destination Options headers stop at the budget of 16: malformed, in O(budget)', () => {
  assert.equal(MAX_EXTENSION_HEADERS, 16);
  expectStatus(RAW, ipv6({ extHeaders: dstopts(1000), nextHeader: 'tcp' }), Decoded.MALFORMED);
  expectOk(RAW, ipv6({ extHeaders: dstopts(16), nextHeader: 'tcp', srcPort: 1, dstPort: 2 }), { proto: 6, srcPort: 1, dstPort: 2 });
  expectStatus(RAW, ipv6({ extHeaders: dstopts(17), nextHeader: 'tcp' }), Decoded.MALFORMED);
  // The work done does not grow with the chain: a 1000-header chain costs the same reads as 17.
  const readsFor = (n: number): number => {
    const packet = ipv6({ extHeaders: dstopts(n), nextHeader: 'tcp' });
    const { view, reads } = trackReads(packet);
    assert.equal(decodeFrame(RAW, view, 0, packet.length, packet.length, newPacketRecord()), Decoded.MALFORMED);
    return reads.length;
  };
  assert.equal(readsFor(1000), readsFor(17));
});

test('6-04 Hop-by-Hop anywhere but first, or twice, is malformed', () => {
  expectStatus(RAW, ipv6({ extHeaders: [{ type: 'dstopts' }, { type: 'hbh' }] }), Decoded.MALFORMED);
  expectStatus(RAW, ipv6({ extHeaders: [{ type: 'hbh' }, { type: 'hbh' }] }), Decoded.MALFORMED);
  expectOk(RAW, ipv6({ extHeaders: [{ type: 'hbh' }, { type: 'dstopts' }] }), { proto: 17 });
});

test('6-05 an extension header with len 255 beyond the capture ends the walk: OK, that header is the protocol', () => {
  const packet = ipv6({ extHeaders: [{ type: 'dstopts' }, { type: 'routing', len: 255 }], nextHeader: 'tcp' });
  expectOk(RAW, packet, { proto: 43, srcPort: 0, dstPort: 0 }, { caplen: 200 });
  expectOk(RAW, packet, { proto: 43 }, { caplen: 50 }); // not even the first 8 bytes of the routing header
  expectOk(RAW, packet, { proto: 6 }); // whole packet: the walk gets through
});

test('6-06 a routing header whose segments-left exceeds its addresses is skipped by its length', () => {
  for (const routingType of [0, 4]) {
    const extHeaders: Ipv6ExtHeader[] = [{ type: 'routing', len: 2, body: [routingType, 200] }];
    expectOk(RAW, ipv6({ extHeaders, nextHeader: 'tcp', srcPort: 80, dstPort: 81 }), { proto: 6, srcPort: 80, dstPort: 81 });
  }
});

test('6-07 a fragment with offset > 0 has no transport parse; an atomic fragment does', () => {
  const later = ipv6({ extHeaders: [{ type: 'fragment', fragOffset: 5, more: true }], nextHeader: 'udp', srcPort: 1, dstPort: 2 });
  expectOk(RAW, later, { proto: 17, srcPort: 0, dstPort: 0 });
  const atomic = ipv6({ extHeaders: [{ type: 'fragment' }], nextHeader: 'udp', srcPort: 1, dstPort: 2 });
  expectOk(RAW, atomic, { proto: 17, srcPort: 1, dstPort: 2 });
  const first = ipv6({ extHeaders: [{ type: 'fragment', more: true }], nextHeader: 'tcp', srcPort: 3, dstPort: 4 });
  expectOk(RAW, first, { proto: 6, srcPort: 3, dstPort: 4 });
});

test('6-08 AH with payload length 0 (8 bytes) and 255 (1028 bytes) advances correctly', () => {
  for (const len of [0, 255]) {
    const packet = ipv6({ extHeaders: [{ type: 'ah', len }], nextHeader: 'tcp', srcPort: 8, dstPort: 9 });
    assert.equal(packet.length, 40 + (len + 2) * 4 + 20);
    expectOk(RAW, packet, { proto: 6, srcPort: 8, dstPort: 9 });
  }
});

test('6-09 Next Header 59 with trailing bytes is counted with no ports', () => {
  expectOk(RAW, ipv6({ nextHeader: 59, payload: fill(100, 0x78) }), { proto: 59, srcPort: 0, dstPort: 0, length: 140 });
  expectOk(RAW, ipv6({ extHeaders: dstopts(2), nextHeader: 59, payload: fill(100, 0x78) }), { proto: 59, length: 156 });
});

test('6-11 IPv6-in-IPv6 and 6in4 are accounted by the outer header only', () => {
  let nested = ipv6({ nextHeader: 'tcp', srcPort: 1, dstPort: 2 });
  for (let i = 0; i < 100; i++) nested = ipv6({ src: '2001:db8::aa', nextHeader: 41, payload: nested });
  expectOk(RAW, nested, { family: 6, proto: 41, src: '2001:db8::aa', srcPort: 0, dstPort: 0, length: nested.length });
  expectOk(RAW, ipv4({ src: '192.0.2.1', proto: 41, payload: ipv6({ nextHeader: 'udp', srcPort: 1, dstPort: 2 }) }),
    { family: 4, proto: 41, src: '192.0.2.1', srcPort: 0, dstPort: 0, length: 68 });
});

test('6-12 mobility, HIP and Shim6 are walked; experimental 253/254 end the walk', () => {
  for (const type of ['mobility', 'hip', 'shim6'] as const) {
    expectOk(RAW, ipv6({ extHeaders: [{ type, len: 1 }], nextHeader: 'tcp', srcPort: 5, dstPort: 6 }), { proto: 6, srcPort: 5, dstPort: 6 });
  }
  for (const nextHeader of [253, 254]) {
    expectOk(RAW, ipv6({ nextHeader, payload: concat([6, 0], fill(30)) }), { proto: nextHeader, srcPort: 0 });
  }
});

test('TCP ports cut by the snap length, or lying outside the payload length, are not read', () => {
  const packet = ipv6({ extHeaders: dstopts(1), nextHeader: 'tcp', srcPort: 1, dstPort: 2 });
  expectOk(RAW, packet, { proto: 6, srcPort: 0, dstPort: 0 }, { caplen: 51 });
  expectOk(RAW, packet, { proto: 6, srcPort: 1, dstPort: 2 }, { caplen: 52 });
  // Payload length covers only the options header; the TCP header after it is padding as far as IP knows.
  const short = concat(ipv6({ extHeaders: dstopts(1), nextHeader: 'tcp', payload: fill(0), payloadLength: 8 }), tcp({ srcPort: 1, dstPort: 2 }));
  expectOk(RAW, short, { proto: 6, srcPort: 0, dstPort: 0, length: 48, lengthFromWire: false });
});

test('an extension header cut at the end of the payload length ends the walk like a cut by the capture', () => {
  const packet = ipv6({ extHeaders: [{ type: 'dstopts', len: 3 }], nextHeader: 'udp', payloadLength: 16 });
  expectOk(LinkType.ETHERNET, ethernet({}, packet), { proto: 60, length: 56 });
});
