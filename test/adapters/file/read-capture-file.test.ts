// The fs reader: error values, chunk-boundary independence, buffer bounds, and the pacing hooks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { readCaptureFile, readCaptureSource, DEFAULT_CHUNK_SIZE } from '../../../src/adapters/file/read-capture-file.js';
import type { ByteSource, ReadCaptureOptions, ReadCaptureResult } from '../../../src/adapters/file/read-capture-file.js';
import { parseCaptureBytes } from '../../../src/capture-file/capture-file.js';
import { writePcap, writePcapng, writeTempFile, recordingSink, prng, randomBytes } from '../../helpers/pcap-writer.js';
import type { PcapRecord, PcapngBlock, RecordedFrame } from '../../helpers/pcap-writer.js';

const rand = prng(2024);

async function readFile(path: string, opts: ReadCaptureOptions = {}): Promise<{ frames: RecordedFrame[]; result: ReadCaptureResult }> {
  const sink = recordingSink();
  const result = await readCaptureFile(path, sink, opts);
  return { frames: sink.frames, result };
}

async function withFile<T>(bytes: Uint8Array, name: string, fn: (path: string) => Promise<T>): Promise<T> {
  const path = await writeTempFile(bytes, name);
  try { return await fn(path); } finally { await rm(dirname(path), { recursive: true, force: true }); }
}

/** An in-memory source that hands out at most `max` bytes per read, a pseudo-random amount each time. */
function memorySource(bytes: Uint8Array, max: number, seed = 1): ByteSource {
  const r = prng(seed);
  let pos = 0;
  return {
    read(buf, offset, length) {
      const n = Math.min(length, bytes.length - pos, 1 + (r() % max));
      buf.set(bytes.subarray(pos, pos + n), offset);
      pos += n;
      return Promise.resolve(n);
    },
  };
}

const PCAP_RECORDS: PcapRecord[] = [];
for (let i = 0; i < 40; i++) PCAP_RECORDS.push({ ts: 1700000000 + i * 0.013, data: randomBytes(rand, rand() % 160) });
PCAP_RECORDS.splice(30, 0, { ts: 1700000000.4, data: randomBytes(rand, 3000), wirelen: 3100 });

const NG_BLOCKS: PcapngBlock[] = [];
for (let i = 0; i < 30; i++) NG_BLOCKS.push({ type: 'epb', iface: i % 2, ts: 1700000000 + i / 7, data: randomBytes(rand, rand() % 120) });
NG_BLOCKS.splice(5, 0, { type: 'spb', data: randomBytes(rand, 77) }, { type: 'raw', blockType: 5, body: randomBytes(rand, 40) });
NG_BLOCKS.splice(20, 0, { type: 'epb', iface: 1, ts: 1700000003, data: randomBytes(rand, 2500) }, { type: 'pb', iface: 0, ts: 1700000004, data: randomBytes(rand, 33) });
const PCAPNG = writePcapng([
  { interfaces: [{ linktype: 1, snaplen: 64 }, { linktype: 101, tsresol: 9, tsoffset: 3 }], blocks: NG_BLOCKS },
  { bigEndian: true, interfaces: [{ linktype: 113, tsresol: 0x80 | 20 }], blocks: NG_BLOCKS.filter((b) => b.type === 'epb').map((b) => ({ ...b, iface: 0 })) },
]);
const PCAP = writePcap(PCAP_RECORDS, { byteSwapped: true, nanosecond: true });

test('reads a file in the default chunk size and matches the in-memory parse', async () => {
  for (const [name, bytes] of [['a.pcap', PCAP], ['a.pcapng', PCAPNG]] as const) {
    const mem = recordingSink();
    const expected = parseCaptureBytes(bytes, mem);
    const { frames, result } = await withFile(bytes, name, (p) => readFile(p));
    assert.equal(result.error, null);
    assert.deepEqual(frames, mem.frames);
    assert.equal(result.packets, expected.packets);
    assert.deepEqual(result.linktypes, expected.linktypes);
    assert.equal(result.bytesRead, bytes.length);
    assert.equal(result.bufferSize, DEFAULT_CHUNK_SIZE);
  }
});

