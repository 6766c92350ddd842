// Messages between the main thread and the capture worker, and the layout of the shared stats array.
import type { MessagePort } from 'node:worker_threads';

/** Why opening a capture failed; main.ts turns each into one actionable line. */
export type CaptureErrorCode = 'LIBPCAP_MISSING' | 'NO_DEVICE' | 'PERMISSION' | 'IFACE_DOWN' | 'BAD_FILTER' | 'PCAP_OPEN';

export interface CaptureOpenRequest {
  device: string;
  /** Complete BPF program text (the user's filter already wrapped), for link types where that is exact … */
  filter: string;
  /** … and for the others. */
  filterOtherLinks: string;
  snaplen: number;
  promiscuous: boolean;
  bufferBytes: number;
  timeoutMs: number;
  /** The worker reads commands from here synchronously after a breakloop wake-up. */
  commands: MessagePort;
}

export type CaptureCommand = { type: 'set-filter'; id: number; filter: string };

export type WorkerMessage =
  | { type: 'opened'; linktype: number; handle: bigint }
  | { type: 'open-failed'; code: CaptureErrorCode; message: string }
  | { type: 'filter-result'; id: number; error: string | null }
  | { type: 'failed'; message: string }
  | { type: 'stopped' };

/** Float64Array indexes of libpcap's counters, refreshed by the worker at most every 250 ms. */
export const STATS_FIELDS = { received: 0, dropped: 1, ifDropped: 2, length: 4 } as const;
