// The history charts' requests (a span ending now, or res/from/to) turned into bounded store queries and gap-filled series.
import type { HistoryBucket, HistoryQuery, HistoryResolution } from '../ports/history-query.js';

/** The page's three charts: the last hour by minute, the last day by 5 minutes, the last month by day (darkstat's set). */
export type HistorySpan = 'hour' | 'day' | 'month';

export const SPANS: Readonly<Record<HistorySpan, { readonly resolution: HistoryResolution; readonly buckets: number }>> = {
  hour: { resolution: 60, buckets: 60 },
  day: { resolution: 300, buckets: 288 },
  month: { resolution: 86400, buckets: 31 },
};

/** More buckets than this in one answer is refused (a year of 5-minute buckets is 105 120). */
export const MAX_HISTORY_BUCKETS = 2000;

const RESOLUTIONS: readonly HistoryResolution[] = [60, 300, 3600, 86400];

export interface HistoryRange {
  readonly resolution: HistoryResolution;
  /** First bucket start, and the end (exclusive), both multiples of the resolution. */
  readonly from: number;
  readonly to: number;
  readonly span: HistorySpan | null;
}

/** The answer of /api/v1/history: one entry per bucket, null where the store has none. */
export interface HistorySeries {
  readonly source: string;
  readonly span: HistorySpan | null;
  readonly resolution: HistoryResolution;
  readonly from: number;
  readonly to: number;
  readonly ts: number[];
  readonly rxBytes: (number | null)[];
  readonly txBytes: (number | null)[];
}

/**
 * `span=hour|day|month` (ending with the bucket that holds `now`) or `res=60|300|3600|86400&from=&to=`
 * (seconds since the epoch, from < to, aligned down to the resolution). One line naming the problem otherwise.
 */
export function historyRange(query: { get(name: string): string | null }, now: number): HistoryRange | { error: string } {
  const span = query.get('span');
  if (span !== null) {
    if (span !== 'hour' && span !== 'day' && span !== 'month') return { error: 'span is hour, day or month' };
    const { resolution, buckets } = SPANS[span];
    const to = (Math.floor(now / resolution) + 1) * resolution;
    return { resolution, from: to - buckets * resolution, to, span };
  }
  const res = Number(query.get('res'));
  if (!RESOLUTIONS.includes(res as HistoryResolution)) return { error: 'give span=hour|day|month, or res=60|300|3600|86400 with from and to' };
  const resolution = res as HistoryResolution;
  const fromText = query.get('from'), toText = query.get('to');
  if (fromText === null || toText === null || !/^\d{1,12}$/.test(fromText) || !/^\d{1,12}$/.test(toText)) {
    return { error: 'from and to are whole seconds since the epoch' };
  }
  if (Number(toText) <= Number(fromText)) return { error: 'from must come before to' };
  const from = Math.floor(Number(fromText) / resolution) * resolution;
  const to = Math.ceil(Number(toText) / resolution) * resolution;
  if ((to - from) / resolution > MAX_HISTORY_BUCKETS) return { error: `at most ${MAX_HISTORY_BUCKETS} buckets at a time: a shorter range or a coarser res` };
  return { resolution, from, to, span: null };
}

/** Asks the store and lays its buckets on the full grid of the range (a bucket the store has not is null: a gap, not a zero). */
export function historySeries(store: HistoryQuery, source: string, range: HistoryRange): HistorySeries {
  const { resolution, from, to } = range;
  const n = (to - from) / resolution;
  const ts: number[] = new Array<number>(n);
  const rx: (number | null)[] = new Array<number | null>(n).fill(null);
  const tx: (number | null)[] = new Array<number | null>(n).fill(null);
  for (let i = 0; i < n; i++) ts[i] = from + i * resolution;
  const got: readonly HistoryBucket[] = store.buckets(source, resolution, from, to);
  for (const b of got) {
    const i = Math.floor((b.ts - from) / resolution);
    // A store that answers outside the range, or twice for a bucket, cannot make the series longer.
    if (i < 0 || i >= n || !Number.isFinite(b.rxBytes) || !Number.isFinite(b.txBytes)) continue;
    rx[i] = (rx[i] ?? 0) + b.rxBytes;
    tx[i] = (tx[i] ?? 0) + b.txBytes;
  }
  return { source, span: range.span, resolution, from, to, ts, rxBytes: rx, txBytes: tx };
}