test('chunk boundaries never change the result (1 to 65536-byte reads, whole and truncated files)', async () => {
  const inputs = [
    ['a.pcap', PCAP], ['cut.pcap', PCAP.subarray(0, PCAP.length - 1111)],
    ['a.pcapng', PCAPNG], ['cut.pcapng', PCAPNG.subarray(0, PCAPNG.length - 1234)],
  ] as const;
  for (const [name, bytes] of inputs) {
    await withFile(bytes, name, async (path) => {
      const reference = await readFile(path);
      assert.ok(reference.frames.length > 10, name);
      assert.equal(reference.result.error?.kind ?? null, name.startsWith('cut') ? 'truncated' : null);
      for (const chunkSize of [1, 7, 64, 1000, 4096, 65536]) {
        const { frames, result } = await readFile(path, { chunkSize });
        assert.deepEqual(frames, reference.frames, `${name} chunk ${chunkSize}`);
        assert.deepEqual({ ...result, bufferSize: 0 }, { ...reference.result, bufferSize: 0 }, `${name} chunk ${chunkSize}`);
        assert.ok(result.bufferSize <= Math.max(chunkSize, 3000 + 16), `${name} chunk ${chunkSize}: buffer ${result.bufferSize}`);
      }
    });
  }
});

test('every prefix of a file, read in uneven pieces, equals the one-shot parse of that prefix', async () => {
  const bytes = writePcapng([
    { interfaces: [{ linktype: 1 }, { linktype: 228, tsresol: 9 }], blocks: NG_BLOCKS.slice(0, 8) },
    { bigEndian: true, interfaces: [{ linktype: 1 }], blocks: [{ type: 'epb', iface: 0, ts: 5, data: randomBytes(rand, 20) }] },
  ]);
  for (const file of [bytes, writePcap(PCAP_RECORDS.slice(0, 6), { modified: true })]) {
    for (let n = 0; n <= file.length; n++) {
      const prefix = file.subarray(0, n);
      const mem = recordingSink();
      const expected = parseCaptureBytes(prefix, mem);
      const sink = recordingSink();
      const result = await readCaptureSource(memorySource(prefix, 13, n), 'x', sink, { chunkSize: 11 });
      assert.deepEqual(sink.frames, mem.frames, `prefix ${n}`);
      assert.equal(result.error?.kind, expected.error?.kind, `prefix ${n}`);
      assert.equal(result.error?.message, expected.error === null ? undefined : `x: ${expected.error.message}`);
    }
  }
});

test('fs problems become error values', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wiretop-test-'));
  try {
    const missing = join(dir, 'nope.pcap');
    assert.deepEqual((await readFile(missing)).result.error, { kind: 'not-found', message: `${missing}: no such file` });
    assert.deepEqual((await readFile(dir)).result.error, { kind: 'is-directory', message: `${dir}: is a directory, not a capture file` });
    const empty = join(dir, 'empty.pcap');
    await writeFile(empty, new Uint8Array(0));
    assert.deepEqual((await readFile(empty)).result.error, { kind: 'empty', message: `${empty}: the file is empty` });
    const html = join(dir, 'x.pcap');
    await writeFile(html, '<!DOCTYPE html>');
    assert.deepEqual((await readFile(html)).result.error, { kind: 'bad-magic', message: `${html}: not a pcap or pcapng file (first bytes 3c 21 44 4f)` });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const failing = (code: string): ByteSource => ({ read: () => Promise.reject(Object.assign(new Error(`${code}: boom, read`), { code })) });
  const sink = recordingSink();
  assert.deepEqual((await readCaptureSource(failing('EACCES'), 'f', sink)).error, { kind: 'permission', message: 'f: permission denied' });
  assert.deepEqual((await readCaptureSource(failing('EIO'), 'f', sink)).error, { kind: 'io', message: 'f: cannot read: EIO: boom, read' });
});

