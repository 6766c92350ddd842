// The history store's writer: validates or creates the file, WAL, one immediate transaction per flush, reconnects after failures.
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { Dimension, FlushBatch, HistoryWriter, WriteResult } from '../../ports/history-store.js';
import { DIMENSIONS } from '../../ports/history-store.js';
import { SCHEMA_VERSION, createSchema, migrate, readSchemaVersion } from './schema.js';
import { checkHeader, errnoText, exists, newerSchema } from './sqlite-file.js';
import { isCorruption, sqlite, sqliteCode, sqliteProblem } from './sqlite-driver.js';

export interface WriterOptions {
  readonly toolVersion: string;
  /** Epoch seconds, for meta.created of a new file. */
  readonly now: number;
  /** Mode of a new database file (its -wal and -shm files get the same): default 0640, root and its group. */
  readonly fileMode?: number;
  /** Mode of directories created for it: default 0755 (0700 suits a home directory's state dir). */
  readonly dirMode?: number;
  /** How long a write waits for another writer's lock before failing (it blocks the event loop meanwhile). */
  readonly busyTimeoutMs?: number;
}

export type OpenWriterResult =
  | { readonly ok: true; readonly writer: SqliteHistoryWriter; readonly created: boolean; readonly migratedFrom: number | null }
  | { readonly ok: false; readonly problem: string };

const TABLE: Record<Dimension, { table: string; key: string; cols: readonly string[] }> = {
  host: { table: 'host_traffic', key: 'host', cols: ['sent_bytes', 'received_bytes', 'sent_packets', 'received_packets'] },
  port: { table: 'port_traffic', key: 'service', cols: ['rx_bytes', 'tx_bytes', 'rx_packets', 'tx_packets'] },
  program: { table: 'program_traffic', key: 'program', cols: ['rx_bytes', 'tx_bytes', 'rx_packets', 'tx_packets'] },
  unit: { table: 'unit_traffic', key: 'unit', cols: ['rx_bytes', 'tx_bytes', 'rx_packets', 'tx_packets'] },
};

interface Statements {
  readonly iface: BetterSqlite3.Statement;
  readonly ifaceId: BetterSqlite3.Statement;
  readonly run: BetterSqlite3.Statement;
  readonly ifaceRow: BetterSqlite3.Statement;
  readonly upsert: Record<Dimension, BetterSqlite3.Statement>;
  readonly del: Record<Dimension, BetterSqlite3.Statement>;
  readonly prune: Record<'iface' | Dimension, BetterSqlite3.Statement>;
}

/**
 * Opens (validating first, with a read-only connection, so a refused file is never written) or
 * creates the database. A file that is full or read-only right now still opens: the writer connects
 * at its first write, and every failed write reconnects at the next one.
 */
export function openHistoryWriter(path: string, o: WriterOptions): OpenWriterResult {
  const abs = resolve(path);
  let from: number | null = null;
  const isNew = !exists(abs);
  if (!isNew) {
    const v = validate(abs);
    if ('problem' in v) return { ok: false, problem: v.problem };
    from = v.version;
  } else {
    try {
      mkdirSync(dirname(abs), { recursive: true, mode: o.dirMode ?? 0o755 });
    } catch (e) {
      return { ok: false, problem: `cannot create the directory of ${abs}: ${errnoText(e)}` };
    }
  }
  const w = new SqliteHistoryWriter(abs, o);
  const c = w.connect();
  if (c !== null && (isNew || c.fatal)) {
    w.close();
    return { ok: false, problem: c.problem };
  }
  return { ok: true, writer: w, created: isNew, migratedFrom: from !== null && from < SCHEMA_VERSION ? from : null };
}

