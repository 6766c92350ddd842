// Fixed-size records of decoded, classified and hashed packets: how the decode stage hands packets to accounting, across threads if need be.
import type { LocalNetwork } from './local-network.js';
import { decodeFrame } from '../decode/decode-frame.js';
import { Decoded, newPacketRecord } from '../decode/packet-record.js';
import { FlowClassifier, KEY_WORDS, Verdict } from './flow-key.js';
import { hashKey } from './key-hash.js';

/**
 * One record is 16 uint32 words (64 bytes, one cache line), at a word offset `at` that is a multiple
 * of RECORD_WORDS in a Uint32Array, with a Float64Array over the same buffer for the timestamp:
 *
 * - words 0–1: capture time, seconds since the epoch (f64[at / 2]);
 * - word 2: what the frame was (RecordKind) plus the RECORD_* flags;
 * - word 3: bytes to account; word 4: hashKey() of the key; words 5–14: the flow key (local side first).
 *
 * Length, hash and key are only meaningful for INCOMING and OUTGOING records.
 */
export const RECORD_WORDS = 16;
export const RECORD_KIND = 2;
export const RECORD_LENGTH = 3;
export const RECORD_HASH = 4;
export const RECORD_KEY = 5;

/** Word 2, low 3 bits: the classifier's verdict for an IP packet, or why the frame is not one. */
export const RecordKind = {
  /** Accounted, received in the totals (Verdict.INCOMING). */
  INCOMING: 0,
  /** Accounted, sent in the totals (Verdict.OUTGOING). */
  OUTGOING: 1,
  /** An IP packet the classifier drops (-F/-G, link-local). */
  FILTERED: 2,
  NON_IP: 3,
  MALFORMED: 4,
  UNSUPPORTED_LINK: 5,
} as const;
export const RECORD_KIND_MASK = 7;
/** The packet's bytes go to the flow's "sent" side (FlowClassifier.sentSide). */
export const RECORD_SENT_SIDE = 8;
/** The IP length field could not be true; the length was taken from the frame (PacketRecord.lengthFromWire). */
export const RECORD_LENGTH_FROM_WIRE = 16;

/** Receives records one at a time; the views are valid only during the call. */
export interface RecordSink {
  record(words: Uint32Array, f64: Float64Array, at: number): void;
  /** A hint before the records [from, to) come one by one: read ahead what they will need (returns anything). */
  prefetch?(words: Uint32Array, from: number, to: number): number;
}

/** Receives runs of records [from, to) (word offsets); the views are valid only during the call. */
export interface RecordRunSink {
  /** Returns how many records of the run it took: all of them, unless it wants no more (then reading stops). */
  records(words: Uint32Array, f64: Float64Array, from: number, to: number): number;
}

/** What the decode stage needs to know to classify and hash as the monitor would: plain data, so it can cross to a worker. */
export interface RecordSpec {
  readonly local: LocalNetwork;
  /** The flow table's hash seed. */
  readonly seed: number;
}

/** Decodes, classifies and hashes frames into records; one per decode stage, no allocation per frame. */
export class RecordEncoder {
  private readonly packet = newPacketRecord();
  private readonly classifier: FlowClassifier;
  private readonly seed: number;

  constructor(spec: RecordSpec) {
    this.classifier = new FlowClassifier(spec.local);
    this.seed = spec.seed;
  }

  /** Writes the record of one captured frame (FrameSink's arguments) at word offset `at`. */
  encode(linktype: number, data: Uint8Array, offset: number, caplen: number, wirelen: number, ts: number,
    words: Uint32Array, f64: Float64Array, at: number): void {
    f64[at >> 1] = ts;
    const p = this.packet;
    const status = decodeFrame(linktype, data, offset, caplen, wirelen, p);
    if (status !== Decoded.OK) {
      words[at + RECORD_KIND] = status === Decoded.MALFORMED ? RecordKind.MALFORMED
        : status === Decoded.NON_IP ? RecordKind.NON_IP : RecordKind.UNSUPPORTED_LINK;
      return;
    }
    const c = this.classifier;
    const verdict = c.classify(p);
    if (verdict === Verdict.FILTERED) {
      words[at + RECORD_KIND] = RecordKind.FILTERED;
      return;
    }
    words[at + RECORD_KIND] = (verdict === Verdict.OUTGOING ? RecordKind.OUTGOING : RecordKind.INCOMING) |
      (c.sentSide ? RECORD_SENT_SIDE : 0) | (p.lengthFromWire ? RECORD_LENGTH_FROM_WIRE : 0);
    words[at + RECORD_LENGTH] = p.length;
    const key = c.key;
    const k = at + RECORD_KEY;
    for (let i = 0; i < KEY_WORDS; i++) words[k + i] = key[i]!;
    words[at + RECORD_HASH] = hashKey(key, 0, this.seed);
  }
}
