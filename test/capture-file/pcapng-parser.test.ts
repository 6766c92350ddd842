// pcapng: interfaces and timestamp resolutions, packet block kinds, sections, and lying block lengths (F-11).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCaptureBytes, createCaptureFileParser, MAX_PCAPNG_BLOCK } from '../../src/capture-file/capture-file.js';
import { writePcap, writePcapng, recordingSink, prng, randomBytes } from '../helpers/pcap-writer.js';
import type { PcapngBlock, RecordedFrame } from '../helpers/pcap-writer.js';

const rand = prng(1234);
const ETH = { linktype: 1 };

function parse(bytes: Uint8Array): { frames: RecordedFrame[]; result: ReturnType<typeof parseCaptureBytes> } {
  const sink = recordingSink();
  const result = parseCaptureBytes(bytes, sink);
  return { frames: sink.frames, result };
}

function epb(iface: number, ts: number, size: number, extra: Partial<Extract<PcapngBlock, { type: 'epb' }>> = {}): PcapngBlock {
  return { type: 'epb', iface, ts, data: randomBytes(rand, size), ...extra };
}

test('EPBs on a µs interface decode exactly like the same pcap records', () => {
  const records = [
    { ts: 1700000000.123456, data: randomBytes(rand, 96) },
    { ts: 1700000000.999999, data: randomBytes(rand, 61), wirelen: 1514 },
    { ts: 1700000003, data: new Uint8Array(0) },
  ];
  const ng = writePcapng([{ interfaces: [ETH], blocks: records.map((r) => ({ type: 'epb' as const, iface: 0, ...r })) }]);
  const a = parse(writePcap(records));
  const b = parse(ng);
  assert.equal(b.result.error, null);
  assert.deepEqual(b.frames, a.frames);
  assert.deepEqual(parse(writePcapng([{ bigEndian: true, interfaces: [ETH], blocks: records.map((r) => ({ type: 'epb' as const, iface: 0, ...r })) }])).frames, a.frames);
});

test('interfaces keep their own link type, if_tsresol (10^-9, 2^-20) and if_tsoffset', () => {
  const bytes = writePcapng([{
    interfaces: [ETH, { linktype: 101, tsresol: 9, tsoffset: 1000 }, { linktype: 113, tsresol: 0x80 | 20, tsoffset: -3600 }],
    blocks: [
      epb(0, 1700000000.25, 10),
      epb(1, 0, 20, { tsUnits: 1700000000_123456789n }),
      epb(2, 0, 30, { tsUnits: (1700000000n << 20n) + 524288n + 1n }),
      epb(1, 0, 5, { tsUnits: 0n }),
    ],
  }]);
  const { frames, result } = parse(bytes);
  assert.equal(result.error, null);
  assert.deepEqual(frames.map((f) => f.linktype), [1, 101, 113, 101]);
  assert.deepEqual(result.linktypes, [1, 101, 113]);
  assert.deepEqual(frames.map((f) => f.caplen), [10, 20, 30, 5]);
  assert.deepEqual(frames.map((f) => f.ts), [
    1700000000.25,
    1700001000 + 123456789 / 1e9,
    1699996400 + 524289 / 2 ** 20,
    1000,
  ]);
});

