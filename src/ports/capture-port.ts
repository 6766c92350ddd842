// Opening live captures and capture files, and compiling BPF filters: the run path's view of libpcap and the file reader.
import type { BpfProgram } from '../bpf/bpf-program.js';
import type { FrameSink } from '../capture-file/frame-sink.js';
import type { RecordRunSink, RecordSpec } from '../core/packet-records.js';
import type { LiveSource } from './live-source.js';

export interface CaptureRequest {
  readonly device: string;
  /** Complete BPF program text for link types where `ip or ip6` is exact (see bpfProgramText) … */
  readonly filter: string;
  /** … and for the others (the user's filter alone; '' for none). */
  readonly filterOtherLinks: string;
  readonly snaplen: number;
  readonly promiscuous: boolean;
  readonly bufferBytes: number;
}

/** Why a capture could not be opened; the run path turns each into one line naming the fix. */
export type CaptureOpenCode = 'LIBPCAP_MISSING' | 'NO_DEVICE' | 'PERMISSION' | 'IFACE_DOWN' | 'BAD_FILTER' | 'PCAP_OPEN';

export type CaptureOpened = { readonly capture: LiveSource } | { readonly error: { readonly code: CaptureOpenCode; readonly message: string } };

/** What a capture file read ended with. */
export interface FileReadResult {
  /** Link types of the delivered frames, in order of first appearance. */
  readonly linktypes: readonly number[];
  /** Why reading ended early, already phrased for the user; every frame before it was delivered. */
  readonly error: { readonly message: string } | null;
}

export interface FileReadOptions {
  /** Awaited regularly while reading (output, signals, keys). */
  betweenChunks: () => Promise<void>;
  /** Checked regularly; true ends reading early without an error. */
  shouldStop: () => boolean;
}

/** An opened capture file: read it once (with read() or readRecords()), then close. */
export interface CaptureFile {
  read(sink: FrameSink, options: FileReadOptions): Promise<FileReadResult>;
  /**
   * Reads the file as packet records made with `spec` (decoded, classified and hashed as the monitor
   * would — on a second thread when the file is large enough to pay for it), delivered in file order,
   * in runs. Optional: a source without it is read frame by frame.
   */
  readRecords?(spec: RecordSpec, sink: RecordRunSink, options: FileReadOptions): Promise<FileReadResult>;
  close(): Promise<void>;
}

export type FilterCompiled = { readonly program: BpfProgram } | { readonly error: string } | { readonly libpcapMissing: true };

export interface CapturePort {
  /** Opens a live capture (in a worker thread); never throws. */
  openLive(request: CaptureRequest): Promise<CaptureOpened>;
  /** Opens a capture file (before privileges go, so none of it is parsed as root); never throws. */
  openFile(path: string): Promise<{ readonly file: CaptureFile } | { readonly error: { readonly message: string } }>;
  /** Compiles a filter for a link type with libpcap; never throws. */
  compileFilter(text: string, linktype: number): FilterCompiled;
}