/** The file's schema version, read without writing anything; a problem for a file that must not be used. */
function validate(abs: string): { version: number } | { problem: string } {
  const h = checkHeader(abs, SCHEMA_VERSION);
  if (!h.ok) return { problem: h.problem };
  let db: BetterSqlite3.Database | null = null;
  try {
    db = new (sqlite())(abs, { readonly: true, fileMustExist: true });
    const v = readSchemaVersion(db);
    if (v === null) return { problem: `${abs} is a SQLite database but not a wiretop history (no schema_version in a meta table): give another file` };
    if (v > SCHEMA_VERSION) return { problem: newerSchema(abs, v, SCHEMA_VERSION) };
    return { version: v };
  } catch (e) {
    // A directory we may not write to (no -shm yet) is no reason to refuse: the writer reports it at its first write.
    const code = sqliteCode(e) ?? '';
    if (code === 'SQLITE_READONLY_DIRECTORY' || code.startsWith('SQLITE_CANTOPEN')) return { version: h.userVersion || SCHEMA_VERSION };
    return { problem: isCorruption(e) ? sqliteProblem(abs, e) : `cannot read ${abs}: ${sqliteProblem(abs, e)}` };
  } finally {
    db?.close();
  }
}

export class SqliteHistoryWriter implements HistoryWriter {
  private db: BetterSqlite3.Database | null = null;
  private st: Statements | null = null;

  constructor(readonly path: string, private readonly o: WriterOptions) {}

  /** Opens the read-write connection (schema, migration, WAL); null when ready, else why not. */
  connect(): { problem: string; fatal: boolean } | null {
    if (this.db !== null) return null;
    let db: BetterSqlite3.Database | null = null;
    try {
      const isNew = !exists(this.path);
      if (!isNew) {
        const v = validate(this.path);
        if ('problem' in v) return { problem: v.problem, fatal: true };
      }
      db = new (sqlite())(this.path, { timeout: this.o.busyTimeoutMs ?? 1000 });
      if (isNew) {
        createSchema(db, this.o.toolVersion, this.o.now);
        chmodSync(this.path, this.o.fileMode ?? 0o640);
      }
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      const v = readSchemaVersion(db);
      if (v === null) return { problem: `${this.path} has no schema_version: not a wiretop history`, fatal: true };
      if (v < SCHEMA_VERSION) migrate(db, v, this.o.toolVersion);
      this.st = prepare(db);
      this.db = db;
      db = null;
      return null;
    } catch (e) {
      return { problem: sqliteProblem(this.path, e), fatal: !transient(e) };
    } finally {
      db?.close();
    }
  }

  write(batch: FlushBatch): WriteResult {
    const c = this.connect();
    if (c !== null) return { ok: false, reason: c.problem };
    const st = this.st!;
    try {
      this.db!.transaction(() => apply(st, batch)).immediate();
      return { ok: true };
    } catch (e) {
      const code = sqliteCode(e) ?? '';
      // Full or busy: the connection is fine and the next write retries. Anything else: reconnect then.
      if (code === 'SQLITE_FULL') this.shrinkLog();
      else if (!code.startsWith('SQLITE_BUSY')) this.disconnect();
      return { ok: false, reason: sqliteProblem(this.path, e) };
    }
  }

  close(): void {
    this.disconnect();
  }

  /**
   * On a full disk the write-ahead log may be most of what is used (it grows to ~4 MB before SQLite
   * checkpoints it): copying it into the database and truncating it frees that space when the pages
   * it holds already exist there. Fails quietly when even that has no room.
   */
  private shrinkLog(): void {
    try {
      this.db?.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      /* no room for that either: the next write tries again */
    }
  }

  private disconnect(): void {
    try {
      this.db?.close();
    } catch {
      /* closing a broken connection */
    }
    this.db = null;
    this.st = null;
  }
}

/**
 * Failures that may go away (disk full, read-only, I/O, locked, cannot open yet): the recorder keeps
 * its buckets and retries. Anything else (corruption, a migration that failed) refuses the file.
 */
