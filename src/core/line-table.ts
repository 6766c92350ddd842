// Per-tick aggregation table: display key → line id, with window sums in typed arrays (reused every tick).
import { KEY_WORDS } from './flow-key.js';
import { KeyIndex } from './key-index.js';

/** Seed of the line hashes; their keys come from our own flow table, so a constant is fine. */
export const LINE_SEED = 0x2545f491;

/**
 * Lines are dense ids 0..count-1 in insertion order. Reset and refilled once per tick; storage
 * only grows, so a steady flow count costs no allocation per tick.
 */
export class LineTable {
  /** Window sums (then rates after divide()), 3 per line: 2 s, 10 s, 40 s. */
  sent = new Float64Array(0);
  recv = new Float64Array(0);
  totalSent = new Float64Array(0);
  totalRecv = new Float64Array(0);
  /** Smallest creation order of the member flows (unique per line, so ties never remain). */
  seq = new Float64Array(0);
  private readonly ids = new KeyIndex(KEY_WORDS, LINE_SEED);

  get count(): number {
    return this.ids.count;
  }

  /** Display keys by line id (KEY_WORDS each). */
  get keys(): Uint32Array {
    return this.ids.keys;
  }

  /**
   * Empties the table, sized for up to `lines` lines. Storage only grows, in one step to at least
   * `reserve` lines (zeroed typed arrays are mapped lazily, so reserved but unused space is free).
   */
  reset(lines: number, reserve = 0): void {
    const used = this.ids.count, before = this.ids.capacity;
    this.ids.reset(lines, reserve);
    const cap = this.ids.capacity;
    if (cap !== before) {
      this.sent = new Float64Array(cap * 3);
      this.recv = new Float64Array(cap * 3);
      this.totalSent = new Float64Array(cap);
      this.totalRecv = new Float64Array(cap);
      this.seq = new Float64Array(cap);
    } else {
      this.sent.fill(0, 0, used * 3);
      this.recv.fill(0, 0, used * 3);
      this.totalSent.fill(0, 0, used);
      this.totalRecv.fill(0, 0, used);
    }
  }

  /** The line id of key, or -1 when absent (and not inserted). */
  find(key: Uint32Array): number {
    return this.ids.find(key);
  }

  /** The line id of key, inserted (with this seq) if absent; an existing line keeps the smaller seq. */
  slot(key: Uint32Array, seq: number): number {
    const id = this.ids.idOf(key);
    if (this.ids.added || seq < this.seq[id]!) this.seq[id] = seq;
    return id;
  }

  /**
   * A new line with the key at src[off..] and this seq, without entering it in the index: for a
   * table whose keys are known to be distinct (FlowGroups numbers each group once per tick).
   * find() and slot() do not see lines added this way.
   */
  append(src: Uint32Array, off: number, seq: number): number {
    const id = this.ids.append(src, off);
    this.seq[id] = seq;
    return id;
  }
}
