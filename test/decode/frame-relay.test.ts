// Frame Relay (107): Q.922 addresses of 2–4 bytes, RFC 2427 NLPIDs (IP, IPv6, SNAP), pad, Cisco encapsulation.

import { test } from 'node:test';
import { Decoded } from '../../src/decode/packet-record.js';
import { LinkType } from '../../src/decode/link-types.js';
import { concat, ethernet, fill, hex, ipv4, ipv6, mpls } from '../helpers/frames.js';
import { fcsOf, frSnap, frameRelay } from '../helpers/frames-links.js';
import { expectEveryCut, expectOk, expectStatus } from './decode-util.js';

const FR = LinkType.FRELAY;
const packet = ipv4({ src: '198.51.100.1', dst: '198.51.100.2', proto: 'tcp', srcPort: 40000, dstPort: 23 });

test('RFC 2427 IPv4 and IPv6 from annotated hex fixtures', () => {
  const v4 = concat(hex(`
    18 41   # Q.922 address: DLCI 100 (0x18 = DLCI high 6 bits, C/R 0, EA 0; 0x41 = low 4 bits, EA 1)
    03      # control: UI
    cc      # NLPID: IPv4
  `), packet);
  expectOk(FR, v4, { family: 4, proto: 6, srcPort: 40000, dstPort: 23, length: 40, hasMac: false });
  expectEveryCut(FR, v4, 4 + 20);
  const v6 = concat(hex('18 41  03  8e  # DLCI 100, UI, NLPID IPv6'), ipv6());
  expectOk(FR, v6, { family: 6, length: 48 });
});

test('3- and 4-byte Q.922 addresses, and the optional pad byte before the NLPID', () => {
  for (const addressBytes of [2, 3, 4] as const) {
    for (const pad of [false, true]) {
      const frame = frameRelay({ dlci: 1000, addressBytes, pad }, packet);
      expectOk(FR, frame, { family: 4, srcPort: 40000 });
      expectEveryCut(FR, frame, addressBytes + 1 + (pad ? 1 : 0) + 1 + 20);
    }
  }
});

test('SNAP after NLPID 0x80: routed (zero OUI, EtherType PID) and bridged Ethernet with and without its FCS', () => {
  expectOk(FR, frameRelay({ pad: true, nlpid: 0x80 }, frSnap(0, 0x0800, packet)), { family: 4, hasMac: false });
  expectOk(FR, frameRelay({ pad: true, nlpid: 0x80 }, frSnap(0, 0x8847, mpls([16], ipv6()))), { family: 6 });
  const eth = ethernet({ src: '02:00:00:00:00:0f' }, ipv4({ totalLength: 9000, dataLength: 72 }));
  expectOk(FR, frameRelay({ pad: true, nlpid: 0x80 }, frSnap(0x0080c2, 7, eth)), { family: 4, hasMac: true, srcMac: '02:00:00:00:00:0f', length: 100, lengthFromWire: true });
  expectOk(FR, frameRelay({ pad: true, nlpid: 0x80 }, frSnap(0x0080c2, 1, concat(eth, fcsOf(eth)))), { length: 100, lengthFromWire: true });
  expectStatus(FR, frameRelay({ pad: true, nlpid: 0x80 }, frSnap(0x0080c2, 0x000e, fill(40))), Decoded.NON_IP); // bridged BPDU
  expectStatus(FR, frameRelay({ pad: true, nlpid: 0x80 }, frSnap(0x00000c, 0x2000, fill(40))), Decoded.NON_IP); // Cisco CDP
  expectStatus(FR, frameRelay({ pad: true, nlpid: 0x80 }, frSnap(0, 0x0806, fill(28))), Decoded.NON_IP);
  expectStatus(FR, frameRelay({ pad: true, nlpid: 0x80 }, frSnap(0, 100, fill(28))), Decoded.NON_IP);
  for (const caplen of [4, 8]) expectStatus(FR, frameRelay({ pad: true, nlpid: 0x80 }, frSnap(0, 0x0800, packet)), Decoded.MALFORMED, { caplen });
});

test('Cisco encapsulation: an EtherType right after the address', () => {
  const frame = concat(hex('18 41  08 00  # DLCI 100, EtherType IPv4'), packet);
  expectOk(FR, frame, { family: 4, srcPort: 40000 });
  expectEveryCut(FR, frame, 4 + 20);
  expectOk(FR, frameRelay({ encapsulation: 'cisco', etherType: 0x86dd }, ipv6()), { family: 6 });
  expectStatus(FR, frameRelay({ encapsulation: 'cisco', etherType: 0x0806 }, fill(28)), Decoded.NON_IP);
  expectStatus(FR, frameRelay({ encapsulation: 'cisco', etherType: 0x0100 }, fill(28)), Decoded.NON_IP);
});

test('LMI, Q.933, OSI and other NLPIDs are NON_IP', () => {
  expectStatus(FR, concat(hex('fc f1 03 08  # DLCI 1023, UI, Q.933 (Cisco LMI)'), fill(13)), Decoded.NON_IP);
  for (const nlpid of [0x08, 0x09, 0x81, 0x82, 0x83, 0xb1, 0xcf]) expectStatus(FR, frameRelay({ nlpid }, fill(40)), Decoded.NON_IP);
});

test('an address that ends at its first byte, or not within 4 bytes, is MALFORMED', () => {
  expectStatus(FR, concat(hex('19 41 03 cc'), packet), Decoded.MALFORMED);
  expectStatus(FR, concat(hex('18 40 00 00 01 03 cc'), packet), Decoded.MALFORMED);
  expectStatus(FR, hex('18 40 00'), Decoded.MALFORMED);
  expectStatus(FR, hex('18'), Decoded.MALFORMED);
});

test('a lying IP length falls back to the wire length minus the Frame Relay header', () => {
  expectOk(FR, frameRelay({}, ipv4({ totalLength: 9000, dataLength: 72 })), { length: 100, lengthFromWire: true });
});
