// IPv4 header decoding: addresses, protocol, options skipped by IHL, fragments, ports; cases 4-01..4-11.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decoded, newPacketRecord } from '../../src/decode/packet-record.js';
import { LinkType } from '../../src/decode/link-types.js';
import { concat, ethernet, fill, hex, icmp, ipv4, ipv6, tcp, udp } from '../helpers/frames.js';
import { decode, expectOk, expectStatus, summarize } from './decode-util.js';

const RAW = LinkType.RAW;

test('IPv4 with a 4-byte option and UDP, from an annotated hex fixture', () => {
  const packet = hex(`
    46 00 00 24     # version 4, IHL 6 (24 bytes); DSCP/ECN; total length 36
    ab cd 00 00     # id; flags 0, fragment offset 0
    01 11 00 00     # TTL 1, protocol 17 (UDP); checksum (not checked)
    0a 00 00 01     # source 10.0.0.1
    e0 00 00 16     # destination 224.0.0.22
    94 04 00 00     # option: Router Alert
    00 44 00 43     # UDP source port 68, destination port 67
    00 0c 00 00     # UDP length 12, checksum
    de ad be ef     # data
  `);
  expectOk(RAW, packet, { family: 4, proto: 17, src: '10.0.0.1', dst: '224.0.0.22', srcPort: 68, dstPort: 67, length: 36, lengthFromWire: false });
});

test('protocols other than TCP and UDP have ports 0 even when bytes follow the header', () => {
  for (const proto of [1, 2, 33, 47, 50, 132, 136, 255]) {
    expectOk(RAW, ipv4({ proto, payload: hex('11 22 33 44 55 66 77 88') }), { proto, srcPort: 0, dstPort: 0 });
  }
});

test('ports cut by the snap length leave the packet countable with ports 0', () => {
  const packet = ipv4({ proto: 'tcp', srcPort: 1000, dstPort: 2000 });
  for (const caplen of [20, 21, 23]) expectOk(RAW, packet, { proto: 6, srcPort: 0, dstPort: 0, length: 40 }, { caplen });
  expectOk(RAW, packet, { srcPort: 1000, dstPort: 2000 }, { caplen: 24 });
});

test('ports are not read from Ethernet padding after a short IP packet', () => {
  const frame = concat(ethernet({}, ipv4({ proto: 'udp', totalLength: 22, payload: hex('00 35') })), hex('12 34 56 78'), fill(20));
  expectOk(LinkType.ETHERNET, frame, { proto: 17, length: 22, srcPort: 0, dstPort: 0 });
});

test('4-01 IHL 0 to 4 is malformed (never parse L4 at offset 0)', () => {
  for (const ihl of [0, 1, 2, 3, 4]) expectStatus(RAW, ipv4({ ihl, proto: 'tcp' }), Decoded.MALFORMED);
});

test('4-02 IHL 15 in a 24-byte packet is malformed; with 60 bytes captured it decodes', () => {
  expectStatus(RAW, ipv4({ ihl: 15, payload: fill(4) }), Decoded.MALFORMED);
  expectOk(RAW, ipv4({ ihl: 15, proto: 'udp', payload: concat(fill(40), hex('00 07 00 08')) }), { srcPort: 7, dstPort: 8, length: 64 });
});

test('a version other than 4 and a header shorter than 20 bytes are malformed', () => {
  expectStatus(LinkType.IPV4, ipv4({ version: 5 }), Decoded.MALFORMED);
  for (const caplen of [0, 1, 19]) expectStatus(RAW, ipv4(), Decoded.MALFORMED, { caplen });
});

test('4-04 options with length 0 or 1 and a Record Route pointer beyond the option are skipped by IHL', () => {
  const optionSets = [[0x07, 0x00], [0x07, 0x01], [0x07, 0x07, 0xff], [0x44, 0x00], fill(40, 0x01)];
  for (const options of optionSets) {
    expectOk(RAW, ipv4({ options, proto: 'tcp', srcPort: 11, dstPort: 12 }), { proto: 6, srcPort: 11, dstPort: 12 });
  }
});

