// Packet records (record-layout.ts): how the decode stage hands packets to accounting, across threads if need be; the encoder that makes them.
import type { LocalNetwork } from './local-network.js';
import { decodeFrame } from '../decode/decode-frame.js';
import { Decoded, newPacketRecord } from '../decode/packet-record.js';
import { FlowClassifier, KEY_WORDS, Verdict } from './flow-key.js';
import { hashKey } from './key-hash.js';
import { LinkType } from '../decode/link-types.js';
import { encodeEthernetFast } from './record-fast-path.js';
import { RECORD_HASH, RECORD_KEY, RECORD_KIND, RECORD_LENGTH, RECORD_LENGTH_FROM_WIRE, RECORD_SENT_SIDE, RecordKind } from './record-layout.js';

export { RECORD_HASH, RECORD_KEY, RECORD_KIND, RECORD_KIND_MASK, RECORD_LENGTH, RECORD_LENGTH_FROM_WIRE, RECORD_SENT_SIDE, RECORD_WORDS, RecordKind } from './record-layout.js';

/** Receives runs of records to account, all of them; the views are valid only during the call. */
export interface RecordSink {
  /**
   * The records at word offsets [from, to), in order. A run instead of one call per record: the
   * per-record loop then runs inside the accounting, with no call between records.
   */
  recordRun(words: Uint32Array, f64: Float64Array, from: number, to: number): void;
  /** A hint before the records [from, to) come (in one or more runs): read ahead what they will need (returns anything). */
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
  /** Whether Ethernet frames may take the fast path: its direction rules are those of a file (see record-fast-path.ts). */
  private readonly fast: boolean;
  private readonly linkLocal: boolean;

  /** @param fastPath false: every frame through the general decoder (the fast path's tests compare the two) */
  constructor(spec: RecordSpec, fastPath = true) {
    this.classifier = new FlowClassifier(spec.local);
    this.seed = spec.seed;
    const l = spec.local;
    this.fast = fastPath && l.mac === null && l.ipv4.length === 0 && l.ipv6.length === 0 && l.netFilter4 === null && l.netFilter6 === null;
    this.linkLocal = l.linkLocal;
  }

  /** Writes the record of one captured frame (FrameSink's arguments) at word offset `at`. */
  encode(linktype: number, data: Uint8Array, offset: number, caplen: number, wirelen: number, ts: number,
    words: Uint32Array, f64: Float64Array, at: number): void {
    f64[at >> 1] = ts;
    if (linktype === LinkType.ETHERNET && this.fast && encodeEthernetFast(data, offset, caplen, wirelen, this.seed, this.linkLocal, words, at)) return;
    const p = this.packet;
    const status = decodeFrame(linktype, data, offset, caplen, wirelen, p);
    if (status !== Decoded.OK) {
      words[at + RECORD_KIND] = status === Decoded.MALFORMED ? RecordKind.MALFORMED
        : status === Decoded.NON_IP ? RecordKind.NON_IP : status === Decoded.ENCRYPTED ? RecordKind.ENCRYPTED : RecordKind.UNSUPPORTED_LINK;
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
