// Drives rotations from packet timestamps when reading a file, so every replay of a file prints the same.
import type { FrameSink } from '../capture-file/frame-sink.js';
import type { RecordRunSink, RecordSink } from '../core/packet-records.js';
import { RECORD_WORDS } from '../core/packet-records.js';
import { HISTORY_LENGTH } from '../core/flow-table.js';

export { SLOT_SECONDS } from '../core/screen-model.js';
import { SLOT_SECONDS } from '../core/screen-model.js';

/**
 * Called at each 2-second boundary of capture time: `print` is false for the silent rotations
 * before the -s deadline. Returns nothing; the driver stops by itself after the -s block.
 */
export type RotationHandler = (boundaryTs: number, print: boolean) => void;

/**
 * Slots are [t0, t0+2), [t0+2, t0+4), … from the first packet's timestamp. A packet at or past the
 * next boundary first closes every slot it skipped (a block each), as a live capture would have; a
 * gap longer than the 40-second history closes at most 21 slots, after which every flow has expired
 * and further blocks would be empty. Timestamps that go backwards land in the current slot.
 */
export class ReplayDriver implements FrameSink, RecordRunSink {
  /** Set once the -s block has been printed; the reader should stop. */
  done = false;
  /** Capture time of the latest frame seen. */
  get lastTs(): number {
    return this.latest[0]!;
  }
  /**
   * lastTs's storage: a typed array, because the records loop raises it at nearly every record, and a
   * double stored into an object's field there allocated a heap number each time (16 bytes a record,
   * most of an offline run's garbage).
   */
  private readonly latest = new Float64Array(1);
  private t0: number | null = null;
  /** Index of the next boundary: it lies at t0 + k × 2 s (computed, not accumulated, so no drift). */
  private k = 1;
  /** What prefetch hints read (kept, so they cannot be optimised away). */
  private touched = 0;
  /** boundary(k), kept up to date with t0 and k. */
  private nextBoundary = Infinity;
  /** Boundary index of the -s block, Infinity when not timed. */
  private readonly deadlineK: number;

  /**
   * @param next where frames go after time has been accounted for (the monitor, or a filter before it)
   * @param nextRecord where packet records go (records()), when the file is read as records
   */
  constructor(
    private readonly next: FrameSink,
    private readonly onRotation: RotationHandler,
    /** -s N (0: not timed; negative: the first boundary) */
    timedSeconds: number,
    private readonly nextRecord: RecordSink | null = null,
  ) {
    this.deadlineK = timedSeconds === 0 ? Infinity : Math.max(1, Math.ceil(timedSeconds / SLOT_SECONDS));
  }

  frame(linktype: number, data: Uint8Array, offset: number, caplen: number, wirelen: number, ts: number): void {
    if (this.clock(ts)) this.next.frame(linktype, data, offset, caplen, wirelen, ts);
  }

  /**
   * The records at word offsets [from, to), in order: the same clock as frame(), each record's time
   * its frame's. Returns how many were taken: fewer than the run once the -s block is done.
   */
  records(words: Uint32Array, f64: Float64Array, from: number, to: number): number {
    const next = this.nextRecord;
    if (next === null) throw new Error('ReplayDriver: records() without a record sink');
    if (this.done) return 0;
    this.touched ^= next.prefetch?.(words, from, to) ?? 0;
    const latest = this.latest;
    // Records go on in runs that end where a record closes a slot: the clock runs between the runs.
    let start = from;
    for (let at = from; at < to; at += RECORD_WORDS) {
      const ts = f64[at >> 1]!;
      // Within the slot (nearly every record) the clock is inline here, so the time, a double, is not
      // passed to a call (which boxes it unless V8 inlines the call).
      if (this.t0 !== null && ts < this.nextBoundary) {
        if (ts > latest[0]!) latest[0] = ts;
        continue;
      }
      if (at > start) next.recordRun(words, f64, start, at);
      start = at;
      if (!this.clock(ts)) return (at - from) / RECORD_WORDS;
    }
    if (to > start) next.recordRun(words, f64, start, to);
    return (to - from) / RECORD_WORDS;
  }

  /** Closes the slots a frame at `ts` ends; false once the -s block is done (the frame is not delivered). */
  private clock(ts: number): boolean {
    if (this.done) return false;
    if (this.t0 === null) {
      this.t0 = ts;
      this.latest[0] = ts;
      this.nextBoundary = this.boundary(this.k);
    }
    if (ts >= this.nextBoundary) this.advance(ts);
    if (this.done) return false;
    if (ts > this.latest[0]!) this.latest[0] = ts;
    return true;
  }

  /** Capture time of the first frame, null before it. */
  get firstTs(): number | null {
    return this.t0;
  }

  private boundary(k: number): number {
    return this.t0! + k * SLOT_SECONDS;
  }

  private advance(ts: number): void {
    let closed = 0;
    while (this.boundary(this.k) <= ts && !this.done) {
      if (closed > HISTORY_LENGTH) {
        // Every flow has expired: jump to the slot holding ts, unless the -s block lies in between.
        const target = Math.floor((ts - this.t0!) / SLOT_SECONDS) + 1;
        if (this.deadlineK >= this.k && this.deadlineK < target) this.k = this.deadlineK;
        else {
          this.k = target;
          break;
        }
      }
      const print = this.k >= this.deadlineK || this.deadlineK === Infinity;
      this.onRotation(this.boundary(this.k), print);
      if (print && this.deadlineK !== Infinity) this.done = true;
      this.k++;
      closed++;
    }
    this.nextBoundary = this.boundary(this.k);
  }
}
