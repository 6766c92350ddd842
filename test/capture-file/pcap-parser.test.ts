// Classic pcap: every magic variant, and the malformed-file cases F-01..F-10 of the test plan.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCaptureBytes, createCaptureFileParser } from '../../src/capture-file/capture-file.js';
import { writePcap, recordingSink, prng, randomBytes } from '../helpers/pcap-writer.js';
import type { PcapRecord, PcapOptions, RecordedFrame } from '../helpers/pcap-writer.js';

const rand = prng(42);
const RECORDS: PcapRecord[] = [
  { ts: 1700000000.123456, data: randomBytes(rand, 96) },
  { ts: 1700000000.5, data: randomBytes(rand, 60), wirelen: 1514 },
  { ts: 1700000001.000001, data: randomBytes(rand, 1) },
  { ts: 1700000002.999999, data: new Uint8Array(0), wirelen: 40 },
];

function parse(bytes: Uint8Array): { frames: RecordedFrame[]; result: ReturnType<typeof parseCaptureBytes> } {
  const sink = recordingSink();
  const result = parseCaptureBytes(bytes, sink);
  return { frames: sink.frames, result };
}

/** Timestamps rounded to whole microseconds: what every variant can represent. */
function atMicros(frames: RecordedFrame[]): RecordedFrame[] {
  return frames.map((f) => ({ ...f, ts: Math.round(f.ts * 1e6) }));
}

const VARIANTS: Record<string, PcapOptions> = {
  'µs little-endian (a1b2c3d4)': {},
  'µs big-endian (d4c3b2a1)': { byteSwapped: true },
  'ns little-endian (a1b23c4d)': { nanosecond: true },
  'ns big-endian (4d3cb2a1)': { nanosecond: true, byteSwapped: true },
  'modified little-endian (a1b2cd34)': { modified: true },
  'modified big-endian (34cdb2a1)': { modified: true, byteSwapped: true },
};

test('F-02: every magic and byte order yields the same frames', () => {
  const reference = parse(writePcap(RECORDS));
  assert.equal(reference.result.error, null);
  assert.equal(reference.frames.length, 4);
  assert.deepEqual(reference.frames.map((f) => f.wirelen), [96, 1514, 1, 40]);
  assert.equal(Math.round(reference.frames[0]!.ts * 1e6), 1700000000123456);
  for (const [name, opts] of Object.entries(VARIANTS)) {
    const { frames, result } = parse(writePcap(RECORDS, opts));
    assert.equal(result.error, null, name);
    assert.deepEqual(result.linktypes, [1], name);
    assert.deepEqual(atMicros(frames), atMicros(reference.frames), name);
  }
});

test('F-02: a nanosecond file holding whole microseconds gives bit-identical timestamps', () => {
  const us = RECORDS.map((r, i) => ({ ...r, tsRaw: [1700000000 + i, 123456 + i] as const }));
  const ns = RECORDS.map((r, i) => ({ ...r, tsRaw: [1700000000 + i, (123456 + i) * 1000] as const }));
  const a = parse(writePcap(us)).frames;
  assert.deepEqual(parse(writePcap(ns, { nanosecond: true })).frames, a);
  assert.deepEqual(parse(writePcap(ns, { nanosecond: true, byteSwapped: true })).frames, a);
  assert.equal(a[0]!.ts, 1700000000 + 123456 / 1e6);
});

test('frames carry the record bytes, the header linktype and sec + frac / 10^resolution', () => {
  const data = Uint8Array.of(1, 2, 3, 4, 5);
  const { frames } = parse(writePcap([{ ts: 0, tsRaw: [10, 250000], data }], { linktype: 101 }));
  assert.deepEqual(frames, [{ linktype: 101, hex: '0102030405', caplen: 5, wirelen: 5, ts: 10.25 }]);
});

