// Flow table over typed arrays: a small open-addressing index of flow ids, one 64-byte slot per flow for the packet path, history per flow id.
import { KEY_WORDS } from './flow-key.js';
import { hashKey, slotCountFor } from './key-hash.js';
import { CARRY, HISTORY_LENGTH, OPEN_RECV, OPEN_SENT, OPEN_STRIDE, SLOT_BYTES_SENT, SLOT_HASH, SLOT_LAST_MS, SLOT_PACKETS_SENT, SLOT_WORDS } from './flow-slots.js';
import { closeSlot, copyOpen, expiringIds } from './flow-passes.js';

export { HISTORY_LENGTH, OPEN_LAST_SEEN, OPEN_PACKETS, OPEN_PACKETS_RECV, OPEN_PACKETS_SENT, OPEN_RECV, OPEN_SENT, OPEN_STRIDE } from './flow-slots.js';


/**
 * Per-flow storage (indexed by flow id) is allocated for up to this many flows at once (all of it for
 * the default cap). Zeroed typed arrays are mapped lazily by the OS, and ids are dense from 0, so
 * untouched capacity costs no resident memory, and the table never has to copy itself while a flood
 * fills it (a copy briefly needs old + new).
 */
const PREALLOCATED_FLOWS = 1 << 20;
/**
 * The hash index is sized to the flows present instead: it doubles as flows arrive (a rebuild of the
 * index alone, never per packet) and shrinks back once a flood has expired.
 */
const INITIAL_INDEX = 1024;


/**
 * A packet looks its flow up in the index (flow id + 1 per entry, 4 bytes, linear probing, backward-
 * shift deletion, load ≤ 0.5: 512 KiB for 50 000 flows, so it stays in a core's cache) and updates
 * the flow's slot, where the key, its hash and the open-slot counters share one cache line. Slots are
 * dense by id (3.2 MB for 50 000 flows instead of 2–4 times that spread over a hash table), so the
 * per-tick passes read them in order, and a run of packets can fetch its slots ahead (touch()).
 * Per-flow state that is only read once per tick (the 20-slot history, totals, creation order) lives
 * in dense arrays indexed by flow id as well. Storage doubles up to maxFlows; beyond that insert
 * refuses and the caller uses the overflow line.
 */
export class FlowTable {
  /** Number of live flows. */
  size = 0;
  /** Flow keys by flow id (KEY_WORDS each), for the per-tick aggregation. */
  keys: Uint32Array = new Uint32Array(0);
  /**
   * Closed slots, slot-major: slot k of flow id is at k × capacity + id, so a rotation reads and
   * writes three rows in order. Rows of unused ids are all zero (removal clears them), so an insert
   * need not touch 20 scattered rows. The open slot's bytes are in the hash slot until rotate().
   */
  sent: Float64Array = new Float64Array(0);
  recv: Float64Array = new Float64Array(0);
  /** Bytes and packets of closed slots since the flow record was created. */
  totalSent: Float64Array = new Float64Array(0);
  totalRecv: Float64Array = new Float64Array(0);
  totalPacketsSent: Float64Array = new Float64Array(0);
  totalPacketsRecv: Float64Array = new Float64Array(0);
  /** Capture time of the first packet, and of the latest packet of a closed slot (seconds since the epoch). */
  firstSeen: Float64Array = new Float64Array(0);
  lastSeen: Float64Array = new Float64Array(0);
  /** Open-slot bytes beyond the slot's 32-bit counters, by id (almost always 0). */
  carrySent: Float64Array = new Float64Array(0);
  carryRecv: Float64Array = new Float64Array(0);
  /**
   * Running sums of the last 4 and last 19 closed slots, kept up to date at each rotation so a tick
   * reads 3 numbers per flow and direction instead of walking 20 slots: the 2/10/40 s windows are
   * open, open + last4, open + last19.
   */
  last4Sent: Float64Array = new Float64Array(0);
  last4Recv: Float64Array = new Float64Array(0);
  last19Sent: Float64Array = new Float64Array(0);
  last19Recv: Float64Array = new Float64Array(0);
  /** Slot index of the flow's last packet, −1 before its first slot closes. */
  lastWrite: Int32Array = new Int32Array(0);
  /** Creation order, for deterministic tie-breaks; unique for the run (ids are reused, this never). */
  seq: Float64Array = new Float64Array(0);
  /** 1 when the id is in use. */
  used: Uint8Array = new Uint8Array(0);
  /**
   * Capture time the open slot's packet times are counted from (the slot's start): the packet path
   * stores a 32-bit offset instead of a float. Moved on by rotate().
   */
  get timeBase(): number {
    return this.base;
  }
  set timeBase(ts: number) {
    this.base = ts;
    this.fresh = false;
  }

