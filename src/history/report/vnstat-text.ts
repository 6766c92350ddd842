// vnstat 2.10's text layouts (OutputStyle 3): the -5/-h/-d/-m/-y/-t lists and the summary, from report rows.
import { inert } from '../../format/inert.js';
import type { Counters } from '../../ports/history-store.js';
import type { Zone } from '../time/zone.js';
import type { PeriodRow } from './periods.js';
import { rateText, trafficText } from './vnstat-units.js';

export type ListUnit = 'fiveminute' | 'hour' | 'day' | 'month' | 'year' | 'top';

export interface ListReport {
  readonly name: string;
  readonly unit: ListUnit;
  readonly rows: readonly PeriodRow[];
  /** The ongoing day/month/year scaled to its end (null: no estimate line, e.g. with --end). */
  readonly estimate: { readonly rx: number; readonly tx: number } | null;
  /** With --end: the sum line. */
  readonly sum: Counters | null;
  readonly limit: number;
  readonly begin: number | null;
  readonly end: number | null;
}

const HEAD = '        rx      |     tx      |    total    |   avg. rate';
const DASH = '------------------------+-------------+-------------+---------------';
const COL: Record<ListUnit, string> = { fiveminute: 'time', hour: 'hour', day: 'day', month: 'month', year: 'year', top: 'day' };
const TITLE: Record<Exclude<ListUnit, 'top'>, string> = { fiveminute: '5 minute', hour: 'hourly', day: 'daily', month: 'monthly', year: 'yearly' };
const STAMP: Record<ListUnit, string> = { fiveminute: '%H:%M', hour: '%H:%M', day: '%Y-%m-%d', month: '%Y-%m', year: '%Y', top: '%Y-%m-%d' };

const v = (bytes: number) => trafficText(bytes, 11);
const e = (bytes: number) => trafficText(bytes, 11, true);

/** One list as vnstat prints it; `now` marks today's entry in the top list. */
export function listText(r: ListReport, zone: Zone, now: number): string {
  const top = r.unit === 'top';
  let limit = r.limit;
  if (top && limit > 0 && r.rows.length < limit) limit = r.rows.length;
  const title = top ? (limit <= 0 || r.rows.length > 999 ? 'top' : `top ${limit}`) : TITLE[r.unit as Exclude<ListUnit, 'top'>];
  if (r.rows.length === 0) {
    return `No ${top ? 'top days' : title} data available${r.begin !== null || r.end !== null ? ' for given date range' : ''}.\n`;
  }
  const out: string[] = [''];
  let head = ` ${inert(r.name)}  /  ${title}`;
  if (top && r.begin !== null) head += `  (${zone.strftime(r.begin, '%Y-%m-%d')} -${r.end !== null ? ` ${zone.strftime(r.end, '%Y-%m-%d')})` : '>)'}`;
  out.push(head, '');
  out.push(top ? `    # ${COL.top.padStart(8)}  ${HEAD}` : `     ${COL[r.unit].padStart(8)}${HEAD}`);
  out.push(top ? `   -----${DASH}` : `     ${DASH}`);
  const today = zone.strftime(now, '%Y-%m-%d');
  let day = '';
  let stamp = '';
  r.rows.forEach((row, i) => {
    if (r.unit === 'hour' || r.unit === 'fiveminute') {
      const d = zone.strftime(row.start, '%Y-%m-%d');
      if (d !== day) out.push(`     ${d}`);
      day = d;
    }
    stamp = zone.strftime(row.start, STAMP[r.unit]);
    let line = top ? ` ${stamp === today ? '> ' : '  '}${String(i + 1).padStart(2)}  ` : '    ';
    line += stamp.length <= 9 && !top ? ` ${stamp.padStart(9)}   ${v(row.rxBytes)}` : ` ${stamp.padEnd(11)} ${v(row.rxBytes)}`;
    // The top list's rate is over whole days, today's too (as vnstat's).
    const seconds = top ? row.end - row.start : row.seconds;
    line += ` | ${v(row.txBytes)} | ${v(row.rxBytes + row.txBytes)} | ${rateText(row.rxBytes + row.txBytes, seconds, 14)}`;
    out.push(line);
  });
  out.push(top ? `   -----${DASH}` : `     ${DASH}`);
  if (r.end === null && r.estimate !== null) {
    const lead = stamp.length <= 9 ? ` ${'estimated'.padStart(9)} ` : `  ${'estimated'.padStart(9)}`;
    out.push(`    ${lead}  ${e(r.estimate.rx)} | ${e(r.estimate.tx)} | ${e(r.estimate.rx + r.estimate.tx)} |`);
  } else if (r.end !== null && r.sum !== null && r.rows.length > 1 && !top) {
    const label = r.rows.length < 100 ? `sum of ${r.rows.length}` : 'sum';
    out.push(`     ${label.padStart(9)}   ${v(r.sum.rxBytes)} | ${v(r.sum.txBytes)} | ${v(r.sum.rxBytes + r.sum.txBytes)} |`);
  }
  return out.join('\n') + '\n';
}

export interface SummaryReport {
  readonly name: string;
  readonly created: number;
  readonly updated: number;
  readonly total: Counters;
  /** The last two months and days with data, oldest first. */
  readonly months: readonly PeriodRow[];
  readonly monthEstimate: { readonly rx: number; readonly tx: number };
  readonly days: readonly PeriodRow[];
  readonly dayEstimate: { readonly rx: number; readonly tx: number };
}

const SUM_HEAD = '                rx      |     tx      |    total    |   avg. rate';

/** vnstat's default output: totals, this and last month, today and yesterday, each with an estimate. */
export function summaryText(s: SummaryReport, zone: Zone, now: number): string {
  const out: string[] = [`Database updated: ${zone.strftime(s.updated, '%Y-%m-%d %H:%M:%S')}`, ''];
  out.push(`   ${inert(s.name)} since ${zone.strftime(s.created, '%Y-%m-%d')}`, '');
  out.push(`          rx:  ${trafficText(s.total.rxBytes, 1)}      tx:  ${trafficText(s.total.txBytes, 1)}      total:  ${trafficText(s.total.rxBytes + s.total.txBytes, 1)}`, '');
  const block = (title: string, rows: readonly PeriodRow[], label: (r: PeriodRow) => string, est: { rx: number; tx: number }) => {
    out.push(`   ${title}`, `     ${SUM_HEAD}`, `     ${DASH}`);
    for (const r of rows) {
      const l = label(r);
      const lead = l.length <= 8 ? l.padStart(9) + '   ' : l.padEnd(11) + ' ';
      out.push(`     ${lead}${v(r.rxBytes)} | ${v(r.txBytes)} | ${v(r.rxBytes + r.txBytes)} | ${rateText(r.rxBytes + r.txBytes, r.seconds, 14)}`);
    }
    if (rows.length === 0) out.push(`${' '.repeat(32)}no data available`);
    out.push(`     ${DASH}`, `     ${'estimated'.padStart(9)}   ${e(est.rx)} | ${e(est.tx)} | ${e(est.rx + est.tx)} |`);
  };
  block('monthly', s.months, (r) => zone.strftime(r.start, '%Y-%m'), s.monthEstimate);
  out.push('');
  const today = zone.strftime(now, '%Y-%m-%d');
  const yesterday = zone.strftime(zone.previousPeriod('day', zone.periodStart('day', now)), '%Y-%m-%d');
  block('daily', s.days, (r) => {
    const d = zone.strftime(r.start, '%Y-%m-%d');
    return d === today ? '    today' : d === yesterday ? 'yesterday' : d;
  }, s.dayEstimate);
  return out.join('\n') + '\n';
}
