// Contract shared by every link type: any input yields a status, never throws, and reads only the captured bytes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeFrame, isSupportedLinkType, SUPPORTED_LINK_TYPES } from '../../src/decode/decode-frame.js';
import { Decoded, LinkHint, newPacketRecord, type DecodeStatus, type PacketRecord } from '../../src/decode/packet-record.js';
import { LinkType } from '../../src/decode/link-types.js';
import {
  AF, ciscoHdlc, concat, embed, ethernet, ethernet8023, ipv4, ipv6, llcSnap, mpls, nullLoop, ppp, pppoeSession, raw, sll, sll2,
} from '../helpers/frames.js';
import {
  PfAf, RadiotapFlag, dot11, fcsOf, frSnap, frameRelay, pflog, ppi, ppi80211Common, radiotap, slip, tokenRing,
} from '../helpers/frames-links.js';
import { decode, summarize, trackReads } from './decode-util.js';
// A fixed-seed xorshift32, so every failure is reproducible from its iteration number.
import { xorshift32 as prng } from '../helpers/random.js';

const tcp4 = ipv4({ proto: 'tcp', srcPort: 1234, dstPort: 80, options: [1, 1, 1, 1], dataLength: 8 });
const tcp6 = ipv6({ nextHeader: 'tcp', srcPort: 1234, dstPort: 80, extHeaders: [{ type: 'hbh' }, { type: 'routing', len: 1 }, { type: 'fragment' }, { type: 'ah', len: 1 }] });

/** Valid frames reaching the deepest paths of each link type's decoder. */
const SAMPLES: ReadonlyMap<number, readonly Uint8Array[]> = new Map<number, Uint8Array[]>([
  [LinkType.NULL, [nullLoop(AF.INET, false, tcp4), nullLoop(AF.INET6_DARWIN, true, tcp6)]],
  [LinkType.ETHERNET, [
    ethernet({ vlan: [{ id: 1, tpid: 0x88a8 }, 2] }, tcp4), ethernet({}, tcp6), ethernet8023({ vlan: [3] }, llcSnap({}, tcp4)),
    ethernet({ etherType: 0x8847 }, mpls([1, 2, 3], tcp6)), ethernet({ vlan: [4], etherType: 0x8864 }, pppoeSession({}, tcp4)),
  ]],
  [LinkType.PPP, [ppp({}, tcp4), ppp({ addressControl: false, compressProtocol: true }, tcp6)]],
  [LinkType.RAW_DLT12, [raw(tcp4), raw(tcp6)]],
  [LinkType.RAW_DLT14, [raw(tcp4), raw(tcp6)]],
  [LinkType.RAW, [raw(tcp4), raw(tcp6)]],
  [LinkType.C_HDLC, [ciscoHdlc({}, tcp4), ciscoHdlc({ etherType: 0x8847 }, mpls([5], tcp6))]],
  [LinkType.LOOP, [nullLoop(AF.INET, true, tcp4), nullLoop(AF.INET6_BSD, true, tcp6)]],
  [LinkType.LINUX_SLL, [sll({ packetType: 4, protocol: 0x8100 }, concat([0, 5, 0x86, 0xdd], tcp6)), sll({ protocol: 4 }, llcSnap({}, tcp4))]],
  [LinkType.IPV4, [tcp4]],
  [LinkType.IPV6, [tcp6]],
  [LinkType.LINUX_SLL2, [sll2({ packetType: 0 }, tcp4), sll2({}, tcp6)]],
  [LinkType.IEEE802_5, [tokenRing({}, llcSnap({}, tcp4)), tokenRing({ rif: [0x06, 0x30, 1, 2, 3, 4] }, llcSnap({ etherType: 0x8100 }, concat([0, 7, 0x86, 0xdd], tcp6)))]],
  [LinkType.SLIP, [slip({ direction: 1 }, tcp4), slip({}, tcp6)]],
  [LinkType.PPP_HDLC, [ppp({}, tcp4), ppp({ compressProtocol: true }, tcp6), ppp({ protocol: 0x0281 }, mpls([1, 2], tcp4)), ciscoHdlc({ address: 0x8f }, tcp6)]],
  [LinkType.IEEE802_11, [
    dot11({ toDs: true, fromDs: true, order: true }, llcSnap({}, tcp6)), dot11({ subtype: 0 }, llcSnap({ etherType: 0x8100 }, concat([0, 9, 0x08, 0x00], tcp4))),
  ]],
  [LinkType.FRELAY, [
    frameRelay({ addressBytes: 4, pad: true }, tcp4), frameRelay({ nlpid: 0x8e }, tcp6), frameRelay({ encapsulation: 'cisco', etherType: 0x8847 }, mpls([4], tcp4)),
    frameRelay({ pad: true, nlpid: 0x80 }, frSnap(0x0080c2, 1, concat(ethernet({}, tcp6), fcsOf(ethernet({}, tcp6))))),
  ]],
  [LinkType.PFLOG, [pflog({}, tcp4), pflog({ length: 100, af: PfAf.INET6_OPENBSD }, tcp6)]],
  [LinkType.IEEE802_11_RADIOTAP, [
    radiotap({ tsft: true, flags: RadiotapFlag.FCS | RadiotapFlag.DATA_PAD, channel: [2412, 0xa0], extraPresent: [1 << 5 | 1 << 29, 1 << 5], extraFields: [0xd0, 0xc0] },
      dot11({ dataPad: true, fcs: true, fromDs: true }, llcSnap({}, tcp4))),
    radiotap({}, dot11({ subtype: 0 }, llcSnap({}, tcp6))),
  ]],
  [LinkType.PPI, [
    ppi({ aligned: true, fields: [{ type: 7, data: [1, 2, 3] }, ppi80211Common(1)] }, dot11({ fcs: true }, llcSnap({}, tcp6))),
    ppi({ dlt: 1, fields: [] }, ethernet({ vlan: [5] }, tcp4)),
  ]],
]);