test('64-bit timestamps split exactly for every resolution up to 10^-9 and 2^-36', () => {
  const r = prng(99);
  const resolutions = [...Array.from({ length: 10 }, (_, n) => n), ...Array.from({ length: 37 }, (_, n) => 0x80 | n)];
  for (const tsresol of resolutions) {
    const div = tsresol & 0x80 ? 1n << BigInt(tsresol & 0x7f) : 10n ** BigInt(tsresol);
    const blocks: PcapngBlock[] = [];
    const want: number[] = [];
    for (let i = 0; i < 40; i++) {
      // Mix full-range 64-bit values with ones near "now" (which wrap for the finest binary resolutions).
      const u = BigInt.asUintN(64, i % 2 === 0 ? (BigInt(r()) << 32n) | BigInt(r()) : 1700000000n * div + BigInt(r()) % div);
      blocks.push({ type: 'epb', iface: 0, ts: 0, data: new Uint8Array(0), tsUnits: u });
      want.push(Number(u / div) + 7 + Number(u % div) / Number(div));
    }
    const { frames, result } = parse(writePcapng([{ interfaces: [{ linktype: 1, tsresol, tsoffset: 7 }], blocks }]));
    assert.equal(result.error, null);
    assert.deepEqual(frames.map((f) => f.ts), want, `tsresol 0x${tsresol.toString(16)}`);
  }
});

test('resolutions finer than 2^-36 are approximated but finite and deterministic', () => {
  for (const tsresol of [0x80 | 63, 0x80 | 127, 15, 127]) {
    const blocks: PcapngBlock[] = [{ type: 'epb', iface: 0, ts: 0, data: new Uint8Array(0), tsUnits: 0xffffffffffffffffn }];
    const a = parse(writePcapng([{ interfaces: [{ linktype: 1, tsresol }], blocks }]));
    assert.equal(a.frames.length, 1);
    assert.ok(Number.isFinite(a.frames[0]!.ts));
  }
});

test('SPB: caplen is min(origlen, interface 0 snaplen, block room); ts is the last one seen', () => {
  const bytes = writePcapng([{
    interfaces: [{ linktype: 1, snaplen: 64 }, { linktype: 101 }],
    blocks: [
      { type: 'spb', data: randomBytes(rand, 8) },
      epb(1, 1700000005.5, 10),
      { type: 'spb', data: randomBytes(rand, 100) },
      { type: 'spb', data: randomBytes(rand, 20), wirelen: 1500 },
      { type: 'spb', data: randomBytes(rand, 12), wirelen: 10 },
    ],
  }]);
  const { frames, result } = parse(bytes);
  assert.equal(result.error, null);
  assert.deepEqual(frames.map((f) => [f.linktype, f.caplen, f.wirelen, f.ts]), [
    [1, 8, 8, 0],
    [101, 10, 10, 1700000005.5],
    [1, 64, 100, 1700000005.5],
    [1, 20, 1500, 1700000005.5],
    [1, 10, 10, 1700000005.5],
  ]);
  const orphan = parse(writePcapng([{ interfaces: [], blocks: [{ type: 'spb', data: new Uint8Array(8) }] }]));
  assert.deepEqual([orphan.frames.length, orphan.result.badRecords, orphan.result.error], [0, 1, null]);
});

test('obsolete Packet Block (type 2) is read like an EPB with a 16-bit interface id', () => {
  const data = randomBytes(rand, 30);
  const { frames, result } = parse(writePcapng([{
    interfaces: [ETH, { linktype: 228, tsresol: 3 }],
    blocks: [{ type: 'pb', iface: 1, ts: 1700000000.5, data, wirelen: 60 }, { type: 'pb', iface: 9, ts: 1, data }],
  }]));
  assert.deepEqual(frames, [{ linktype: 228, hex: Buffer.from(data).toString('hex'), caplen: 30, wirelen: 60, ts: 1700000000.5 }]);
  assert.equal(result.badRecords, 1);
});

test('unknown and uninteresting blocks are skipped by their length', () => {
  const { frames, result } = parse(writePcapng([{
    interfaces: [ETH],
    blocks: [
      { type: 'raw', blockType: 4, body: randomBytes(rand, 16) }, // NRB
      epb(0, 1, 10, { flags: 1 }), // EPB with an epb_flags option
      { type: 'raw', blockType: 5, body: randomBytes(rand, 24) }, // ISB
      { type: 'raw', blockType: 0xbad, body: randomBytes(rand, 7) }, // custom
      { type: 'raw', blockType: 0x40000bad, body: new Uint8Array(0) },
      { type: 'raw', blockType: 0x12345678, body: randomBytes(rand, 1000) },
      epb(0, 2, 11),
    ],
  }]));
  assert.equal(result.error, null);
  assert.deepEqual(frames.map((f) => [f.caplen, f.ts]), [[10, 1], [11, 2]]);
});

