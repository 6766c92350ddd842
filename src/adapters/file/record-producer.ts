// The decode stage of a records read: parse the file, encode every frame as a packet record into some output (a local batch or the worker's ring).
import type { FrameSink } from '../../capture-file/frame-sink.js';
import { RecordEncoder } from '../../core/packet-records.js';
import type { RecordSpec } from '../../core/packet-records.js';
import { readCaptureSource } from './read-capture-file.js';
import type { ByteSource, ReadCaptureResult } from './read-capture-file.js';

/** Where records go: `at` is the next free record of `words`; next() marks it written (false: stop producing). */
export interface RecordOutput {
  readonly words: Uint32Array;
  readonly f64: Float64Array;
  readonly at: number;
  next(): boolean;
}

/** A link type and the number of the first record (0-based, in file order) that had it. */
export interface LinktypeStart {
  readonly linktype: number;
  readonly record: number;
}

export interface ProducerResult {
  readonly read: ReadCaptureResult;
  /** Records produced (one per frame the parser delivered, until a stop). */
  readonly records: number;
  /** Where each link type first appeared, so a reader that stopped early names only those it consumed. */
  readonly linktypeStarts: readonly LinktypeStart[];
}

/** The parser's frame sink: one record per frame. */
class EncodingSink implements FrameSink {
  records = 0;
  stopped = false;
  readonly starts: LinktypeStart[] = [];
  private lastLinktype = -1;

  constructor(
    private readonly encoder: RecordEncoder,
    private readonly out: RecordOutput,
  ) {}

  frame(linktype: number, data: Uint8Array, offset: number, caplen: number, wirelen: number, ts: number): void {
    if (this.stopped) return;
    if (linktype !== this.lastLinktype) this.linktypeSeen(linktype);
    const out = this.out;
    this.encoder.encode(linktype, data, offset, caplen, wirelen, ts, out.words, out.f64, out.at);
    this.records++;
    if (!out.next()) this.stopped = true;
  }

  private linktypeSeen(linktype: number): void {
    this.lastLinktype = linktype;
    if (!this.starts.some((s) => s.linktype === linktype)) this.starts.push({ linktype, record: this.records });
  }
}

/**
 * Reads `source` to the end (or until the output or shouldStop says stop), one record per frame.
 * `betweenChunks` runs after each chunk of the file (the output publishes there).
 */
export async function produceRecords(source: ByteSource, name: string, spec: RecordSpec, out: RecordOutput,
  options: { chunkSize?: number; shouldStop: () => boolean; betweenChunks: () => Promise<void> | void }): Promise<ProducerResult> {
  const sink = new EncodingSink(new RecordEncoder(spec), out);
  const read = await readCaptureSource(source, name, sink, {
    ...(options.chunkSize === undefined ? {} : { chunkSize: options.chunkSize }),
    shouldStop: () => sink.stopped || options.shouldStop(),
    betweenChunks: options.betweenChunks,
  });
  return { read, records: sink.records, linktypeStarts: sink.starts };
}