/** Link types whose decoders copy a MAC pair into the record (802.11: transmitter and receiver). */
const MAC_LINK_TYPES: ReadonlySet<number> = new Set([
  LinkType.ETHERNET, LinkType.IEEE802_5, LinkType.IEEE802_11, LinkType.IEEE802_11_RADIOTAP, LinkType.PPI, LinkType.FRELAY,
]);
/** Link types whose header says the direction itself. */
const HINT_LINK_TYPES: ReadonlySet<number> = new Set([LinkType.LINUX_SLL, LinkType.LINUX_SLL2, LinkType.SLIP]);

const STATUSES: readonly number[] = Object.values(Decoded);

/** Checks what every OK record must satisfy, whatever the bytes were. */
function assertSaneRecord(linktype: number, r: PacketRecord, wire: number, context: () => string): void {
  const ok = (cond: boolean, what: string): void => {
    if (!cond) assert.fail(`${what} (${context()})`);
  };
  ok(r.family === 4 || r.family === 6, 'family 4 or 6');
  ok(Number.isInteger(r.proto) && r.proto >= 0 && r.proto <= 255, 'proto is a byte');
  for (const port of [r.srcPort, r.dstPort]) ok(Number.isInteger(port) && port >= 0 && port <= 65535, 'port is 16-bit');
  ok(Number.isInteger(r.length) && r.length >= (r.family === 4 ? 20 : 40) && r.length <= wire, 'length within header size and wire');
  ok(r.linkHint === LinkHint.UNKNOWN || HINT_LINK_TYPES.has(linktype), 'link hint only from cooked captures and SLIP');
  // Frame Relay has MACs only when it carries bridged Ethernet; the others on the list always do.
  ok(MAC_LINK_TYPES.has(linktype) || !r.hasMac, 'MACs only from link types that have them');
  ok(r.hasMac || linktype === LinkType.FRELAY || !MAC_LINK_TYPES.has(linktype), 'MACs from every Ethernet, token ring and 802.11 frame');
  if (r.family === 4) ok(r.src.subarray(4).every((b) => b === 0) && r.dst.subarray(4).every((b) => b === 0), 'IPv4 bytes 4–15 zero');
}

