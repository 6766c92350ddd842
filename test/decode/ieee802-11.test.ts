// IEEE 802.11 (105): data and QoS data frames, address fields, LLC/SNAP, protected, fragmented and non-data frames.

import { test } from 'node:test';
import { Decoded } from '../../src/decode/packet-record.js';
import { LinkType } from '../../src/decode/link-types.js';
import { concat, fill, hex, ipv4, ipv6, llc, llcSnap } from '../helpers/frames.js';
import { Dot11Subtype, Dot11Type, dot11 } from '../helpers/frames-links.js';
import { expectEveryCut, expectOk, expectStatus } from './decode-util.js';

const WLAN = LinkType.IEEE802_11;
const STA = '02:00:00:00:00:01';
const AP = '02:00:00:00:00:aa';
const packet = ipv4({ src: '198.51.100.7', dst: '203.0.113.9', proto: 'tcp', srcPort: 40000, dstPort: 443, dataLength: 12 });

test('QoS data to the AP from an annotated hex fixture: address 2 is the source MAC, address 1 the destination', () => {
  const header = hex(`
    88 01               # frame control: version 0, type 2 (data), subtype 8 (QoS data); flags: ToDS
    2c 00               # duration
    02 00 00 00 00 aa   # address 1: receiver (the AP)
    02 00 00 00 00 01   # address 2: transmitter (the station)
    02 00 00 00 00 bb   # address 3: final destination
    10 00               # sequence control: sequence 1, fragment 0
    05 00               # QoS control: TID 5, no A-MSDU
    aa aa 03 00 00 00   # LLC/SNAP, RFC 1042 OUI
    08 00               # EtherType IPv4
  `);
  expectOk(WLAN, concat(header, packet), {
    family: 4, proto: 6, src: '198.51.100.7', dst: '203.0.113.9', srcPort: 40000, dstPort: 443, length: 52,
    lengthFromWire: false, hasMac: true, srcMac: STA, dstMac: AP,
  });
});

test('every ToDS/FromDS combination: the MACs are always transmitter (address 2) and receiver (address 1)', () => {
  for (const [toDs, fromDs] of [[false, false], [true, false], [false, true], [true, true]] as const) {
    for (const subtype of [Dot11Subtype.DATA, Dot11Subtype.QOS_DATA]) {
      const frame = dot11({ subtype, toDs, fromDs, addr1: '02:00:00:00:00:11', addr2: '02:00:00:00:00:22', addr3: '02:00:00:00:00:33', addr4: '02:00:00:00:00:44' },
        llcSnap({}, ipv6({ nextHeader: 'udp', srcPort: 5, dstPort: 6 })));
      expectOk(WLAN, frame, { family: 6, srcPort: 5, dstPort: 6, hasMac: true, srcMac: '02:00:00:00:00:22', dstMac: '02:00:00:00:00:11' });
    }
  }
});

test('the four-address (WDS/mesh) header is 30 bytes, 32 with QoS: the LLC header is found after address 4', () => {
  const frame = concat(hex(`
    08 03                                # data, subtype 0; ToDS and FromDS
    00 00 02 00 00 00 00 01 02 00 00 00 00 02 02 00 00 00 00 03   # duration, addresses 1–3
    20 00                                # sequence 2
    02 00 00 00 00 04                    # address 4
    aa aa 03 00 00 00 86 dd              # LLC/SNAP, IPv6
  `), ipv6());
  expectOk(WLAN, frame, { family: 6, length: 48, srcMac: '02:00:00:00:00:02' });
  expectEveryCut(WLAN, frame, 30 + 8 + 40);
});

test('the CF-Ack/CF-Poll data variants carry a body; Order adds HT Control only to QoS frames', () => {
  for (const subtype of [1, 2, 3, 9, 10, 11]) expectOk(WLAN, dot11({ subtype }, llcSnap({}, packet)), { family: 4, length: 52 });
  const ht = dot11({ subtype: Dot11Subtype.QOS_DATA, order: true }, llcSnap({}, packet));
  expectOk(WLAN, ht, { family: 4, srcPort: 40000 });
  expectEveryCut(WLAN, ht, 24 + 2 + 4 + 8 + 20);
  // In a non-QoS data frame the bit means "strictly ordered": no HT Control field follows.
  expectOk(WLAN, dot11({ subtype: Dot11Subtype.DATA, order: true }, llcSnap({}, packet)), { family: 4, srcPort: 40000 });
});

test('frames without a body (Null, CF-Ack, CF-Poll, QoS Null …) are NON_IP, even with an IP-looking body', () => {
  for (const subtype of [4, 5, 6, 7, 12, 13, 14, 15]) expectStatus(WLAN, dot11({ subtype }, llcSnap({}, packet)), Decoded.NON_IP);
});