test('F-01: bad magic and 0–23-byte files are clean errors with no frames', () => {
  const html = new TextEncoder().encode('<!DOCTYPE html><html></html>');
  assert.deepEqual(parse(html).result.error, { kind: 'bad-magic', message: 'not a pcap or pcapng file (first bytes 3c 21 44 4f)' });
  assert.deepEqual(parse(new Uint8Array(0)).result.error, { kind: 'empty', message: 'the file is empty' });
  assert.deepEqual(parse(Uint8Array.of(0xd4, 0xc3)).result.error, { kind: 'bad-magic', message: 'not a pcap or pcapng file (only 2 bytes: d4 c3)' });
  const header = writePcap([]);
  for (let n = 0; n <= 23; n++) {
    const { frames, result } = parse(header.subarray(0, n));
    assert.equal(frames.length, 0);
    const expected = n === 0 ? 'empty' : n < 4 ? 'bad-magic' : 'truncated';
    assert.equal(result.error?.kind, expected, `${n} bytes`);
  }
  assert.deepEqual(parse(header.subarray(0, 10)).result.error, {
    kind: 'truncated', message: 'truncated: the file ends 10 bytes into the 24-byte pcap file header',
  });
  for (let n = 0; n <= 23; n++) assert.notEqual(parse(randomBytes(rand, n)).result.error, null);
});

test('a header-only file is a valid capture with no packets', () => {
  assert.deepEqual(parse(writePcap([])).result, { packets: 0, badRecords: 0, linktypes: [], error: null });
});

test('versions: 2.0–2.4 and 543.0 accepted, others rejected; 2.2 has swapped lengths', () => {
  const rec = [{ ts: 1, data: new Uint8Array(10), wirelen: 100 }];
  assert.deepEqual(parse(writePcap(rec, { version: [3, 0] })).result.error, { kind: 'bad-version', message: 'unsupported pcap version 3.0' });
  assert.equal(parse(writePcap(rec, { version: [2, 5] })).result.error?.kind, 'bad-version');
  assert.equal(parse(writePcap(rec, { version: [543, 0] })).frames.length, 1);
  // A 2.2 writer put len where 2.4 puts caplen; the bytes stored are still caplen's worth.
  const old = writePcap([{ ts: 1, data: new Uint8Array(10), caplen: 100, wirelen: 10 }], { version: [2, 2] });
  assert.deepEqual(parse(old).frames.map((f) => [f.caplen, f.wirelen]), [[10, 100]]);
});

test('F-03: incl_len above the header snaplen but within 262144 is accepted', () => {
  const big = new Uint8Array(262144);
  const { frames, result } = parse(writePcap([{ ts: 1, data: new Uint8Array(200) }, { ts: 2, data: big }], { snaplen: 64 }));
  assert.equal(result.error, null);
  assert.deepEqual(frames.map((f) => f.caplen), [200, 262144]);
});

test('F-03/F-05: incl_len above 262144 is fatal after the frames before it', () => {
  for (const claimed of [262145, 0xffffffff]) {
    const bytes = writePcap([{ ts: 1, data: new Uint8Array(20) }, { ts: 2, data: new Uint8Array(4), caplen: claimed }]);
    const { frames, result } = parse(bytes);
    assert.equal(frames.length, 1);
    assert.deepEqual(result.error, {
      kind: 'record-too-large',
      message: `record 2 at offset 60 claims ${claimed} captured bytes, more than the maximum of 262144`,
    });
  }
});

test('F-04: incl_len > orig_len is delivered with wirelen = incl_len', () => {
  const { frames } = parse(writePcap([{ ts: 1, data: new Uint8Array(100), wirelen: 60 }], { byteSwapped: true }));
  assert.deepEqual(frames.map((f) => [f.caplen, f.wirelen]), [[100, 100]]);
});

