// Radiotap (127): header length, present-word chains, the Flags field's place (alignment), FCS and padding, hostile headers.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decoded } from '../../src/decode/packet-record.js';
import { LinkType } from '../../src/decode/link-types.js';
import { concat, fill, hex, ipv4, ipv6, llcSnap } from '../helpers/frames.js';
import { Dot11Subtype, Dot11Type, RadiotapFlag, dot11, radiotap } from '../helpers/frames-links.js';
import { decode, expectEveryCut, expectOk, expectStatus } from './decode-util.js';

const RT = LinkType.IEEE802_11_RADIOTAP;
const packet = ipv4({ src: '198.51.100.7', dst: '203.0.113.9', proto: 'udp', srcPort: 5353, dstPort: 5353, dataLength: 20 });
/** A lying IPv4 packet: the fallback to the wire length shows exactly which bytes were taken off. */
const lying = ipv4({ totalLength: 60000, dataLength: 72 }); // 100 bytes

test('radiotap with TSFT, Flags (FCS), rate, channel and signal from an annotated hex fixture', () => {
  const header = hex(`
    00 00 17 00               # version 0, pad, length 23
    2f 00 00 00               # present: TSFT, Flags, Rate, Channel, antenna signal (no Ext)
    00 11 22 33 44 55 66 77   # TSFT at offset 8 (8-aligned)
    10                        # Flags: FCS at end
    0c                        # Rate: 6 Mb/s
    85 09 c0 00               # Channel at offset 18 (2-aligned): 2437 MHz, 2 GHz OFDM
    d8                        # antenna signal: -40 dBm
  `);
  const frame = concat(header, dot11({ toDs: true, fcs: true }, llcSnap({}, packet)));
  expectOk(RT, frame, { family: 4, proto: 17, src: '198.51.100.7', srcPort: 5353, length: 48, hasMac: true, srcMac: '02:00:00:00:00:01', dstMac: '02:00:00:00:00:02' });
  expectEveryCut(RT, frame, 23 + 26 + 8 + 20);
});

test('the smallest header (8 bytes, no fields) and one with fields but no Flags', () => {
  expectOk(RT, radiotap({}, dot11({}, llcSnap({}, packet))), { family: 4, length: 48 });
  expectOk(RT, radiotap({ rate: 2, channel: [5180, 0x140], antSignal: -60, antenna: 1, rxFlags: 0 }, dot11({}, llcSnap({}, ipv6()))), { family: 6 });
});

test('Flags is found after 1–4 present words, with and without TSFT before it (8-byte alignment from the header start)', () => {
  // DATA_PAD moves the body of a 26-byte QoS header to 28: read from the wrong byte, the LLC header is lost.
  for (let words = 1; words <= 4; words++) {
    for (const tsft of [false, true]) {
      const extraPresent = Array.from({ length: words - 1 }, (_, i) => (i % 2 === 0 ? 1 << 5 : 0));
      const frame = radiotap({ tsft, flags: RadiotapFlag.DATA_PAD, extraPresent, extraFields: [0xd0, 0] }, dot11({ dataPad: true }, llcSnap({}, packet)));
      expectOk(RT, frame, { family: 4, length: 48 });
      const noPad = radiotap({ tsft, flags: 0, extraPresent, extraFields: [0xd0, 0] }, dot11({ dataPad: true }, llcSnap({}, packet)));
      expectStatus(RT, noPad, Decoded.NON_IP);
    }
  }
});

test('FCS at end: the 4 bytes leave the wire length too, so a lying IP length counts the frame without them', () => {
  const frame = radiotap({ flags: RadiotapFlag.FCS }, dot11({ fcs: true }, llcSnap({}, lying)));
  expectOk(RT, frame, { length: 100, lengthFromWire: true });
  // Without the flag the FCS is taken for part of the packet.
  expectOk(RT, radiotap({ flags: 0 }, dot11({ fcs: true }, llcSnap({}, lying))), { length: 104, lengthFromWire: true });
  // Captured short of the FCS (snap length): the wire length still loses exactly 4.
  expectOk(RT, frame, { length: 1000, lengthFromWire: true }, { caplen: frame.length - 4, wirelen: 9 + 26 + 8 + 1000 + 4 });
});

test('a frame too short to hold its own FCS is MALFORMED', () => {
  const header = radiotap({ flags: RadiotapFlag.FCS }, new Uint8Array(0));
  for (const tail of [0, 1, 3]) expectStatus(RT, concat(header, fill(tail, 0x08)), Decoded.MALFORMED);
  expectStatus(RT, concat(header, fill(4)), Decoded.MALFORMED); // 0 bytes of frame left
});

