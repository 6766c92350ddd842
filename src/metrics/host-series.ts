// Bounded per-host series of one interface: local hosts up to a cap, the top remote hosts over 5 minutes, the rest in __other__.
import { KeyIndex } from '../core/key-index.js';
import type { TickSnapshot } from '../core/tick-snapshot.js';
import { formatAddressWords, wordsToBytes } from '../format/address-words.js';
import type { MetricsRegistry } from '../ports/metrics-registry.js';
import { HOST } from './metric-families.js';
import { RankedPool } from './ranked-pool.js';
import { SeriesLedger } from './series-ledger.js';
import { HOST_WORDS } from './tick-tally.js';
import type { TickTally } from './tick-tally.js';

export interface HostSeriesOptions {
  /** Local hosts (snapshot.isLocal) exposed at most: --metrics-max-hosts. */
  readonly maxLocal: number;
  /** Remote hosts exposed: --metrics-top-remote. */
  readonly topRemote: number;
  /** Evicted hosts whose counters are remembered for when they come back. */
  readonly remembered: number;
  /** Seed of the address index (addresses come from the wire). */
  readonly seed: number;
}

/** Candidates tracked per pool: enough that a real top host is not crowded out by a flood of one-packet sources. */
export function poolCapacity(exposed: number): number {
  return Math.max(1024, 8 * exposed);
}

/**
 * Two ranked pools (local, remote) over one address index of their candidates. Slots are global:
 * local slots first, then remote ones. Per tick the cost is one lookup per distinct host with traffic
 * plus O(pool capacity); memory does not depend on how many distinct hosts the traffic names.
 */
export class HostSeries {
  readonly ledger: SeriesLedger;
  private readonly pools: readonly [RankedPool, RankedPool];
  private readonly localSlots: number;
  private readonly index: KeyIndex;
  private readonly idSlot: Int32Array;
  private readonly slotKeys: Uint32Array;
  private readonly slotLabel: (string | null)[];
  private indexStale = false;
  private hostSlot = new Int32Array(0);
  private hostGeneration = new Uint32Array(0);
  private readonly newcomers: [Newcomers, Newcomers] = [new Newcomers(), new Newcomers()];
  private readonly address = new Uint8Array(16);

  constructor(registry: MetricsRegistry, interfaceName: string, o: HostSeriesOptions) {
    this.ledger = new SeriesLedger(registry, HOST, interfaceName, o.remembered);
    const localCap = poolCapacity(o.maxLocal), remoteCap = poolCapacity(o.topRemote);
    this.localSlots = localCap;
    const total = localCap + remoteCap;
    this.index = new KeyIndex(HOST_WORDS, o.seed);
    this.index.reset(total);
    this.idSlot = new Int32Array(total);
    this.slotKeys = new Uint32Array(total * HOST_WORDS);
    this.slotLabel = new Array<string | null>(total).fill(null);
    const listener = (offset: number) => ({
      exposed: (slot: number) => this.exposed(offset + slot),
      unexposed: (slot: number) => this.unexposed(offset + slot),
      dropped: () => {
        this.indexStale = true;
      },
    });
    this.pools = [new RankedPool(localCap, o.maxLocal, listener(0)), new RankedPool(remoteCap, o.topRemote, listener(localCap))];
  }

  /** Hosts with their own series now. */
  get exposedCount(): number {
    return this.ledger.exposedCount;
  }