/** Field-by-field equality, cheap enough to run on every random frame. */
function sameRecord(a: PacketRecord, b: PacketRecord): boolean {
  const bytesEqual = (x: Uint8Array, y: Uint8Array): boolean => x.every((v, i) => v === y[i]);
  return a.family === b.family && a.proto === b.proto && a.srcPort === b.srcPort && a.dstPort === b.dstPort &&
    a.length === b.length && a.lengthFromWire === b.lengthFromWire && a.linkHint === b.linkHint && a.hasMac === b.hasMac &&
    bytesEqual(a.src, b.src) && bytesEqual(a.dst, b.dst) && (!a.hasMac || (bytesEqual(a.srcMac, b.srcMac) && bytesEqual(a.dstMac, b.dstMac)));
}


test('every supported link type has contract samples, and every LinkType value is supported', () => {
  assert.deepEqual([...SAMPLES.keys()].sort((a, b) => a - b), SUPPORTED_LINK_TYPES);
  for (const lt of Object.values(LinkType)) assert.ok(isSupportedLinkType(lt), `link type ${lt}`);
  for (const [lt, frames] of SAMPLES) for (const f of frames) assert.equal(decode(lt, f).status, Decoded.OK, `sample for ${lt}`);
});

test('empty input is MALFORMED for every supported link type', () => {
  for (const lt of SUPPORTED_LINK_TYPES) {
    assert.equal(decodeFrame(lt, new Uint8Array(0), 0, 0, 0, newPacketRecord()), Decoded.MALFORMED, `link type ${lt}`);
    assert.equal(decodeFrame(lt, new Uint8Array(100).fill(0x45), 50, 0, 60, newPacketRecord()), Decoded.MALFORMED, `link type ${lt}`);
  }
});

test('every truncation 0..N of a valid frame reads only the captured bytes and decodes like an exact copy', () => {
  for (const [lt, frames] of SAMPLES) {
    for (const frame of frames) {
      const { data, offset } = embed(frame, { before: 9, after: 32 });
      for (let caplen = 0; caplen <= frame.length; caplen++) {
        const context = `link type ${lt}, caplen ${caplen}/${frame.length}`;
        const { view, reads } = trackReads(data);
        const rec = newPacketRecord();
        const status = decodeFrame(lt, view, offset, caplen, frame.length, rec);
        assert.ok(STATUSES.includes(status), context);
        const outside = reads.filter((i) => i < offset || i >= offset + caplen);
        assert.deepEqual(outside, [], `read outside the captured range: ${context}`);
        const copy = decode(lt, frame.slice(0, caplen), { wirelen: frame.length });
        assert.equal(copy.status, status, context);
        if (status === Decoded.OK) {
          assertSaneRecord(lt, rec, frame.length, () => context);
          assert.deepEqual(summarize(rec), summarize(copy.rec), context);
        }
      }
      assert.equal(decode(lt, frame).status, Decoded.OK);
    }
  }
});

test('random bytes and mutated valid frames (fixed seed, 300 000 frames) always give a status and sane records', () => {
  const rand = prng(0x5eed1234);
  const linktypes = [...SUPPORTED_LINK_TYPES, 147, 163];
  const rec = newPacketRecord();
  const copyRec = newPacketRecord();
  const seen = new Map<DecodeStatus, number>();
  const buffer = new Uint8Array(2048);
  for (let i = 0; i < 300_000; i++) {
    const lt = linktypes[rand() % linktypes.length] ?? 1;
    const samples = SAMPLES.get(lt) ?? [new Uint8Array(0)];
    let frame: Uint8Array;
    if (i % 2 === 0) {
      frame = new Uint8Array(rand() % 97).map(() => rand() & 0xff);
    } else {
      const base = samples[rand() % samples.length] ?? new Uint8Array(0);
      frame = base.slice(0, base.length - (rand() % 4 === 0 ? rand() % (base.length + 1) : 0));
      for (let m = rand() % 4; m >= 0 && frame.length > 0; m--) frame[rand() % frame.length] = rand() & 0xff;
    }
    const offset = rand() % 8;
    for (let b = 0; b < 128; b++) buffer[offset + frame.length + b] = rand() & 0xff;
    buffer.set(frame, offset);
    const wirelen = [frame.length, frame.length + (rand() % 3000), rand() % (frame.length + 1)][rand() % 3] ?? 0;
    const context = (): string => `iteration ${i}, link type ${lt}, frame ${Buffer.from(frame).toString('hex')}, wirelen ${wirelen}`;
    let status: DecodeStatus;
    try {
      status = decodeFrame(lt, buffer, offset, frame.length, wirelen, rec);
    } catch (err) {
      assert.fail(`threw ${String(err)} at ${context()}`);
    }
    if (!STATUSES.includes(status)) assert.fail(`status ${status} at ${context()}`);
    seen.set(status, (seen.get(status) ?? 0) + 1);
    // Bytes after the captured range differ between the two buffers; a decoder that read them would disagree.
    const copyStatus = decodeFrame(lt, frame, 0, frame.length, wirelen, copyRec);
    if (copyStatus !== status) assert.fail(`embedded ${status} vs copy ${copyStatus} at ${context()}`);
    if (status === Decoded.OK) {
      assertSaneRecord(lt, rec, Math.max(wirelen, frame.length), context);
      if (!sameRecord(rec, copyRec)) assert.deepEqual(summarize(rec), summarize(copyRec), context());
    }
  }
  for (const s of STATUSES) assert.ok((seen.get(s as DecodeStatus) ?? 0) > 100, `status ${s} exercised: ${JSON.stringify([...seen])}`);
});

