// Owns the flow table and the 2-second history: per-packet accounting (O(1), allocation-free) and rotation.
import { decodeFrame } from '../decode/decode-frame.js';
import { Decoded, newPacketRecord } from '../decode/packet-record.js';
import { FlowClassifier, Verdict } from './flow-key.js';
import { FlowTable, HISTORY_LENGTH } from './flow-table.js';
import { hashKey } from './key-hash.js';
import { RECORD_HASH, RECORD_KEY, RECORD_KIND, RECORD_WORDS, RECORD_KIND_MASK, RECORD_LENGTH, RECORD_LENGTH_FROM_WIRE, RECORD_SENT_SIDE, RecordKind } from './packet-records.js';
import type { RecordSpec } from './packet-records.js';
import type { LocalNetwork } from './local-network.js';
import type { CaptureCounters } from './screen-model.js';
import { zeroCounters } from './screen-model.js';

/** Default cap on distinct flows; traffic of further flows goes to the overflow line. */
export const DEFAULT_MAX_FLOWS = 100_000;

export interface MonitorConfig {
  readonly local: LocalNetwork;
  /** Cap on flow records (memory bound under spoofed-source floods). */
  readonly maxFlows: number;
  /** Hash seed; random per run in production, fixed in tests. */
  readonly hashSeed: number;
}

/** Per-slot sent/received bytes plus grand totals: the shape of iftop's history record (and packet counts). */
export class SlotHistory {
  readonly sent = new Float64Array(HISTORY_LENGTH);
  readonly recv = new Float64Array(HISTORY_LENGTH);
  totalSent = 0;
  totalRecv = 0;
  /** Packets in the open slot and since start (the open slot included), per direction. */
  openPacketsSent = 0;
  openPacketsRecv = 0;
  totalPacketsSent = 0;
  totalPacketsRecv = 0;
  lastWrite = 0;
  active = false;
}

/**
 * The accounting core. Decoding, direction and accounting happen per packet; everything else
 * (averages, aggregation, sorting) is analyse()'s job once per tick.
 */
export class Monitor {
  readonly table: FlowTable;
  /** Global totals, by direction (never expired). */
  readonly totals = new SlotHistory();
  /** Flows beyond the table's cap, accounted together so rows + overflow = totals. */
  readonly overflow = new SlotHistory();
  readonly counters: CaptureCounters = zeroCounters();
  /** Slot being filled (iftop history_pos). */
  pos = 0;
  /** Slots of history so far, 1..20 (iftop history_len). */
  historyLen = 1;

  private readonly packet = newPacketRecord();
  /** frame()'s capture time, where account() reads it. */
  private readonly frameTs = new Float64Array(1);
  private classifier: FlowClassifier;
  private localNetwork: LocalNetwork;

  constructor(config: MonitorConfig) {
    this.table = new FlowTable(config.maxFlows, config.hashSeed);
    this.classifier = new FlowClassifier(config.local);
    this.localNetwork = config.local;
  }

  /** What direction is decided by (the interface's addresses and MAC, the -F/-G networks). */
  get local(): LocalNetwork {
    return this.localNetwork;
  }

  /**
   * New interface facts for direction (an interface that came back with another MAC or address);
   * flows already in the table keep their keys.
   */
  setLocal(local: LocalNetwork): void {
    this.localNetwork = local;
    this.classifier = new FlowClassifier(local);
  }

  /** What a RecordEncoder needs to make records this monitor accounts (record()) as it would the frames. */
  get recordSpec(): RecordSpec {
    return { local: this.localNetwork, seed: this.table.seed };
  }

  /** The capture time the open slot starts at (packet times are stored relative to it). */
  setTimeBase(ts: number): void {
    this.table.timeBase = ts;
  }

  /** Decodes and accounts one captured frame (captured at `ts`, seconds since the epoch) into the current slot. */
  frame(linktype: number, data: Uint8Array, offset: number, caplen: number, wirelen: number, ts = 0): void {
    const c = this.counters;
    c.frames++;
    const status = decodeFrame(linktype, data, offset, caplen, wirelen, this.packet);
    if (status !== Decoded.OK) {
      if (status === Decoded.MALFORMED) c.malformed++;
      else if (status === Decoded.NON_IP) c.nonIp++;
      else if (status === Decoded.ENCRYPTED) { c.nonIp++; c.encrypted++; }
      else c.unsupported++;
      return;
    }
    const p = this.packet;
    const verdict = this.classifier.classify(p);
    if (verdict === Verdict.FILTERED) {
      c.filtered++;
      return;
    }
    const key = this.classifier.key;
    this.frameTs[0] = ts;
    this.account(verdict === Verdict.OUTGOING, this.classifier.sentSide, p.length, p.lengthFromWire, key, 0, hashKey(key, 0, this.table.seed), this.frameTs, 0);
  }

