// vnstat's 95th percentile of the month's 5-minute buckets (percentile.c, show95thpercentile) and its table.
import { inert } from '../../format/inert.js';
import type { BucketCounters } from '../../ports/history-store.js';
import type { Zone } from '../time/zone.js';
import { rateText } from './vnstat-units.js';

export interface PercentileReport {
  readonly name: string;
  /** Start of the local month, and the first and last 5-minute bucket found in it. */
  readonly monthBegin: number;
  readonly dataBegin: number;
  readonly dataEnd: number;
  readonly count: number;
  /** Buckets the month would have had up to dataEnd. */
  readonly expected: number;
  /** Per direction: bytes of a 5-minute bucket. */
  readonly rx: PercentileFigures;
  readonly tx: PercentileFigures;
  readonly total: PercentileFigures;
}

export interface PercentileFigures {
  readonly min: number;
  readonly max: number;
  readonly sum: number;
  /** The 95th percentile bucket: bytes in its 300 s. */
  readonly p95: number;
}

const f32 = Math.fround;

/** C's lrint(): to nearest, ties to even. */
function lrint(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * `buckets`: the month's 5-minute buckets, ascending. As vnstat: each direction sorted on its own, the
 * entry at lrint(count × 0.95f) − 1 (single-precision 0.95, as in C), rates over 300 s.
 */
export function percentile(name: string, monthBegin: number, buckets: readonly BucketCounters[]): PercentileReport | null {
  if (buckets.length === 0) return null;
  const count = buckets.length;
  const index = Math.max(0, lrint(f32(f32(count) * f32(0.95))) - 1);
  const figures = (pick: (b: BucketCounters) => number): PercentileFigures => {
    const v = buckets.map(pick).sort((a, b) => a - b);
    return { min: v[0]!, max: v[v.length - 1]!, sum: v.reduce((s, x) => s + x, 0), p95: v[index]! };
  };
  const dataEnd = buckets[count - 1]!.ts;
  return {
    name, monthBegin, dataBegin: buckets[0]!.ts, dataEnd, count,
    expected: Math.floor((dataEnd - monthBegin) / 300) + 1,
    rx: figures((b) => b.rxBytes), tx: figures((b) => b.txBytes), total: figures((b) => b.rxBytes + b.txBytes),
  };
}

export function percentileText(p: PercentileReport | null, name: string, zone: Zone): string {
  if (p === null) return `No 5 minute data for 95th percentile available for ${inert(name)}.\n`;
  const coverage = p.count === p.expected ? '100% coverage' : `${((p.count / p.expected) * 100).toFixed(1)}% coverage`;
  const ind = ' '.repeat(7);
  const r = (bytes: number, secs: number) => rateText(bytes, secs, 15);
  const line = (label: string, pick: (f: PercentileFigures) => number, secs: number) =>
    `${ind}${label}${r(pick(p.rx), secs)} |${r(pick(p.tx), secs)} |${r(pick(p.total), secs)}`;
  return [
    '',
    ` ${inert(p.name)}  /  95th percentile`,
    '',
    ` ${zone.strftime(p.monthBegin, '%Y-%m-%d %H:%M')} - ${zone.strftime(p.dataEnd, '%Y-%m-%d %H:%M')} (${p.count} entries, ${coverage})`,
    '',
    `${ind}                   rx       |       tx       |     total`,
    `${ind}----------------------------+----------------+---------------`,
    line('minimum     ', (f) => f.min, 300),
    line('average     ', (f) => f.sum, p.count * 300),
    line('maximum     ', (f) => f.max, 300),
    `${ind}----------------------------+----------------+---------------`,
    line(' 95th %     ', (f) => f.p95, 300),
    '',
  ].join('\n');
}
