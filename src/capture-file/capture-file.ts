// Format sniffing and the parser contract shared by the pcap and pcapng readers; pure, no I/O.
import type { FrameSink } from './frame-sink.js';
import { PcapParser, MAX_PCAP_RECORD } from './pcap-parser.js';
import { PcapngParser, MAX_PCAPNG_BLOCK } from './pcapng-parser.js';

export { MAX_PCAP_RECORD, MAX_PCAPNG_BLOCK };

/** The largest single record or block any parser will ask the reader to hold at once. */
export const MAX_UNIT_BYTES = Math.max(MAX_PCAP_RECORD + 24, MAX_PCAPNG_BLOCK);

export type CaptureFileErrorKind =
  | 'not-found'
  | 'permission'
  | 'is-directory'
  | 'io'
  | 'empty'
  | 'bad-magic'
  | 'bad-version'
  | 'record-too-large'
  | 'bad-block'
  | 'truncated';

/** A problem that ends reading. Parsers leave the file name out of `message`; the reader adds it. */
export interface CaptureFileError {
  readonly kind: CaptureFileErrorKind;
  readonly message: string;
}

/**
 * Incremental parser for one capture file. The caller owns the buffer and may move or replace it
 * between calls, so a parser keeps no reference to bytes it has not consumed.
 */
export interface CaptureFileParser {
  /** Deliver every complete record in buf[start, end) to sink; return the offset of the first unconsumed byte. */
  parse(buf: Uint8Array, start: number, end: number, sink: FrameSink): number;
  /** The data has ended with buf[start, end) unconsumed: sets `error` to 'truncated' (or 'empty') when that is not nothing. */
  finish(buf: Uint8Array, start: number, end: number): void;
  /** After parse(): bytes the next record/block needs from the returned offset; always more than what was left. */
  readonly needed: number;
  /** Fatal format error; once set, parse() consumes nothing more. */
  readonly error: CaptureFileError | null;
  /** Frames delivered to the sink. */
  readonly packets: number;
  /** Records skipped because they were unusable (pcapng: unknown interface, caplen beyond the block). */
  readonly badRecords: number;
  /** Link types of the delivered frames, in order of first appearance. */
  readonly linktypes: readonly number[];
}

export type CaptureFormat = 'pcap' | 'pcapng';

const PCAP_MAGICS: readonly number[] = [
  0xa1b2c3d4, 0xd4c3b2a1, // microseconds
  0xa1b23c4d, 0x4d3cb2a1, // nanoseconds
  0xa1b2cd34, 0x34cdb2a1, // "modified" (Kuznetzov) pcap, 24-byte record headers
];
const PCAPNG_SHB = 0x0a0d0d0a;

/** Which format buf[start, start+4) announces, or null for neither (or fewer than 4 bytes). */
export function detectCaptureFormat(buf: Uint8Array, start: number, end: number): CaptureFormat | null {
  if (end - start < 4) return null;
  const word = ((buf[start]! << 24) | (buf[start + 1]! << 16) | (buf[start + 2]! << 8) | buf[start + 3]!) >>> 0;
  if (word === PCAPNG_SHB) return 'pcapng';
  return PCAP_MAGICS.includes(word) ? 'pcap' : null;
}

function hexBytes(buf: Uint8Array, start: number, end: number): string {
  const parts: string[] = [];
  for (let i = start; i < end && i < start + 4; i++) parts.push(buf[i]!.toString(16).padStart(2, '0'));
  return parts.join(' ');
}

/** Sniffs the format from the first bytes, then hands everything to the matching parser. */
class AutoParser implements CaptureFileParser {
  private inner: CaptureFileParser | null = null;
  private ownError: CaptureFileError | null = null;

  parse(buf: Uint8Array, start: number, end: number, sink: FrameSink): number {
    if (this.inner === null) {
      if (this.ownError !== null || end - start < 4) return start;
      const format = detectCaptureFormat(buf, start, end);
      if (format === null) {
        this.ownError = {
          kind: 'bad-magic',
          message: `not a pcap or pcapng file (first bytes ${hexBytes(buf, start, end)})`,
        };
        return start;
      }
      this.inner = format === 'pcap' ? new PcapParser() : new PcapngParser();
    }
    return this.inner.parse(buf, start, end, sink);
  }

  finish(buf: Uint8Array, start: number, end: number): void {
    if (this.inner !== null) {
      this.inner.finish(buf, start, end);
    } else if (this.ownError === null) {
      const n = end - start;
      this.ownError = n === 0
        ? { kind: 'empty', message: 'the file is empty' }
        : { kind: 'bad-magic', message: `not a pcap or pcapng file (only ${n} byte${n === 1 ? '' : 's'}: ${hexBytes(buf, start, end)})` };
    }
  }

  get needed(): number { return this.inner === null ? 4 : this.inner.needed; }
  get error(): CaptureFileError | null { return this.ownError ?? this.inner?.error ?? null; }
  get packets(): number { return this.inner?.packets ?? 0; }
  get badRecords(): number { return this.inner?.badRecords ?? 0; }
  get linktypes(): readonly number[] { return this.inner?.linktypes ?? []; }
}

/** A parser that accepts either format, decided by the file's first four bytes. */
export function createCaptureFileParser(): CaptureFileParser {
  return new AutoParser();
}

export interface ParseBytesResult {
  packets: number;
  badRecords: number;
  linktypes: readonly number[];
  error: CaptureFileError | null;
}

/** Parses a whole in-memory capture (tests, small inputs): every frame, then the error if any. */
export function parseCaptureBytes(bytes: Uint8Array, sink: FrameSink): ParseBytesResult {
  const parser = createCaptureFileParser();
  let pos = 0;
  // Each pass either consumes something, stops on an error, or waits for bytes that will never come.
  for (;;) {
    const next = parser.parse(bytes, pos, bytes.length, sink);
    if (next === pos || parser.error !== null) { pos = next; break; }
    pos = next;
  }
  if (parser.error === null) parser.finish(bytes, pos, bytes.length);
  return { packets: parser.packets, badRecords: parser.badRecords, linktypes: parser.linktypes, error: parser.error };
}
