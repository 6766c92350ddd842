// The test frame builders themselves: checksums, address parsing, hex fixtures and forged fields.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  concat, ethernet, hex, icmp, internetChecksum, ipv4, ipv4Address, ipv6, ipv6Address, macAddress, mpls, nullLoop, sll, sll2, tcp, udp,
} from '../helpers/frames.js';

test('internetChecksum matches the RFC 1071 example and verifies to zero', () => {
  const data = hex('00 01 f2 03 f4 f5 f6 f7');
  assert.equal(internetChecksum(data), 0x220d);
  assert.equal(internetChecksum(data, [0x22, 0x0d]), 0);
  assert.equal(internetChecksum(hex('01')), 0xfeff); // odd length pads with a zero byte
});

test('hex() ignores whitespace, colons and comments, and rejects odd input', () => {
  assert.deepEqual(hex(`
    45 00   # version, IHL
    00:14   // total length
  `), Uint8Array.from([0x45, 0x00, 0x00, 0x14]));
  assert.throws(() => hex('abc'));
  assert.throws(() => hex('zz'));
});

test('addresses parse from text', () => {
  assert.deepEqual(ipv4Address('192.0.2.1'), Uint8Array.from([192, 0, 2, 1]));
  assert.deepEqual(ipv6Address('::'), new Uint8Array(16));
  assert.deepEqual(ipv6Address('::1'), concat(new Uint8Array(15), [1]));
  assert.deepEqual(ipv6Address('2001:db8::1:0:2'), hex('20 01 0d b8 00 00 00 00 00 00 00 01 00 00 00 02'));
  assert.deepEqual(ipv6Address('fe80::'), hex('fe 80 00 00 00 00 00 00 00 00 00 00 00 00 00 00'));
  assert.deepEqual(ipv6Address('::ffff:192.0.2.1'), hex('00 00 00 00 00 00 00 00 00 00 ff ff c0 00 02 01'));
  assert.deepEqual(ipv6Address('1:2:3:4:5:6:7:8'), hex('00 01 00 02 00 03 00 04 00 05 00 06 00 07 00 08'));
  assert.deepEqual(macAddress('02-00-5e-10-00-FF'), hex('02 00 5e 10 00 ff'));
  assert.throws(() => ipv4Address('10.0.0.256'));
  assert.throws(() => ipv6Address('1::2::3'));
  assert.throws(() => macAddress('02:00:00:00:00'));
});

test('ipv4() builds a header whose checksum verifies, with forged fields left as given', () => {
  const p = ipv4({ src: '10.0.0.1', dst: '10.0.0.2', proto: 'tcp', srcPort: 1, dstPort: 2, dataLength: 3, options: [1], ttl: 9, df: true });
  assert.equal(p.length, 24 + 20 + 3);
  assert.equal(p[0], 0x46);
  assert.deepEqual([p[2], p[3]], [0, 47]);
  assert.equal(p[8], 9);
  assert.equal(internetChecksum(p.subarray(0, 24)), 0);
  const forged = ipv4({ ihl: 15, totalLength: 1000, fragOffset: 185, mf: true, checksum: 0xbeef, version: 5 });
  assert.deepEqual(Array.from(forged.subarray(0, 12)), [0x5f, 0, 0x03, 0xe8, 0, 1, 0x20, 185, 64, 17, 0xbe, 0xef]);
  assert.equal(forged.length, 28); // the header built is still 20 bytes
});

test('TCP, UDP and ICMP(v6) checksums built by ipv4()/ipv6() verify over the pseudo-header', () => {
  const v4 = ipv4({ src: '192.0.2.1', dst: '192.0.2.2', proto: 'tcp', dataLength: 5 });
  assert.equal(internetChecksum(v4.subarray(12, 20), [0, 6, 0, 25], v4.subarray(20)), 0);
  const u4 = ipv4({ proto: 'udp', dataLength: 7 });
  assert.equal(internetChecksum(u4.subarray(12, 20), [0, 17, 0, 15], u4.subarray(20)), 0);
  assert.equal(internetChecksum(ipv4({ proto: 'icmp', dataLength: 3 }).subarray(20)), 0);
  for (const nextHeader of ['tcp', 'udp', 'icmpv6'] as const) {
    const p = ipv6({ nextHeader, dataLength: 11, extHeaders: [{ type: 'dstopts' }] });
    const upper = p.subarray(48);
    const nh = { tcp: 6, udp: 17, icmpv6: 58 }[nextHeader];
    assert.equal(internetChecksum(p.subarray(8, 40), [0, 0, 0, upper.length, 0, 0, 0, nh], upper), 0, nextHeader);
  }
  assert.equal(internetChecksum(icmp({ type: 3, data: hex('01 02 03') })), 0);
});

test('tcp() and udp() lay out ports and forged fields', () => {
  assert.deepEqual(Array.from(tcp({ srcPort: 0x1234, dstPort: 80, dataOffset: 1, flags: 0x02 }).subarray(0, 14)),
    [0x12, 0x34, 0, 80, 0, 0, 0, 1, 0, 0, 0, 0, 0x10, 0x02]);
  assert.equal(tcp({ options: [2, 4, 5, 0xb4, 1] }).length, 28);
  assert.deepEqual(Array.from(udp({ srcPort: 53, dstPort: 5353, length: 3, dataLength: 2 })), [0, 53, 0x14, 0xe9, 0, 3, 0, 0, 0x61, 0x61]);
});

test('ipv6() chains extension headers and forges Payload Length', () => {
  const p = ipv6({ extHeaders: [{ type: 'hbh' }, { type: 'fragment', fragOffset: 3, more: true }, { type: 'ah', len: 1 }], nextHeader: 59, payload: new Uint8Array(0) });
  assert.deepEqual([p[6], p[40], p[48], p[56]], [0, 44, 51, 59]);
  assert.deepEqual([p[50], p[51]], [0, 0x19]); // offset 3 << 3 | M
  assert.equal(p.length, 40 + 8 + 8 + 12);
  assert.deepEqual([p[4], p[5]], [0, 28]);
  const forged = ipv6({ payloadLength: 0xffff, firstNextHeader: 50 });
  assert.deepEqual([forged[4], forged[5], forged[6]], [0xff, 0xff, 50]);
});

test('link-layer builders: Ethernet tags and padding, MPLS bottom-of-stack, cooked and loopback headers', () => {
  const frame = ethernet({ vlan: [{ id: 100, tpid: 0x88a8, pcp: 5 }, 42], padTo: 80 }, ipv4());
  assert.deepEqual(Array.from(frame.subarray(12, 22)), [0x88, 0xa8, 0xa0, 100, 0x81, 0x00, 0, 42, 0x08, 0x00]);
  assert.equal(frame.length, 80);
  assert.throws(() => ethernet({}, new Uint8Array(4)));
  assert.deepEqual(Array.from(mpls([1, { label: 2, ttl: 9 }], new Uint8Array(0))), [0, 0, 0x10, 64, 0, 0, 0x21, 9]);
  assert.equal(sll({}, ipv6()).length - ipv6().length, 16);
  assert.deepEqual(Array.from(sll2({ packetType: 4 }, ipv6()).subarray(0, 12)), [0x86, 0xdd, 0, 0, 0, 0, 0, 1, 0, 1, 4, 6]);
  assert.deepEqual(Array.from(nullLoop(2, false, new Uint8Array(0))), [2, 0, 0, 0]);
  assert.deepEqual(Array.from(nullLoop(2, true, new Uint8Array(0))), [0, 0, 0, 2]);
});
