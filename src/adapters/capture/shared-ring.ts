// Single-producer single-consumer byte ring in a SharedArrayBuffer carrying pcap records from the capture worker.
import type { FrameSink } from '../../capture-file/frame-sink.js';

/** Indexes into the control Int32Array shared by the worker and the main thread. */
export const Ctl = {
  HEAD: 0,
  TAIL: 1,
  /** Batches written so far; the reader waits on it. */
  SEQ: 2,
  /** pcap handle state for the breakloop/close handshake (HandleState). */
  HANDLE: 3,
  /** Set by the main thread: the worker should close the capture and exit. */
  STOP: 4,
  LENGTH: 8,
} as const;

export const HandleState = { OPENING: 0, OPEN: 1, WAKING: 2, CLOSED: 3 } as const;

/** pcap record header: ts_sec, ts_usec, caplen, len (native byte order, as libpcap's dumper writes). */
const RECORD_HEADER = 16;

/** Atomics.waitAsync exists in Node 20 but only in TypeScript's ES2024 lib, which also declares APIs Node 20 lacks. */
interface AtomicsWithWaitAsync {
  waitAsync(a: Int32Array, index: number, value: number, timeoutMs: number): { async: boolean; value: Promise<string> | string };
}
const WRAP_MARK = 0xffffffff;

export interface RingBuffers {
  readonly control: SharedArrayBuffer;
  readonly data: SharedArrayBuffer;
}

export function createRing(bytes: number): RingBuffers {
  return {
    control: new SharedArrayBuffer(Ctl.LENGTH * 4),
    data: new SharedArrayBuffer(bytes),
  };
}

/** Worker side: copies runs of pcap records in; waits (bounded, re-checking stop) while the ring is full. */
export class RingWriter {
  private readonly ctl: Int32Array;
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  private head: number;

  constructor(ring: RingBuffers) {
    this.ctl = new Int32Array(ring.control);
    this.bytes = new Uint8Array(ring.data);
    this.view = new DataView(ring.data);
    this.head = Atomics.load(this.ctl, Ctl.HEAD);
  }

  /** Largest record the ring can take. */
  get maxRecord(): number {
    return this.bytes.length >> 2;
  }

  /**
   * Appends the records in src[start,end) (whole records only). Returns false when asked to stop
   * while waiting for room — the kernel buffer absorbs the wait and pcap_stats counts its drops.
   */
  write(src: Uint8Array, start: number, end: number, stopped: () => boolean): boolean {
    const srcView = new DataView(src.buffer, src.byteOffset, src.byteLength);
    let off = start;
    while (off + RECORD_HEADER <= end) {
      // Gather the longest run of whole records that fits contiguously before the ring's end.
      let runEnd = off;
      const room = this.contiguousRoom();
      while (runEnd + RECORD_HEADER <= end) {
        const n = RECORD_HEADER + srcView.getUint32(runEnd + 8, true);
        if (runEnd + n > end || runEnd + n - off > room) break;
        runEnd += n;
      }
      if (runEnd > off) {
        this.bytes.set(src.subarray(off, runEnd), this.head);
        this.head += runEnd - off;
        if (this.head === this.bytes.length) this.head = 0;
        Atomics.store(this.ctl, Ctl.HEAD, this.head);
        off = runEnd;
        continue;
      }
      const need = RECORD_HEADER + srcView.getUint32(off + 8, true);
      if (need > this.maxRecord || off + need > end) return true; // cannot happen with a sane snaplen
      if (!this.makeRoom(need, stopped)) return false;
    }
    return true;
  }

  /** Bytes writable at head without wrapping (one byte stays free so head === tail means empty). */
  private contiguousRoom(): number {
    const tail = Atomics.load(this.ctl, Ctl.TAIL);
    if (this.head >= tail) return this.bytes.length - this.head - (tail === 0 ? 1 : 0);
    return tail - this.head - 1;
  }

  /** Wraps to the start when that gives room for `need` bytes, else waits for the reader. */
  private makeRoom(need: number, stopped: () => boolean): boolean {
    for (;;) {
      if (stopped()) return false;
      const tail = Atomics.load(this.ctl, Ctl.TAIL);
      if (this.head >= tail && tail - 1 >= need) {
        if (this.bytes.length - this.head >= RECORD_HEADER) this.view.setUint32(this.head + 8, WRAP_MARK, true);
        this.head = 0;
        Atomics.store(this.ctl, Ctl.HEAD, 0);
        return true;
      }
      if (this.contiguousRoom() >= need) return true;
      // The records copied so far must be announced first: a reader waiting for the next batch would
      // otherwise sleep out its timeout while this side waits for it to make room.
      this.publish();
      Atomics.wait(this.ctl, Ctl.TAIL, tail, 50);
    }
  }

  /** Tells a waiting reader that a batch landed. */
  publish(): void {
    Atomics.add(this.ctl, Ctl.SEQ, 1);
    Atomics.notify(this.ctl, Ctl.SEQ);
  }
}

/** Main-thread side: hands every record between tail and head to a sink, in place, then frees the space. */
export class RingReader {
  private readonly ctl: Int32Array;
  private readonly bytes: Uint8Array;
  private readonly view: DataView;

  constructor(ring: RingBuffers) {
    this.ctl = new Int32Array(ring.control);
    this.bytes = new Uint8Array(ring.data);
    this.view = new DataView(ring.data);
  }

  /** Delivers all complete records; returns how many. */
  drain(linktype: number, sink: FrameSink): number {
    const head = Atomics.load(this.ctl, Ctl.HEAD);
    let tail = Atomics.load(this.ctl, Ctl.TAIL);
    const size = this.bytes.length;
    const v = this.view;
    let n = 0;
    while (tail !== head) {
      if (size - tail < RECORD_HEADER || v.getUint32(tail + 8, true) === WRAP_MARK) {
        tail = 0;
        continue;
      }
      const caplen = v.getUint32(tail + 8, true);
      const ts = v.getUint32(tail, true) + v.getUint32(tail + 4, true) / 1e6;
      sink.frame(linktype, this.bytes, tail + RECORD_HEADER, caplen, v.getUint32(tail + 12, true), ts);
      tail += RECORD_HEADER + caplen;
      if (tail === size) tail = 0;
      n++;
    }
    Atomics.store(this.ctl, Ctl.TAIL, tail);
    Atomics.notify(this.ctl, Ctl.TAIL);
    return n;
  }

  /** Resolves when the writer publishes a batch after `seq` (false: timeoutMs passed first). */
  async waitForData(seq: number, timeoutMs: number): Promise<boolean> {
    const r = (Atomics as unknown as AtomicsWithWaitAsync).waitAsync(this.ctl, Ctl.SEQ, seq, timeoutMs);
    return (r.async ? await r.value : r.value) !== 'timed-out';
  }

  get seq(): number {
    return Atomics.load(this.ctl, Ctl.SEQ);
  }
}
