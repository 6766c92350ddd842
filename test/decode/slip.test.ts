// SLIP (8): BSD's 16-byte pseudo-header (direction, compressed-header bytes), then IP by version nibble.

import { test } from 'node:test';
import { Decoded, LinkHint } from '../../src/decode/packet-record.js';
import { LinkType } from '../../src/decode/link-types.js';
import { concat, fill, hex, ipv4, ipv6 } from '../helpers/frames.js';
import { slip } from '../helpers/frames-links.js';
import { expectEveryCut, expectOk, expectStatus } from './decode-util.js';

const SLIP = LinkType.SLIP;

test('an incoming SLIP packet from an annotated hex fixture: direction 0 is a received-by-us hint', () => {
  const header = hex(`
    00                                              # direction: SLIPDIR_IN (received)
    40                                              # link type: TYPE_IP (not compressed)
    00 00 00 00 00 00 00 00 00 00 00 00 00 00       # rest of the compressed-header bytes
  `);
  const frame = concat(header, ipv4({ src: '198.51.100.9', dst: '198.51.100.1', proto: 'udp', srcPort: 53, dstPort: 40000, dataLength: 30 }));
  expectOk(SLIP, frame, { family: 4, src: '198.51.100.9', srcPort: 53, length: 58, linkHint: LinkHint.INCOMING, hasMac: false });
  expectEveryCut(SLIP, frame, 16 + 20);
});

test('direction 1 is outgoing, any other value gives no hint; VJ-compressed header bytes are not read', () => {
  expectOk(SLIP, slip({ direction: 1 }, ipv6()), { family: 6, linkHint: LinkHint.OUTGOING });
  for (const direction of [2, 0x80, 0xff]) expectOk(SLIP, slip({ direction }, ipv4()), { linkHint: LinkHint.UNKNOWN });
  expectOk(SLIP, slip({ direction: 1, chdr: [0x80 | 0x0f, 0x12, 0x34, ...fill(12, 0xab)] }, ipv4()), { family: 4, linkHint: LinkHint.OUTGOING });
});

test('a version nibble other than 4 or 6 after the header is MALFORMED, as on raw IP', () => {
  for (const nibble of [0, 5, 15]) expectStatus(SLIP, slip({}, concat([nibble << 4 | 5], fill(39))), Decoded.MALFORMED);
  expectStatus(SLIP, fill(16), Decoded.MALFORMED);
});

test('a lying IP length falls back to the wire length minus the 16-byte pseudo-header', () => {
  expectOk(SLIP, slip({}, ipv4({ totalLength: 9000, dataLength: 72 })), { length: 100, lengthFromWire: true });
});