test('F-06: a truncated last record keeps the frames before it', () => {
  const bytes = writePcap([{ ts: 1, data: new Uint8Array(50) }, { ts: 2, data: new Uint8Array(1500) }]);
  const cut = bytes.subarray(0, 24 + 16 + 50 + 16 + 10);
  const { frames, result } = parse(cut);
  assert.equal(frames.length, 1);
  assert.deepEqual(result.error, { kind: 'truncated', message: 'truncated: the last record claims 1500 bytes but the file ends after 10' });
  const inHeader = parse(bytes.subarray(0, 24 + 16 + 50 + 5));
  assert.equal(inHeader.frames.length, 1);
  assert.deepEqual(inHeader.result.error, { kind: 'truncated', message: 'truncated: the file ends 5 bytes into the 16-byte header of record 2' });
});

test('F-07: global snaplen 0 or 0xFFFFFFFF does not matter to the records', () => {
  for (const snaplen of [0, 0xffffffff]) {
    const { frames, result } = parse(writePcap(RECORDS, { snaplen }));
    assert.equal(result.error, null);
    assert.equal(frames.length, RECORDS.length);
  }
});

test('F-08: unknown link types pass through; FCS bits above the low 16 are dropped', () => {
  for (const [field, linktype] of [[147, 147], [228, 228], [0xffff, 0xffff], [0x14000001, 1], [0xffffffff, 0xffff]] as const) {
    const { frames, result } = parse(writePcap(RECORDS, { linktype: field }));
    assert.equal(result.error, null);
    assert.deepEqual(result.linktypes, [linktype]);
    assert.ok(frames.every((f) => f.linktype === linktype));
  }
});

test('F-09: a million zero-length records parse quickly and are all delivered', () => {
  const header = writePcap([]);
  const bytes = new Uint8Array(24 + 16 * 1_000_000);
  bytes.set(header);
  let count = 0;
  let bytesSeen = 0;
  const t0 = performance.now();
  const result = parseCaptureBytes(bytes, { frame(_l, _d, _o, caplen) { count++; bytesSeen += caplen; } });
  const ms = performance.now() - t0;
  assert.equal(result.error, null);
  assert.equal(count, 1_000_000);
  assert.equal(bytesSeen, 0);
  assert.ok(ms < 2000, `took ${ms.toFixed(0)} ms`);
});

test('F-10: odd timestamps are delivered as they are, always finite', () => {
  const raw: [number, number][] = [[0, 0], [0xffffffff, 999999], [1700000000, 0], [1600000000, 0], [5, 1_500_000], [5, 0xffffffff]];
  const { frames, result } = parse(writePcap(raw.map((tsRaw) => ({ ts: 0, tsRaw, data: new Uint8Array(4) }))));
  assert.equal(result.error, null);
  assert.deepEqual(frames.map((f) => f.ts), [0, 0xffffffff + 999999 / 1e6, 1700000000, 1600000000, 6.5, 5 + 0xffffffff / 1e6]);
  assert.ok(frames.every((f) => Number.isFinite(f.ts)));
});

test('feeding the parser one byte more at a time gives the same frames', () => {
  const bytes = writePcap(RECORDS, { byteSwapped: true });
  const sink = recordingSink();
  const parser = createCaptureFileParser();
  let pos = 0;
  for (let end = 0; end <= bytes.length; end++) {
    pos = parser.parse(bytes, pos, end, sink);
    assert.ok(parser.needed > end - pos || parser.error !== null);
  }
  parser.finish(bytes, pos, bytes.length);
  assert.equal(parser.error, null);
  assert.deepEqual(sink.frames, parse(bytes).frames);
});

test('mutated files never throw and never deliver a frame outside the buffer', () => {
  const r = prng(7);
  const base = writePcap(RECORDS);
  for (let i = 0; i < 2000; i++) {
    const m = base.slice(0, r() % (base.length + 1));
    for (let k = 0; k < 1 + (r() % 4); k++) if (m.length > 0) m[r() % m.length] = r() & 0xff;
    const { frames } = parse(m);
    assert.ok(frames.every((f) => Number.isFinite(f.ts) && f.wirelen >= f.caplen));
  }
});
