// The history store read-only (wiretop history): works while the recorder writes, and in a directory the reader cannot write.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { BucketCounters, DetailTotals, Dimension, HistoryReader, InterfaceInfo } from '../../ports/history-store.js';
import type { Resolution } from '../../history/resolutions.js';
import { RESOLUTIONS } from '../../history/resolutions.js';
import { SCHEMA_VERSION, readSchemaVersion } from './schema.js';
import { checkHeader, newerSchema } from './sqlite-file.js';
import { sqlite, sqliteCode, sqliteProblem } from './sqlite-driver.js';

export type OpenReaderResult =
  | { readonly ok: true; readonly reader: HistoryReader }
  | { readonly ok: false; readonly missing: boolean; readonly problem: string };

const DETAIL: Record<Dimension, { table: string; key: string; a: string; b: string; ap: string; bp: string }> = {
  host: { table: 'host_traffic', key: 'host', a: 'sent_bytes', b: 'received_bytes', ap: 'sent_packets', bp: 'received_packets' },
  port: { table: 'port_traffic', key: 'service', a: 'rx_bytes', b: 'tx_bytes', ap: 'rx_packets', bp: 'tx_packets' },
  program: { table: 'program_traffic', key: 'program', a: 'rx_bytes', b: 'tx_bytes', ap: 'rx_packets', bp: 'tx_packets' },
  unit: { table: 'unit_traffic', key: 'unit', a: 'rx_bytes', b: 'tx_bytes', ap: 'rx_packets', bp: 'tx_packets' },
};

/** Interfaces are passed as a JSON array and matched through json_each: one statement for any number of them. */
const IFACES = 'iface IN (SELECT i.id FROM iface i JOIN json_each(?) j ON i.name = j.value)';

/**
 * Opens read-only. A WAL database needs its -shm file: while a recorder runs it exists (readable
 * whenever the database is); with no recorder running and a directory this user cannot write, SQLite
 * cannot create it, and the file is opened as immutable instead: nothing is writing it then, so
 * nothing is missed.
 */
export function openHistoryReader(path: string): OpenReaderResult {
  const abs = resolve(path);
  if (!existsSync(abs)) return { ok: false, missing: true, problem: `${abs} does not exist` };
  const h = checkHeader(abs, SCHEMA_VERSION);
  if (!h.ok) return { ok: false, missing: false, problem: h.problem };
  let db: BetterSqlite3.Database | null = null;
  try {
    db = openReadOnly(abs);
    const v = readSchemaVersion(db);
    if (v === null) return { ok: false, missing: false, problem: `${abs} is a SQLite database but not a wiretop history (no schema_version): give another file` };
    if (v > SCHEMA_VERSION) return { ok: false, missing: false, problem: newerSchema(abs, v, SCHEMA_VERSION) };
    if (v < SCHEMA_VERSION) {
      return { ok: false, missing: false, problem: `${abs} has history schema ${v} (this wiretop reads ${SCHEMA_VERSION}): the recorder upgrades it when it next opens it (wiretop daemon --history ${abs})` };
    }
    const reader = new SqliteHistoryReader(abs, db);
    db = null;
    return { ok: true, reader };
  } catch (e) {
    return { ok: false, missing: false, problem: `cannot read ${sqliteProblem(abs, e)}` };
  } finally {
    db?.close();
  }
}

function openReadOnly(abs: string): BetterSqlite3.Database {
  const Database = sqlite();
  try {
    const db = new Database(abs, { readonly: true, fileMustExist: true, timeout: 5000 });
    db.prepare('SELECT 1 FROM sqlite_master LIMIT 1').get(); // WAL files are only opened at the first read
    return db;
  } catch (e) {
    const code = sqliteCode(e) ?? '';
    const noShm = code === 'SQLITE_READONLY_DIRECTORY' || code.startsWith('SQLITE_CANTOPEN');
    if (!noShm || existsSync(`${abs}-wal`)) throw e;
    const uri = `file:${abs.split('/').map(encodeURIComponent).join('/')}?immutable=1`;
    return new Database(uri, { readonly: true, fileMustExist: true });
  }
}

