// Worker thread of a records read: reads and decodes the capture file into the shared ring while the main thread accounts.
import { readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { RecordSpec } from '../../core/packet-records.js';
import { RecordRingWriter } from './record-ring.js';
import type { RecordRing } from './record-ring.js';
import { produceRecords } from './record-producer.js';
import type { ProducerResult } from './record-producer.js';
import type { ByteSource } from './read-capture-file.js';

/** What the main thread hands the worker. The descriptor is the main thread's (file descriptors are per process). */
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

const data = workerData as DecodeWorkerData;
const writer = new RecordRingWriter(data.ring);
const source: ByteSource = { read: (buf, offset, length) => Promise.resolve(readSync(data.fd, buf, offset, length, null)) };
const result = await produceRecords(source, data.name, data.spec, writer, {
  ...(data.chunkSize === undefined ? {} : { chunkSize: data.chunkSize }),
  shouldStop: () => writer.stopped,
  betweenChunks: () => writer.publish(),
});
parentPort!.postMessage({ result } satisfies DecodeWorkerResult);
writer.finish();
