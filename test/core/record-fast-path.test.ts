// The record encoder's Ethernet fast path makes exactly the records the general decoder and classifier make, for every frame it takes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RECORD_KIND, RECORD_KIND_MASK, RECORD_WORDS, RecordEncoder, RecordKind } from '../../src/core/packet-records.js';
import type { RecordSpec } from '../../src/core/packet-records.js';
import { encodeEthernetFast } from '../../src/core/record-fast-path.js';
import { NO_LOCAL_NETWORK } from '../../src/core/local-network.js';
import { LinkType } from '../../src/decode/link-types.js';
import { concat, ethernet, ipv4, ipv6 } from '../helpers/frames.js';
import { xorshift32 as prng } from '../helpers/random.js';

const V4 = ['10.0.0.1', '10.0.0.2', '192.0.2.9', '198.51.100.200', '224.0.0.251', '239.255.255.250', '255.255.255.255', '0.0.0.0', '127.0.0.1'];
const V6 = ['2001:db8::1', '2001:db8::2', '2001:db8:ffff::', 'fe80::1', 'febf::9', 'fec0::1', 'ff02::1', 'ff05::fb', '::', '::1'];

/** Ethernet frames the fast path is meant for, and neighbours it must hand to the general path. */
function frames(rand: () => number): Uint8Array[] {
  const pick = <T>(a: readonly T[]): T => a[rand() % a.length]!;
  const out: Uint8Array[] = [];
  for (let i = 0; i < 400; i++) {
    const proto = pick(['tcp', 'udp', 'icmp', 47, 132] as const);
    const src = pick(V4), dst = i % 9 === 0 ? src : pick(V4);
    const v4 = ipv4({
      src, dst, proto, srcPort: rand() % 65536, dstPort: pick([0, 53, 443, 65535]), dataLength: rand() % 200,
      ...(i % 5 === 0 ? { options: new Uint8Array(4 * (1 + (rand() % 10))).fill(1) } : {}),
      ...(i % 7 === 0 ? { fragOffset: rand() % 4 === 0 ? 0 : 1 + (rand() % 100), mf: rand() % 2 === 0 } : {}),
      ...(i % 11 === 0 ? { totalLength: pick([0, 19, 20, 21, 60, 1500, 65535]) } : {}),
    });
    const s6 = pick(V6), d6 = i % 9 === 1 ? s6 : pick(V6);
    const nextHeader = pick(['tcp', 'udp', 'icmpv6', 59] as const);
    const v6 = ipv6({
      src: s6, dst: d6, nextHeader, srcPort: rand() % 65536, dstPort: 443, dataLength: rand() % 200,
      ...(i % 6 === 0 ? { extHeaders: [{ type: pick(['hbh', 'routing', 'fragment', 'dstopts'] as const) }] } : {}),
      ...(i % 11 === 0 ? { payloadLength: pick([0, 1, 3, 8, 40, 65535]) } : {}),
    });
    const ip = i % 2 === 0 ? v4 : v6;
    out.push(ethernet(i % 13 === 0 ? { vlan: [7] } : {}, ip));
    if (i % 10 === 0) out.push(concat(ethernet({}, ip), new Uint8Array(rand() % 30))); // Ethernet padding
  }
  return out;
}

const SPEC: RecordSpec = { local: NO_LOCAL_NETWORK, seed: 0x5eed };

for (const linkLocal of [false, true]) {
  test(`fast and general paths agree on valid, cut, lying and mutated Ethernet frames (-l ${linkLocal})`, () => {
    const spec: RecordSpec = { ...SPEC, local: { ...NO_LOCAL_NETWORK, linkLocal } };
    const fast = new RecordEncoder(spec);
    const general = new RecordEncoder(spec, false);
    const a = new Uint32Array(RECORD_WORDS), b = new Uint32Array(RECORD_WORDS);
    const fa = new Float64Array(a.buffer), fb = new Float64Array(b.buffer);
    const rand = prng(0xfa57);
    const base = frames(rand);
    const buffer = new Uint8Array(2100);
    let taken = 0;
    const kinds = new Set<number>();
    for (let i = 0; i < 200_000; i++) {
      let frame = base[rand() % base.length]!.slice();
      if (i % 4 === 1) frame = frame.subarray(0, rand() % (frame.length + 1));
      if (i % 4 === 2) for (let m = 1 + (rand() % 3); m > 0 && frame.length > 0; m--) frame[(rand() % Math.min(frame.length, 60))] = rand() & 0xff;
      const offset = rand() % 16;
      buffer.fill(0xee);
      buffer.set(frame, offset);
      const wirelen = [frame.length, frame.length + (rand() % 1600), rand() % (frame.length + 1), NaN][rand() % 4]!;
      a.fill(0xdeadbeef);
      b.fill(0xdeadbeef);
      fast.encode(LinkType.ETHERNET, buffer, offset, frame.length, wirelen, 1000 + i, a, fa, 0);
      general.encode(LinkType.ETHERNET, buffer, offset, frame.length, wirelen, 1000 + i, b, fb, 0);
      const kind = b[RECORD_KIND]! & RECORD_KIND_MASK;
      kinds.add(kind);
      const context = () => `frame ${i}: ${Buffer.from(frame).toString('hex')} wirelen ${wirelen}`;
      // Records of non-IP frames carry only time and kind; everything else must match word for word.
      if (kind === RecordKind.INCOMING || kind === RecordKind.OUTGOING) assert.deepEqual([...a], [...b], context());
      else assert.deepEqual([a[0], a[1], a[RECORD_KIND]], [b[0], b[1], b[RECORD_KIND]], context());
      const scratch = new Uint32Array(RECORD_WORDS);
      if (encodeEthernetFast(buffer, offset, frame.length, wirelen, spec.seed, linkLocal, scratch, 0)) taken++;
    }
    assert.ok(taken > 100_000, `the fast path took most frames (${taken})`);
    for (const k of [RecordKind.INCOMING, RecordKind.FILTERED, RecordKind.NON_IP, RecordKind.MALFORMED]) {
      if (k === RecordKind.FILTERED && linkLocal) continue;
      assert.ok(kinds.has(k), `kind ${k} seen`);
    }
  });
}

test('the fast path is only for Ethernet read without an interface or -F/-G', () => {
  const frame = ethernet({}, ipv4({ src: '10.0.0.1', dst: '10.0.0.2' }));
  const words = new Uint32Array(RECORD_WORDS);
  assert.equal(encodeEthernetFast(frame, 0, frame.length, frame.length, 1, false, words, 0), true);
  assert.equal(encodeEthernetFast(frame, 0, 33, 33, 1, false, words, 0), false, 'too short for Ethernet + IPv4');
  assert.equal(encodeEthernetFast(frame, 1, frame.length, frame.length, 1, false, words, 0), false, 'beyond the buffer');
  assert.equal(encodeEthernetFast(frame, 0.5, 40, 40, 1, false, words, 0), false, 'not an integer offset');
});
