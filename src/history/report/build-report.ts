// From the store to report data (one per interface or merged group): the same data feeds the text, JSON and CSV outputs.
import type { Dimension, HistoryReader } from '../../ports/history-store.js';
import type { Zone } from '../time/zone.js';
import type { HistoryReport } from '../../cli/history-args.js';
import { dayEstimateByMinutes, estimate, listPeriods, loadSums, periodRow } from './periods.js';
import type { PeriodRow } from './periods.js';
import { percentile } from './percentile.js';
import type { PercentileReport } from './percentile.js';
import { topDetail } from './top-list.js';
import type { TopReport } from './top-list.js';
import type { ListReport, ListUnit, SummaryReport } from './vnstat-text.js';

/** What one report covers: an interface, or several merged (-i a+b). */
export interface Target {
  readonly name: string;
  readonly ifaces: readonly string[];
  readonly created: number;
  readonly updated: number;
}

export type ReportData =
  | { readonly kind: 'summary'; readonly items: readonly SummaryReport[] }
  | { readonly kind: 'list'; readonly unit: ListUnit; readonly items: readonly ListReport[] }
  | { readonly kind: 'hoursgraph'; readonly items: readonly { readonly target: Target; readonly hours: readonly PeriodRow[] }[] }
  | { readonly kind: 'percentile'; readonly items: readonly { readonly target: Target; readonly p: PercentileReport | null }[] }
  | { readonly kind: 'top'; readonly dim: Dimension; readonly items: readonly TopReport[] }
  | { readonly kind: 'graph'; readonly unit: 'hour' | 'day'; readonly items: readonly { readonly target: Target; readonly rows: readonly PeriodRow[] }[] };

export interface BuildOptions {
  readonly now: number;
  readonly zone: Zone;
  readonly limit: number | null;
  /** Resolved range [begin, end) in epoch seconds: lists and graphs take the periods it touches, top lists use it as is. */
  readonly begin: number | null;
  readonly end: number | null;
  /** --at: the top lists of the stored bucket holding this instant. */
  readonly at?: number | null;
  /** Columns a --graph may use for its bars. */
  readonly graphColumns: number;
}

/** vnstat's default list lengths (List5Mins 24, ListHours 24, ListDays 30, ListMonths 12, ListYears 0, ListTop 10). */
const DEFAULT_LIMIT: Record<ListUnit, number> = { fiveminute: 24, hour: 24, day: 30, month: 12, year: 0, top: 10 };

const EVER = 1e12;

