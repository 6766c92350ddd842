// Candidates for a bounded set of series: fixed slots scored by bytes over a sliding 5 minutes, the top K exposed with hysteresis.
import { IndexHeap } from './index-heap.js';

/** The ranking window (ecosystem-conventions §8.1: "ranked by bytes over a sliding 5 minutes"). */
export const WINDOW_SECONDS = 300;
/** The window slides in steps of this much: a score covers the last 270–300 s. */
export const BUCKET_SECONDS = 30;
const BUCKETS = WINDOW_SECONDS / BUCKET_SECONDS;
/**
 * A challenger displaces an exposed key only with this many times its traffic over the window, so
 * two keys close to rank K do not swap series at every tick (each swap ends one series and starts another).
 */
export const HYSTERESIS = 1.2;

export interface PoolListener {
  /** The slot's key is exposed from now on. */
  exposed(slot: number): void;
  /** The slot's key stops being exposed (it stays a candidate unless dropped() follows). */
  unexposed(slot: number): void;
  /** The slot's key leaves the pool: silent for a whole window, or replaced by a busier newcomer. */
  dropped(slot: number): void;
}

/**
 * Slots 0 … capacity−1 hold candidate keys (the caller keeps the keys; the pool only numbers them).
 * Each tick: advance(ts), add() the traffic of keys already in, prune(), admit() the newcomers, rank().
 * Memory is fixed by capacity, whatever the number of distinct keys: a key that does not fit is not
 * tracked (its traffic belongs to __other__), and when the pool is full a newcomer replaces the
 * candidate with the least traffic only if its own traffic this tick is larger.
 */
export class RankedPool {
  readonly score: Float64Array;
  readonly inUse: Uint8Array;
  readonly isExposed: Uint8Array;
  /** Bumped whenever a slot gets a new key, so a caller can tell a reused slot from the key it held. */
  readonly generation: Uint32Array;
  size = 0;
  exposedCount = 0;
  private readonly buckets: Float64Array;
  private readonly freeSlots: Int32Array;
  private freeCount: number;
  /** Current bucket number (floor(ts / BUCKET_SECONDS)), NaN before the first tick. */
  private bucket = NaN;
  private column = 0;
  private readonly byScore: IndexHeap;
  private readonly select: IndexHeap;
  private order: Int32Array;

  constructor(
    readonly capacity: number,
    /** How many keys may be exposed at once (K). */
    readonly limit: number,
    private readonly listener: PoolListener,
  ) {
    this.score = new Float64Array(capacity);
    this.inUse = new Uint8Array(capacity);
    this.isExposed = new Uint8Array(capacity);
    this.generation = new Uint32Array(capacity);
    this.buckets = new Float64Array(capacity * BUCKETS);
    this.freeSlots = new Int32Array(capacity);
    for (let i = 0; i < capacity; i++) this.freeSlots[i] = capacity - 1 - i;
    this.freeCount = capacity;
    this.byScore = new IndexHeap(capacity);
    this.select = new IndexHeap(Math.min(capacity, 1024));
    this.order = new Int32Array(capacity);
  }

  /** Moves the window to ts (seconds): buckets that fell out of it are subtracted. Time going back changes nothing. */
  advance(ts: number): void {
    const b = Math.floor(ts / BUCKET_SECONDS);
    if (!Number.isFinite(b)) return;
    if (Number.isNaN(this.bucket)) {
      this.setBucket(b);
      return;
    }
    if (!(b > this.bucket)) return;
    const steps = Math.min(b - this.bucket, BUCKETS);
    for (let s = 1; s <= steps; s++) {
      const col = mod(this.bucket + s);
      for (let slot = 0; slot < this.capacity; slot++) {
        const at = slot * BUCKETS + col;
        const v = this.buckets[at]!;
        if (v !== 0) {
          this.score[slot]! -= v;
          this.buckets[at] = 0;
        }
      }
    }
    this.setBucket(b);
  }

  /** This tick's bytes of the key in slot. */
  add(slot: number, bytes: number): void {
    this.buckets[slot * BUCKETS + this.column]! += bytes;
    this.score[slot]! += bytes;
  }