test('management, control and extension frames and protocol version ≠ 0 are NON_IP', () => {
  expectStatus(WLAN, dot11({ type: Dot11Type.MANAGEMENT, subtype: Dot11Subtype.BEACON }, fill(40)), Decoded.NON_IP);
  expectStatus(WLAN, dot11({ type: Dot11Type.MANAGEMENT, subtype: 13, protected: true }, fill(40)), Decoded.NON_IP);
  expectStatus(WLAN, hex('d4 00 00 00 02 00 00 00 00 01  # control: ACK (10 bytes)'), Decoded.NON_IP);
  expectStatus(WLAN, hex('b4 00 00 00 02 00 00 00 00 01 02 00 00 00 00 02  # control: RTS'), Decoded.NON_IP);
  expectStatus(WLAN, dot11({ type: Dot11Type.EXTENSION, subtype: 0 }, llcSnap({}, packet)), Decoded.NON_IP);
  for (const version of [1, 2, 3]) expectStatus(WLAN, dot11({ version }, llcSnap({}, packet)), Decoded.NON_IP);
});

test('protected data frames are ENCRYPTED; cut inside their header they are MALFORMED', () => {
  const body = hex('01 00 00 20 00 00 00 00  # CCMP header') ;
  for (const subtype of [Dot11Subtype.DATA, Dot11Subtype.QOS_DATA]) {
    const frame = dot11({ subtype, protected: true, toDs: true }, concat(body, fill(60, 0x5a)));
    expectStatus(WLAN, frame, Decoded.ENCRYPTED);
    const header = subtype === Dot11Subtype.DATA ? 24 : 26;
    for (let caplen = 0; caplen <= frame.length; caplen++) {
      expectStatus(WLAN, frame, caplen < header ? Decoded.MALFORMED : Decoded.ENCRYPTED, { caplen, wirelen: frame.length });
    }
  }
  // A protected frame without a body (a protected Null does not exist, but the bit may be set) is still NON_IP.
  expectStatus(WLAN, dot11({ subtype: Dot11Subtype.NULL, protected: true }, fill(0)), Decoded.NON_IP);
});

test('later fragments are NON_IP; a first fragment counts what it carries (its IP length cannot be true)', () => {
  const whole = ipv4({ proto: 'udp', srcPort: 1, dstPort: 2, dataLength: 1400 });
  const first = concat(llcSnap({}, whole)).slice(0, 500);
  expectOk(WLAN, dot11({ moreFragments: true }, first), { family: 4, length: 492, lengthFromWire: true, srcPort: 1 });
  for (const fragment of [1, 2, 15]) expectStatus(WLAN, dot11({ fragment }, llcSnap({}, packet)), Decoded.NON_IP);
});

test('A-MSDU aggregates (QoS control bit 7) are NON_IP: one record cannot hold several packets', () => {
  expectStatus(WLAN, dot11({ qosControl: 0x0080 }, concat(fill(14), llcSnap({}, packet))), Decoded.NON_IP);
  expectOk(WLAN, dot11({ qosControl: 0x0007 }, llcSnap({}, packet)), { family: 4 }); // TID 7, no aggregate
});

test('LLC other than RFC 1042 SNAP, and non-IP EtherTypes (EAPOL, ARP), are NON_IP', () => {
  expectStatus(WLAN, dot11({}, llc(0x42, 0x42, 0x03, fill(35))), Decoded.NON_IP);
  expectStatus(WLAN, dot11({}, llcSnap({ oui: 0x0000f8, etherType: 0x8137 }, fill(30))), Decoded.NON_IP);
  expectStatus(WLAN, dot11({}, llcSnap({ etherType: 0x888e }, fill(99))), Decoded.NON_IP);
  expectStatus(WLAN, dot11({}, llcSnap({ etherType: 0x0806 }, fill(28))), Decoded.NON_IP);
});

test('cut at every byte: MALFORMED until the IP header is whole, OK from there', () => {
  expectEveryCut(WLAN, dot11({}, llcSnap({}, packet)), 26 + 8 + 20);
  expectEveryCut(WLAN, dot11({ subtype: 0 }, llcSnap({}, ipv6())), 24 + 8 + 40);
});

test('a lying IP length falls back to the wire length minus the 802.11 and LLC headers (an FCS of its own is not known)', () => {
  const lying = ipv4({ totalLength: 9000, dataLength: 72 }); // 100 bytes
  expectOk(WLAN, dot11({}, llcSnap({}, lying)), { length: 100, lengthFromWire: true });
  expectOk(WLAN, dot11({}, llcSnap({}, lying)), { length: 1466, lengthFromWire: true }, { wirelen: 26 + 8 + 1466 });
});
