// Main-thread face of a live capture: starts the worker, drains its ring, wakes it with pcap_breakloop, stops it.
import { MessageChannel, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { FrameSink } from '../../capture-file/frame-sink.js';
import { loadLibpcap, LibpcapMissingError } from './pcap-ffi.js';
import { createRing, Ctl, HandleState, RingReader } from './shared-ring.js';
import type { CaptureErrorCode, WorkerMessage } from './worker-protocol.js';
import { STATS_FIELDS } from './worker-protocol.js';
import { registerCapture } from './open-captures.js';

export interface LiveCaptureOptions {
  device: string;
  /** Complete BPF program text, and the one for link types where `ip or ip6` misses packets. */
  filter: string;
  filterOtherLinks: string;
  snaplen: number;
  promiscuous: boolean;
  bufferBytes: number;
  /** Ring between worker and main thread. */
  ringBytes?: number;
}

export class CaptureOpenError extends Error {
  constructor(readonly code: CaptureErrorCode, message: string) {
    super(message);
  }
}

export interface KernelStats {
  /** Packets the kernel passed the filter (pcap_stats ps_recv). */
  received: number;
  /** Packets dropped because the capture buffer was full. */
  dropped: number;
  /** Packets dropped by the interface or its driver. */
  ifDropped: number;
}

/** Read timeout: libpcap hands over a partly filled block after 100 ms of traffic (buffered mode). */
const TIMEOUT_MS = 100;
const STOP_GRACE_MS = 2000;

export class LiveCapture {
  private readonly reader: RingReader;
  private readonly ctl: Int32Array;
  private readonly stats: Float64Array;
  private failureListener: (message: string) => void = () => {};
  private filterWaiters = new Map<number, (error: string | null) => void>();
  private nextFilterId = 1;
  private workerGone = false;
  private exited: Promise<void>;

  private constructor(
    private readonly worker: Worker,
    private readonly commands: MessagePort,
    ring: ReturnType<typeof createRing>,
    statsBuffer: SharedArrayBuffer,
    readonly linktype: number,
    private readonly handle: bigint,
  ) {
    this.reader = new RingReader(ring);
    this.ctl = new Int32Array(ring.control);
    this.stats = new Float64Array(statsBuffer);
    const unregister = registerCapture(() => this.halt());
    this.exited = new Promise((resolve) =>
      worker.once('exit', () => {
        unregister();
        this.workerGone = true;
        // A filter change in flight gets an answer instead of waiting forever.
        for (const w of this.filterWaiters.values()) w('the capture has stopped');
        this.filterWaiters.clear();
        resolve();
      }),
    );
    worker.on('message', (m: WorkerMessage) => this.onMessage(m));
    worker.on('error', (e) => this.failureListener(e.message));
  }

  /** Opens the device in a worker; rejects with CaptureOpenError. */
  static open(opts: LiveCaptureOptions): Promise<LiveCapture> {
    try {
      loadLibpcap(); // fail early, on the main thread, with the right error
    } catch (e) {
      if (e instanceof LibpcapMissingError) return Promise.reject(new CaptureOpenError('LIBPCAP_MISSING', e.message));
      throw e;
    }
    const ring = createRing(opts.ringBytes ?? 16 << 20);
    const stats = new SharedArrayBuffer(STATS_FIELDS.length * 8);
    const channel = new MessageChannel();
    const workerData = {
      device: opts.device, filter: opts.filter, filterOtherLinks: opts.filterOtherLinks, snaplen: opts.snaplen, promiscuous: opts.promiscuous,
      bufferBytes: opts.bufferBytes, timeoutMs: TIMEOUT_MS, commands: channel.port2, ring, stats,
    };
    const worker = new Worker(new URL('./capture-worker.js', import.meta.url), {
      workerData,
      transferList: [channel.port2],
    });
    return new Promise((resolve, reject) => {
      const onFirst = (m: WorkerMessage) => {
        if (m.type === 'opened') {
          resolve(new LiveCapture(worker, channel.port1, ring, stats, m.linktype, m.handle));
        } else if (m.type === 'open-failed') {
          reject(new CaptureOpenError(m.code, m.message));
        } else {
          reject(new CaptureOpenError('PCAP_OPEN', `unexpected message ${m.type}`));
        }
      };
      worker.once('message', onFirst);
      worker.once('error', (e) => reject(new CaptureOpenError('PCAP_OPEN', e.message)));
    });
  }

  /** Delivers every captured frame waiting in the ring; returns how many. */
  drain(sink: FrameSink): number {
    return this.reader.drain(this.linktype, sink);
  }

  /** Resolves when new frames may be waiting, or after timeoutMs. */
  async waitForData(timeoutMs: number): Promise<void> {
    await this.reader.waitForData(this.reader.seq, timeoutMs);
  }

  kernelStats(): KernelStats {
    const s = this.stats;
    return { received: s[STATS_FIELDS.received]!, dropped: s[STATS_FIELDS.dropped]!, ifDropped: s[STATS_FIELDS.ifDropped]! };
  }

  /** Called once if the capture fails after opening (e.g. "The interface disappeared"). */
  onFailure(listener: (message: string) => void): void {
    this.failureListener = listener;
  }

  /** Replaces the BPF program; resolves to libpcap's error text, or null when installed. */
  setFilter(filter: string): Promise<string | null> {
    if (this.workerGone) return Promise.resolve('the capture has stopped');
    const id = this.nextFilterId++;
    return new Promise((resolve) => {
      this.filterWaiters.set(id, resolve);
      this.commands.postMessage({ type: 'set-filter', id, filter });
      this.wake();
    });
  }

  /** Stops capturing and waits for the worker to close the handle and exit. */
  async stop(): Promise<void> {
    this.halt();
    const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), STOP_GRACE_MS).unref());
    if ((await Promise.race([this.exited, timer])) === 'timeout') await this.worker.terminate();
    this.commands.close();
  }

  /** Asks the worker to stop and wakes it from pcap_dispatch, without waiting for it. */
  private halt(): void {
    Atomics.store(this.ctl, Ctl.STOP, 1);
    Atomics.notify(this.ctl, Ctl.TAIL);
    this.wake();
  }

  /** pcap_breakloop from this thread, only while the worker has not begun closing the handle. */
  private wake(): void {
    if (Atomics.compareExchange(this.ctl, Ctl.HANDLE, HandleState.OPEN, HandleState.WAKING) !== HandleState.OPEN) return;
    loadLibpcap().breakloop(this.handle);
    Atomics.store(this.ctl, Ctl.HANDLE, HandleState.OPEN);
    Atomics.notify(this.ctl, Ctl.HANDLE);
  }

  private onMessage(m: WorkerMessage): void {
    if (m.type === 'failed') this.failureListener(m.message);
    if (m.type === 'filter-result') {
      this.filterWaiters.get(m.id)?.(m.error);
      this.filterWaiters.delete(m.id);
    }
  }
}
