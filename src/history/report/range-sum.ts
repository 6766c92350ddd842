// Traffic of any time range from the stored buckets: whole buckets of the coarsest resolution that fits, finer ones at the edges.
import type { BucketCounters, Counters } from '../../ports/history-store.js';
import type { Resolution } from '../resolutions.js';

/** Whole buckets of one resolution, from ≤ ts < to (both aligned). */
export interface FullSpan {
  readonly res: Resolution;
  readonly from: number;
  readonly to: number;
}

/** The share [from, to) of the one bucket starting at `bucket`, taken by time when no finer buckets exist there. */
export interface PartSpan {
  readonly res: Resolution;
  readonly bucket: number;
  readonly from: number;
  readonly to: number;
}

/**
 * Splits [a, b) into whole buckets, coarsest first (a local day in Berlin is 1 UTC hour + 23 hours; a
 * month is whole UTC days plus hours at both ends). An edge goes to the next finer resolution when
 * that one has data there (it is not pruned yet: `earliest`); otherwise it is the time share of the
 * coarser bucket around it. `levels` are the resolutions present, any order.
 */
export function decompose(a: number, b: number, levels: readonly Resolution[], earliest: (res: Resolution) => number | null): { full: FullSpan[]; parts: PartSpan[] } {
  const L = [...levels].sort((x, y) => y - x);
  const full: FullSpan[] = [];
  const parts: PartSpan[] = [];
  const go = (x: number, y: number, i: number): void => {
    if (x >= y || i >= L.length) return;
    const r = L[i]!;
    const A = Math.ceil(x / r) * r, B = Math.floor(y / r) * r;
    const edges: [number, number][] = [];
    if (A <= B) {
      if (A < B) full.push({ res: r, from: A, to: B });
      edges.push([x, A], [B, y]);
    } else {
      edges.push([x, y]);
    }
    for (const [ex, ey] of edges) {
      if (ex >= ey) continue;
      const finer = L[i + 1];
      const e = finer === undefined ? null : earliest(finer);
      if (finer !== undefined && e !== null && ex >= e) go(ex, ey, i + 1);
      else parts.push({ res: r, bucket: Math.floor(ex / r) * r, from: ex, to: ey });
    }
  };
  go(a, b, 0);
  return { full, parts };
}

/** The time share of value v for [from, to) of a bucket [s, s + r): shares of adjacent ranges add up to v exactly. */
export function share(v: number, s: number, r: number, from: number, to: number): number {
  return Math.floor((v * (to - s)) / r) - Math.floor((v * (from - s)) / r);
}

export interface RangeCounters extends Counters {
  /** Stored buckets that contributed (0: nothing was recorded in the range). */
  rows: number;
}

/** One resolution's buckets with prefix sums: any run of whole buckets in O(log n). */
class Series {
  private readonly ts: Float64Array;
  private readonly pre: Float64Array[];

  constructor(readonly res: Resolution, rows: readonly BucketCounters[]) {
    this.ts = Float64Array.from(rows, (r) => r.ts);
    this.pre = [0, 1, 2, 3].map(() => new Float64Array(rows.length + 1));
    rows.forEach((r, i) => {
      const v = [r.rxBytes, r.txBytes, r.rxPackets, r.txPackets];
      for (let k = 0; k < 4; k++) this.pre[k]![i + 1] = this.pre[k]![i]! + v[k]!;
    });
  }

  private lower(t: number): number {
    let lo = 0, hi = this.ts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ts[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  addRange(from: number, to: number, out: RangeCounters): void {
    const i = this.lower(from), j = this.lower(to);
    out.rxBytes += this.pre[0]![j]! - this.pre[0]![i]!;
    out.txBytes += this.pre[1]![j]! - this.pre[1]![i]!;
    out.rxPackets += this.pre[2]![j]! - this.pre[2]![i]!;
    out.txPackets += this.pre[3]![j]! - this.pre[3]![i]!;
    out.rows += j - i;
  }

  addShare(bucket: number, from: number, to: number, out: RangeCounters): void {
    const i = this.lower(bucket);
    if (i >= this.ts.length || this.ts[i] !== bucket) return;
    const r = this.res;
    const v = (k: number) => share(this.pre[k]![i + 1]! - this.pre[k]![i]!, bucket, r, from, to);
    out.rxBytes += v(0);
    out.txBytes += v(1);
    out.rxPackets += v(2);
    out.txPackets += v(3);
    out.rows += 1;
  }

  /** Start of the first bucket, or null. */
  first(): number | null {
    return this.ts.length === 0 ? null : this.ts[0]!;
  }
}

/** Interface counters of any range, from the buckets of every resolution loaded once. */
export class IfaceSums {
  private readonly series = new Map<Resolution, Series>();

  /** `rows` per resolution must cover every range asked later; `earliest` is each resolution's first bucket in the store. */
  constructor(rows: ReadonlyMap<Resolution, readonly BucketCounters[]>, private readonly earliestStored: ReadonlyMap<Resolution, number | null>) {
    for (const [res, list] of rows) this.series.set(res, new Series(res, list));
  }

  /** First instant anything was recorded, or null for no data at all. */
  firstData(): number | null {
    const all = [...this.earliestStored.values()].filter((v): v is number => v !== null);
    return all.length === 0 ? null : Math.min(...all);
  }

  sum(a: number, b: number): RangeCounters {
    const out: RangeCounters = { rxBytes: 0, txBytes: 0, rxPackets: 0, txPackets: 0, rows: 0 };
    const levels = [...this.series.keys()].filter((r) => this.earliestStored.get(r) != null);
    const { full, parts } = decompose(a, b, levels, (r) => this.earliestStored.get(r) ?? null);
    for (const f of full) this.series.get(f.res)!.addRange(f.from, f.to, out);
    for (const p of parts) this.series.get(p.res)!.addShare(p.bucket, p.from, p.to, out);
    return out;
  }
}