  /** Flows the per-id storage holds (it doubles up to maxFlows: resize()). */
  private capacity = 0;
  /** Packet-path slots by flow id (SLOT_WORDS each; all zero for ids not in use). */
  private slotWords: Uint32Array = new Uint32Array(0);
  /** The index: flow id + 1 by hash position, 0 = empty. */
  private index: Int32Array;
  private mask: number;
  private freeIds: Int32Array = new Int32Array(0);
  private freeCount = 0;
  private gathered: Float64Array = new Float64Array(0);
  /**
   * Whether `gathered` still holds the open slots: nothing was added, inserted, removed or rotated
   * since. A tick gathers once for every reader (snapshot, analysis, alerts, rotation) instead of
   * once each.
   */
  private fresh = false;
  private base = 0;
  private highWater = 0;
  private nextSeq = 0;
  /** Ids rotate() removes, gathered before they are released. */
  private expired: Int32Array = new Int32Array(0);
  /** Ids with a non-zero carry, so rotation clears only those. */
  private carried: number[] = [];

  constructor(
    readonly maxFlows: number,
    /** Hash seed (random per run): the per-tick tables over these keys mix it into theirs. */
    readonly seed: number,
    /** Flows the storage holds before it first grows (tests make it small to exercise growth). */
    preallocated = PREALLOCATED_FLOWS,
  ) {
    const cap = Math.max(1, Math.min(preallocated, maxFlows));
    this.resize(cap);
    const entries = Math.min(INITIAL_INDEX, slotCountFor(cap));
    this.index = new Int32Array(entries);
    this.mask = entries - 1;
  }

  /** Entries of the hash index (a power of two, more than twice the flows). */
  get slotCount(): number {
    return this.mask + 1;
  }

  /** Ids in use are all below this bound. */
  get idBound(): number {
    return this.highWater;
  }

  /**
   * The flow id of key, inserting a zeroed flow first seen at `ts` if absent; -1 when the table is
   * full. Pass it straight to add() (a flow that never gets a packet would never expire).
   */
  findOrInsert(key: Uint32Array, ts = 0): number {
    return this.findOrInsertAt(key, 0, hashKey(key, 0, this.seed), ts);
  }

  /**
   * findOrInsert() for the key at keys[off, off + KEY_WORDS) whose hashKey(keys, off, seed) is `hash`
   * (worked out beforehand, possibly on another thread).
   */
  findOrInsertAt(keys: Uint32Array, off: number, hash: number, ts: number): number {
    const s = this.probe(keys, off, hash);
    return s >= 0 ? s : this.insert(keys, off, hash, ~s, ts);
  }

  /**
   * Reads the index entry `hash` starts at and the slot it names, and returns a word of that: a
   * prefetch. A loop of these over the next packets makes independent loads whose cache misses the
   * CPU overlaps, so the probes that follow find index and slots in cache instead of each waiting on
   * memory in turn.
   */
  touch(hash: number): number {
    const e = this.index[hash & this.mask]!;
    return e === 0 ? 0 : this.slotWords[(e - 1) * SLOT_WORDS + SLOT_HASH]!;
  }

  /**
   * The flow id of the key at keys[off..] (`hash` as for findOrInsertAt), or ~i when it is absent, i
   * being the free index entry it would take (pass that to insert()). The per-packet half of
   * findOrInsertAt, split off so that no capture time (a double, boxed when passed to a call that
   * is not inlined) crosses a call per packet.
   */
  probe(keys: Uint32Array, off: number, hash: number): number {
    const w = this.slotWords, index = this.index, mask = this.mask;
    const h = hash >>> 0, k0 = keys[off]!, k9 = keys[off + 9]!;
    let i = hash & mask;
    for (;;) {
      const e = index[i]!;
      if (e === 0) return ~i;
      const o = (e - 1) * SLOT_WORDS;
      if (w[o + SLOT_HASH] === h && w[o] === k0 && w[o + 9] === k9 && w[o + 1] === keys[off + 1] && w[o + 2] === keys[off + 2] &&
          w[o + 3] === keys[off + 3] && w[o + 4] === keys[off + 4] && w[o + 5] === keys[off + 5] && w[o + 6] === keys[off + 6] &&
          w[o + 7] === keys[off + 7] && w[o + 8] === keys[off + 8]) {
        return e - 1;
      }
      i = (i + 1) & mask;
    }
  }

