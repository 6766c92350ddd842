// Local periods (5 minutes … years) with their traffic, the seconds their average rate divides by, and vnstat's estimates.
import type { Counters, HistoryReader } from '../../ports/history-store.js';
import type { Resolution } from '../resolutions.js';
import { RESOLUTIONS, bucketStart } from '../resolutions.js';
import type { PeriodUnit, Zone } from '../time/zone.js';
import { IfaceSums } from './range-sum.js';

export interface PeriodRow extends Counters {
  readonly start: number;
  readonly end: number;
  /** The period holding the database's last update: its rate divides by the time elapsed so far. */
  readonly ongoing: boolean;
  /** Seconds the average rate divides by (a whole period, or its elapsed part when ongoing). */
  readonly seconds: number;
  /** Stored buckets behind it (a period with none is not listed, as in vnstat). */
  readonly rows: number;
}

/** Everything recorded for interfaces `ifaces` between from and to, at every resolution. */
export function loadSums(reader: HistoryReader, ifaces: readonly string[], from: number, to: number): IfaceSums {
  const rows = new Map<Resolution, ReturnType<HistoryReader['ifaceBuckets']>>();
  const earliest = new Map<Resolution, number | null>();
  for (const res of RESOLUTIONS) {
    rows.set(res, reader.ifaceBuckets(ifaces, res, bucketStart(from, res), to));
    earliest.set(res, reader.earliest('iface', ifaces, res));
  }
  return new IfaceSums(rows, earliest);
}

export function periodRow(sums: IfaceSums, start: number, end: number, updated: number, created: number): PeriodRow {
  const c = sums.sum(start, end);
  const ongoing = updated >= start && updated < end;
  let seconds = end - start;
  if (ongoing) {
    seconds = Math.floor(updated) - start;
    // vnstat: a database created after the period began counts from its creation.
    if (created > start && created - start < seconds) seconds -= Math.floor(created) - start;
  }
  return { start, end, ongoing, seconds, ...c };
}

export interface ListOptions {
  readonly updated: number;
  readonly created: number;
  /** At most this many periods, the latest ones (0: all). */
  readonly limit: number;
  /** Periods from the one holding `begin` … and up to the one holding `end` (inclusive). */
  readonly begin?: number | null;
  readonly end?: number | null;
}

/** The periods with recorded data, oldest first: the last `limit` up to `end` (default: the last update), or all from `begin`. */
export function listPeriods(sums: IfaceSums, zone: Zone, unit: PeriodUnit, o: ListOptions): PeriodRow[] {
  const first = sums.firstData();
  if (first === null) return [];
  const last = o.end ?? o.updated;
  const out: PeriodRow[] = [];
  const floor = Math.max(first, o.begin ?? first);
  for (let s = zone.periodStart(unit, last); ; s = zone.previousPeriod(unit, s)) {
    const e = zone.nextPeriod(unit, s);
    if (e <= floor) break;
    const row = periodRow(sums, s, e, o.updated, o.created);
    if (row.rows > 0) out.push(row);
    if ((o.begin === undefined || o.begin === null) && o.limit > 0 && out.length >= o.limit) break;
  }
  return out.reverse();
}

/**
 * vnstat's getestimates: the ongoing period's traffic scaled to the whole period (rx/elapsed × length,
 * truncated first), 0 when either direction is 0. Elapsed and length are real seconds: a 23-hour DST
 * day estimates over 23 hours (vnstat takes 86 400).
 */
export function estimate(row: PeriodRow | undefined, updated: number, created: number): { rx: number; tx: number } {
  if (row === undefined || !row.ongoing || row.rxBytes === 0 || row.txBytes === 0) return { rx: 0, tx: 0 };
  let div = Math.floor(updated) - row.start;
  let mult = row.end - row.start;
  const offset = created > row.start ? Math.floor(created) - row.start : 0;
  if (offset > 0 && div > offset && mult > offset) {
    div -= offset;
    mult -= offset;
  }
  if (div <= 0) return { rx: 0, tx: 0 };
  return { rx: Math.trunc(row.rxBytes / div) * mult, tx: Math.trunc(row.txBytes / div) * mult };
}

/**
 * The summary's estimate for today, as vnstat's showsummary computes it: by whole minutes elapsed
 * (rx / minutes, truncated, × 1440), no creation offset.
 */
export function dayEstimateByMinutes(row: PeriodRow | undefined, updated: number): { rx: number; tx: number } {
  if (row === undefined || !row.ongoing || row.rxBytes === 0 || row.txBytes === 0) return { rx: 0, tx: 0 };
  const minutes = Math.floor((Math.floor(updated) - row.start) / 60);
  const perDay = Math.round((row.end - row.start) / 60);
  if (minutes <= 0) return { rx: 0, tx: 0 };
  return { rx: Math.trunc(row.rxBytes / minutes) * perDay, tx: Math.trunc(row.txBytes / minutes) * perDay };
}