  /** Drops the keys without traffic over the whole window (after this tick's add() calls). */
  prune(): void {
    for (let slot = 0; slot < this.capacity; slot++) if (this.inUse[slot] === 1 && this.score[slot]! <= 0) this.drop(slot);
  }

  /**
   * Offers n newcomers (keys not in the pool) with this tick's bytes; calls admitted(i, slot) for each
   * one taken, busiest first. Keys are never replaced by newcomers with as little traffic as they have.
   */
  admit(n: number, bytes: Float64Array, admitted: (i: number, slot: number) => void): void {
    if (n === 0 || this.capacity === 0) return;
    const free = this.capacity - this.size;
    const full = free < n;
    if (full) {
      this.byScore.clear();
      for (let slot = 0; slot < this.capacity; slot++) if (this.inUse[slot] === 1) this.byScore.push(slot, this.score[slot]!);
    }
    this.select.clear();
    for (let i = 0; i < n; i++) {
      const b = bytes[i]!;
      // Without a free slot, only a newcomer busier than the weakest candidate can get in.
      if (free > 0 || (this.byScore.size > 0 && b > this.byScore.topKey())) this.select.offer(i, b, this.capacity);
    }
    const m = this.select.drainDescending(this.order);
    for (let k = 0; k < m; k++) {
      const i = this.order[k]!;
      const b = bytes[i]!;
      let slot: number;
      if (this.freeCount > 0) {
        slot = this.freeSlots[--this.freeCount]!;
      } else {
        if (this.byScore.size === 0 || !(this.byScore.topKey() < b)) break;
        slot = this.byScore.topIndex();
        this.drop(slot);
        this.freeCount--; // drop() freed exactly this slot
        this.byScore.replaceTop(slot, b);
      }
      this.take(slot, b);
      admitted(i, slot);
    }
  }

  /**
   * Exposes the top `limit` keys by score: fills free places with the busiest candidates, then lets a
   * candidate displace the weakest exposed key when it has HYSTERESIS times its traffic.
   */
  rank(): void {
    if (this.limit <= 0) return;
    this.select.clear();
    for (let slot = 0; slot < this.capacity; slot++) {
      if (this.inUse[slot] === 1 && this.isExposed[slot] === 0 && this.score[slot]! > 0) this.select.offer(slot, this.score[slot]!, this.limit);
    }
    const nc = this.select.drainDescending(this.order);
    this.byScore.clear();
    for (let slot = 0; slot < this.capacity; slot++) if (this.isExposed[slot] === 1) this.byScore.push(slot, this.score[slot]!);
    let k = 0;
    while (this.exposedCount < this.limit && k < nc) this.expose(this.order[k++]!);
    while (k < nc && this.byScore.size > 0) {
      const c = this.order[k]!, weakest = this.byScore.topIndex();
      if (!(this.score[c]! > HYSTERESIS * this.score[weakest]!)) break;
      this.byScore.pop();
      this.unexpose(weakest);
      this.expose(c);
      k++;
    }
  }

  private take(slot: number, bytes: number): void {
    this.inUse[slot] = 1;
    this.generation[slot] = (this.generation[slot]! + 1) >>> 0;
    this.size++;
    this.buckets[slot * BUCKETS + this.column] = bytes;
    this.score[slot] = bytes;
  }

  private drop(slot: number): void {
    if (this.isExposed[slot] === 1) this.unexpose(slot);
    this.listener.dropped(slot);
    this.inUse[slot] = 0;
    this.size--;
    this.score[slot] = 0;
    this.buckets.fill(0, slot * BUCKETS, (slot + 1) * BUCKETS);
    this.freeSlots[this.freeCount++] = slot;
  }

  private expose(slot: number): void {
    this.isExposed[slot] = 1;
    this.exposedCount++;
    this.listener.exposed(slot);
  }

  private unexpose(slot: number): void {
    this.isExposed[slot] = 0;
    this.exposedCount--;
    this.listener.unexposed(slot);
  }

  private setBucket(b: number): void {
    this.bucket = b;
    this.column = mod(b);
  }
}

function mod(b: number): number {
  return ((b % BUCKETS) + BUCKETS) % BUCKETS;
}