  /**
   * Accounts one packet record (see packet-records.ts) made by a RecordEncoder with this monitor's
   * local network and hash seed: the same counting as frame(), with the decoding done elsewhere.
   */
  record(words: Uint32Array, f64: Float64Array, at: number): void {
    const c = this.counters;
    c.frames++;
    const kind = words[at + RECORD_KIND]!;
    switch (kind & RECORD_KIND_MASK) {
      case RecordKind.INCOMING:
      case RecordKind.OUTGOING:
        this.account((kind & RECORD_KIND_MASK) === RecordKind.OUTGOING, (kind & RECORD_SENT_SIDE) !== 0, words[at + RECORD_LENGTH]!,
          (kind & RECORD_LENGTH_FROM_WIRE) !== 0, words, at + RECORD_KEY, words[at + RECORD_HASH]! | 0, f64, at >> 1);
        return;
      case RecordKind.FILTERED: c.filtered++; return;
      case RecordKind.NON_IP: c.nonIp++; return;
      case RecordKind.MALFORMED: c.malformed++; return;
      case RecordKind.ENCRYPTED: c.nonIp++; c.encrypted++; return;
      default: c.unsupported++;
    }
  }

  /** record() for each record at word offsets [from, to), in order. */
  recordRun(words: Uint32Array, f64: Float64Array, from: number, to: number): void {
    for (let at = from; at < to; at += RECORD_WORDS) this.record(words, f64, at);
  }

  /**
   * Reads ahead the records [from, to) and the hash slots of their flows, in one tight loop whose
   * cache misses overlap (see FlowTable.touch); record() then finds them in cache. Only a hint:
   * for records that are not IP packets the hash word is stale and touches some other slot.
   */
  prefetch(words: Uint32Array, from: number, to: number): number {
    const table = this.table;
    let acc = 0;
    for (let at = from; at < to; at += RECORD_WORDS) acc ^= table.touch(words[at + RECORD_HASH]! | 0);
    // Returned so the reads cannot be optimised away.
    return acc;
  }

  /**
   * An IP packet that passed the classifier: its flow (or the overflow line) and the totals. The
   * capture time is read from times[at] where it is needed: a double argument would be boxed (an
   * allocation per packet) whenever V8 does not inline this call.
   */
  private account(outgoing: boolean, sentSide: boolean, len: number, lengthFromWire: boolean, keys: Uint32Array, off: number, hash: number,
    times: Float64Array, at: number): void {
    const c = this.counters;
    c.accounted++;
    if (lengthFromWire) c.lengthFromWire++;
    const pos = this.pos;
    const table = this.table;
    let slot = table.probe(keys, off, hash);
    if (slot < 0) slot = table.insert(keys, off, hash, ~slot, times[at]!);
    if (slot >= 0) {
      table.add(slot, sentSide, len, table.timeOffsetMs(times[at]!));
    } else {
      c.overflow++;
      add(this.overflow, pos, len, sentSide);
    }
    add(this.totals, pos, len, outgoing);
  }

  /**
   * Closes the current slot (iftop history_rotate): advances the position, expires flows whose
   * last packet was 20 rotations ago, zeroes the new slot everywhere. `nextBase`: the capture time
   * the new slot starts at (the tick time).
   */
  rotate(nextBase = this.table.timeBase): void {
    this.table.rotate(this.pos, nextBase);
    const pos = (this.pos + 1) % HISTORY_LENGTH;
    this.pos = pos;
    const o = this.overflow;
    if (o.active && o.lastWrite === pos) {
      o.sent.fill(0);
      o.recv.fill(0);
      o.totalSent = 0;
      o.totalRecv = 0;
      o.totalPacketsSent = 0;
      o.totalPacketsRecv = 0;
      o.active = false;
    } else {
      o.sent[pos] = 0;
      o.recv[pos] = 0;
    }
    o.openPacketsSent = o.openPacketsRecv = 0;
    const t = this.totals;
    t.sent[pos] = 0;
    t.recv[pos] = 0;
    t.openPacketsSent = t.openPacketsRecv = 0;
    this.historyLen = Math.min(this.historyLen + 1, HISTORY_LENGTH);
  }
}

function add(h: SlotHistory, pos: number, len: number, sent: boolean): void {
  h.active = true;
  h.lastWrite = pos;
  if (sent) {
    h.sent[pos]! += len;
    h.totalSent += len;
    h.openPacketsSent++;
    h.totalPacketsSent++;
  } else {
    h.recv[pos]! += len;
    h.totalRecv += len;
    h.openPacketsRecv++;
    h.totalPacketsRecv++;
  }
}