test('frames the receiver marked as failing the FCS are MALFORMED (their bytes cannot be trusted)', () => {
  expectStatus(RT, radiotap({ flags: RadiotapFlag.BAD_FCS | RadiotapFlag.FCS }, dot11({ fcs: true }, llcSnap({}, packet))), Decoded.MALFORMED);
  expectStatus(RT, radiotap({ flags: RadiotapFlag.BAD_FCS }, dot11({}, llcSnap({}, packet))), Decoded.MALFORMED);
});

test('radiotap over management, control, protected and null frames', () => {
  expectStatus(RT, radiotap({ flags: 0 }, dot11({ type: Dot11Type.MANAGEMENT, subtype: Dot11Subtype.BEACON }, fill(50))), Decoded.NON_IP);
  expectStatus(RT, radiotap({ flags: RadiotapFlag.FCS }, concat(hex('d4 00 00 00 02 00 00 00 00 01'), fill(4))), Decoded.NON_IP);
  expectStatus(RT, radiotap({ tsft: true, flags: RadiotapFlag.FCS }, dot11({ protected: true, fcs: true }, fill(80, 0x33))), Decoded.ENCRYPTED);
  expectStatus(RT, radiotap({}, dot11({ subtype: Dot11Subtype.QOS_NULL }, fill(0))), Decoded.NON_IP);
});

test('namespace bits in the first word (29, 30) do not move its own fields', () => {
  const frame = radiotap({ flags: RadiotapFlag.DATA_PAD, firstWordBits: 1 << 29, extraPresent: [1 << 30, 0], extraFields: fill(6) },
    dot11({ dataPad: true }, llcSnap({}, packet)));
  expectOk(RT, frame, { family: 4 });
});

test('hostile headers: version, it_len below 8, beyond the frame, 0xffff, and Flags beyond it_len are MALFORMED', () => {
  const good = radiotap({ flags: 0 }, dot11({}, llcSnap({}, packet)));
  expectStatus(RT, concat([1], good.slice(1)), Decoded.MALFORMED);
  for (const length of [0, 1, 7]) expectStatus(RT, radiotap({ length }, dot11({}, llcSnap({}, packet))), Decoded.MALFORMED);
  expectStatus(RT, radiotap({ length: good.length + 1 }, fill(0)), Decoded.MALFORMED);
  expectStatus(RT, radiotap({ length: 0xffff }, dot11({}, llcSnap({}, packet))), Decoded.MALFORMED);
  // Present says Flags (and TSFT), but it_len ends before them.
  expectStatus(RT, radiotap({ flags: 0x10, length: 8 }, dot11({}, llcSnap({}, packet))), Decoded.MALFORMED);
  expectStatus(RT, radiotap({ tsft: true, flags: 0x10, length: 16 }, dot11({}, llcSnap({}, packet))), Decoded.MALFORMED);
  expectOk(RT, radiotap({ tsft: true, flags: 0, length: 17 }, dot11({}, llcSnap({}, packet))), { family: 4 });
});

test('a present-word chain that never ends is MALFORMED, however long the frame', () => {
  // Every word has bit 31 set, up to it_len and on through the rest of the frame.
  for (const words of [1, 2, 100, 16382]) {
    const length = 4 + 4 * words;
    const frame = concat([0, 0, length & 0xff, length >> 8], fill(4 * words + 200, 0xff));
    expectStatus(RT, frame, Decoded.MALFORMED);
  }
  // A chain ending exactly at it_len is fine, and a 65 532-byte header is walked to its end.
  const words = 16382;
  const length = 4 + 4 * words;
  const chain = concat(...Array.from({ length: words }, (_, i) => (i < words - 1 ? [0, 0, 0, 0x80] : [0, 0, 0, 0])));
  const big = concat([0, 0, length & 0xff, length >> 8], chain, dot11({}, llcSnap({}, packet)));
  assert.equal(decode(RT, big).status, Decoded.OK);
});

test('cut at every byte, with FCS and DATA_PAD: MALFORMED until the IP header is whole', () => {
  const frame = radiotap({ tsft: true, flags: RadiotapFlag.FCS | RadiotapFlag.DATA_PAD, extraPresent: [0] }, dot11({ dataPad: true, fcs: true }, llcSnap({}, ipv6())));
  expectEveryCut(RT, frame, 25 + 28 + 8 + 40);
});