test('4-05 fragments: the first (MF) has ports, later ones do not; tiny and duplicate fragments', () => {
  const first = ipv4({ proto: 'udp', srcPort: 500, dstPort: 4500, mf: true, dataLength: 1472 });
  expectOk(RAW, first, { proto: 17, srcPort: 500, dstPort: 4500 });
  const later = ipv4({ proto: 'udp', fragOffset: 185, payload: udp({ srcPort: 1, dstPort: 2 }) });
  expectOk(RAW, later, { proto: 17, srcPort: 0, dstPort: 0, length: 28 });
  const lastWithOffset1 = ipv4({ proto: 'tcp', fragOffset: 1, payload: tcp({ srcPort: 1, dstPort: 2 }) });
  expectOk(RAW, lastWithOffset1, { proto: 6, srcPort: 0, dstPort: 0 });
  expectOk(RAW, ipv4({ proto: 'udp', mf: true, payload: udp({ srcPort: 9, dstPort: 10 }) }), { srcPort: 9, dstPort: 10 }); // 8-byte fragment
  expectOk(RAW, ipv4({ proto: 'udp', mf: true, payload: hex('00 09') }), { srcPort: 0, dstPort: 0, length: 22 }); // 2-byte fragment
  // Overlapping or duplicate fragments: the decoder keeps no state, so each decodes the same every time.
  const rec = newPacketRecord();
  const once = summarize(decode(RAW, first, { record: rec }).rec);
  decode(RAW, later, { record: rec });
  assert.deepEqual(summarize(decode(RAW, first, { record: rec }).rec), once);
});

test('4-06 IP-in-IP, one level and nested to 64 KiB, is accounted by the outer header only', () => {
  const inner = ipv4({ src: '192.0.2.9', dst: '192.0.2.10', proto: 'tcp', srcPort: 1, dstPort: 2 });
  expectOk(RAW, ipv4({ src: '10.1.1.1', dst: '10.2.2.2', proto: 4, payload: inner }),
    { proto: 4, src: '10.1.1.1', dst: '10.2.2.2', srcPort: 0, dstPort: 0, length: 60 });
  let nested = inner;
  while (nested.length + 20 <= 65535) nested = ipv4({ src: '10.0.0.1', dst: '10.0.0.2', proto: 4, payload: nested });
  expectOk(RAW, nested, { proto: 4, src: '10.0.0.1', length: nested.length });
});

test('4-07 GRE, VXLAN and GENEVE are not descended: the outer header and outer UDP ports count', () => {
  const innerFrame = ethernet({}, ipv4({ proto: 'tcp', srcPort: 7, dstPort: 8 }));
  const greHeader = hex('00 00 08 00'); // GRE flags/version 0, protocol IPv4
  const gre = ipv4({ src: '10.9.9.9', proto: 47, payload: concat(greHeader, ipv4({ proto: 47, payload: concat(greHeader, innerFrame) })) });
  expectOk(RAW, gre, { proto: 47, src: '10.9.9.9', srcPort: 0, dstPort: 0, length: gre.length });
  const vxlan = hex('08 00 00 00 00 00 64 00');
  expectOk(RAW, ipv4({ proto: 'udp', srcPort: 51000, dstPort: 4789, data: concat(vxlan, innerFrame) }), { proto: 17, srcPort: 51000, dstPort: 4789 });
  expectOk(RAW, ipv4({ proto: 'udp', srcPort: 52000, dstPort: 6081, data: concat(fill(8), innerFrame) }), { proto: 17, dstPort: 6081 });
});

test('4-08 TCP data offset below 5 or beyond the packet, all flags, port 0: ports are still read', () => {
  for (const dataOffset of [0, 1, 4, 15]) {
    expectOk(RAW, ipv4({ proto: 'tcp', payload: tcp({ dataOffset, flags: 0xff, srcPort: 0, dstPort: 65535 }) }), { proto: 6, srcPort: 0, dstPort: 65535 });
  }
});

test('4-09 UDP length below 8 or beyond the IP payload: ports are still read', () => {
  for (const length of [0, 3, 7, 9000, 65535]) {
    expectOk(RAW, ipv4({ proto: 'udp', payload: udp({ length, srcPort: 123, dstPort: 123 }) }), { proto: 17, srcPort: 123, dstPort: 123, length: 28 });
  }
});

test('4-10 an ICMP error quoting a truncated inner header is ICMP with no ports', () => {
  const quoted = ipv4({ ihl: 15, proto: 'udp' }).slice(0, 24);
  expectOk(RAW, ipv4({ proto: 'icmp', payload: icmp({ type: 3, code: 3, data: quoted }) }), { proto: 1, srcPort: 0, dstPort: 0, length: 52 });
});

test('4-11 special addresses are copied exactly, also into a record that last held IPv6', () => {
  const rec = newPacketRecord();
  const pairs: Array<[string, string]> = [['0.0.0.0', '255.255.255.255'], ['192.0.2.7', '239.1.2.3'], ['10.1.1.230', '10.1.1.230'], ['127.0.0.1', '127.0.0.1']];
  for (const [src, dst] of pairs) {
    decode(LinkType.RAW, ipv6({ src: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', dst: 'ff02::1' }), { record: rec });
    const { status } = decode(LinkType.RAW, ipv4({ src, dst }), { record: rec });
    assert.equal(status, Decoded.OK);
    const s = summarize(rec); // also asserts bytes 4–15 are zero
    assert.deepEqual([s.family, s.src, s.dst], [4, src, dst]);
  }
});
