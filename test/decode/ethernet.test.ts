// Ethernet, VLAN tag stacks, 802.3 LLC/SNAP, MPLS and PPPoE decoding, with link-layer cases L-01..L-05.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decoded, LinkHint } from '../../src/decode/packet-record.js';
import { LinkType } from '../../src/decode/link-types.js';
import { concat, ethernet, ethernet8023, fill, hex, ipv4, ipv6, llc, llcSnap, mpls, pppoeSession } from '../helpers/frames.js';
import { expectOk, expectStatus } from './decode-util.js';

const ETH = LinkType.ETHERNET;

test('Ethernet II / IPv4 / TCP from an annotated hex fixture', () => {
  const frame = hex(`
    00 11 22 33 44 55   # destination MAC
    66 77 88 99 aa bb   # source MAC
    08 00               # EtherType IPv4
    45 00               # version 4, IHL 5; DSCP/ECN
    00 28               # total length 40
    12 34 40 00         # id; flags DF, fragment offset 0
    40 06 00 00         # TTL 64, protocol 6 (TCP); header checksum (not checked)
    c0 00 02 01         # source 192.0.2.1
    c6 33 64 02         # destination 198.51.100.2
    30 39 01 bb         # TCP source port 12345, destination port 443
    00 00 00 01 00 00 00 00 50 10 ff ff 00 00 00 00   # seq, ack, offset 5, ACK, window, checksum, urgent
  `);
  expectOk(ETH, frame, {
    family: 4, proto: 6, src: '192.0.2.1', dst: '198.51.100.2', srcPort: 12345, dstPort: 443,
    length: 40, lengthFromWire: false, linkHint: LinkHint.UNKNOWN, hasMac: true,
    srcMac: '66:77:88:99:aa:bb', dstMac: '00:11:22:33:44:55',
  });
});

test('Ethernet II / IPv6 / UDP', () => {
  const frame = ethernet({ src: '02:00:00:00:00:0a', dst: '33:33:00:00:00:01' },
    ipv6({ src: '2001:db8::a', dst: 'ff02::1', nextHeader: 'udp', srcPort: 546, dstPort: 547, dataLength: 10 }));
  expectOk(ETH, frame, { family: 6, proto: 17, src: '2001:db8::a', dst: 'ff02::1', srcPort: 546, dstPort: 547, length: 58, hasMac: true, srcMac: '02:00:00:00:00:0a' });
});

test('802.1Q, 802.1ad + 802.1Q and legacy 0x9100 tags are skipped to the inner EtherType', () => {
  const packet = ipv4({ proto: 'tcp', srcPort: 1, dstPort: 2 });
  for (const vlan of [[42], [{ id: 100, tpid: 0x88a8 }, 42], [{ id: 5, tpid: 0x9100 }, { id: 6, tpid: 0x9100 }]]) {
    expectOk(ETH, ethernet({ vlan }, packet), { family: 4, proto: 6, srcPort: 1, dstPort: 2, length: 40 });
  }
});

test('L-03 a stack of 8 tags decodes; 9 tags and 200 stacked 802.1Q/802.1ad tags are malformed', () => {
  const tags = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);
  expectOk(ETH, ethernet({ vlan: tags(8) }, ipv4()), { family: 4 });
  expectStatus(ETH, ethernet({ vlan: tags(9) }, ipv4()), Decoded.MALFORMED);
  const mixed = Array.from({ length: 200 }, (_, i) => ({ id: i & 0xfff, tpid: i % 2 === 0 ? 0x88a8 : 0x8100 }));
  expectStatus(ETH, ethernet({ vlan: mixed }, ipv4()), Decoded.MALFORMED);
});

test('L-01 runt frames with caplen 0, 1 and 13 are malformed', () => {
  const frame = ethernet({}, ipv4());
  for (const caplen of [0, 1, 13]) expectStatus(ETH, frame, Decoded.MALFORMED, { caplen, wirelen: frame.length });
});

