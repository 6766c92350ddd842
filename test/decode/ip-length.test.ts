// Bytes accounted per packet: the IP length field when it can be true, else the wire length (4-03, 6-10).

import { test } from 'node:test';
import { LinkType } from '../../src/decode/link-types.js';
import { concat, ethernet, fill, ipv4, ipv6 } from '../helpers/frames.js';
import { expectOk } from './decode-util.js';

const ETH = LinkType.ETHERNET;

test('the IPv4 Total Length and the IPv6 Payload Length + 40 are what is counted', () => {
  expectOk(ETH, ethernet({}, ipv4({ proto: 'tcp', dataLength: 100 })), { length: 140, lengthFromWire: false });
  expectOk(ETH, ethernet({}, ipv6({ nextHeader: 'tcp', dataLength: 100 })), { length: 160, lengthFromWire: false });
  expectOk(ETH, ethernet({}, ipv4({ proto: 99, payload: fill(0) })), { length: 20, lengthFromWire: false }); // header only
});

test('Ethernet padding and trailing bytes are ignored: the field wins when it is smaller than the wire', () => {
  expectOk(ETH, ethernet({ padTo: 60 }, ipv4({ proto: 'udp' })), { length: 28, lengthFromWire: false });
  expectOk(ETH, ethernet({ padTo: 60 }, ipv6({ nextHeader: 'udp' })), { length: 48, lengthFromWire: false });
  expectOk(ETH, concat(ethernet({}, ipv4({ dataLength: 10 })), fill(4, 0xaa)), { length: 38, lengthFromWire: false }); // FCS
});

test('4-03 a Total Length below the header length, or 0 (TSO / BIG TCP), is replaced by the wire length', () => {
  for (const totalLength of [0, 1, 19]) {
    expectOk(ETH, ethernet({}, ipv4({ totalLength, dataLength: 100 })), { length: 128, lengthFromWire: true });
  }
  // With options, anything below IHL×4 cannot be true either.
  expectOk(ETH, ethernet({}, ipv4({ options: fill(8, 1), totalLength: 27, dataLength: 2 })), { length: 38, lengthFromWire: true });
  expectOk(ETH, ethernet({}, ipv4({ options: fill(8, 1), totalLength: 28, dataLength: 2 })), { length: 28, lengthFromWire: false });
});

test('4-03 a Total Length above what was on the wire is replaced by the wire length', () => {
  const frame = ethernet({}, ipv4({ totalLength: 1000, dataLength: 50 })); // 78-byte IP packet claiming 1000
  expectOk(ETH, frame, { length: 78, lengthFromWire: true });
  expectOk(ETH, frame, { length: 1000, lengthFromWire: false }, { wirelen: 1014 }); // exactly possible
  expectOk(ETH, frame, { length: 1000 - 1, lengthFromWire: true }, { wirelen: 1013 });
});

test('4-03 a packet cut by the snap length keeps its Total Length (wire length from the capture header)', () => {
  const frame = ethernet({}, ipv4({ proto: 'tcp', srcPort: 1, dstPort: 2, dataLength: 1460 }));
  expectOk(ETH, frame, { length: 1500, lengthFromWire: false, srcPort: 1, dstPort: 2 }, { caplen: 96, wirelen: 1514 });
  expectOk(ETH, frame, { length: 1500, lengthFromWire: false }, { caplen: 34, wirelen: 1514 });
});

test('6-10 Payload Length 0 without a jumbo option, or with a jumbo option of any value, uses the wire length', () => {
  expectOk(ETH, ethernet({}, ipv6({ payloadLength: 0, dataLength: 60 })), { length: 108, lengthFromWire: true });
  // Hop-by-Hop with a Jumbo Payload option (type 0xC2) holding an invalid value (< 65536).
  const jumbo = [{ type: 'hbh' as const, body: [0xc2, 0x04, 0x00, 0x00, 0x00, 0x64] }];
  expectOk(ETH, ethernet({}, ipv6({ payloadLength: 0, extHeaders: jumbo, dataLength: 60 })), { length: 116, lengthFromWire: true });
  // A jumbogram cut by the snap length: the wire length from the capture header is all we can trust.
  const big = ethernet({}, ipv6({ payloadLength: 0, extHeaders: jumbo, nextHeader: 'tcp' }));
  expectOk(ETH, big, { length: 70000 - 14, lengthFromWire: true }, { caplen: 96, wirelen: 70000 });
});

test('an IPv6 Payload Length above what was on the wire is replaced by the wire length', () => {
  expectOk(ETH, ethernet({}, ipv6({ payloadLength: 3000, dataLength: 10 })), { length: 58, lengthFromWire: true });
  expectOk(ETH, ethernet({}, ipv6({ payloadLength: 3000, dataLength: 10 })), { length: 3040, lengthFromWire: false }, { wirelen: 3054 });
});

test('a wire length below the captured length (crafted file) is raised to the captured length', () => {
  const frame = ethernet({}, ipv4({ totalLength: 0, dataLength: 72 }));
  expectOk(ETH, frame, { length: 100, lengthFromWire: true }, { wirelen: 20 });
});
