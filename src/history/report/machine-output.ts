// `wiretop history --json` (schema_version 1: integer bytes, epoch seconds) and `--csv` (RFC 4180) from report data.
import type { DetailTotals } from '../../ports/history-store.js';
import type { Zone } from '../time/zone.js';
import type { ReportData } from './build-report.js';
import type { PeriodRow } from './periods.js';
import type { PercentileFigures, PercentileReport } from './percentile.js';

export const HISTORY_JSON_SCHEMA = 1;

export interface DocumentInfo {
  readonly toolVersion: string;
  readonly database: string;
  readonly generated: number;
  readonly zone: Zone;
}

const REPORT_NAME: Record<ReportData['kind'], string> = {
  summary: 'summary', list: 'list', hoursgraph: 'hours', percentile: 'percentile95', top: 'top', graph: 'graph',
};

function row(r: PeriodRow, zone: Zone): Record<string, unknown> {
  return {
    start: r.start, end: r.end, label: zone.iso(r.start), rx_bytes: r.rxBytes, tx_bytes: r.txBytes,
    rx_packets: r.rxPackets, tx_packets: r.txPackets, seconds: r.seconds, ongoing: r.ongoing,
  };
}

function detail(dim: string, t: DetailTotals): Record<string, unknown> {
  return dim === 'host'
    ? { host: t.key, local: t.local, sent_bytes: t.a, received_bytes: t.b, sent_packets: t.aPackets, received_packets: t.bPackets }
    : { [dim === 'port' ? 'service' : dim]: t.key, rx_bytes: t.a, tx_bytes: t.b, rx_packets: t.aPackets, tx_packets: t.bPackets };
}

const bps = (bytes: number, secs: number) => (secs > 0 ? Math.floor((bytes * 8) / secs) : 0);

function figures(f: PercentileFigures, count: number): Record<string, number> {
  return { min_bps: bps(f.min, 300), avg_bps: bps(f.sum, count * 300), max_bps: bps(f.max, 300), p95_bps: bps(f.p95, 300), p95_bytes: f.p95 };
}

function percentileJson(p: PercentileReport): Record<string, unknown> {
  return {
    month_begin: p.monthBegin, data_begin: p.dataBegin, data_end: p.dataEnd, entries: p.count, expected_entries: p.expected,
    rx: figures(p.rx, p.count), tx: figures(p.tx, p.count), total: figures(p.total, p.count),
  };
}

/** One JSON document, one line. */
export function reportJson(d: ReportData, info: DocumentInfo): string {
  const z = info.zone;
  const interfaces: Record<string, unknown>[] = [];
  const extra: Record<string, unknown> = {};
  switch (d.kind) {
    case 'summary':
      for (const s of d.items) {
        interfaces.push({
          name: s.name, created: s.created, updated: s.updated,
          total: { rx_bytes: s.total.rxBytes, tx_bytes: s.total.txBytes, rx_packets: s.total.rxPackets, tx_packets: s.total.txPackets },
          months: s.months.map((r) => row(r, z)), month_estimate: { rx_bytes: s.monthEstimate.rx, tx_bytes: s.monthEstimate.tx },
          days: s.days.map((r) => row(r, z)), day_estimate: { rx_bytes: s.dayEstimate.rx, tx_bytes: s.dayEstimate.tx },
        });
      }
      break;
    case 'list':
      extra['unit'] = d.unit;
      for (const l of d.items) {
        interfaces.push({
          name: l.name, rows: l.rows.map((r) => row(r, z)),
          estimate: l.estimate === null ? null : { rx_bytes: l.estimate.rx, tx_bytes: l.estimate.tx },
        });
      }
      break;
    case 'hoursgraph':
      extra['unit'] = 'hour';
      for (const g of d.items) interfaces.push({ name: g.target.name, rows: g.hours.map((r) => row(r, z)) });
      break;
    case 'graph':
      extra['unit'] = d.unit;
      for (const g of d.items) interfaces.push({ name: g.target.name, rows: g.rows.map((r) => row(r, z)) });
      break;
    case 'percentile':
      for (const x of d.items) interfaces.push({ name: x.target.name, ...(x.p === null ? { entries: 0 } : percentileJson(x.p)) });
      break;
    case 'top':
      extra['dimension'] = d.dim;
      for (const t of d.items) {
        interfaces.push({ name: t.name, begin: t.begin, end: t.end, rows: t.rows.map((x) => detail(d.dim, x)), other: detail(d.dim, t.other) });
      }
      break;
  }
  return JSON.stringify({
    schema_version: HISTORY_JSON_SCHEMA, tool: 'wiretop', tool_version: info.toolVersion, report: REPORT_NAME[d.kind], ...extra,
    generated: Math.floor(info.generated), timezone: z.name, database: info.database, interfaces,
  }) + '\n';
}

/** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled; CRLF line ends. */
export function csvField(v: string | number | boolean): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csv(rows: readonly (readonly (string | number | boolean)[])[]): string {
  return rows.map((r) => r.map(csvField).join(',') + '\r\n').join('');
}

export function reportCsv(d: ReportData, zone: Zone): string {
  const periods = (name: string, rows: readonly PeriodRow[]) =>
    rows.map((r) => [name, r.start, r.end, zone.iso(r.start), r.rxBytes, r.txBytes, r.rxPackets, r.txPackets, r.seconds, r.ongoing]);
  const head = ['interface', 'start', 'end', 'start_local', 'rx_bytes', 'tx_bytes', 'rx_packets', 'tx_packets', 'seconds', 'ongoing'];
  switch (d.kind) {
    case 'list':
      return csv([head, ...d.items.flatMap((l) => periods(l.name, l.rows))]);
    case 'graph':
      return csv([head, ...d.items.flatMap((g) => periods(g.target.name, g.rows))]);
    case 'hoursgraph':
      return csv([head, ...d.items.flatMap((g) => periods(g.target.name, g.hours))]);
    case 'percentile': {
      const out: (string | number | boolean)[][] = [['interface', 'month_begin', 'data_end', 'entries', 'expected_entries', 'direction', 'min_bps', 'avg_bps', 'max_bps', 'p95_bps', 'p95_bytes']];
      for (const { target, p } of d.items) {
        if (p === null) continue;
        for (const [dir, f] of [['rx', p.rx], ['tx', p.tx], ['total', p.total]] as const) {
          const x = figures(f, p.count);
          out.push([target.name, p.monthBegin, p.dataEnd, p.count, p.expected, dir, x['min_bps']!, x['avg_bps']!, x['max_bps']!, x['p95_bps']!, x['p95_bytes']!]);
        }
      }
      return csv(out);
    }
    case 'top': {
      const host = d.dim === 'host';
      const key = host ? 'host' : d.dim === 'port' ? 'service' : d.dim;
      const cols = host ? ['sent_bytes', 'received_bytes', 'sent_packets', 'received_packets'] : ['rx_bytes', 'tx_bytes', 'rx_packets', 'tx_packets'];
      const out: (string | number | boolean)[][] = [['interface', 'begin', 'end', key, ...(host ? ['local'] : []), ...cols]];
      for (const t of d.items) {
        for (const x of [...t.rows, t.other]) out.push([t.name, t.begin, t.end, x.key, ...(host ? [x.local] : []), x.a, x.b, x.aPackets, x.bPackets]);
      }
      return csv(out);
    }
    case 'summary':
      return csv([head]);
  }
}
