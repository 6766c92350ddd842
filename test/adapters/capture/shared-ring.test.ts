// The capture ring between worker and main thread: every record arrives in order, and a reader waiting for
// data is woken even when the writer fills the ring in the middle of a batch (a lost wake-up cost a tick).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import type { FrameSink } from '../../../src/capture-file/frame-sink.js';
import { createRing, RingReader } from '../../../src/adapters/capture/shared-ring.js';

const RING = 64 * 1024;
const CAPLEN = 200;
const RECORD = 16 + CAPLEN;

/** The writer side in a worker: batches of records, each batch several times the ring's size. */
const WRITER = `
const { workerData } = require('node:worker_threads');
import(workerData.module).then(({ RingWriter }) => {
  const { ring, batches, perBatch, caplen } = workerData;
  const writer = new RingWriter(ring);
  const record = 16 + caplen;
  const batch = new Uint8Array(perBatch * record);
  const v = new DataView(batch.buffer);
  let n = 0;
  for (let b = 0; b < batches; b++) {
    for (let i = 0; i < perBatch; i++, n++) {
      const o = i * record;
      v.setUint32(o, n, true); v.setUint32(o + 4, 0, true); v.setUint32(o + 8, caplen, true); v.setUint32(o + 12, caplen, true);
      v.setUint32(o + 16, n, true);
    }
    writer.write(batch, 0, batch.length, () => false);
    writer.publish();
  }
});
`;

test('records of batches larger than the ring arrive in order, and the waiting reader is woken for each part', async () => {
  const ring = createRing(RING);
  const reader = new RingReader(ring);
  const perBatch = Math.ceil((4 * RING) / RECORD);
  const batches = 5;
  const module = new URL('../../../src/adapters/capture/shared-ring.js', import.meta.url).href;
  const worker = new Worker(WRITER, { eval: true, workerData: { ring, batches, perBatch, caplen: CAPLEN, module } });
  let next = 0;
  let timeouts = 0;
  const sink: FrameSink = {
    frame(_linktype, bytes, offset, caplen) {
      assert.equal(caplen, CAPLEN);
      assert.equal(new DataView(bytes.buffer, bytes.byteOffset).getUint32(offset, true), next);
      next++;
    },
  };
  const total = perBatch * batches;
  try {
    while (next < total) {
      const seq = reader.seq;
      reader.drain(1, sink);
      if (next >= total) break;
      // A long timeout: only a lost wake-up makes the reader sleep it out.
      if (!(await reader.waitForData(seq, 3000))) timeouts++;
    }
  } finally {
    await worker.terminate();
  }
  assert.equal(next, total);
  assert.equal(timeouts, 0, 'the reader slept out its timeout while the writer waited for room');
});