  /** Ids of flows created since the last takeCreated(), when tracked (trackCreated()). */
  private created: number[] | null = null;

  /** From now on, remember the ids of new flows for takeCreated(). */
  trackCreated(): void {
    this.created ??= [];
  }

  /**
   * The flows created since the last call, oldest first; call before the next rotation (an id whose
   * flow expired in between could belong to another flow by then).
   */
  takeCreated(each: (id: number) => void): void {
    const c = this.created;
    if (c === null || c.length === 0) return;
    this.created = [];
    for (const id of c) if (this.used[id] === 1) each(id);
  }

  /**
   * A new flow, first seen at `ts`, for the key at keys[off..] at the free index entry i (~ of what
   * probe() returned for it, with no insert or removal since); its id, or -1 when the table is full.
   */
  insert(keys: Uint32Array, off: number, hash: number, i: number, ts: number): number {
    if (this.size >= this.maxFlows) return -1;
    if (this.freeCount === 0 && this.highWater === this.capacity) {
      this.grow();
      return this.findOrInsertAt(keys, off, hash, ts);
    }
    // Load ≤ 0.5 keeps probe runs short.
    if ((this.size + 1) * 2 > this.mask + 1) {
      this.rehash(2 * (this.mask + 1));
      return this.findOrInsertAt(keys, off, hash, ts);
    }
    const id = this.freeCount > 0 ? this.freeIds[--this.freeCount]! : this.highWater++;
    const w = this.slotWords;
    const o = id * SLOT_WORDS;
    const ko = id * KEY_WORDS;
    for (let k = 0; k < KEY_WORDS; k++) {
      const v = keys[off + k]!;
      w[o + k] = v;
      this.keys[ko + k] = v;
    }
    // The rest of a free id's slot is zero already (release() clears it).
    w[o + SLOT_HASH] = hash;
    this.index[i] = id + 1;
    this.totalSent[id] = 0;
    this.totalRecv[id] = 0;
    this.totalPacketsSent[id] = 0;
    this.totalPacketsRecv[id] = 0;
    this.firstSeen[id] = ts;
    this.lastSeen[id] = ts;
    this.last4Sent[id] = 0;
    this.last4Recv[id] = 0;
    this.last19Sent[id] = 0;
    this.last19Recv[id] = 0;
    this.lastWrite[id] = -1;
    this.seq[id] = this.nextSeq++;
    this.used[id] = 1;
    this.size++;
    this.fresh = false;
    // Per new flow, never per packet: only when someone asked (attribution looks new flows up).
    if (this.created !== null) this.created.push(id);
    return id;
  }

  /**
   * Adds a packet to the open slot of flow id (the per-packet hot path); `lastMs` is its capture time
   * in ms from timeBase (see timeOffsetMs).
   */
  add(id: number, sentSide: boolean, bytes: number, lastMs = 0): void {
    const w = this.slotWords;
    const o = id * SLOT_WORDS;
    const side = sentSide ? 0 : 1;
    this.fresh = false;
    w[o + SLOT_LAST_MS] = lastMs;
    w[o + SLOT_PACKETS_SENT + side]!++;
    const b = w[o + SLOT_BYTES_SENT + side]! + bytes;
    w[o + SLOT_BYTES_SENT + side] = b;
    if (b >= CARRY) this.carry(id, sentSide);
  }

  /** A 32-bit slot counter wrapped (the store kept b − 2^32): the 2^32 goes to the id's carry. */
  private carry(id: number, sentSide: boolean): void {
    if (this.carrySent[id] === 0 && this.carryRecv[id] === 0) this.carried.push(id);
    if (sentSide) this.carrySent[id]! += CARRY;
    else this.carryRecv[id]! += CARRY;
  }

