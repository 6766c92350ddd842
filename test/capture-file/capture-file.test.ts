// Format detection and the shared parser contract (needed, error stickiness) for both formats.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectCaptureFormat, createCaptureFileParser, parseCaptureBytes } from '../../src/capture-file/capture-file.js';
import { writePcap, writePcapng, recordingSink } from '../helpers/pcap-writer.js';

test('detects every pcap magic in either byte order, and pcapng', () => {
  for (const opts of [{}, { nanosecond: true }, { modified: true }]) {
    assert.equal(detectCaptureFormat(writePcap([], opts), 0, 24), 'pcap');
    assert.equal(detectCaptureFormat(writePcap([], { ...opts, byteSwapped: true }), 0, 24), 'pcap');
  }
  assert.equal(detectCaptureFormat(writePcapng([{ interfaces: [], blocks: [] }]), 0, 4), 'pcapng');
  assert.equal(detectCaptureFormat(writePcapng([{ bigEndian: true, interfaces: [], blocks: [] }]), 0, 4), 'pcapng');
  assert.equal(detectCaptureFormat(Uint8Array.of(0x1f, 0x8b, 8, 0), 0, 4), null); // gzip
  assert.equal(detectCaptureFormat(Uint8Array.of(0xd4, 0xc3, 0xb2), 0, 3), null);
  // Detection reads at the given offset, not at 0.
  const shifted = new Uint8Array(10);
  shifted.set([0x0a, 0x0d, 0x0d, 0x0a], 6);
  assert.equal(detectCaptureFormat(shifted, 6, 10), 'pcapng');
});

test('a parser asks for 4 bytes before it knows the format, then for its header', () => {
  const bytes = writePcap([{ ts: 1, data: new Uint8Array(3) }]);
  const parser = createCaptureFileParser();
  const sink = recordingSink();
  assert.equal(parser.parse(bytes, 0, 2, sink), 0);
  assert.equal(parser.needed, 4);
  assert.equal(parser.parse(bytes, 0, 10, sink), 0);
  assert.equal(parser.needed, 24);
  assert.equal(parser.parse(bytes, 0, 30, sink), 24);
  assert.equal(parser.needed, 16);
  assert.equal(parser.parse(bytes, 24, 41, sink), 24);
  assert.equal(parser.needed, 19);
  assert.equal(parser.parse(bytes, 24, bytes.length, sink), bytes.length);
  assert.equal(sink.frames.length, 1);
});

test('once an error is set, parse consumes nothing and finish keeps the first error', () => {
  const bytes = writePcap([{ ts: 1, data: new Uint8Array(3), caplen: 0x7fffffff }]);
  const parser = createCaptureFileParser();
  const sink = recordingSink();
  assert.equal(parser.parse(bytes, 0, bytes.length, sink), 24);
  assert.equal(parser.error?.kind, 'record-too-large');
  assert.equal(parser.parse(bytes, 24, bytes.length, sink), 24);
  parser.finish(bytes, 24, bytes.length);
  assert.equal(parser.error?.kind, 'record-too-large');
  assert.equal(sink.frames.length, 0);
});

test('parseCaptureBytes reads a buffer view with a non-zero byteOffset', () => {
  const inner = writePcapng([{ interfaces: [{ linktype: 1 }], blocks: [{ type: 'epb', iface: 0, ts: 2.5, data: Uint8Array.of(9, 8, 7) }] }]);
  const outer = new Uint8Array(inner.length + 13);
  outer.set(inner, 13);
  const sink = recordingSink();
  const result = parseCaptureBytes(outer.subarray(13), sink);
  assert.equal(result.error, null);
  assert.deepEqual(sink.frames, [{ linktype: 1, hex: '090807', caplen: 3, wirelen: 3, ts: 2.5 }]);
});
