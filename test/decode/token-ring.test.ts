// Token ring (6): frame control, the MACs (RII bit cleared), source-routing fields, LLC/SNAP.

import { test } from 'node:test';
import { Decoded } from '../../src/decode/packet-record.js';
import { LinkType } from '../../src/decode/link-types.js';
import { concat, fill, hex, ipv4, ipv6, llc, llcSnap } from '../helpers/frames.js';
import { tokenRing } from '../helpers/frames-links.js';
import { expectEveryCut, expectOk, expectStatus } from './decode-util.js';

const TR = LinkType.IEEE802_5;
const packet = ipv4({ src: '198.51.100.10', dst: '198.51.100.20', proto: 'udp', srcPort: 137, dstPort: 137, dataLength: 50 });

test('token ring / LLC / SNAP / IPv4 from an annotated hex fixture', () => {
  const header = hex(`
    10                  # access control: priority 0, token bit, monitor bit
    40                  # frame control: LLC frame (bits 7–6 = 01)
    10 00 5a 00 00 02   # destination MAC
    10 00 5a 00 00 01   # source MAC (first bit 0: no routing field)
    aa aa 03 00 00 00   # LLC/SNAP, RFC 1042 OUI
    08 00               # EtherType IPv4
  `);
  const frame = concat(header, packet);
  expectOk(TR, frame, { family: 4, proto: 17, srcPort: 137, length: 78, hasMac: true, srcMac: '10:00:5a:00:00:01', dstMac: '10:00:5a:00:00:02' });
  expectEveryCut(TR, frame, 14 + 8 + 20);
});

test('a source-routed frame: the routing field (length in its first byte) is skipped, the RII bit is not part of the MAC', () => {
  const frame = concat(hex(`
    10 40
    c0 00 ff ff ff ff   # destination: functional broadcast
    90 00 5a 00 00 01   # source with the routing information indicator (0x80) set
    08 30 01 23 04 56   # routing control: length 8, then route descriptors
    07 89
    aa aa 03 00 00 00 86 dd
  `), ipv6());
  expectOk(TR, frame, { family: 6, length: 48, srcMac: '10:00:5a:00:00:01', dstMac: 'c0:00:ff:ff:ff:ff' });
  expectEveryCut(TR, frame, 14 + 8 + 8 + 40);
  for (const rif of [[0x02, 0x30], [0x12, 0x30, ...fill(16)], [0x1e, 0x30, ...fill(28)]]) {
    expectOk(TR, tokenRing({ rif }, llcSnap({}, packet)), { family: 4, srcMac: '02:00:00:00:00:01' });
  }
});

test('routing field lengths below 2, odd, or beyond the capture are MALFORMED', () => {
  for (const first of [0x00, 0x01, 0x03, 0x07, 0x1f]) {
    expectStatus(TR, tokenRing({ rif: [first, 0x30, ...fill(30)] }, llcSnap({}, packet)), Decoded.MALFORMED);
  }
  expectStatus(TR, concat(tokenRing({ rif: [] }, new Uint8Array(0)), [0x1e, 0x30, 0, 0]), Decoded.MALFORMED);
});

test('MAC frames (frame control 00xxxxxx) and reserved frame types are NON_IP', () => {
  for (const frameControl of [0x00, 0x01, 0x05, 0x80, 0xc0]) expectStatus(TR, tokenRing({ frameControl }, llcSnap({}, packet)), Decoded.NON_IP);
  expectOk(TR, tokenRing({ frameControl: 0x41 }, llcSnap({}, packet)), { family: 4 }); // LLC frame, priority bits set
});

test('LLC other than RFC 1042 SNAP (NetBIOS, SNA, other OUIs) and non-IP EtherTypes are NON_IP', () => {
  expectStatus(TR, tokenRing({}, llc(0xf0, 0xf0, 0x03, fill(40))), Decoded.NON_IP);
  expectStatus(TR, tokenRing({}, llc(0x04, 0x04, 0x03, fill(40))), Decoded.NON_IP);
  expectStatus(TR, tokenRing({}, llcSnap({ oui: 0x00000c, etherType: 0x2000 }, fill(40))), Decoded.NON_IP);
  expectStatus(TR, tokenRing({}, llcSnap({ etherType: 0x0806 }, fill(28))), Decoded.NON_IP);
});

test('a lying IP length falls back to the wire length minus the MAC header, routing field and LLC', () => {
  const lying = ipv4({ totalLength: 9000, dataLength: 72 });
  expectOk(TR, tokenRing({ rif: [0x04, 0x30, 0, 0] }, llcSnap({}, lying)), { length: 100, lengthFromWire: true });
});