test('F-06 through the file reader: earlier frames delivered, then a one-line truncation error', async () => {
  const bytes = writePcap([{ ts: 1, data: new Uint8Array(50) }, { ts: 2, data: new Uint8Array(1500) }]);
  await withFile(bytes.subarray(0, 24 + 66 + 16 + 10), 'x.pcap', async (path) => {
    const { frames, result } = await readFile(path);
    assert.equal(frames.length, 1);
    assert.equal(result.packets, 1);
    assert.deepEqual(result.error, { kind: 'truncated', message: `${path}: truncated: the last record claims 1500 bytes but the file ends after 10` });
  });
});

test('F-05/F-11: lying lengths are rejected without growing the buffer', async () => {
  const pcap = writePcap([{ ts: 1, data: new Uint8Array(8) }, { ts: 2, data: new Uint8Array(8), caplen: 0xffffffff }]);
  const ng = writePcapng([{ interfaces: [{ linktype: 1 }], blocks: [{ type: 'epb', iface: 0, ts: 1, data: new Uint8Array(8) }, { type: 'raw', blockType: 6, body: new Uint8Array(40), length: 0xfffffff0 }] }]);
  for (const [name, bytes, kind] of [['a.pcap', pcap, 'record-too-large'], ['a.pcapng', ng, 'bad-block']] as const) {
    const { frames, result } = await withFile(bytes, name, (p) => readFile(p, { chunkSize: 4096 }));
    assert.equal(frames.length, 1);
    assert.equal(result.error?.kind, kind);
    assert.equal(result.bufferSize, 4096);
  }
});

test('the buffer grows to exactly one large record, never more', async () => {
  const big = randomBytes(rand, 200000);
  const bytes = writePcap([{ ts: 1, data: new Uint8Array(10) }, { ts: 2, data: big }, { ts: 3, data: new Uint8Array(10) }]);
  const { frames, result } = await withFile(bytes, 'big.pcap', (p) => readFile(p, { chunkSize: 4096 }));
  assert.equal(result.error, null);
  assert.deepEqual(frames.map((f) => f.caplen), [10, 200000, 10]);
  assert.equal(frames[1]!.hex, Buffer.from(big).toString('hex'));
  assert.equal(result.bufferSize, 200016);
});

test('betweenChunks is awaited between reads, and shouldStop ends the read early', async () => {
  await withFile(PCAP, 'a.pcap', async (path) => {
    let busy = false;
    let ticks = 0;
    let frames = 0;
    const sink = { frame() { assert.equal(busy, false, 'a frame arrived while betweenChunks was pending'); frames++; } };
    const betweenChunks = async (): Promise<void> => { busy = true; ticks++; await sleep(1); busy = false; };
    const full = await readCaptureFile(path, sink, { chunkSize: 1000, betweenChunks });
    assert.equal(full.error, null);
    assert.ok(ticks >= Math.ceil(PCAP.length / 1000), `${ticks} ticks`);
    assert.equal(frames, PCAP_RECORDS.length);

    frames = 0;
    const stopped = await readCaptureFile(path, sink, { chunkSize: 256, shouldStop: () => frames >= 5 });
    assert.equal(stopped.stopped, true);
    assert.equal(stopped.error, null);
    assert.ok(stopped.packets >= 5 && stopped.packets < PCAP_RECORDS.length, `${stopped.packets} packets`);
    assert.ok(stopped.bytesRead < PCAP.length);
  });
});

test('F-09 through the file reader: a million zero-length records in well under 2 s', async () => {
  const bytes = new Uint8Array(24 + 16 * 1_000_000);
  bytes.set(writePcap([]));
  await withFile(bytes, 'zeros.pcap', async (path) => {
    let count = 0;
    const t0 = performance.now();
    const result = await readCaptureFile(path, { frame() { count++; } });
    const ms = performance.now() - t0;
    assert.equal(result.error, null);
    assert.equal(count, 1_000_000);
    assert.ok(ms < 2000, `took ${ms.toFixed(0)} ms`);
  });
});

test('an exception from the sink is not disguised as a read error', async () => {
  await withFile(PCAP, 'a.pcap', async (path) => {
    const sink = { frame() { throw new Error('sink bug'); } };
    await assert.rejects(readCaptureFile(path, sink), /sink bug/);
  });
});