  /** The packet-path form of a capture time: signed ms from timeBase, within ±24 days. */
  timeOffsetMs(ts: number): number {
    const ms = Math.round((ts - this.base) * 1000);
    return ms > 0x7fffffff ? 0x7fffffff : ms < -0x7fffffff ? -0x7fffffff : ms;
  }

  /** Packets of flow id in the open slot (both directions; the anomaly detectors read it). */
  openPackets(id: number): number {
    const o = id * SLOT_WORDS;
    return this.slotWords[o + SLOT_PACKETS_SENT]! + this.slotWords[o + SLOT_PACKETS_SENT + 1]!;
  }

  /** The id of key, or -1. */
  find(key: Uint32Array): number {
    const id = this.probe(key, 0, hashKey(key, 0, this.seed));
    return id < 0 ? -1 : id;
  }

  /**
   * The open-slot counters of every flow, copied out by id at id × OPEN_STRIDE (see OPEN_SENT …; ids
   * not in use keep stale values). The once-per-tick passes read this instead of openSent()/openRecv():
   * a loop that only copies makes independent loads, so the CPU overlaps the cache misses of 100 000
   * scattered hash slots, which a loop doing a flow's whole work takes one at a time (it was most of a
   * tick's cost). Valid until the next packet or rotation, and shared: readers must not write it (a
   * second call before then returns the same copy without reading the slots again).
   */
  gatherOpen(): Float64Array {
    if (this.fresh) return this.gathered;
    if (this.gathered.length < this.highWater * OPEN_STRIDE) this.gathered = new Float64Array(Math.max(this.capacity, this.highWater) * OPEN_STRIDE);
    const g = this.gathered;
    copyOpen(this, this.slotWords, g);
    if (this.carried.length > 0) {
      for (const id of this.carried) {
        g[id * OPEN_STRIDE + OPEN_SENT]! += this.carrySent[id]!;
        g[id * OPEN_STRIDE + OPEN_RECV]! += this.carryRecv[id]!;
      }
    }
    this.fresh = true;
    return g;
  }


  /** Empties the carries, after a gather has copied them out (closeSlot() empties the open slots). */
  private clearCarries(): void {
    for (const id of this.carried) this.carrySent[id] = this.carryRecv[id] = 0;
    this.carried = [];
  }

  /** Bytes sent / received by flow id in closed slot k (0–19). */
  closedSent(id: number, k: number): number {
    return this.sent[k * this.capacity + id]!;
  }
  closedRecv(id: number, k: number): number {
    return this.recv[k * this.capacity + id]!;
  }

  /** Bytes sent / received by flow id in the open slot. */
  openSent(id: number): number {
    return this.slotWords[id * SLOT_WORDS + SLOT_BYTES_SENT]! + this.carrySent[id]!;
  }
  openRecv(id: number): number {
    return this.slotWords[id * SLOT_WORDS + SLOT_BYTES_SENT + 1]! + this.carryRecv[id]!;
  }

  /**
   * iftop's rotation for every flow: the open slot's bytes close into slot `pos` and the totals, the
   * running window sums move on by one slot, and the slot after pos is cleared for reuse — or, when the
   * flow's last packet was 20 rotations ago, the flow is removed (its cumulative count is lost, as in
   * iftop). The open slot's packet times count from `nextBase` afterwards. Returns the number of
   * flows removed.
   */
  rotate(pos: number, nextBase = this.timeBase): number {
    const open = this.gatherOpen();
    this.clearCarries();
    this.base = nextBase;
    this.fresh = false;
    if (this.expired.length < this.highWater) this.expired = new Int32Array(this.capacity);
    const removed = closeSlot(this, this.slotWords, this.capacity, pos, open, this.expired);
    // Released after the loop (in the same ascending order), so the loop makes no call.
    for (let i = 0; i < removed; i++) this.release(this.expired[i]!);
    // Once a flood has expired, the index shrinks back to the flows left (at a tick, not on the packet path).
    const entries = this.mask + 1;
    if (entries > INITIAL_INDEX && this.size * 8 < entries) this.rehash(Math.max(INITIAL_INDEX, slotCountFor(this.size)));
    return removed;
  }



  /**
   * Ids (ascending) of the flows the next rotate(pos) removes: silent in the open slot, their last
   * packet in the slot that opens next (20 slots ago). Written to out, which must hold idBound ids;
   * returns how many. Valid with the gathered counters of the same tick.
   */
  expiring(pos: number, open: Float64Array, out: Int32Array): number {
    return expiringIds(this, pos, open, out);
  }