test('L-02 a VLAN tag cut at caplen 15 is malformed', () => {
  const frame = ethernet({ vlan: [42] }, ipv4());
  expectStatus(ETH, frame, Decoded.MALFORMED, { caplen: 15 });
  expectStatus(ETH, frame, Decoded.MALFORMED, { caplen: 17 });
});

test('a frame cut between the link header and a complete IP header is malformed', () => {
  const frame = ethernet({}, ipv4());
  expectStatus(ETH, frame, Decoded.MALFORMED, { caplen: 14 });
  expectStatus(ETH, frame, Decoded.MALFORMED, { caplen: 33 });
  expectOk(ETH, frame, { family: 4 }, { caplen: 34 });
});

test('non-IP EtherTypes (ARP, LLDP, MPLS multicast, 1501–1535) are NON_IP', () => {
  for (const etherType of [0x0806, 0x88cc, 0x8848, 0x8863, 1501, 1535, 0xffff]) {
    expectStatus(ETH, ethernet({ etherType }, fill(46)), Decoded.NON_IP);
  }
});

test('an IP EtherType over a packet of the other IP version is malformed', () => {
  expectStatus(ETH, ethernet({ etherType: 0x0800 }, ipv6()), Decoded.MALFORMED);
  expectStatus(ETH, ethernet({ etherType: 0x86dd }, ipv4({ dataLength: 40 })), Decoded.MALFORMED);
});

test('L-05 802.3 length + LLC/SNAP with OUI 000000 carries IPv4 and IPv6', () => {
  const snap4 = hex(`
    02 00 00 00 00 02  02 00 00 00 00 01   # destination, source MAC
    00 24                                  # 802.3 length 36 (≤ 1500: an LLC header follows)
    aa aa 03                               # LLC: DSAP SNAP, SSAP SNAP, control UI
    00 00 00 08 00                         # SNAP: OUI 000000 (RFC 1042), EtherType IPv4
  `);
  expectOk(ETH, concat(snap4, ipv4({ proto: 'udp', srcPort: 7, dstPort: 8 })), { family: 4, proto: 17, srcPort: 7, dstPort: 8, hasMac: true });
  expectOk(ETH, ethernet8023({}, llcSnap({}, ipv6())), { family: 6, proto: 17 });
  expectOk(ETH, ethernet8023({ vlan: [10] }, llcSnap({}, ipv4())), { family: 4 });
});

test('L-05 other LLC (spanning tree, SNAP with a vendor OUI) is NON_IP; a cut SNAP header is malformed', () => {
  expectStatus(ETH, ethernet8023({}, llc(0x42, 0x42, 0x03, fill(35))), Decoded.NON_IP);
  expectStatus(ETH, ethernet8023({}, llcSnap({ oui: 0x00000c, etherType: 0x2000 }, fill(30))), Decoded.NON_IP);
  expectStatus(ETH, ethernet8023({}, llcSnap({ oui: 0x00000c, etherType: 0x0800 }, ipv4())), Decoded.NON_IP);
  const frame = ethernet8023({}, llcSnap({}, ipv4()));
  expectStatus(ETH, frame, Decoded.MALFORMED, { caplen: 16 });
  expectStatus(ETH, frame, Decoded.MALFORMED, { caplen: 21 });
});

test('LLC/SNAP whose EtherType is itself a length is NON_IP, not a second LLC header', () => {
  expectStatus(ETH, ethernet8023({}, llcSnap({ etherType: 0x0030 }, llcSnap({}, ipv4()))), Decoded.NON_IP);
});

test('MPLS: one label, three labels, IPv6 below the stack, and a stack below a VLAN tag', () => {
  const v4 = ipv4({ proto: 'tcp', srcPort: 10, dstPort: 20 });
  expectOk(ETH, ethernet({ etherType: 0x8847 }, mpls([16], v4)), { family: 4, proto: 6, srcPort: 10, dstPort: 20 });
  expectOk(ETH, ethernet({ etherType: 0x8847 }, mpls([16, 17, 18], v4)), { family: 4, length: 40 });
  expectOk(ETH, ethernet({ etherType: 0x8847 }, mpls([3000], ipv6())), { family: 6 });
  expectOk(ETH, ethernet({ vlan: [7], etherType: 0x8847 }, mpls([16], v4)), { family: 4 });
});

