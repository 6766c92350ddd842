// PPI (192): header length, inner link type (802.11 or Ethernet), the 802.11-Common field's FCS flags, hostile fields.

import { test } from 'node:test';
import { Decoded } from '../../src/decode/packet-record.js';
import { LinkType } from '../../src/decode/link-types.js';
import { concat, ethernet, fill, hex, ipv4, ipv6, llcSnap } from '../helpers/frames.js';
import { Dot11Type, dot11, ppi, ppi80211Common } from '../helpers/frames-links.js';
import { expectEveryCut, expectOk, expectStatus } from './decode-util.js';

const PPI = LinkType.PPI;
const packet = ipv4({ src: '198.51.100.3', dst: '198.51.100.4', proto: 'tcp', srcPort: 22, dstPort: 50000 });
const lying = ipv4({ totalLength: 60000, dataLength: 72 }); // 100 bytes

test('PPI with an 802.11-Common field (FCS present) and 802.11 inside, from an annotated hex fixture', () => {
  const header = hex(`
    00 00                     # version 0, flags 0 (not aligned)
    20 00                     # header length 32
    69 00 00 00               # DLT 105: 802.11
    02 00 14 00               # field: type 2 (802.11-Common), 20 bytes
    00 00 00 00 00 00 00 00   # TSF timer
    01 00                     # flags: FCS present
    6c 00 85 09 a0 00         # rate, channel frequency 2437, channel flags
    00 00 c0 a0               # FHSS hop/pattern, signal, noise
  `);
  const frame = concat(header, dot11({ fromDs: true, fcs: true }, llcSnap({}, packet)));
  expectOk(PPI, frame, { family: 4, proto: 6, srcPort: 22, dstPort: 50000, length: 40, hasMac: true, srcMac: '02:00:00:00:00:01' });
  expectEveryCut(PPI, frame, 32 + 26 + 8 + 20);
});

test('the FCS flag takes 4 bytes off the wire length; the FCS-error flag makes the frame MALFORMED', () => {
  expectOk(PPI, ppi({ fields: [ppi80211Common(0x0001)] }, dot11({ fcs: true }, llcSnap({}, lying))), { length: 100, lengthFromWire: true });
  expectOk(PPI, ppi({ fields: [ppi80211Common(0)] }, dot11({ fcs: true }, llcSnap({}, lying))), { length: 104, lengthFromWire: true });
  expectStatus(PPI, ppi({ fields: [ppi80211Common(0x0005)] }, dot11({ fcs: true }, llcSnap({}, packet))), Decoded.MALFORMED);
  expectStatus(PPI, ppi({ fields: [ppi80211Common(0x0001)] }, fill(3)), Decoded.MALFORMED);
});

test('other fields are skipped, also 32-bit aligned ones, and the 802.11-Common field is found among them', () => {
  const fields = [{ type: 3, data: fill(5, 1) }, { type: 0x7fff, data: fill(0) }, ppi80211Common(0x0001), { type: 8, data: fill(9, 2) }];
  for (const aligned of [false, true]) {
    expectOk(PPI, ppi({ aligned, fields }, dot11({ fcs: true }, llcSnap({}, lying))), { length: 100, lengthFromWire: true });
  }
  expectOk(PPI, ppi({ fields: [] }, dot11({}, llcSnap({}, ipv6()))), { family: 6 });
});

test('PPI carrying Ethernet (DLT 1) decodes it; other inner link types are NON_IP', () => {
  expectOk(PPI, ppi({ dlt: 1, fields: [] }, ethernet({ src: '02:00:00:00:00:0e' }, ipv6())), { family: 6, hasMac: true, srcMac: '02:00:00:00:00:0e' });
  for (const dlt of [0, 101, 127, 192, 0xffffffff]) expectStatus(PPI, ppi({ dlt }, concat(fill(4), ipv4())), Decoded.NON_IP);
  expectStatus(PPI, ppi({}, dot11({ type: Dot11Type.MANAGEMENT }, fill(40))), Decoded.NON_IP);
  expectStatus(PPI, ppi({}, dot11({ protected: true }, fill(40))), Decoded.ENCRYPTED);
});

test('hostile headers: version, length below 8 or beyond the frame, fields running past the header', () => {
  const inner = dot11({}, llcSnap({}, packet));
  expectStatus(PPI, ppi({ version: 1 }, inner), Decoded.MALFORMED);
  for (const length of [0, 7]) expectStatus(PPI, ppi({ length }, inner), Decoded.MALFORMED);
  expectStatus(PPI, ppi({ length: 0xffff }, inner), Decoded.MALFORMED);
  // A field whose length runs past the header; an 802.11-Common too short to hold its flags.
  expectStatus(PPI, concat(hex('00 00 10 00 69 00 00 00  02 00 14 00  00 00 00 00'), inner), Decoded.MALFORMED);
  expectStatus(PPI, ppi({ fields: [{ type: 2, data: fill(9) }] }, inner), Decoded.MALFORMED);
  // 1–3 bytes after the last field are padding, not a field.
  expectOk(PPI, concat(hex('00 00 0b 00 69 00 00 00  00 00 00'), inner), { family: 4 });
});

test('a header made of thousands of empty fields is walked to its end (bounded by its length)', () => {
  const fields = Array.from({ length: 16000 }, () => ({ type: 9, data: fill(0) }));
  expectOk(PPI, ppi({ fields }, dot11({}, llcSnap({}, packet))), { family: 4 });
});
