// PPP (9) with and without FF 03 framing and protocol compression, PPP in HDLC framing (50), MPLS over PPP, Cisco HDLC (104).

import { test } from 'node:test';
import { Decoded } from '../../src/decode/packet-record.js';
import { LinkType } from '../../src/decode/link-types.js';
import { ciscoHdlc, concat, ethernet, fill, hex, ipv4, ipv6, mpls, ppp, pppoeSession } from '../helpers/frames.js';
import { expectEveryCut, expectOk, expectStatus } from './decode-util.js';

const PPP = LinkType.PPP;
const C_HDLC = LinkType.C_HDLC;
const PPP_HDLC = LinkType.PPP_HDLC;

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

test('PPP_HDLC (50) from annotated hex fixtures: FF 03 then a 2-byte or compressed protocol', () => {
  const packet = ipv4({ src: '198.51.100.1', dst: '198.51.100.2', proto: 'udp', srcPort: 500, dstPort: 4500 });
  const framed = concat(hex(`
    ff      # HDLC address: all stations
    03      # control: UI
    00 21   # protocol IPv4
  `), packet);
  expectOk(PPP_HDLC, framed, { family: 4, proto: 17, srcPort: 500, dstPort: 4500, length: 28, hasMac: false });
  expectEveryCut(PPP_HDLC, framed, 4 + 20);
  expectOk(PPP_HDLC, concat(hex('ff 03 21  # protocol IPv4, field compressed'), packet), { family: 4 });
  expectOk(PPP_HDLC, ppp({}, ipv6()), { family: 6 });
});

test('PPP_HDLC also carries Cisco HDLC (address 0F unicast, 8F broadcast), as DLT_PPP_SERIAL does', () => {
  expectOk(PPP_HDLC, ciscoHdlc({ address: 0x0f }, ipv4()), { family: 4 });
  expectOk(PPP_HDLC, ciscoHdlc({ address: 0x8f }, ipv6()), { family: 6 });
  expectStatus(PPP_HDLC, ciscoHdlc({ etherType: 0x8035 }, fill(20)), Decoded.NON_IP);
});

test('PPP_HDLC without its framing, or FF with another control byte, is MALFORMED', () => {
  expectStatus(PPP_HDLC, concat(hex('00 21'), ipv4()), Decoded.MALFORMED); // LINKTYPE_PPP allows this, 50 does not
  expectStatus(PPP_HDLC, concat(hex('ff 13 00 21'), ipv4()), Decoded.MALFORMED);
  for (const first of [0x00, 0x01, 0x7e, 0xfe]) expectStatus(PPP_HDLC, concat([first, 0x03, 0x00, 0x21], ipv4()), Decoded.MALFORMED);
  for (const caplen of [0, 1, 2, 3]) expectStatus(PPP_HDLC, ppp({}, ipv4()), Decoded.MALFORMED, { caplen });
  expectStatus(PPP_HDLC, ppp({ protocol: 0xc021 }, fill(20)), Decoded.NON_IP);
});

test('PPP carrying MPLS (0x0281): the bounded label walk, on PPP, PPP_HDLC and PPPoE', () => {
  const labelled = mpls([{ label: 16 }, { label: 17 }], ipv4({ proto: 'tcp', srcPort: 179, dstPort: 50000 }));
  const frame = concat(hex(`
    ff 03   # HDLC address, control
    02 81   # protocol: MPLS unicast
  `), labelled);
  expectOk(PPP, frame, { family: 4, srcPort: 179, length: 40 });
  expectOk(PPP_HDLC, frame, { family: 4, srcPort: 179, length: 40 });
  expectEveryCut(PPP_HDLC, frame, 4 + 8 + 20);
  expectOk(LinkType.ETHERNET, ethernet({ etherType: 0x8864 }, pppoeSession({ pppProtocol: 0x0281 }, mpls([3], ipv6()))), { family: 6 });
  // No bottom of stack within 8 labels is malformed; a pseudowire payload is not IP; multicast MPLS is not decoded.
  expectStatus(PPP_HDLC, ppp({ protocol: 0x0281 }, mpls(Array.from({ length: 9 }, (_, i) => ({ label: i, bos: false })), ipv4())), Decoded.MALFORMED);
  expectStatus(PPP_HDLC, ppp({ protocol: 0x0281 }, mpls([16], concat([0, 0, 0, 0], fill(40)))), Decoded.NON_IP);
  expectStatus(PPP_HDLC, ppp({ protocol: 0x0283 }, mpls([16], ipv4())), Decoded.NON_IP);
});
