// Reading a capture as packet records: the worker thread and the in-thread path hand over the same records and results, stop early cleanly, and report errors alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { openCaptureFile } from '../../../src/adapters/file/read-capture-file.js';
import type { ReadCaptureResult } from '../../../src/adapters/file/read-capture-file.js';
import { readCaptureRecords } from '../../../src/adapters/file/read-records.js';
import { prewarmDecodeWorker } from '../../../src/adapters/file/decode-worker-pool.js';
import { WARM_UP_ROUNDS, warmUpDecoding } from '../../../src/adapters/file/decode-warm-up.js';
import type { ReadRecordsOptions } from '../../../src/adapters/file/read-records.js';
import { NO_LOCAL_NETWORK } from '../../../src/core/local-network.js';
import { RECORD_WORDS } from '../../../src/core/packet-records.js';
import type { RecordSpec } from '../../../src/core/packet-records.js';
import { ethernet, ipv4, ipv6 } from '../../helpers/frames.js';
import { writePcap, writePcapng, writeTempFile } from '../../helpers/pcap-writer.js';
import type { PcapRecord } from '../../helpers/pcap-writer.js';
import { REPO } from '../../helpers/run-wiretop.js';
import { xorshift32 as prng } from '../../helpers/random.js';

const SPEC: RecordSpec = { local: NO_LOCAL_NETWORK, seed: 0x1234 };
const CAPTURES = join(REPO, 'test/golden/captures');

interface Read {
  /** Every record taken, as numbers (timestamp first). */
  records: number[][];
  result: ReadCaptureResult;
  pauses: number;
}

/**
 * Reads `path` as records through the worker (`worker`) or on this thread; the sink takes at most
 * `limit` records, and may stall now and then so the worker's ring fills up.
 */
async function read(path: string, worker: boolean, opts: { limit?: number; stall?: boolean; options?: Partial<ReadRecordsOptions> } = {}): Promise<Read> {
  const opened = await openCaptureFile(path);
  if ('error' in opened) throw new Error(opened.error.message);
  const records: number[][] = [];
  let pauses = 0;
  const limit = opts.limit ?? Infinity;
  try {
    const result = await readCaptureRecords(opened, SPEC, {
      records(words, f64, from, to) {
        let at = from;
        for (; at < to && records.length < limit; at += RECORD_WORDS) records.push([f64[at >> 1]!, ...words.subarray(at + 2, at + RECORD_WORDS)]);
        if (opts.stall === true && records.length % 5 === 0) {
          const until = performance.now() + 2;
          while (performance.now() < until); // a slow consumer: the writer must wait for room
        }
        return (at - from) / RECORD_WORDS;
      },
    }, {
      betweenChunks: () => {
        pauses++;
      },
      shouldStop: () => false,
      ...opts.options,
    }, worker ? 0 : Infinity);
    return { records, result, pauses };
  } finally {
    await opened.close();
  }
}

/** The record words that matter for the kind of record (the rest of a non-IP record is stale ring content). */
function meaningful(r: number[]): number[] {
  const kind = r[1]! & 7;
  return kind <= 1 ? r : r.slice(0, 2);
}

function sameRecords(a: Read, b: Read, what: string): void {
  assert.equal(a.records.length, b.records.length, `${what}: record count`);
  for (let i = 0; i < a.records.length; i++) assert.deepEqual(meaningful(a.records[i]!), meaningful(b.records[i]!), `${what}: record ${i}`);
  assert.deepEqual({ ...a.result, bufferSize: 0 }, { ...b.result, bufferSize: 0 }, `${what}: result`);
}

/** A capture of n packets over 300 host pairs, IPv4 and IPv6, a few non-IP frames among them. */
function bigCapture(n: number): Uint8Array {
  const rand = prng(42);
  const records: PcapRecord[] = [];
  const frames = Array.from({ length: 300 }, (_, i) => i % 3 === 0
    ? ethernet({}, ipv6({ src: `2001:db8::${i + 1}`, dst: '2001:db8:1::1', nextHeader: 'tcp', srcPort: 1000 + i, dstPort: 443, dataLength: i % 40 }))
    : ethernet({}, ipv4({ src: `10.0.${i >> 8}.${i & 255}`, dst: '192.0.2.1', proto: 'udp', srcPort: 2000 + i, dstPort: 53, dataLength: i % 50 })));
  for (let i = 0; i < n; i++) {
    const data = i % 97 === 0 ? ethernet({ etherType: 0x0806 }, new Uint8Array(28)) : frames[rand() % frames.length]!;
    records.push({ ts: 1_700_000_000 + i * 0.0007, data });
  }
  return writePcap(records);
}

