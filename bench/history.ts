// History benchmarks: flush cost with 10 000 hosts in a bucket, database size per day for 1 000 hosts, report time over a year.
import { intlZoneParts } from '../src/adapters/history/intl-zone.js';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type BetterSqlite3 from 'better-sqlite3';
import { openHistoryReader } from '../src/adapters/history/sqlite-reader.js';
import { openHistoryWriter } from '../src/adapters/history/sqlite-writer.js';
import { historyMain } from '../src/history/history-main.js';
import { HistoryRecorder } from '../src/history/recorder/recorder.js';
import { DEFAULT_RETENTION, RESOLUTIONS } from '../src/history/resolutions.js';
import type { DetailRow, FlushBatch, IfaceRow } from '../src/ports/history-store.js';
import { OTHER } from '../src/ports/history-store.js';
import { BenchFlows, benchSnapshot } from './history-snapshot.js';
import { fmt, median } from './measure.js';

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
const T0 = 1_800_000_000 - (1_800_000_000 % 86400); // a UTC midnight
const RUNS = 7;

function scratch(): { dir: string; done: () => void } {
  const dir = mkdtempSync(join(process.env['BENCH_DIR'] ?? tmpdir(), 'wt-hist-bench-'));
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

function recorderOn(path: string, local: boolean, flushSeconds = 60): HistoryRecorder {
  const w = openHistoryWriter(path, { toolVersion: 'bench', now: T0 });
  if (!w.ok) throw new Error(w.problem);
  return new HistoryRecorder({
    writer: w.writer, report: (m) => { throw new Error(m); }, runId: 'bench', flushSeconds,
    limits: { maxLocalHosts: local ? 20_000 : 1000, topRemoteHosts: 50, maxCandidates: 50_000 },
  });
}

function fill(flows: BenchFlows, seed: number): void {
  for (let i = 0; i < flows.count; i++) {
    flows.sent[i] = 100 + ((i * 7919 + seed * 104729) % 5000);
    flows.recv[i] = 1000 + ((i * 104723 + seed * 7907) % 50000);
  }
}

export interface FlushRow {
  readonly what: string;
  readonly hosts: number;
  readonly ms: number;
  readonly rows: number;
}

/** One recorder, `hosts` flows (one host each): the tick, the first flush (inserts) and later flushes (every row changed). */
export function runFlushCost(hosts: number): FlushRow[] {
  const out: FlushRow[] = [];
  for (const local of [true, false]) {
    const { dir, done } = scratch();
    try {
      // Flushes every hour by itself: the benchmark calls flush() once per simulated minute and times it alone.
      const rec = recorderOn(join(dir, 'h.db'), local, 3600);
      const flows = new BenchFlows(hosts);
      const label = local ? `${fmt(hosts)} local hosts (each its own row)` : `${fmt(hosts)} remote hosts (top 50 + __other__)`;
      const ticks: number[] = [];
      const flushes: number[] = [];
      let first = 0;
      for (let k = 0; k <= RUNS + 2; k++) {
        fill(flows, k);
        const snap = benchSnapshot(T0 + 2 + k * 60, flows, local);
        let t = performance.now();
        rec.tick(snap); // the tick itself does not flush: the flush is timed on its own
        ticks.push(performance.now() - t);
        t = performance.now();
        if (!rec.flush()) throw new Error('flush failed');
        const ms = performance.now() - t;
        if (k === 0) first = ms;
        else if (k > 2) flushes.push(ms);
      }
      rec.close();
      const rows = rowCount(join(dir, 'h.db'), 'host_traffic');
      out.push({ what: `tick, ${label}`, hosts, ms: median(ticks.slice(3)), rows: 0 });
      out.push({ what: `first flush (inserts), ${label}`, hosts, ms: first, rows });
      out.push({ what: `flush, every row changed, ${label}`, hosts, ms: median(flushes), rows });
    } finally {
      done();
    }
  }
  return out;
}

function rowCount(path: string, table: string): number {
  const db = new Database(path, { readonly: true });
  const n = db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
  db.close();
  return n;
}

/** Bytes of the database with its log checkpointed into it. */
function fileBytes(path: string): number {
  const db = new Database(path);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return statSync(path).size + (existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0);
}

export interface SizeRow {
  readonly what: string;
  readonly day1: number;
  readonly day2: number;
  readonly hostRows: number;
}

/** `days` days of one flush per minute with `hosts` hosts always active, as a daemon with --flush 60s writes them. */
export function runSizePerDay(hosts: number, days: number): SizeRow[] {
  const out: SizeRow[] = [];
  for (const local of [true, false]) {
    const { dir, done } = scratch();
    try {
      const path = join(dir, 'h.db');
      const rec = recorderOn(path, local);
      const flows = new BenchFlows(hosts);
      const empty = fileBytes(path);
      const sizes: number[] = [];
      for (let day = 0; day < days; day++) {
        for (let m = 0; m < 1440; m++) {
          fill(flows, m);
          // One tick per minute stands for the minute's 30 ticks: the same rows change, as often.
          rec.tick(benchSnapshot(T0 + day * 86400 + m * 60 + 60, flows, local));
        }
        sizes.push(fileBytes(path));
      }
      rec.close();
      out.push({
        what: local ? `${fmt(hosts)} local hosts` : `${fmt(hosts)} remote hosts (top 50 + __other__ per bucket)`,
        day1: sizes[0]! - empty, day2: days > 1 ? sizes[1]! - sizes[0]! : NaN, hostRows: rowCount(path, 'host_traffic'),
      });
    } finally {
      done();
    }
  }
  return out;
}

/**
 * A year as the store keeps it with the default retention: days for 365 days, hours for 100, 5-minute
 * buckets for 35 days, minutes for 2; `hosts` local hosts with hour rows for 100 days and day rows for the year.
 */
export function writeYear(path: string, hosts: number, end: number): void {
  const w = openHistoryWriter(path, { toolVersion: 'bench', now: end - 365 * 86400 });
  if (!w.ok) throw new Error(w.problem);
  const keep = (res: number, ts: number) => ts + res > end - (res === 60 ? DEFAULT_RETENTION.iface[60] : res === 300 ? DEFAULT_RETENTION.iface[300] : res === 3600 ? DEFAULT_RETENTION.iface[3600] : 365 * 86400);
  for (let day = end - 365 * 86400; day < end; day += 86400) {
    const iface: IfaceRow[] = [];
    const rows: DetailRow[] = [];
    const acc = new Map<string, IfaceRow>();
    for (let t = day; t < day + 86400; t += 60) {
      const rx = 1e6 + ((t / 60) % 97) * 1e4, tx = rx / 8;
      for (const res of RESOLUTIONS) {
        const ts = t - (t % res);
        if (!keep(res, ts)) continue;
        const k = `${res}|${ts}`;
        const b = acc.get(k) ?? { res, ts, rxBytes: 0, txBytes: 0, rxPackets: 0, txPackets: 0 };
        acc.set(k, { ...b, rxBytes: b.rxBytes + rx, txBytes: b.txBytes + tx, rxPackets: b.rxPackets + 700, txPackets: b.txPackets + 90 });
      }
    }
    iface.push(...acc.values());
    for (const [res, ts0, n] of [[86400, day, 1], [3600, day, 24]] as const) {
      for (let j = 0; j < n; j++) {
        const ts = ts0 + j * res;
        if (!(res === 86400 || ts + res > end - 100 * 86400)) continue;
        for (let h = 0; h < hosts; h++) rows.push({ res, ts, key: `10.0.${h >> 8}.${h & 255}`, local: true, a: 1000 * (h + 1) * res / 60, b: 9000 * (h + 1) * res / 60, aPackets: 0, bPackets: 0 });
        rows.push({ res, ts, key: OTHER, local: false, a: 5, b: 5, aPackets: 0, bPackets: 0 });
      }
    }
    const batch: FlushBatch = {
      runs: [{ runKey: 'bench', source: { name: 'eth0', kind: 'interface' }, firstTs: end - 365 * 86400, lastTs: Math.min(day + 86400, end) - 2, iface, detail: { host: { rows, deletes: [] }, port: { rows: [], deletes: [] }, program: { rows: [], deletes: [] }, unit: { rows: [], deletes: [] } } }],
      prune: [],
    };
    const r = w.writer.write(batch);
    if (!r.ok) throw new Error(r.reason);
  }
  w.writer.close();
}

export interface ReportRow {
  readonly what: string;
  readonly ms: number;
}

export async function runReportTime(hosts: number): Promise<{ rows: ReportRow[]; bytes: number; buildS: number }> {
  const { dir, done } = scratch();
  try {
    const path = join(dir, 'year.db');
    const end = T0 + 400 * 86400 + 14 * 3600;
    const t = performance.now();
    writeYear(path, hosts, end);
    const buildS = (performance.now() - t) / 1000;
    const bytes = fileBytes(path);
    const cases: [string, string[]][] = [
      ['summary', []], ['-5', ['-5']], ['-h', ['-h']], ['-hg', ['-hg']], ['-d', ['-d']], ['-m', ['-m']], ['-y', ['-y']], ['-t', ['-t']],
      ['--95', ['--95']], ['--graph -d (100 columns)', ['--graph', '-d']], ['-d --json (all days)', ['-d', '0', '--json']],
      [`--hosts, today`, ['--hosts']], ['--hosts --at 03:00', ['--hosts', '--at', '03:00']],
      [`--hosts --begin -365d (${fmt(hosts)} hosts × 365 days)`, ['--hosts', '--begin', '-365d']],
      [`--hosts --begin -30d --csv --limit 0`, ['--hosts', '--begin', '-30d', '--csv', '--limit', '0']],
    ];
    const rows: ReportRow[] = [];
    for (const [what, args] of cases) {
      const times: number[] = [];
      for (let i = 0; i < 2 + 5; i++) {
        const s = performance.now();
        const code = await historyMain([...args, '--db', path], {
          stdout: () => {}, stderr: (x) => { throw new Error(x); }, env: { TZ: 'Europe/Berlin' }, now: () => end, uid: 0,
          openStore: openHistoryReader, exists: existsSync, locale: 'C.UTF-8', systemTimeZone: 'UTC', zoneRules: intlZoneParts, terminal: { columns: 100, rows: 24 }, version: 'bench',
        });
        if (code !== 0) throw new Error(`${what}: exit ${code}`);
        if (i >= 2) times.push(performance.now() - s);
      }
      rows.push({ what, ms: median(times) });
    }
    return { rows, bytes, buildS };
  } finally {
    done();
  }
}

export async function historyMarkdown(quick: boolean): Promise<string> {
  const flush = runFlushCost(quick ? 2000 : 10_000);
  const size = runSizePerDay(quick ? 200 : 1000, quick ? 1 : 2);
  const report = await runReportTime(quick ? 100 : 1000);
  return [
    '| flush cost (real store, WAL, synchronous=NORMAL) | hosts | median ms | host rows in the file |',
    '|---|---:|---:|---:|',
    ...flush.map((r) => `| ${r.what} | ${fmt(r.hosts)} | ${fmt(r.ms, 1)} | ${r.rows > 0 ? fmt(r.rows) : ''} |`),
    '',
    '| database growth, one flush per minute, every host active all day | first day (KiB) | second day (KiB) | host rows after |',
    '|---|---:|---:|---:|',
    ...size.map((r) => `| ${r.what} | ${fmt(r.day1 / 1024)} | ${Number.isNaN(r.day2) ? '' : fmt(r.day2 / 1024)} | ${fmt(r.hostRows)} |`),
    '',
    `Report time over a year of data (${fmt(report.bytes / 2 ** 20, 1)} MiB file, built in ${fmt(report.buildS, 1)} s; TZ=Europe/Berlin, whole historyMain call, median of 5 after 2 warm-ups; target ≤ 200 ms):`,
    '',
    '| report | median ms |',
    '|---|---:|',
    ...report.rows.map((r) => `| \`wiretop history ${r.what}\` | ${fmt(r.ms, 1)} |`),
  ].join('\n');
}

// Alone: node dist/bench/history.js [--quick]
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const quick = process.argv.includes('--quick');
  const md = await historyMarkdown(quick);
  process.stdout.write(`Measured ${new Date().toISOString()} by \`node dist/bench/history.js${quick ? ' --quick' : ''}\`, Node ${process.version}, better-sqlite3 (SQLite ${new Database(':memory:').prepare('SELECT sqlite_version()').pluck().get() as string}).\n\n${md}\n`);
}
