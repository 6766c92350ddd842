// What the live drivers need from a capture: drain frames, wait for more, counters, failure, stop.
import type { FrameSink } from '../capture-file/frame-sink.js';
import type { KernelCounters } from '../core/screen-model.js';

export interface LiveSource {
  /** The LINKTYPE_ of the capture (filters differ by link type). */
  readonly linktype: number;
  /** Delivers every frame captured so far to the sink; returns how many. */
  drain(sink: FrameSink): number;
  /** Resolves when frames may be waiting, or after timeoutMs. */
  waitForData(timeoutMs: number): Promise<void>;
  /** libpcap's kernel counters. */
  kernelStats(): KernelCounters;
  /** Called once if the capture fails after opening (e.g. the interface disappeared). */
  onFailure(listener: (message: string) => void): void;
  /** Replaces the BPF program; resolves to libpcap's error text, or null when installed. */
  setFilter(filter: string): Promise<string | null>;
  /** Stops capturing; resolves once the capture is closed. */
  stop(): Promise<void>;
}
