// Reads a capture file as packet records: decoded here for a small file, by a worker thread for a large one (the main thread then only accounts).
import { RECORD_WORDS } from '../../core/packet-records.js';
import type { RecordRunSink, RecordSpec } from '../../core/packet-records.js';
import type { DecodeWorkerData, DecodeWorkerResult } from './decode-worker.js';
import type { ByteSource, OpenedCapture, ReadCaptureResult } from './read-capture-file.js';
import { produceRecords } from './record-producer.js';
import type { ProducerResult, RecordOutput } from './record-producer.js';
import { createRecordRing, RecordRingReader } from './record-ring.js';
import { takeDecodeWorker, WORKER_MIN_BYTES } from './decode-worker-pool.js';

export interface ReadRecordsOptions {
  /** Awaited regularly (about every chunk of the file): output, signals, keys. */
  betweenChunks: () => Promise<void> | void;
  /** Checked regularly; true ends reading early without an error. */
  shouldStop: () => boolean;
  /** Bytes per read (tests make it small). */
  chunkSize?: number;
  /** Records in the worker's ring (a power of two ≥ 256; tests make it small). */
  ringRecords?: number;
}

/** Records handed to the sink at once (64 KiB of records): the stop check and the writer's room come this often. */
const RUN_RECORDS = 1024;
/** Records between two betweenChunks() calls when a worker decodes: about a 1 MiB chunk of a typical file. */
const YIELD_RECORDS = 8192;

/** Records of a local batch (the in-thread path), handed to the sink when full and after each chunk. */
class LocalBatch implements RecordOutput {
  readonly words = new Uint32Array(RUN_RECORDS * RECORD_WORDS);
  readonly f64 = new Float64Array(this.words.buffer);
  at = 0;
  /** Records the sink took. */
  consumed = 0;
  /** Set when the sink took fewer than it was given, or the caller asked to stop. */
  stopped = false;

  constructor(
    private readonly sink: RecordRunSink,
    private readonly shouldStop: () => boolean,
  ) {}

  next(): boolean {
    this.at += RECORD_WORDS;
    if (this.at < this.words.length) return true;
    this.flush();
    return !this.stopped;
  }

  flush(): void {
    if (this.at === 0 || this.stopped) return;
    const n = this.at / RECORD_WORDS;
    const taken = this.sink.records(this.words, this.f64, 0, this.at);
    this.at = 0;
    this.consumed += taken;
    if (taken < n || this.shouldStop()) this.stopped = true;
  }
}

export { WORKER_MIN_BYTES } from './decode-worker-pool.js';

/** Reads an opened capture as records, in a worker when it is a regular file of at least `workerMinBytes`. */
export function readCaptureRecords(opened: OpenedCapture, spec: RecordSpec, sink: RecordRunSink, options: ReadRecordsOptions,
  workerMinBytes = WORKER_MIN_BYTES): Promise<ReadCaptureResult> {
  return opened.size !== null && opened.size >= workerMinBytes
    ? readRecordsInWorker(opened.fd, opened.name, spec, sink, options)
    : readRecordsHere(opened.source, opened.name, spec, sink, options);
}

/** Decodes on the calling thread, a batch at a time. */
export async function readRecordsHere(source: ByteSource, name: string, spec: RecordSpec, sink: RecordRunSink, options: ReadRecordsOptions): Promise<ReadCaptureResult> {
  const batch = new LocalBatch(sink, options.shouldStop);
  const produced = await produceRecords(source, name, spec, batch, {
    ...(options.chunkSize === undefined ? {} : { chunkSize: options.chunkSize }),
    shouldStop: () => batch.stopped || options.shouldStop(),
    betweenChunks: async () => {
      batch.flush();
      await options.betweenChunks();
    },
  });
  batch.flush();
  return outcome(produced, batch.consumed, batch.stopped || produced.read.stopped);
}

/**
 * Decodes in a worker thread reading `fd` (the main thread's descriptor, positioned at the start);
 * this thread takes the records from the shared ring. Rejects only when the worker itself fails.
 */
export async function readRecordsInWorker(fd: number, name: string, spec: RecordSpec, sink: RecordRunSink, options: ReadRecordsOptions): Promise<ReadCaptureResult> {
  const ring = createRecordRing(options.ringRecords);
  const job: DecodeWorkerData = { fd, name, spec, ring, ...(options.chunkSize === undefined ? {} : { chunkSize: options.chunkSize }) };
  const worker = takeDecodeWorker();
  let produced: ProducerResult | null = null;
  let failure: Error | null = null;
  let exited = false;
  const gone = new Promise<void>((resolve) => {
    worker.on('message', (m: DecodeWorkerResult) => (produced = m.result));
    worker.once('error', (e) => (failure = e));
    worker.once('exit', () => {
      exited = true;
      resolve();
    });
  });
  worker.postMessage(job);
  const reader = new RecordRingReader(ring);
  let consumed = 0;
  let stopped = false;
  let sinceYield = 0;
  try {
    for (;;) {
      if (options.shouldStop()) {
        stopped = true;
        break;
      }
      const run = reader.run(RUN_RECORDS);
      if (run === null) {
        if (reader.drained || exited || failure !== null) break;
        await reader.waitForData(50);
        continue;
      }
      const n = (run.to - run.from) / RECORD_WORDS;
      const taken = sink.records(reader.words, reader.f64, run.from, run.to);
      reader.release();
      consumed += taken;
      if (taken < n) {
        stopped = true;
        break;
      }
      sinceYield += n;
      if (sinceYield >= YIELD_RECORDS) {
        sinceYield = 0;
        await options.betweenChunks();
      }
    }
  } finally {
    reader.stop();
    await gone;
  }
  if (failure !== null) throw failure;
  if (produced === null) throw new Error('the decode worker ended without a result');
  return outcome(produced, consumed, stopped);
}

/**
 * The read's result as the consumer saw it: link types of the records it took, and the parser's
 * error only if it took every record before it (a reader that stopped early never got there).
 */
function outcome(produced: ProducerResult, consumed: number, stopped: boolean): ReadCaptureResult {
  const read = produced.read;
  const reachedEnd = !stopped && consumed === produced.records;
  return {
    ...read,
    linktypes: produced.linktypeStarts.filter((s) => s.record < consumed).map((s) => s.linktype),
    stopped: stopped || read.stopped,
    error: reachedEnd ? read.error : null,
  };
}
