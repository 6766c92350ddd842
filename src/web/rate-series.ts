// The incoming/outgoing graph's points: a sliding window of the last minutes live, the whole capture (halved as it grows) for a file.

/** One point: tick time (s), received and sent bytes per second over the slot that ended then. */
export type RatePoint = readonly [ts: number, rx: number, tx: number];

/** Live: 300 ticks of 2 s, the last 10 minutes. */
export const LIVE_POINTS = 300;
/** A file keeps its whole time line in at most this many points: when full, neighbours are merged two into one. */
export const FILE_POINTS = 600;

/**
 * Bounded in both modes. `window` drops the oldest point; `whole` merges pairs of points when full
 * (rates averaged by duration, the later time kept) and from then on sums new slots into points as
 * long as the merged ones, so a 10-hour capture shows from start to end at an even resolution.
 */
export class RateSeries {
  private points: RatePoint[] = [];
  private spans: number[] = [];
  /** Bumped when earlier points changed (merged): readers must take the whole series again. */
  generation = 0;
  /** Points completed since the series started (so a reader can ask for what is new). */
  private added = 0;
  /** Whole mode: the seconds one point covers now (0: one point per slot). */
  private pointSeconds = 0;
  private pending: { ts: number; seconds: number; rx: number; tx: number } | null = null;

  constructor(private readonly mode: 'window' | 'whole', private readonly capacity = mode === 'window' ? LIVE_POINTS : FILE_POINTS) {}

  /** A slot that ended at `ts` after `seconds`, with its bytes in each direction. */
  add(ts: number, seconds: number, rxBytes: number, txBytes: number): void {
    const s = seconds > 0 ? seconds : 2;
    const p = this.pending ?? { ts, seconds: 0, rx: 0, tx: 0 };
    p.ts = ts;
    p.seconds += s;
    p.rx += rxBytes;
    p.tx += txBytes;
    this.pending = p;
    // A little slack: slots are 2 s, a merged point 2^k slots.
    if (p.seconds + 1e-9 < this.pointSeconds) return;
    this.pending = null;
    this.push([p.ts, p.rx / p.seconds, p.tx / p.seconds], p.seconds);
  }

  get length(): number {
    return this.points.length;
  }

  /** Every completed point, oldest first. */
  all(): readonly RatePoint[] {
    return this.points;
  }

  /** The count of points ever completed; `since(n)` gives the ones completed after the n-th. */
  get total(): number {
    return this.added;
  }

  /** Points completed after the first `total` ones (all kept points if more were added than are kept). */
  since(total: number): readonly RatePoint[] {
    const fresh = this.added - total;
    if (fresh <= 0) return [];
    return fresh >= this.points.length ? this.points : this.points.slice(this.points.length - fresh);
  }

  /** Completes a point still summing slots (the end of a file). */
  flush(): void {
    const p = this.pending;
    if (p === null) return;
    this.pending = null;
    this.push([p.ts, p.rx / p.seconds, p.tx / p.seconds], p.seconds);
  }

  private push(point: RatePoint, seconds: number): void {
    this.points.push(point);
    this.spans.push(seconds);
    this.added++;
    if (this.points.length <= this.capacity) return;
    if (this.mode === 'window') {
      this.points.shift();
      this.spans.shift();
      return;
    }
    this.halve();
  }

  private halve(): void {
    const p: RatePoint[] = [];
    const sp: number[] = [];
    let widest = 0;
    for (let i = 0; i + 1 < this.points.length; i += 2) {
      const a = this.points[i]!, b = this.points[i + 1]!;
      const sa = this.spans[i]!, sb = this.spans[i + 1]!;
      p.push([b[0], (a[1] * sa + b[1] * sb) / (sa + sb), (a[2] * sa + b[2] * sb) / (sa + sb)]);
      sp.push(sa + sb);
      widest = Math.max(widest, sa + sb);
    }
    if (this.points.length % 2 === 1) {
      p.push(this.points.at(-1)!);
      sp.push(this.spans.at(-1)!);
    }
    this.points = p;
    this.spans = sp;
    this.pointSeconds = widest;
    this.generation++;
  }
}