  /** After tally.run(s): ranks the hosts and adds this slot's traffic to their series or to __other__. */
  update(t: TickTally, s: TickSnapshot): void {
    const n = t.hostCount;
    if (this.hostSlot.length < n) {
      this.hostSlot = new Int32Array(t.hosts.capacity);
      this.hostGeneration = new Uint32Array(t.hosts.capacity);
    }
    for (const pool of this.pools) pool.advance(s.ts);
    this.newcomers[0].clear();
    this.newcomers[1].clear();
    const keys = t.hosts.keys;
    const sB = t.hostSentBytes, rB = t.hostRecvBytes, sP = t.hostSentPackets, rP = t.hostRecvPackets;
    for (let h = 0; h < n; h++) {
      this.hostSlot[h] = -1;
      const bytes = sB[h]! + rB[h]!;
      if (bytes === 0 && sP[h]! + rP[h]! === 0) continue;
      const id = this.index.find(keys, h * HOST_WORDS);
      if (id >= 0) {
        const slot = this.idSlot[id]!;
        const local = slot < this.localSlots;
        const pool = this.pools[local ? 0 : 1];
        const ps = local ? slot : slot - this.localSlots;
        pool.add(ps, bytes);
        this.hostSlot[h] = slot;
        this.hostGeneration[h] = pool.generation[ps]!;
      } else {
        this.newcomers[this.isLocal(keys, h, s) ? 0 : 1].push(h, bytes);
      }
    }
    for (let p = 0; p < 2; p++) {
      const pool = this.pools[p]!, offset = p === 0 ? 0 : this.localSlots, news = this.newcomers[p]!;
      pool.prune();
      pool.admit(news.count, news.bytes, (i, ps) => this.place(news.hosts[i]!, offset + ps, pool.generation[ps]!, keys));
    }
    if (this.indexStale) this.rebuildIndex();
    for (const pool of this.pools) pool.rank();

    let eSB = 0, eRB = 0, eSP = 0, eRP = 0;
    for (let h = 0; h < n; h++) {
      const slot = this.hostSlot[h]!;
      if (slot < 0) continue;
      const local = slot < this.localSlots;
      const pool = this.pools[local ? 0 : 1];
      const ps = local ? slot : slot - this.localSlots;
      // The slot may have been given to a busier newcomer during admission: then this host is __other__.
      if (pool.generation[ps] !== this.hostGeneration[h] || pool.isExposed[ps] !== 1) continue;
      this.ledger.add(this.slotLabel[slot]!, sB[h]!, rB[h]!, sP[h]!, rP[h]!);
      eSB += sB[h]!;
      eRB += rB[h]!;
      eSP += sP[h]!;
      eRP += rP[h]!;
    }
    // Every byte on the interface has a source host and a destination host: the overflow line's
    // traffic and that of hosts without a series go to __other__, so each family sums to the totals.
    const bytes = s.totals.slotSentBytes + s.totals.slotRecvBytes;
    const packets = s.totals.slotSentPackets + s.totals.slotRecvPackets;
    this.ledger.addOther(Math.max(0, bytes - eSB), Math.max(0, bytes - eRB), Math.max(0, packets - eSP), Math.max(0, packets - eRP));
  }

  private isLocal(keys: Uint32Array, h: number, s: TickSnapshot): boolean {
    const o = h * HOST_WORDS;
    const family = keys[o] === 6 ? 6 : 4;
    wordsToBytes(keys, o + 1, this.address);
    return s.isLocal(family, this.address);
  }

  private place(h: number, slot: number, generation: number, keys: Uint32Array): void {
    this.slotKeys.set(keys.subarray(h * HOST_WORDS, (h + 1) * HOST_WORDS), slot * HOST_WORDS);
    this.hostSlot[h] = slot;
    this.hostGeneration[h] = generation;
    this.indexStale = true;
  }

  private rebuildIndex(): void {
    this.index.reset(this.idSlot.length);
    for (let p = 0; p < 2; p++) {
      const pool = this.pools[p]!, offset = p === 0 ? 0 : this.localSlots;
      for (let ps = 0; ps < pool.capacity; ps++) {
        if (pool.inUse[ps] !== 1) continue;
        const slot = offset + ps;
        this.idSlot[this.index.idOf(this.slotKeys, slot * HOST_WORDS)] = slot;
      }
    }
    this.indexStale = false;
  }

  private exposed(slot: number): void {
    const o = slot * HOST_WORDS;
    const label = formatAddressWords(this.slotKeys[o] === 6 ? 6 : 4, this.slotKeys, o + 1, this.address);
    this.slotLabel[slot] = label;
    this.ledger.expose(label);
  }

  private unexposed(slot: number): void {
    const label = this.slotLabel[slot];
    if (label !== null && label !== undefined) this.ledger.evict(label);
    this.slotLabel[slot] = null;
  }
}

/** Hosts new to a pool at this tick, with their bytes (typed arrays reused across ticks). */
class Newcomers {
  count = 0;
  hosts = new Int32Array(256);
  bytes = new Float64Array(256);

  clear(): void {
    this.count = 0;
  }

  push(h: number, bytes: number): void {
    if (this.count === this.hosts.length) {
      const hosts = new Int32Array(this.count * 2), b = new Float64Array(this.count * 2);
      hosts.set(this.hosts);
      b.set(this.bytes);
      this.hosts = hosts;
      this.bytes = b;
    }
    this.hosts[this.count] = h;
    this.bytes[this.count++] = bytes;
  }
}
