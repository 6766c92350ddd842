// Worker thread of a records read: reads and decodes the capture file into the shared ring while the main thread accounts.
import { readSync } from 'node:fs';
import { parentPort, receiveMessageOnPort } from 'node:worker_threads';
import type { RecordSpec } from '../../core/packet-records.js';
import { RecordRingWriter } from './record-ring.js';
import type { RecordRing } from './record-ring.js';
import { produceRecords } from './record-producer.js';
import { warmUpDecoding } from './decode-warm-up.js';
import type { ProducerResult } from './record-producer.js';
import type { ByteSource } from './read-capture-file.js';

/** The job the main thread posts to the worker. The descriptor is the main thread's (file descriptors are per process). */
export interface DecodeWorkerData {
  readonly fd: number;
  /** Prefix of error messages (the path as given). */
  readonly name: string;
  readonly spec: RecordSpec;
  readonly ring: RecordRing;
  readonly chunkSize?: number;
}

/** The one message the worker sends, before it marks the ring done. */
export interface DecodeWorkerResult {
  readonly result: ProducerResult;
}

async function run(job: DecodeWorkerData): Promise<void> {
  const writer = new RecordRingWriter(job.ring);
  const source: ByteSource = { read: (buf, offset, length) => Promise.resolve(readSync(job.fd, buf, offset, length, null)) };
  const result = await produceRecords(source, job.name, job.spec, writer, {
    ...(job.chunkSize === undefined ? {} : { chunkSize: job.chunkSize }),
    shouldStop: () => writer.stopped,
    betweenChunks: () => writer.publish(),
  });
  parentPort!.postMessage({ result } satisfies DecodeWorkerResult);
  writer.finish();
}

// Started before its job is known (decode-worker-pool.ts): while the main thread still starts, the
// decode path is compiled on synthetic frames, until the job is posted (taken from the port's queue
// between warm-up rounds, which message events cannot interrupt).
let posted: DecodeWorkerData | null = null;
await warmUpDecoding(() => {
  const m = receiveMessageOnPort(parentPort!);
  if (m !== undefined) posted = m.message as DecodeWorkerData;
  return posted !== null;
});
// A failure rejects unhandled, which ends the worker with an 'error' event for the main thread.
const start = (job: DecodeWorkerData) => void run(job).then(() => parentPort!.close());
if (posted !== null) start(posted);
else parentPort!.once('message', start);
