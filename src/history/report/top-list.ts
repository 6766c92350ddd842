// Top hosts, ports, programs and units over a time range, from the detail tables (whole buckets, time shares at the edges).
import { inert } from '../../format/inert.js';
import type { DetailTotals, Dimension, HistoryReader } from '../../ports/history-store.js';
import { OTHER } from '../../ports/history-store.js';
import type { Zone } from '../time/zone.js';
import { decompose, share } from './range-sum.js';
import { rateText, trafficText } from './vnstat-units.js';

export interface TopReport {
  readonly name: string;
  readonly dim: Dimension;
  readonly begin: number;
  readonly end: number;
  /** Sorted by bytes (both columns), `__other__` excluded. */
  readonly rows: readonly DetailTotals[];
  /** Entities beyond the limit plus the stored `__other__` row. */
  readonly other: DetailTotals;
  /** Entities with data in the range (before the limit). */
  readonly found: number;
  /** Detail buckets the range touched: 0 means nothing was recorded for this dimension then. */
  readonly buckets: number;
}

/**
 * Sums per key over [begin, end); `limit` 0 keeps every entity. A range that reaches `now` takes the
 * bucket holding it whole: the rest of that bucket has not happened yet, so a time share would cut
 * what was recorded in it (today's top list at 10:20 would lose a third of the 10:00 hour).
 */
export function topDetail(reader: HistoryReader, name: string, ifaces: readonly string[], dim: Dimension, begin: number, end: number, limit: number, now = Infinity): TopReport {
  const levels = reader.detailResolutions(dim);
  const earliest = new Map(levels.map((r) => [r, reader.earliest(dim, ifaces, r)]));
  const { full, parts } = decompose(begin, end, levels.filter((r) => earliest.get(r) != null), (r) => earliest.get(r) ?? null);
  const acc = new Map<string, DetailTotals>();
  let buckets = 0;
  const add = (t: DetailTotals, k: (v: number) => number) => {
    const x = acc.get(t.key) ?? { key: t.key, local: t.local, a: 0, b: 0, aPackets: 0, bPackets: 0 };
    x.a += k(t.a);
    x.b += k(t.b);
    x.aPackets += k(t.aPackets);
    x.bPackets += k(t.bPackets);
    acc.set(t.key, x);
  };
  for (const f of full) {
    const rows = reader.detailTotals(dim, ifaces, f.res, f.from, f.to);
    if (rows.length > 0) buckets += Math.round((f.to - f.from) / f.res);
    for (const t of rows) add(t, (v) => v);
  }
  for (const p of parts) {
    const rows = reader.detailTotals(dim, ifaces, p.res, p.bucket, p.bucket + p.res);
    if (rows.length > 0) buckets++;
    const to = p.to >= Math.floor(now) ? p.bucket + p.res : p.to;
    for (const t of rows) add(t, (v) => share(v, p.bucket, p.res, p.from, to));
  }
  const other = acc.get(OTHER) ?? { key: OTHER, local: false, a: 0, b: 0, aPackets: 0, bPackets: 0 };
  acc.delete(OTHER);
  const sorted = [...acc.values()].filter((t) => t.a + t.b + t.aPackets + t.bPackets > 0)
    .sort((x, y) => y.a + y.b - (x.a + x.b) || (x.key < y.key ? -1 : 1));
  const rows = limit > 0 ? sorted.slice(0, limit) : sorted;
  for (const t of sorted.slice(rows.length)) {
    other.a += t.a;
    other.b += t.b;
    other.aPackets += t.aPackets;
    other.bPackets += t.bPackets;
  }
  return { name, dim, begin, end, rows, other, found: sorted.length, buckets };
}

const TITLE: Record<Dimension, string> = { host: 'top hosts', port: 'top ports', program: 'top programs', unit: 'top units' };
const KEY: Record<Dimension, string> = { host: 'host', port: 'service', program: 'program', unit: 'unit' };
const DASH = '-------------+-------------+---------------';

/** The list in vnstat's table style; hosts' columns are sent/received (the host's view), the others' rx/tx. */
export function topText(t: TopReport, zone: Zone): string {
  const secs = t.end - t.begin;
  // Each end with its own offset when they differ (a range over a DST change).
  const same = zone.offset(t.begin) === zone.offset(t.end);
  const at = (x: number) => zone.strftime(x, same ? '%Y-%m-%d %H:%M' : '%Y-%m-%d %H:%M %Z');
  const range = `${at(t.begin)} - ${at(t.end)}${same ? ` ${zone.strftime(t.begin, '%Z')}` : ''}`;
  const out = ['', ` ${inert(t.name)}  /  ${TITLE[t.dim]}  /  ${range}`, ''];
  if (t.buckets === 0) {
    const why = t.dim === 'program' || t.dim === 'unit' ? ' (recorded only while attribution is on)' : '';
    return [...out, `No ${KEY[t.dim]} data recorded for this range${why}.`, ''].join('\n');
  }
  const label = (x: DetailTotals) => inert(x.key) + (t.dim === 'host' && x.local ? ' (local)' : '');
  const width = Math.min(48, Math.max(20, ...t.rows.map((x) => label(x).length), '(other)'.length));
  const [ca, cb] = t.dim === 'host' ? ['sent', 'received'] : ['rx', 'tx'];
  out.push(`    #  ${KEY[t.dim].padEnd(width)} ${ca.padStart(11)} | ${cb.padStart(11)} | ${'total'.padStart(11)} | ${'avg. rate'.padStart(14)}`);
  const dash = `${'-'.repeat(width + 20)}+${DASH}`;
  out.push(dash);
  const row = (n: string, l: string, x: DetailTotals) =>
    `  ${n}  ${l.length > width ? l.slice(0, width - 1) + '…' : l.padEnd(width)} ${trafficText(x.a, 11)} | ${trafficText(x.b, 11)} | ${trafficText(x.a + x.b, 11)} | ${rateText(x.a + x.b, secs, 14)}`;
  t.rows.forEach((x, i) => out.push(row(String(i + 1).padStart(3), label(x), x)));
  if (t.other.a + t.other.b > 0) out.push(row('   ', '(other)', t.other));
  out.push(dash);
  if (t.rows.length === 0) out.push(`No ${KEY[t.dim]} traffic in this range.`);
  return out.join('\n') + '\n';
}