export function buildReport(reader: HistoryReader, report: HistoryReport, targets: readonly Target[], o: BuildOptions): ReportData {
  const { zone } = o;
  const sums = (t: Target) => loadSums(reader, t.ifaces, 0, EVER);
  switch (report.kind) {
    case 'summary':
      return {
        kind: 'summary',
        items: targets.map((t) => {
          const s = sums(t);
          const months = listPeriods(s, zone, 'month', { updated: t.updated, created: t.created, limit: 2 });
          const days = listPeriods(s, zone, 'day', { updated: t.updated, created: t.created, limit: 2 });
          const total = s.sum(0, EVER);
          return {
            name: t.name, created: t.created, updated: t.updated, total, months, days,
            monthEstimate: estimate(months[months.length - 1], t.updated, t.created),
            dayEstimate: dayEstimateByMinutes(days[days.length - 1], t.updated),
          };
        }),
      };
    case 'list': {
      const unit = report.unit;
      const limit = o.limit ?? report.limit ?? DEFAULT_LIMIT[unit];
      return {
        kind: 'list',
        unit,
        items: targets.map((t): ListReport => {
          const s = sums(t);
          // Lists end with the period holding the range's last instant.
          const opts = { updated: t.updated, created: t.created, begin: o.begin, end: o.end === null ? null : o.end - 1 };
          if (unit === 'top') {
            const days = listPeriods(s, zone, 'day', { ...opts, limit: 0, begin: o.begin ?? 0 });
            const ranked = [...days].sort((a, b) => b.rxBytes + b.txBytes - (a.rxBytes + a.txBytes) || a.start - b.start);
            return { name: t.name, unit, rows: limit > 0 ? ranked.slice(0, limit) : ranked, estimate: null, sum: null, limit, begin: o.begin, end: o.end };
          }
          const rows = listPeriods(s, zone, unit, { ...opts, limit });
          const sum = { rxBytes: 0, txBytes: 0, rxPackets: 0, txPackets: 0 };
          for (const r of rows) {
            sum.rxBytes += r.rxBytes;
            sum.txBytes += r.txBytes;
            sum.rxPackets += r.rxPackets;
            sum.txPackets += r.txPackets;
          }
          const withEstimate = unit === 'day' || unit === 'month' || unit === 'year';
          return {
            name: t.name, unit, rows, limit, begin: o.begin, end: o.end,
            estimate: withEstimate && o.end === null ? estimate(rows[rows.length - 1], t.updated, t.created) : null,
            sum: o.end !== null ? sum : null,
          };
        }),
      };
    }
    case 'hoursgraph':
      return { kind: 'hoursgraph', items: targets.map((t) => ({ target: t, hours: lastPeriods(sums(t), zone, 'hour', t, 24, null) })) };
    case 'graph': {
      const n = Math.max(1, o.limit ?? o.graphColumns);
      return { kind: 'graph', unit: report.unit, items: targets.map((t) => ({ target: t, rows: lastPeriods(sums(t), zone, report.unit, t, n, o.end === null ? null : o.end - 1) })) };
    }
    case 'percentile':
      return {
        kind: 'percentile',
        items: targets.map((t) => {
          const monthBegin = zone.periodStart('month', t.updated);
          // vnstat caps the query at 8928 entries (31 days × 288).
          const buckets = reader.ifaceBuckets(t.ifaces, 300, monthBegin, Math.floor(t.updated) + 1).slice(-8928);
          return { target: t, p: percentile(t.name, monthBegin, buckets) };
        }),
      };
    case 'top': {
      let end = o.end ?? Math.floor(o.now);
      let begin = o.begin ?? zone.periodStart('day', o.now);
      if (o.at != null) [begin, end] = bucketAround(reader, report.dim, targets.flatMap((t) => t.ifaces), o.at);
      return { kind: 'top', dim: report.dim, items: targets.map((t) => topDetail(reader, t.name, t.ifaces, report.dim, begin, end, o.limit ?? 10, o.now)) };
    }
  }
}

/** The n periods ending with the one holding `end` (default: the last update), empty ones included. */
function lastPeriods(s: ReturnType<typeof loadSums>, zone: Zone, unit: 'hour' | 'day', t: Target, n: number, end: number | null): PeriodRow[] {
  const out: PeriodRow[] = [];
  let start = zone.periodStart(unit, end ?? t.updated);
  for (let i = 0; i < n; i++) {
    out.push(periodRow(s, start, zone.nextPeriod(unit, start), t.updated, t.created));
    start = zone.previousPeriod(unit, start);
  }
  out.reverse();
  // Nothing before the first recorded bucket: a graph starting with idle periods that were never watched would mislead.
  const first = out.findIndex((r) => r.rows > 0);
  return first <= 0 ? out : out.slice(first);
}

/** The finest detail bucket kept at instant t (an hour by default; 5 minutes where 5-minute detail is kept). */
function bucketAround(reader: HistoryReader, dim: Dimension, ifaces: readonly string[], t: number): [number, number] {
  const kept = reader.detailResolutions(dim).filter((r) => {
    const e = reader.earliest(dim, ifaces, r);
    return e !== null && e <= t;
  });
  const res = kept.length > 0 ? Math.min(...kept) : 3600;
  const begin = Math.floor(t / res) * res;
  return [begin, begin + res];
}
