// Linux cooked captures SLL (113) and SLL2 (276): direction hints, protocol checks and case L-06.

import { test } from 'node:test';
import { Decoded, LinkHint } from '../../src/decode/packet-record.js';
import { LinkType } from '../../src/decode/link-types.js';
import { PacketType, concat, fill, hex, ipv4, ipv6, llcSnap, sll, sll2 } from '../helpers/frames.js';
import { expectOk, expectStatus } from './decode-util.js';

const SLL = LinkType.LINUX_SLL;
const SLL2 = LinkType.LINUX_SLL2;

test('SLL / IPv4 / UDP from an annotated hex fixture: packet type 0 is incoming', () => {
  const header = hex(`
    00 00                     # packet type 0: PACKET_HOST (to us)
    00 01                     # ARPHRD_ETHER
    00 06                     # link-layer address length 6
    02 00 00 00 00 09 00 00   # address, padded to 8
    08 00                     # protocol: IPv4
  `);
  expectOk(SLL, concat(header, ipv4({ src: '127.0.0.5', dst: '127.0.0.6', proto: 'udp', srcPort: 701, dstPort: 702 })), {
    family: 4, proto: 17, src: '127.0.0.5', dst: '127.0.0.6', srcPort: 701, dstPort: 702,
    length: 28, linkHint: LinkHint.INCOMING, hasMac: false,
  });
});

test('SLL2 / IPv6 from an annotated hex fixture: packet type 4 is outgoing', () => {
  const header = hex(`
    86 dd                     # protocol: IPv6
    00 00                     # reserved
    00 00 00 02               # interface index 2
    00 01                     # ARPHRD_ETHER
    04                        # packet type 4: PACKET_OUTGOING
    06                        # address length 6
    02 00 00 00 00 09 00 00   # address, padded to 8
  `);
  expectOk(SLL2, concat(header, ipv6({ nextHeader: 'tcp', srcPort: 22, dstPort: 50000 })), {
    family: 6, proto: 6, srcPort: 22, dstPort: 50000, length: 60, linkHint: LinkHint.OUTGOING, hasMac: false,
  });
});

test('packet types other than host (0) and outgoing (4) give no direction hint', () => {
  const expected = new Map<number, number>([
    [PacketType.HOST, LinkHint.INCOMING], [PacketType.BROADCAST, LinkHint.UNKNOWN], [PacketType.MULTICAST, LinkHint.UNKNOWN],
    [PacketType.OTHERHOST, LinkHint.UNKNOWN], [PacketType.OUTGOING, LinkHint.OUTGOING], [5, LinkHint.UNKNOWN], [0xffff & 0xff, LinkHint.UNKNOWN],
  ]);
  for (const [packetType, linkHint] of expected) {
    expectOk(SLL, sll({ packetType }, ipv4()), { linkHint });
    expectOk(SLL2, sll2({ packetType }, ipv6()), { linkHint });
  }
  expectOk(SLL, sll({ packetType: 0x0400 }, ipv4()), { linkHint: LinkHint.UNKNOWN }); // 16-bit field, not byte 1
});

test('a VLAN tag libpcap re-inserted after the cooked header is skipped', () => {
  const tagged = concat(hex('00 2a 08 00'), ipv4({ proto: 'tcp', srcPort: 5, dstPort: 6 })); // TCI 42, inner IPv4
  expectOk(SLL, sll({ protocol: 0x8100 }, tagged), { family: 4, srcPort: 5, dstPort: 6, length: 40 });
  expectOk(SLL2, sll2({ protocol: 0x8100 }, tagged), { family: 4, srcPort: 5, dstPort: 6 });
});

test('protocol ETH_P_802_2 (4) with LLC/SNAP carries IP; other small protocol values are NON_IP', () => {
  expectOk(SLL, sll({ protocol: 0x0004 }, llcSnap({}, ipv4())), { family: 4 });
  for (const protocol of [0x0001, 0x0003, 0x000c, 0x0019, 1500]) {
    expectStatus(SLL, sll({ protocol }, llcSnap({}, ipv4())), Decoded.NON_IP);
    expectStatus(SLL2, sll2({ protocol }, llcSnap({}, ipv4())), Decoded.NON_IP);
  }
});

test('netlink monitor captures (ARPHRD_NETLINK) are NON_IP whatever the protocol says', () => {
  expectStatus(SLL, sll({ hatype: 824, protocol: 0x0800 }, ipv4()), Decoded.NON_IP);
  expectStatus(SLL2, sll2({ hatype: 824, protocol: 0x0800 }, ipv4()), Decoded.NON_IP);
});

test('L-06 cooked headers with address length > 8 and with unknown protocols', () => {
  expectOk(SLL, sll({ halen: 255 }, ipv4()), { family: 4, length: 28 });
  expectOk(SLL2, sll2({ halen: 200, addr: fill(8, 0xff) }, ipv6()), { family: 6 });
  for (const protocol of [0x0806, 0x88cc, 0x9999, 0xffff]) {
    expectStatus(SLL, sll({ protocol, halen: 255 }, fill(40)), Decoded.NON_IP);
    expectStatus(SLL2, sll2({ protocol, halen: 255 }, fill(40)), Decoded.NON_IP);
  }
});

test('cooked headers cut short are malformed', () => {
  const frame = sll({}, ipv4());
  for (const caplen of [0, 1, 15, 16, 35]) expectStatus(SLL, frame, Decoded.MALFORMED, { caplen });
  const frame2 = sll2({}, ipv4());
  for (const caplen of [0, 10, 19, 20, 39]) expectStatus(SLL2, frame2, Decoded.MALFORMED, { caplen });
});

test('lying IP lengths fall back to the wire length minus the 16- or 20-byte cooked header', () => {
  const packet = ipv4({ totalLength: 9000, dataLength: 72 }); // 100 bytes
  expectOk(SLL, sll({}, packet), { length: 100, lengthFromWire: true });
  expectOk(SLL2, sll2({}, packet), { length: 100, lengthFromWire: true });
});
