// Link types without a link header: RAW (101, 12, 14) by version nibble, IPV4 (228), IPV6 (229); case L-07.

import { test } from 'node:test';
import { Decoded } from '../../src/decode/packet-record.js';
import { LinkType } from '../../src/decode/link-types.js';
import { concat, fill, ipv4, ipv6, raw } from '../helpers/frames.js';
import { expectOk, expectStatus } from './decode-util.js';

const RAW_TYPES = [LinkType.RAW, LinkType.RAW_DLT12, LinkType.RAW_DLT14];

test('RAW link types choose IPv4 or IPv6 by the version nibble', () => {
  for (const lt of RAW_TYPES) {
    expectOk(lt, raw(ipv4({ proto: 'udp', srcPort: 1, dstPort: 2 })), { family: 4, proto: 17, srcPort: 1, dstPort: 2, length: 28, hasMac: false });
    expectOk(lt, raw(ipv6({ nextHeader: 'tcp', srcPort: 3, dstPort: 4 })), { family: 6, proto: 6, srcPort: 3, dstPort: 4, length: 60 });
  }
});

test('L-07 RAW with version nibble 0 (or any other than 4/6) is malformed, as is an empty frame', () => {
  for (const lt of RAW_TYPES) {
    for (const nibble of [0, 1, 5, 7, 15]) expectStatus(lt, concat([nibble << 4 | 5], fill(39)), Decoded.MALFORMED);
    expectStatus(lt, fill(0), Decoded.MALFORMED);
  }
});

test('IPV4 (228) and IPV6 (229) accept only their own version', () => {
  expectOk(LinkType.IPV4, ipv4(), { family: 4 });
  expectStatus(LinkType.IPV4, ipv6(), Decoded.MALFORMED);
  expectOk(LinkType.IPV6, ipv6(), { family: 6 });
  expectStatus(LinkType.IPV6, ipv4({ dataLength: 40 }), Decoded.MALFORMED);
});

test('raw IP has no link header to subtract from the wire length', () => {
  expectOk(LinkType.RAW, ipv4({ totalLength: 0, dataLength: 12 }), { length: 40, lengthFromWire: true });
  expectOk(LinkType.IPV6, ipv6({ payloadLength: 0, dataLength: 12 }), { length: 60, lengthFromWire: true });
});