test('L-04 MPLS: 8 labels decode; a 9th, 50 labels without bottom-of-stack, or none before caplen end are malformed', () => {
  const labels = (n: number): number[] => Array.from({ length: n }, (_, i) => 100 + i);
  expectOk(ETH, ethernet({ etherType: 0x8847 }, mpls(labels(8), ipv4())), { family: 4 });
  expectStatus(ETH, ethernet({ etherType: 0x8847 }, mpls(labels(9), ipv4())), Decoded.MALFORMED);
  const noBottom = labels(50).map((label) => ({ label, bos: false }));
  expectStatus(ETH, ethernet({ etherType: 0x8847 }, mpls(noBottom, fill(0))), Decoded.MALFORMED);
  expectStatus(ETH, ethernet({ etherType: 0x8847 }, mpls([{ label: 1, bos: false }, { label: 2, bos: false }], fill(0))), Decoded.MALFORMED);
  expectStatus(ETH, ethernet({ etherType: 0x8847 }, mpls([1], fill(0))), Decoded.MALFORMED); // nothing after the stack
});

test('MPLS carrying a pseudowire (control word, nibble 0) is NON_IP', () => {
  expectStatus(ETH, ethernet({ etherType: 0x8847 }, mpls([16], concat([0, 0, 0, 0], ethernet({}, ipv4())))), Decoded.NON_IP);
});

test('PPPoE session carrying IPv4 (0x0021) and IPv6 (0x0057)', () => {
  const frame4 = ethernet({ etherType: 0x8864 }, pppoeSession({ sessionId: 0x1234 }, ipv4({ proto: 'udp', srcPort: 3, dstPort: 4 })));
  expectOk(ETH, frame4, { family: 4, proto: 17, srcPort: 3, dstPort: 4, length: 28, hasMac: true });
  expectOk(ETH, ethernet({ etherType: 0x8864 }, pppoeSession({}, ipv6())), { family: 6, length: 48 });
});

test('PPPoE control protocols, other versions or codes are NON_IP; a cut PPPoE header is malformed', () => {
  expectStatus(ETH, ethernet({ etherType: 0x8864 }, pppoeSession({ pppProtocol: 0xc021 }, fill(20))), Decoded.NON_IP);
  expectStatus(ETH, ethernet({ etherType: 0x8864 }, pppoeSession({ verType: 0x21 }, ipv4())), Decoded.NON_IP);
  expectStatus(ETH, ethernet({ etherType: 0x8864 }, pppoeSession({ code: 0x09 }, ipv4())), Decoded.NON_IP);
  expectStatus(ETH, ethernet({ etherType: 0x8864 }, pppoeSession({}, ipv4())), Decoded.MALFORMED, { caplen: 21 });
});

test('the wire length used for lying IP lengths excludes every link header before IP', () => {
  const forged = ipv4({ totalLength: 0, dataLength: 100 }); // 128 bytes on the wire
  const cases: Array<[Uint8Array, number]> = [
    [ethernet({}, forged), 14],
    [ethernet({ vlan: [1, 2] }, forged), 22],
    [ethernet8023({}, llcSnap({}, forged)), 22],
    [ethernet({ etherType: 0x8847 }, mpls([1, 2], forged)), 22],
    [ethernet({ etherType: 0x8864 }, pppoeSession({}, forged)), 22],
  ];
  for (const [frame, linkBytes] of cases) {
    assert.equal(frame.length - linkBytes, 128);
    expectOk(ETH, frame, { length: 128, lengthFromWire: true }, { wirelen: frame.length });
  }
});