test('every committed capture gives the same records and result through the worker as on this thread', async () => {
  const files = readdirSync(CAPTURES).filter((f) => /\.pcap(ng)?$/.test(f));
  assert.ok(files.length >= 8, 'the golden captures are there');
  for (const f of files) {
    const path = join(CAPTURES, f);
    const here = await read(path, false);
    const there = await read(path, true, { options: { chunkSize: 333 } });
    assert.ok(here.records.length > 0, `${f} has records`);
    sameRecords(here, there, f);
  }
});

test('a capture larger than the ring, read by a consumer slower than the worker, arrives whole and in order', async () => {
  const path = await writeTempFile(bigCapture(30_000), 'big.pcap');
  try {
    const here = await read(path, false);
    assert.equal(here.records.length, 30_000);
    const there = await read(path, true, { stall: true, options: { ringRecords: 512, chunkSize: 4096 } });
    sameRecords(here, there, 'big.pcap');
    // About every 8192 records (a 1 MiB chunk of a typical file) the reader lets the event loop run.
    assert.ok(there.pauses >= 3, `the reader yielded to the event loop while the worker decoded (${there.pauses} times)`);
  } finally {
    await rm(dirname(path), { recursive: true, force: true });
  }
});

test('a consumer that stops early ends the worker: only the link types it took, no error from beyond', async () => {
  // Ethernet first, then raw IP from record 5 on, and a truncated last record (an error nobody reaches).
  const frames = [
    ...Array.from({ length: 5 }, () => ({ type: 'epb' as const, iface: 0, ts: 1, data: ethernet({}, ipv4({})) })),
    ...Array.from({ length: 3000 }, (_, i) => ({ type: 'epb' as const, iface: 1, ts: 2 + i, data: ipv4({ dataLength: i % 30 }) })),
  ];
  const bytes = writePcapng([{ interfaces: [{ linktype: 1 }, { linktype: 101 }], blocks: frames }]);
  const path = await writeTempFile(bytes.subarray(0, bytes.length - 7), 'two-links.pcapng');
  try {
    for (const worker of [false, true]) {
      const early = await read(path, worker, { limit: 3, options: { ringRecords: 256 } });
      assert.equal(early.records.length, 3);
      assert.deepEqual(early.result.linktypes, [1], `worker ${worker}: link types of the records taken`);
      assert.equal(early.result.error, null);
      assert.equal(early.result.stopped, true);
      const whole = await read(path, worker);
      assert.equal(whole.records.length, 3004);
      assert.deepEqual(whole.result.linktypes, [1, 101]);
      assert.equal(whole.result.error?.kind, 'truncated', `worker ${worker}: the error at the end`);
    }
  } finally {
    await rm(dirname(path), { recursive: true, force: true });
  }
});

test('shouldStop ends a worker read at once, and a file that is no capture is an error either way', async () => {
  const path = await writeTempFile(bigCapture(5000), 'big.pcap');
  const junk = await writeTempFile(new TextEncoder().encode('not a capture at all\n'), 'junk.pcap');
  try {
    const stopped = await read(path, true, { options: { shouldStop: () => true } });
    assert.equal(stopped.records.length, 0);
    assert.equal(stopped.result.stopped, true);
    for (const worker of [false, true]) {
      const r = await read(junk, worker);
      assert.equal(r.records.length, 0);
      assert.equal(r.result.error?.kind, 'bad-magic', `worker ${worker}`);
    }
  } finally {
    await rm(dirname(path), { recursive: true, force: true });
    await rm(dirname(junk), { recursive: true, force: true });
  }
});

test('a decode worker started before the file is opened (as bin/wiretop.js does) reads the same; a missing file or a small one starts none', async () => {
  const path = await writeTempFile(bigCapture(20_000), 'big.pcap');
  try {
    prewarmDecodeWorker(join(dirname(path), 'missing.pcap'));
    prewarmDecodeWorker(path, Infinity);
    const here = await read(path, false);
    prewarmDecodeWorker(path, 0);
    // Posted at once: the worker takes the job between warm-up rounds.
    const early = await read(path, true);
    sameRecords(here, early, 'early worker');
    // Posted after the warm-up has finished: the job comes as a message.
    prewarmDecodeWorker(path, 0);
    await new Promise((r) => setTimeout(r, 500));
    const warmed = await read(path, true);
    sameRecords(here, warmed, 'worker that finished its warm-up');
    // Taken once: the next read starts its own.
    const later = await read(path, true);
    sameRecords(here, later, 'worker started on demand');
  } finally {
    await rm(dirname(path), { recursive: true, force: true });
  }
});

test('the warm-up stops at the first round after a job arrived, and otherwise runs every round', async () => {
  let asked = 0;
  await warmUpDecoding(() => ++asked >= 2);
  assert.equal(asked, 2, 'stopped as soon as the job was there');
  let rounds = 0;
  await warmUpDecoding(() => (rounds++, false));
  assert.equal(rounds, WARM_UP_ROUNDS, 'asked before each of its rounds');
});