class SqliteHistoryReader implements HistoryReader {
  readonly schemaVersion = SCHEMA_VERSION;
  private readonly q: {
    interfaces: BetterSqlite3.Statement;
    buckets: BetterSqlite3.Statement;
    earliestIface: BetterSqlite3.Statement;
    earliest: Record<Dimension, BetterSqlite3.Statement>;
    totals: Record<Dimension, BetterSqlite3.Statement>;
    hasRes: Record<Dimension, BetterSqlite3.Statement>;
  };

  constructor(readonly path: string, private readonly db: BetterSqlite3.Database) {
    const earliest = {} as Record<Dimension, BetterSqlite3.Statement>;
    const totals = {} as Record<Dimension, BetterSqlite3.Statement>;
    const hasRes = {} as Record<Dimension, BetterSqlite3.Statement>;
    for (const [d, t] of Object.entries(DETAIL) as [Dimension, (typeof DETAIL)[Dimension]][]) {
      earliest[d] = db.prepare(`SELECT MIN(ts) FROM ${t.table} WHERE res = ? AND ${IFACES}`).pluck();
      totals[d] = db.prepare(`SELECT ${t.key} AS key, MAX(${d === 'host' ? 'local' : 0}) AS local, SUM(${t.a}) AS a, SUM(${t.b}) AS b,
        SUM(${t.ap}) AS aPackets, SUM(${t.bp}) AS bPackets
        FROM ${t.table} WHERE res = ? AND ts >= ? AND ts < ? AND ${IFACES} GROUP BY ${t.key}`);
      hasRes[d] = db.prepare(`SELECT 1 FROM ${t.table} WHERE res = ? LIMIT 1`).pluck();
    }
    this.q = {
      interfaces: db.prepare(`SELECT i.name AS name, i.kind AS kind, MIN(r.first_ts) AS created, MAX(r.last_ts) AS updated
        FROM iface i JOIN run r ON r.iface = i.id GROUP BY i.id ORDER BY i.name`),
      buckets: db.prepare(`SELECT ts, SUM(rx_bytes) AS rxBytes, SUM(tx_bytes) AS txBytes, SUM(rx_packets) AS rxPackets, SUM(tx_packets) AS txPackets
        FROM iface_traffic WHERE res = ? AND ts >= ? AND ts < ? AND ${IFACES} GROUP BY ts ORDER BY ts`),
      earliestIface: db.prepare(`SELECT MIN(ts) FROM iface_traffic WHERE res = ? AND ${IFACES}`).pluck(),
      earliest,
      totals,
      hasRes,
    };
  }

  interfaces(): InterfaceInfo[] {
    return (this.q.interfaces.all() as { name: string; kind: string; created: number; updated: number }[])
      .map((r) => ({ name: r.name, kind: r.kind === 'file' ? 'file' : 'interface', created: r.created, updated: r.updated }));
  }

  ifaceBuckets(ifaces: readonly string[], res: Resolution, from: number, to: number): BucketCounters[] {
    return this.q.buckets.all(res, from, to, JSON.stringify(ifaces)) as BucketCounters[];
  }

  earliest(table: 'iface' | Dimension, ifaces: readonly string[], res: Resolution): number | null {
    const stmt = table === 'iface' ? this.q.earliestIface : this.q.earliest[table];
    return (stmt.get(res, JSON.stringify(ifaces)) as number | null) ?? null;
  }

  detailTotals(dim: Dimension, ifaces: readonly string[], res: Resolution, from: number, to: number): DetailTotals[] {
    return (this.q.totals[dim].all(res, from, to, JSON.stringify(ifaces)) as (Omit<DetailTotals, 'local'> & { local: number })[])
      .map((r) => ({ ...r, local: r.local === 1 }));
  }

  detailResolutions(dim: Dimension): Resolution[] {
    return RESOLUTIONS.filter((r) => this.q.hasRes[dim].get(r) !== undefined);
  }

  snapshot<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  close(): void {
    this.db.close();
  }
}
