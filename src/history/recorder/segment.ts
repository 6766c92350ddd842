// One run segment's open and unflushed buckets: ticks go in, a flush takes the changed rows out.
import type { DetailRow, DetailDelete, Dimension, RunBatch } from '../../ports/history-store.js';
import { DIMENSIONS } from '../../ports/history-store.js';
import type { Resolution } from '../resolutions.js';
import { RESOLUTIONS, bucketStart } from '../resolutions.js';
import { DetailBucket, IfaceBucket } from './buckets.js';
import type { DetailLimits } from './buckets.js';

export interface SegmentFlush {
  readonly batch: RunBatch;
  commit(): void;
}

/** Rows held for one segment, and what dropping the oldest of them lost. */
export interface DropResult {
  rows: number;
  bytes: number;
}

export class Segment {
  /** res → bucket start → bucket. */
  readonly iface = new Map<Resolution, Map<number, IfaceBucket>>();
  readonly detail = new Map<Dimension, Map<Resolution, Map<number, DetailBucket>>>();
  firstTs: number | null = null;
  lastTs = 0;
  /** A segment that time went back from takes no more ticks; it is flushed and then forgotten. */
  ended = false;

  constructor(
    readonly runKey: string,
    readonly source: { readonly name: string; readonly kind: 'interface' | 'file' },
    readonly detailResolutions: readonly Resolution[],
  ) {
    for (const r of RESOLUTIONS) this.iface.set(r, new Map());
    for (const d of DIMENSIONS) this.detail.set(d, new Map(detailResolutions.map((r) => [r, new Map<number, DetailBucket>()])));
  }

  /** Adds one slot's interface counters, its midpoint `t` choosing the bucket of every resolution. */
  addTotals(t: number, rx: number, tx: number, rxP: number, txP: number): void {
    for (const [res, m] of this.iface) {
      const ts = bucketStart(t, res);
      let b = m.get(ts);
      if (b === undefined) m.set(ts, (b = new IfaceBucket(res, ts)));
      b.rxBytes += rx;
      b.txBytes += tx;
      b.rxPackets += rxP;
      b.txPackets += txP;
      b.dirty = true;
    }
  }

  /** The detail buckets holding instant t, creating them; each gets the dimension's total for the slot. */
  detailBuckets(dim: Dimension, t: number): DetailBucket[] {
    const out: DetailBucket[] = [];
    for (const [res, m] of this.detail.get(dim)!) {
      const ts = bucketStart(t, res);
      let b = m.get(ts);
      if (b === undefined) m.set(ts, (b = new DetailBucket(dim, res, ts)));
      out.push(b);
    }
    return out;
  }

  heldRows(): number {
    let n = 0;
    for (const m of this.iface.values()) n += m.size;
    for (const byRes of this.detail.values()) for (const m of byRes.values()) for (const b of m.values()) n += b.size + 1;
    return n;
  }

  /** The changed rows of every bucket; commit() marks them written and forgets closed, clean buckets. */
  flush(limits: DetailLimits): SegmentFlush {
    const ifaceRows = [];
    const ifaceDone: IfaceBucket[] = [];
    for (const m of this.iface.values()) {
      for (const b of m.values()) {
        if (!b.dirty) continue;
        ifaceRows.push(b.row());
        ifaceDone.push(b);
      }
    }
    const detail = {} as Record<Dimension, { rows: DetailRow[]; deletes: DetailDelete[] }>;
    const commits: (() => void)[] = [];
    for (const [dim, byRes] of this.detail) {
      const rows: DetailRow[] = [];
      const deletes: DetailDelete[] = [];
      for (const m of byRes.values()) {
        for (const b of m.values()) {
          if (!b.dirty) continue;
          const f = b.flush(limits);
          rows.push(...f.rows);
          deletes.push(...f.deletes);
          commits.push(f.commit);
        }
      }
      detail[dim] = { rows, deletes };
    }
    const batch: RunBatch = { runKey: this.runKey, source: this.source, firstTs: this.firstTs ?? this.lastTs, lastTs: this.lastTs, iface: ifaceRows, detail };
    return {
      batch,
      commit: () => {
        for (const b of ifaceDone) {
          b.dirty = false;
          b.writtenBytes = b.rxBytes + b.txBytes;
        }
        for (const c of commits) c();
        this.forgetClosed();
      },
    };
  }

  /** Whether a flush has anything to write. */
  dirty(): boolean {
    for (const m of this.iface.values()) for (const b of m.values()) if (b.dirty) return true;
    for (const byRes of this.detail.values()) for (const m of byRes.values()) for (const b of m.values()) if (b.dirty) return true;
    return false;
  }

  /** True when nothing is held any more (an ended segment can go). */
  empty(): boolean {
    return this.heldRows() === 0;
  }

  /**
   * Drops the oldest closed buckets until `excess` rows are gone: detail buckets first (their bytes
   * stay counted in the interface rows), then interface buckets, finest first (coarser ones still
   * hold the bytes). Returns the rows dropped and the unwritten interface bytes the worst-hit tier lost.
   */
  dropOldest(excess: number): DropResult {
    const out: DropResult = { rows: 0, bytes: 0 };
    const closed = <T extends { ts: number; res: Resolution }>(m: Map<number, T>) =>
      [...m.values()].filter((b) => this.ended || b.ts + b.res <= this.lastTs).sort((x, y) => x.ts - y.ts);
    for (const byRes of this.detail.values()) {
      for (const m of byRes.values()) {
        for (const b of closed(m)) {
          if (out.rows >= excess) return out;
          m.delete(b.ts);
          out.rows += b.size + 1;
        }
      }
    }
    // Coarser buckets hold the bytes of the finer ones dropped before them: the loss is the worst tier's.
    const lost = new Map<Resolution, number>();
    for (const m of this.iface.values()) {
      for (const b of closed(m)) {
        if (out.rows >= excess) break;
        m.delete(b.ts);
        out.rows += 1;
        lost.set(b.res, (lost.get(b.res) ?? 0) + b.rxBytes + b.txBytes - b.writtenBytes);
      }
    }
    out.bytes = Math.max(0, ...lost.values());
    return out;
  }

  private forgetClosed(): void {
    const isClosed = (ts: number, res: number) => this.ended || ts + res <= this.lastTs;
    for (const m of this.iface.values()) for (const b of m.values()) if (!b.dirty && isClosed(b.ts, b.res)) m.delete(b.ts);
    for (const byRes of this.detail.values()) {
      for (const m of byRes.values()) for (const b of m.values()) if (!b.dirty && isClosed(b.ts, b.res)) m.delete(b.ts);
    }
  }
}
