// In-memory buckets of one run segment: interface counters and detail entities, with the top-K rows each flush writes.
import type { DetailDelete, DetailRow, DetailTotals, Dimension, IfaceRow } from '../../ports/history-store.js';
import { OTHER } from '../../ports/history-store.js';
import type { Resolution } from '../resolutions.js';

/** How many detail rows a bucket gets; the rest is summed into `__other__`. */
export interface DetailLimits {
  /** Remote hosts with a row of their own per bucket (ranked by bytes sent + received). */
  readonly topRemoteHosts: number;
  /** Hosts inside the local networks: all of them, up to this many (then ranked like remote ones). */
  readonly maxLocalHosts: number;
  readonly topPorts: number;
  readonly topPrograms: number;
  readonly topUnits: number;
  /**
   * Entities a bucket tracks to rank them (remote hosts on a busy day). Beyond this the smaller half
   * without a row is forgotten: their bytes stay in `__other__`, so sums stay exact.
   */
  readonly maxCandidates: number;
}

export const DEFAULT_LIMITS: DetailLimits = {
  topRemoteHosts: 50, maxLocalHosts: 1000, topPorts: 100, topPrograms: 100, topUnits: 100, maxCandidates: 20_000,
};

export class IfaceBucket {
  rxBytes = 0;
  txBytes = 0;
  rxPackets = 0;
  txPackets = 0;
  /** Bytes as last written successfully: what a dropped bucket loses is the difference. */
  writtenBytes = 0;
  dirty = true;
  constructor(readonly res: Resolution, readonly ts: number) {}

  row(): IfaceRow {
    return { res: this.res, ts: this.ts, rxBytes: this.rxBytes, txBytes: this.txBytes, rxPackets: this.rxPackets, txPackets: this.txPackets };
  }
}

interface Entity extends DetailTotals {
  dirty: boolean;
  /** A row may exist for it in the store (set when a write is attempted, cleared when a delete succeeds). */
  maybeWritten: boolean;
}

/** What a flush of one detail bucket writes, and what to mark once the write succeeded. */
export interface DetailFlush {
  readonly rows: DetailRow[];
  readonly deletes: DetailDelete[];
  commit(): void;
}

export class DetailBucket {
  private readonly entities = new Map<string, Entity>();
  /** What the rows must add up to (from the interface totals): `__other__` is the rest. */
  totalA = 0;
  totalB = 0;
  totalAPackets = 0;
  totalBPackets = 0;
  dirty = true;
  private otherWritten: { a: number; b: number; ap: number; bp: number } | null = null;
  private kept = new Set<string>();
  /** Candidates forgotten for the cap (counted for the stats). */
  evicted = 0;

  constructor(readonly dim: Dimension, readonly res: Resolution, readonly ts: number) {}

  get size(): number {
    return this.entities.size;
  }

  /** Adds to an entity; returns false when a new entity was refused (`allowNew` false: memory bound). */
  add(key: string, local: boolean, a: number, b: number, ap: number, bp: number, allowNew: boolean, maxCandidates: number): boolean {
    let e = this.entities.get(key);
    if (e === undefined) {
      if (!allowNew) return false;
      if (this.entities.size >= maxCandidates) this.evictSmallHalf();
      e = { key, local, a: 0, b: 0, aPackets: 0, bPackets: 0, dirty: true, maybeWritten: false };
      this.entities.set(key, e);
    }
    e.a += a;
    e.b += b;
    e.aPackets += ap;
    e.bPackets += bp;
    e.dirty = true;
    this.dirty = true;
    return true;
  }

  /** Row of its own this flush: all local hosts up to the cap, then the top remote ones (or top N). */
  private select(limits: DetailLimits): Set<string> {
    const score = (e: Entity) => e.a + e.b;
    const byScore = (x: Entity, y: Entity) => score(y) - score(x) || (x.key < y.key ? -1 : 1);
    const all = [...this.entities.values()];
    if (this.dim !== 'host') {
      const n = this.dim === 'port' ? limits.topPorts : this.dim === 'program' ? limits.topPrograms : limits.topUnits;
      return new Set(all.sort(byScore).slice(0, n).map((e) => e.key));
    }
    const locals = all.filter((e) => e.local).sort(byScore);
    const remotes = all.filter((e) => !e.local);
    // Locals beyond the cap compete with the remote hosts for the remote places.
    remotes.push(...locals.slice(limits.maxLocalHosts));
    remotes.sort(byScore);
    return new Set([...locals.slice(0, limits.maxLocalHosts), ...remotes.slice(0, limits.topRemoteHosts)].map((e) => e.key));
  }

  /** Rows that changed since the last successful write (absolute values), deletes for demoted entities. */
  flush(limits: DetailLimits): DetailFlush {
    const kept = this.select(limits);
    const rows: DetailRow[] = [];
    const deletes: DetailDelete[] = [];
    const written: Entity[] = [];
    const deleted: Entity[] = [];
    let a = 0, b = 0, ap = 0, bp = 0;
    for (const key of kept) {
      const e = this.entities.get(key)!;
      a += e.a;
      b += e.b;
      ap += e.aPackets;
      bp += e.bPackets;
      if (e.dirty || !e.maybeWritten || !this.kept.has(key)) {
        rows.push({ res: this.res, ts: this.ts, key, local: e.local, a: e.a, b: e.b, aPackets: e.aPackets, bPackets: e.bPackets });
        e.maybeWritten = true;
        written.push(e);
      }
    }
    for (const e of this.entities.values()) {
      if (e.maybeWritten && !kept.has(e.key)) {
        deletes.push({ res: this.res, ts: this.ts, key: e.key });
        deleted.push(e);
      }
    }
    const other = {
      a: Math.max(0, this.totalA - a), b: Math.max(0, this.totalB - b),
      ap: Math.max(0, this.totalAPackets - ap), bp: Math.max(0, this.totalBPackets - bp),
    };
    const o = this.otherWritten;
    if (o === null || o.a !== other.a || o.b !== other.b || o.ap !== other.ap || o.bp !== other.bp) {
      rows.push({ res: this.res, ts: this.ts, key: OTHER, local: false, a: other.a, b: other.b, aPackets: other.ap, bPackets: other.bp });
    }
    return {
      rows,
      deletes,
      commit: () => {
        for (const e of written) e.dirty = false;
        for (const e of deleted) e.maybeWritten = false;
        this.kept = kept;
        this.otherWritten = other;
        this.dirty = false;
      },
    };
  }

  private evictSmallHalf(): void {
    // Entities that may have a row are kept: their row must be updated or deleted by a later flush.
    const free = [...this.entities.values()].filter((e) => !e.maybeWritten).sort((x, y) => x.a + x.b - (y.a + y.b));
    const n = Math.ceil(free.length / 2);
    for (let i = 0; i < n; i++) this.entities.delete(free[i]!.key);
    this.evicted += n;
  }
}
