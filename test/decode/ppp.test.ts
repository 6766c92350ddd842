// PPP (9) with and without FF 03 framing and protocol compression, and Cisco HDLC (104).

import { test } from 'node:test';
import { Decoded } from '../../src/decode/packet-record.js';
import { LinkType } from '../../src/decode/link-types.js';
import { ciscoHdlc, concat, fill, hex, ipv4, ipv6, mpls, ppp } from '../helpers/frames.js';
import { expectOk, expectStatus } from './decode-util.js';

const PPP = LinkType.PPP;
const C_HDLC = LinkType.C_HDLC;

test('PPP from annotated hex fixtures: with and without the FF 03 address/control bytes', () => {
  const packet = ipv4({ src: '198.51.100.1', dst: '198.51.100.2', proto: 'tcp', srcPort: 179, dstPort: 40000 });
  expectOk(PPP, concat(hex(`
    ff 03   # HDLC address, control
    00 21   # protocol IPv4
  `), packet),
    { family: 4, proto: 6, src: '198.51.100.1', srcPort: 179, dstPort: 40000, length: 40, hasMac: false });
  expectOk(PPP, concat(hex('00 21  # protocol IPv4, no HDLC framing'), packet), { family: 4 });
});

test('PPP carrying IPv6 (0x0057) is counted, unlike in iftop', () => {
  expectOk(PPP, ppp({}, ipv6()), { family: 6, length: 48 });
  expectOk(PPP, ppp({ addressControl: false }, ipv6()), { family: 6 });
});

test('PPP with a compressed one-byte protocol field (RFC 1661 PFC)', () => {
  expectOk(PPP, ppp({ compressProtocol: true }, ipv4()), { family: 4 });
  expectOk(PPP, ppp({ addressControl: false, compressProtocol: true }, ipv6()), { family: 6 });
});

test('PPP control protocols and EtherType-looking protocols are NON_IP', () => {
  for (const protocol of [0xc021, 0x8021, 0xc223, 0x002d, 0x0800, 0x86dd]) {
    expectStatus(PPP, ppp({ protocol }, ipv4()), Decoded.NON_IP);
  }
});

test('PPP cut before or inside the protocol field, or inside the IP header, is malformed', () => {
  expectStatus(PPP, fill(0), Decoded.MALFORMED);
  expectStatus(PPP, hex('ff 03'), Decoded.MALFORMED);
  expectStatus(PPP, hex('ff 03 00'), Decoded.MALFORMED);
  expectStatus(PPP, ppp({}, ipv4()), Decoded.MALFORMED, { caplen: 23 });
});

test('Cisco HDLC from an annotated hex fixture, and IPv6 / MPLS under it', () => {
  expectOk(C_HDLC, concat(hex(`
    0f      # address: unicast
    00      # control
    08 00   # EtherType IPv4
  `), ipv4({ proto: 'udp', srcPort: 9, dstPort: 10 })),
    { family: 4, proto: 17, srcPort: 9, dstPort: 10, hasMac: false });
  expectOk(C_HDLC, ciscoHdlc({ address: 0x8f }, ipv6()), { family: 6 });
  expectOk(C_HDLC, ciscoHdlc({ etherType: 0x8847 }, mpls([20], ipv4())), { family: 4 });
});

test('Cisco HDLC keepalives (SLARP), small protocol values and cut headers', () => {
  expectStatus(C_HDLC, ciscoHdlc({ etherType: 0x8035 }, fill(20)), Decoded.NON_IP);
  expectStatus(C_HDLC, ciscoHdlc({ etherType: 0x0024 }, fill(40)), Decoded.NON_IP);
  for (const caplen of [0, 3, 4, 23]) expectStatus(C_HDLC, ciscoHdlc({}, ipv4()), Decoded.MALFORMED, { caplen });
});