test('a second section may switch byte order and starts a fresh interface list', () => {
  const { frames, result } = parse(writePcapng([
    { interfaces: [ETH, { linktype: 113 }], blocks: [epb(0, 1, 10), epb(1, 2, 10)] },
    { bigEndian: true, interfaces: [{ linktype: 101, tsresol: 9 }], blocks: [epb(0, 3.5, 20), epb(1, 4, 10), { type: 'idb', iface: ETH }, epb(1, 5, 7)] },
  ]));
  assert.equal(result.error, null);
  assert.deepEqual(frames.map((f) => [f.linktype, f.caplen, f.ts]), [[1, 10, 1], [113, 10, 2], [101, 20, 3.5], [1, 7, 5]]);
  assert.equal(result.badRecords, 1);
  assert.deepEqual(result.linktypes, [1, 113, 101]);
});

test('EPBs naming a missing interface, or claiming more bytes than the block holds, are counted and skipped', () => {
  const { frames, result } = parse(writePcapng([{
    interfaces: [ETH],
    blocks: [epb(5, 1, 10), epb(0xffffffff, 1, 10), epb(0, 2, 10, { caplen: 1000 }), epb(0, 3, 10)],
  }]));
  assert.equal(result.error, null);
  assert.equal(result.badRecords, 3);
  assert.deepEqual(frames.map((f) => f.ts), [3]);
});

test('IDB options with a lying length are ignored, not fatal', () => {
  // linktype 1, snaplen 0, then if_tsresol claiming 0xFFFF bytes.
  const body = Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0xff, 0xff, 9, 0, 0, 0);
  const { frames, result } = parse(writePcapng([{ interfaces: [], blocks: [{ type: 'raw', blockType: 1, body }, epb(0, 12.5, 4)] }]));
  assert.equal(result.error, null);
  assert.deepEqual(frames.map((f) => f.ts), [12.5]);
});

test('F-11: lying block total lengths are fatal, after the frames before them', () => {
  for (const length of [0, 4, 8, 13, 14, 0xffffffff, MAX_PCAPNG_BLOCK + 4]) {
    const bytes = writePcapng([{ interfaces: [ETH], blocks: [epb(0, 1, 10), { type: 'raw', blockType: 0xbad, body: new Uint8Array(8), length }] }]);
    const { frames, result } = parse(bytes);
    assert.equal(frames.length, 1, `length ${length}`);
    assert.equal(result.error?.kind, 'bad-block', `length ${length}`);
  }
  const huge = parse(writePcapng([{ interfaces: [ETH], blocks: [epb(0, 1, 10), { type: 'raw', blockType: 0xbad, body: new Uint8Array(8), length: 0xffffffff }] }]));
  assert.deepEqual(huge.result.error, {
    kind: 'bad-block',
    message: 'pcapng block at offset 92: block type 0xbad claims a total length of 4294967295, more than the maximum of 16777216',
  });
  const mismatch = parse(writePcapng([{ interfaces: [ETH], blocks: [epb(0, 1, 10), epb(0, 2, 10, { trailer: 48 })] }]));
  assert.equal(mismatch.frames.length, 1);
  assert.deepEqual(mismatch.result.error, {
    kind: 'bad-block',
    message: 'pcapng block at offset 92: block type 0x6 has total length 44 but its trailing copy says 48',
  });
  // A length that is legal but runs past the end of the file is a truncated file.
  const past = parse(writePcapng([{ interfaces: [ETH], blocks: [epb(0, 1, 10), epb(0, 2, 10, { length: 4096 })] }]));
  assert.deepEqual(past.result.error, { kind: 'truncated', message: 'truncated: the last block claims 4096 bytes but the file ends after 44' });
  // A section header body too short to hold its fixed fields.
  const shb = parse(writePcapng([{ interfaces: [ETH], blocks: [epb(0, 1, 10), { type: 'raw', blockType: 0x0a0d0d0a, body: Uint8Array.of(0x4d, 0x3c, 0x2b, 0x1a) }] }]));
  assert.equal(shb.result.error?.kind, 'bad-block');
});