function transient(e: unknown): boolean {
  const code = sqliteCode(e) ?? '';
  return ['SQLITE_FULL', 'SQLITE_READONLY', 'SQLITE_IOERR', 'SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_CANTOPEN', 'SQLITE_PERM'].some((c) => code.startsWith(c));
}

function prepare(db: BetterSqlite3.Database): Statements {
  const upsert = {} as Record<Dimension, BetterSqlite3.Statement>;
  const del = {} as Record<Dimension, BetterSqlite3.Statement>;
  const prune = {} as Record<'iface' | Dimension, BetterSqlite3.Statement>;
  for (const d of DIMENSIONS) {
    const t = TABLE[d];
    const local = d === 'host' ? ', local' : '';
    const set = [...(d === 'host' ? ['local'] : []), ...t.cols].map((c) => `${c} = excluded.${c}`).join(', ');
    upsert[d] = db.prepare(`INSERT INTO ${t.table}(res, ts, iface, run, ${t.key}${local}, ${t.cols.join(', ')})
      VALUES (?, ?, ?, ?, ?${d === 'host' ? ', ?' : ''}, ?, ?, ?, ?)
      ON CONFLICT(res, ts, iface, run, ${t.key}) DO UPDATE SET ${set}`);
    del[d] = db.prepare(`DELETE FROM ${t.table} WHERE res = ? AND ts = ? AND iface = ? AND run = ? AND ${t.key} = ?`);
    prune[d] = db.prepare(`DELETE FROM ${t.table} WHERE res = ? AND ts <= ?`);
  }
  prune.iface = db.prepare('DELETE FROM iface_traffic WHERE res = ? AND ts <= ?');
  return {
    iface: db.prepare('INSERT INTO iface(name, kind) VALUES (?, ?) ON CONFLICT(name) DO NOTHING'),
    ifaceId: db.prepare('SELECT id FROM iface WHERE name = ?').pluck(),
    run: db.prepare(`INSERT INTO run(key, iface, first_ts, last_ts) VALUES (?, ?, ?, ?)
      ON CONFLICT(key, iface) DO UPDATE SET first_ts = MIN(first_ts, excluded.first_ts), last_ts = MAX(last_ts, excluded.last_ts)
      RETURNING id`).pluck(),
    ifaceRow: db.prepare(`INSERT INTO iface_traffic(res, ts, iface, run, rx_bytes, tx_bytes, rx_packets, tx_packets)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT(res, ts, iface, run) DO UPDATE SET rx_bytes = excluded.rx_bytes, tx_bytes = excluded.tx_bytes,
        rx_packets = excluded.rx_packets, tx_packets = excluded.tx_packets`),
    upsert,
    del,
    prune,
  };
}

/** The body of a flush's transaction. Ids are looked up inside it: nothing outlives a rollback. */
function apply(st: Statements, batch: FlushBatch): void {
  for (const run of batch.runs) {
    st.iface.run(run.source.name, run.source.kind);
    const iface = st.ifaceId.get(run.source.name) as number;
    const runId = st.run.get(run.runKey, iface, run.firstTs, run.lastTs) as number;
    for (const r of run.iface) st.ifaceRow.run(r.res, r.ts, iface, runId, r.rxBytes, r.txBytes, r.rxPackets, r.txPackets);
    for (const d of DIMENSIONS) {
      const part = run.detail[d];
      for (const r of part.rows) {
        if (d === 'host') st.upsert[d].run(r.res, r.ts, iface, runId, r.key, r.local ? 1 : 0, r.a, r.b, r.aPackets, r.bPackets);
        else st.upsert[d].run(r.res, r.ts, iface, runId, r.key, r.a, r.b, r.aPackets, r.bPackets);
      }
      for (const x of part.deletes) st.del[d].run(x.res, x.ts, iface, runId, x.key);
    }
  }
  // A bucket [ts, ts + res) has ended by `endedBy` when ts + res ≤ endedBy.
  for (const cut of batch.prune) st.prune[cut.table].run(cut.res, cut.endedBy - cut.res);
}
