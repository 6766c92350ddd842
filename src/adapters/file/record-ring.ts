// Single-producer single-consumer ring of 64-byte packet records in a SharedArrayBuffer: decode worker → main thread.
import { RECORD_WORDS } from '../../core/packet-records.js';

/** Indexes into the shared control words. */
const HEAD = 0; // records written so far (wrapping int32), published in batches
const TAIL = 1; // records consumed so far
const STOP = 2; // set by the reader: the writer should stop
const DONE = 3; // set by the writer after its last record
const WRITER_WAITS = 4; // 1 while the writer waits for room
const READER_WAITS = 5; // 1 while the reader waits for records
const CONTROL_WORDS = 6;

/** Records per ring (4 MiB): room for what the worker decodes while the main thread spends a tick on the analysis and the rotation. */
export const RING_RECORDS = 65536;
/** The writer publishes its head this often, so the reader starts early without a store per record. */
const PUBLISH_EVERY = 256;

/** Atomics.waitAsync exists in Node 20 but only in TypeScript's ES2024 lib, which also declares APIs Node 20 lacks. */
interface AtomicsWithWaitAsync {
  waitAsync(a: Int32Array, index: number, value: number, timeoutMs: number): { async: boolean; value: Promise<string> | string };
}

export interface RecordRing {
  readonly control: SharedArrayBuffer;
  readonly data: SharedArrayBuffer;
}

export function createRecordRing(records = RING_RECORDS): RecordRing {
  if (records < PUBLISH_EVERY || (records & (records - 1)) !== 0) throw new Error(`ring size ${records} is not a power of two ≥ ${PUBLISH_EVERY}`);
  return { control: new SharedArrayBuffer(CONTROL_WORDS * 4), data: new SharedArrayBuffer(records * RECORD_WORDS * 4) };
}

/**
 * Writer side (the decode worker). The producer writes the record at word offset `at` of `words`,
 * then calls next(); `at` moves on to a free record, waiting for the reader when the ring is full.
 */
export class RecordRingWriter {
  readonly words: Uint32Array;
  readonly f64: Float64Array;
  /** Word offset of the record to write next. */
  at = 0;
  private readonly ctl: Int32Array;
  private readonly mask: number;
  private head = 0;
  /** Records that may be written before the reader must be asked for room (tail + size − head). */
  private room: number;

  constructor(ring: RecordRing) {
    this.ctl = new Int32Array(ring.control);
    this.words = new Uint32Array(ring.data);
    this.f64 = new Float64Array(ring.data);
    this.mask = this.words.length / RECORD_WORDS - 1;
    this.room = this.mask + 1;
  }

  /** Whether the reader asked the writer to stop. */
  get stopped(): boolean {
    return Atomics.load(this.ctl, STOP) === 1;
  }

  /** The record at `at` is complete; returns false when the reader wants no more (stop). */
  next(): boolean {
    this.head = (this.head + 1) | 0;
    if ((this.head & (PUBLISH_EVERY - 1)) === 0) this.publish();
    this.at = (this.head & this.mask) * RECORD_WORDS;
    if (--this.room > 0) return true;
    return this.waitForRoom();
  }

  /** Makes every complete record visible to the reader (and wakes it if it waits: a wake-up is a system call). */
  publish(): void {
    Atomics.store(this.ctl, HEAD, this.head);
    if (Atomics.load(this.ctl, READER_WAITS) === 1) Atomics.notify(this.ctl, HEAD);
  }

  /** After the last record: publishes and says so. */
  finish(): void {
    this.publish();
    Atomics.store(this.ctl, DONE, 1);
    Atomics.notify(this.ctl, HEAD);
  }

  /**
   * The ring is full. Waits until a quarter of it is free, not for the first free record: the reader
   * then wakes the writer once per quarter ring instead of once per run it releases.
   */
  private waitForRoom(): boolean {
    this.publish();
    const size = this.mask + 1;
    for (;;) {
      if (this.stopped) return false;
      const tail = Atomics.load(this.ctl, TAIL);
      this.room = (tail + size - this.head) | 0;
      if (this.room >= size >> 2) return true;
      Atomics.store(this.ctl, WRITER_WAITS, 1);
      // Bounded, so a stop request is seen even if a wake-up were missed; TAIL re-read after the flag
      // is up, so a release between the two loads is not slept through.
      if (Atomics.load(this.ctl, TAIL) === tail) Atomics.wait(this.ctl, TAIL, tail, 20);
      Atomics.store(this.ctl, WRITER_WAITS, 0);
    }
  }
}

/** Reader side (the main thread): runs of records, in order, in place in the ring. */
export class RecordRingReader {
  readonly words: Uint32Array;
  readonly f64: Float64Array;
  private readonly ctl: Int32Array;
  private readonly mask: number;
  private tail = 0;
  /** Records of the run handed out by run(), freed by release(). */
  private pending = 0;
  /** run()'s answer, reused (no object per run). */
  private readonly span = { from: 0, to: 0 };

  constructor(ring: RecordRing) {
    this.ctl = new Int32Array(ring.control);
    this.words = new Uint32Array(ring.data);
    this.f64 = new Float64Array(ring.data);
    this.mask = this.words.length / RECORD_WORDS - 1;
  }

  /**
   * The next run of published records as word offsets [from, to) (contiguous, at most `max`
   * records), or null when none is published yet. release() must follow before the next call.
   */
  run(max: number): { from: number; to: number } | null {
    const head = Atomics.load(this.ctl, HEAD);
    const available = (head - this.tail) | 0;
    if (available === 0) return null;
    const start = this.tail & this.mask;
    const n = Math.min(available, max, this.mask + 1 - start);
    this.pending = n;
    this.span.from = start * RECORD_WORDS;
    this.span.to = (start + n) * RECORD_WORDS;
    return this.span;
  }

  /** Frees the records of the last run for the writer; wakes it once a quarter of the ring is free. */
  release(): void {
    this.tail = (this.tail + this.pending) | 0;
    this.pending = 0;
    Atomics.store(this.ctl, TAIL, this.tail);
    if (Atomics.load(this.ctl, WRITER_WAITS) === 1 && ((Atomics.load(this.ctl, HEAD) - this.tail) | 0) <= this.size - (this.size >> 2)) {
      Atomics.notify(this.ctl, TAIL);
    }
  }

  /** Records consumed so far (wraps at 2^32; callers count runs themselves for totals). */
  get consumed(): number {
    return this.tail;
  }

  /** Whether the writer has finished and everything it wrote has been consumed. */
  get drained(): boolean {
    return Atomics.load(this.ctl, DONE) === 1 && Atomics.load(this.ctl, HEAD) === this.tail;
  }

  private get size(): number {
    return this.mask + 1;
  }

  /** Asks the writer to stop (it may be waiting for room). */
  stop(): void {
    Atomics.store(this.ctl, STOP, 1);
    Atomics.notify(this.ctl, TAIL);
  }

  /** Waits until the writer publishes more (or finishes), at most timeoutMs; lets the event loop run meanwhile. */
  async waitForData(timeoutMs: number): Promise<void> {
    Atomics.store(this.ctl, READER_WAITS, 1);
    const head = Atomics.load(this.ctl, HEAD);
    if (((head - this.tail) | 0) === 0 && Atomics.load(this.ctl, DONE) === 0) {
      const r = (Atomics as unknown as AtomicsWithWaitAsync).waitAsync(this.ctl, HEAD, head, timeoutMs);
      if (r.async) await r.value;
    }
    Atomics.store(this.ctl, READER_WAITS, 0);
  }
}