test('section headers with a bad byte-order magic or version are rejected', () => {
  assert.deepEqual(parse(writePcapng([{ interfaces: [], blocks: [], byteOrderMagic: 0x11223344 }])).result.error, {
    kind: 'bad-magic',
    message: 'pcapng block at offset 0: section header has byte-order magic 11223344, expected 1a2b3c4d',
  });
  assert.deepEqual(parse(writePcapng([{ interfaces: [], blocks: [], version: [2, 0] }])).result.error, {
    kind: 'bad-version', message: 'unsupported pcapng version 2.0',
  });
  assert.equal(parse(writePcapng([{ interfaces: [ETH], blocks: [epb(0, 1, 1)], version: [1, 2] }])).frames.length, 1);
});

test('a truncated last block keeps the frames before it', () => {
  const bytes = writePcapng([{ interfaces: [ETH], blocks: [epb(0, 1, 10), epb(0, 2, 100)] }]);
  const { frames, result } = parse(bytes.subarray(0, bytes.length - 30));
  assert.equal(frames.length, 1);
  assert.deepEqual(result.error, { kind: 'truncated', message: 'truncated: the last block claims 132 bytes but the file ends after 102' });
  assert.deepEqual(parse(bytes.subarray(0, 92 + 5)).result.error, { kind: 'truncated', message: 'truncated: the file ends 5 bytes into a block header' });
});

test('feeding the parser one byte more at a time gives the same frames', () => {
  const bytes = writePcapng([
    { interfaces: [ETH, { linktype: 101, tsresol: 9 }], blocks: [epb(0, 1, 10), { type: 'spb', data: new Uint8Array(9) }, epb(1, 2, 33)] },
    { bigEndian: true, interfaces: [ETH], blocks: [epb(0, 3, 3), { type: 'pb', iface: 0, ts: 4, data: new Uint8Array(5) }] },
  ]);
  const sink = recordingSink();
  const parser = createCaptureFileParser();
  let pos = 0;
  for (let end = 0; end <= bytes.length; end++) {
    pos = parser.parse(bytes, pos, end, sink);
    assert.ok(parser.needed > end - pos || parser.error !== null);
  }
  parser.finish(bytes, pos, bytes.length);
  assert.equal(parser.error, null);
  assert.equal(sink.frames.length, 5);
  assert.deepEqual(sink.frames, parse(bytes).frames);
});

test('mutated pcapng files never throw and never deliver a frame outside the buffer', () => {
  const r = prng(11);
  const base = writePcapng([
    { interfaces: [ETH, { linktype: 101, tsresol: 9, tsoffset: 5 }], blocks: [epb(0, 1, 10), { type: 'spb', data: new Uint8Array(9) }, epb(1, 2, 33)] },
    { bigEndian: true, interfaces: [{ linktype: 1, tsresol: 0x80 | 20 }], blocks: [epb(0, 3, 3), { type: 'pb', iface: 0, ts: 4, data: new Uint8Array(5) }] },
  ]);
  for (let i = 0; i < 3000; i++) {
    const m = base.slice(0, r() % (base.length + 1));
    for (let k = 0; k < 1 + (r() % 4); k++) if (m.length > 0) m[r() % m.length] = r() & 0xff;
    const { frames } = parse(m);
    assert.ok(frames.every((f) => Number.isFinite(f.ts) && f.wirelen >= f.caplen));
  }
});