test('caller mistakes in offset, caplen and wirelen give a status, not a throw or an out-of-range read', () => {
  const frame = ethernet({}, ipv4({ totalLength: 0, dataLength: 30 })); // 72 bytes: IP 58 on the wire
  const rec = newPacketRecord();
  const call = (offset: number, caplen: number, wirelen = frame.length): DecodeStatus => {
    const { view, reads } = trackReads(frame);
    const status = decodeFrame(LinkType.ETHERNET, view, offset, caplen, wirelen, rec);
    assert.deepEqual(reads.filter((i) => i < 0 || i >= frame.length || !Number.isInteger(i)), []);
    return status;
  };
  for (const offset of [-1, 1.5, Number.NaN, Infinity]) assert.equal(call(offset, 20), Decoded.MALFORMED, `offset ${offset}`);
  for (const caplen of [-1, 2.5, Number.NaN, -Infinity]) assert.equal(call(0, caplen), Decoded.MALFORMED, `caplen ${caplen}`);
  assert.equal(call(frame.length + 10, 5), Decoded.MALFORMED);
  assert.equal(call(0, 1_000_000), Decoded.OK); // caplen beyond the buffer is clamped to it
  assert.equal(rec.length, 58);
  for (const wirelen of [Number.NaN, -5, 0, 10]) {
    assert.equal(call(0, frame.length, wirelen), Decoded.OK);
    assert.equal(rec.length, 58, `wirelen ${wirelen} falls back to the captured length`);
  }
  assert.equal(call(0, frame.length, 1514.7), Decoded.OK);
  assert.equal(rec.length, 1500);
});

test('link types without a decoder give UNSUPPORTED_LINK', () => {
  for (const lt of [2, 7, 10, 106, 119, 147, 163, 0xffff, -1, 1.5, Number.NaN, 2 ** 32, 277, 1e9]) {
    assert.equal(decodeFrame(lt, ethernet({}, ipv4()), 0, 42, 42, newPacketRecord()), Decoded.UNSUPPORTED_LINK, `link type ${lt}`);
    assert.equal(isSupportedLinkType(lt), false);
  }
});

test('a reused record does not carry the link hint or MAC flag of the previous frame', () => {
  const rec = newPacketRecord();
  decode(LinkType.LINUX_SLL, sll({ packetType: 4 }, ipv4()), { record: rec });
  assert.equal(rec.linkHint, LinkHint.OUTGOING);
  decode(LinkType.ETHERNET, ethernet({}, ipv4({ proto: 'tcp', srcPort: 5, dstPort: 6 })), { record: rec });
  assert.deepEqual([rec.linkHint, rec.hasMac, rec.srcPort], [LinkHint.UNKNOWN, true, 5]);
  decode(LinkType.RAW, ipv6({ nextHeader: 59, payload: new Uint8Array(4) }), { record: rec });
  assert.deepEqual([rec.hasMac, rec.srcPort, rec.dstPort, rec.proto], [false, 0, 0, 59]);
});