  /** Removes flow id (which must be in use). */
  remove(id: number): void {
    for (let k = 0; k < HISTORY_LENGTH; k++) {
      this.sent[k * this.capacity + id] = 0;
      this.recv[k * this.capacity + id] = 0;
    }
    this.release(id);
  }

  /** Frees flow id's index entry, slot and id; its history rows must already be zero. */
  private release(id: number): void {
    if (this.carrySent[id] !== 0 || this.carryRecv[id] !== 0) {
      this.carrySent[id] = this.carryRecv[id] = 0;
      this.carried = this.carried.filter((c) => c !== id);
    }
    const w = this.slotWords, index = this.index, mask = this.mask;
    let hole = w[id * SLOT_WORDS + SLOT_HASH]! & mask;
    while (index[hole] !== id + 1) hole = (hole + 1) & mask;
    // Backward-shift deletion: pull later members of the probe run into the hole.
    let j = (hole + 1) & mask;
    for (;;) {
      const e = index[j]!;
      if (e === 0) break;
      const home = w[(e - 1) * SLOT_WORDS + SLOT_HASH]! & mask;
      if (((j - home) & mask) >= ((j - hole) & mask)) {
        index[hole] = e;
        hole = j;
      }
      j = (j + 1) & mask;
    }
    index[hole] = 0;
    w.fill(0, id * SLOT_WORDS, (id + 1) * SLOT_WORDS);
    this.used[id] = 0;
    this.fresh = false;
    this.freeIds[this.freeCount++] = id;
    this.size--;
  }

  private grow(): void {
    this.resize(Math.min(this.capacity * 2, this.maxFlows));
  }

  /** Every per-id array to room for `cap` flows, keeping what they hold (from the empty arrays at construction). */
  private resize(cap: number): void {
    this.keys = resized(this.keys, cap * KEY_WORDS);
    this.sent = regridded(this.sent, this.capacity, cap);
    this.recv = regridded(this.recv, this.capacity, cap);
    this.totalSent = resized(this.totalSent, cap);
    this.totalRecv = resized(this.totalRecv, cap);
    this.totalPacketsSent = resized(this.totalPacketsSent, cap);
    this.totalPacketsRecv = resized(this.totalPacketsRecv, cap);
    this.firstSeen = resized(this.firstSeen, cap);
    this.lastSeen = resized(this.lastSeen, cap);
    this.carrySent = resized(this.carrySent, cap);
    this.carryRecv = resized(this.carryRecv, cap);
    this.last4Sent = resized(this.last4Sent, cap);
    this.last4Recv = resized(this.last4Recv, cap);
    this.last19Sent = resized(this.last19Sent, cap);
    this.last19Recv = resized(this.last19Recv, cap);
    this.lastWrite = resized(this.lastWrite, cap);
    this.seq = resized(this.seq, cap);
    this.used = resized(this.used, cap);
    this.freeIds = resized(this.freeIds, cap);
    this.slotWords = resized(this.slotWords, cap * SLOT_WORDS);
    this.capacity = cap;
  }

  /** Rebuilds the index with `entries` entries (a power of two, more than twice the flows). */
  private rehash(entries: number): void {
    const index = new Int32Array(entries), mask = entries - 1, w = this.slotWords, used = this.used;
    for (let id = 0; id < this.highWater; id++) {
      if (used[id] !== 1) continue;
      let i = w[id * SLOT_WORDS + SLOT_HASH]! & mask;
      while (index[i] !== 0) i = (i + 1) & mask;
      index[i] = id + 1;
    }
    this.index = index;
    this.mask = mask;
  }
}

/** Slot-major history rows moved from rows of oldCap ids to rows of newCap ids. */
function regridded(a: Float64Array, oldCap: number, newCap: number): Float64Array {
  const b = new Float64Array(newCap * HISTORY_LENGTH);
  for (let k = 0; k < HISTORY_LENGTH; k++) b.set(a.subarray(k * oldCap, (k + 1) * oldCap), k * newCap);
  return b;
}

type TypedArray = Uint32Array | Int32Array | Float64Array | Uint8Array;
function resized<T extends TypedArray>(a: T, length: number): T {
  const b = new (a.constructor as new (n: number) => T)(length);
  b.set(a);
  return b;
}
