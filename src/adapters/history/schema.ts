// The history schema (current version and every earlier one) and the migrations between them.
import type BetterSqlite3 from 'better-sqlite3';
import { APPLICATION_ID } from './sqlite-file.js';

export const SCHEMA_VERSION = 2;

/**
 * Version 1: ecosystem-conventions §8.3 as written (interface and host tables, increments added per
 * flush, no runs). Kept to create version-1 files in tests and to migrate them.
 */
export const SCHEMA_V1 = `
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE iface(id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, alias TEXT);
CREATE TABLE iface_traffic(
  res INTEGER NOT NULL, iface INTEGER NOT NULL REFERENCES iface(id) ON DELETE CASCADE, ts INTEGER NOT NULL,
  rx_bytes INTEGER NOT NULL DEFAULT 0, tx_bytes INTEGER NOT NULL DEFAULT 0,
  rx_packets INTEGER NOT NULL DEFAULT 0, tx_packets INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(res, iface, ts)) WITHOUT ROWID;
CREATE TABLE host_traffic(
  res INTEGER NOT NULL, iface INTEGER NOT NULL, ts INTEGER NOT NULL, host TEXT NOT NULL,
  sent_bytes INTEGER NOT NULL DEFAULT 0, received_bytes INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(res, iface, ts, host)) WITHOUT ROWID;
INSERT INTO meta(key, value) VALUES ('schema_version', '1');
`;

/** A detail table of version 2: one per dimension, keyed like the interface table plus the entity. */
function detailTable(name: string, key: string, cols: string, extra = ''): string {
  return `CREATE TABLE ${name}(
  res INTEGER NOT NULL, ts INTEGER NOT NULL, iface INTEGER NOT NULL, run INTEGER NOT NULL, ${key} TEXT NOT NULL,${extra}
  ${cols},
  PRIMARY KEY(res, ts, iface, run, ${key})) WITHOUT ROWID;`;
}

const RXTX = 'rx_bytes INTEGER NOT NULL DEFAULT 0, tx_bytes INTEGER NOT NULL DEFAULT 0, rx_packets INTEGER NOT NULL DEFAULT 0, tx_packets INTEGER NOT NULL DEFAULT 0';
const HOST = 'sent_bytes INTEGER NOT NULL DEFAULT 0, received_bytes INTEGER NOT NULL DEFAULT 0, sent_packets INTEGER NOT NULL DEFAULT 0, received_packets INTEGER NOT NULL DEFAULT 0';

/**
 * Version 2 (the tables the store writes). Against §8.3:
 * - `run`: every row belongs to one run segment and holds that run's ABSOLUTE total for the bucket,
 *   replaced at each flush; reads sum over runs. A retried flush rewrites the same values (nothing
 *   counted twice), a restart is a new run, replaying a capture file again rewrites its own rows.
 * - Keys start with (res, ts): retention deletes `res = ? AND ts <= ?` and every report reads a time
 *   range of one resolution, both prefix ranges of the primary key.
 * - No foreign keys on the traffic tables: a check per upserted row, and cascades would scan; the
 *   store is the only writer.
 * - Hosts get packets and a `local` flag; ports, programs and units get their own tables.
 */
export const SCHEMA_V2_TABLES = `
CREATE TABLE iface_traffic(
  res INTEGER NOT NULL, ts INTEGER NOT NULL, iface INTEGER NOT NULL, run INTEGER NOT NULL,
  ${RXTX},
  PRIMARY KEY(res, ts, iface, run)) WITHOUT ROWID;
${detailTable('host_traffic', 'host', HOST, ' local INTEGER NOT NULL DEFAULT 0,')}
${detailTable('port_traffic', 'service', RXTX)}
${detailTable('program_traffic', 'program', RXTX)}
${detailTable('unit_traffic', 'unit', RXTX)}
`;

const SCHEMA_V2 = `
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE iface(id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, kind TEXT NOT NULL DEFAULT 'interface', alias TEXT);
CREATE TABLE run(id INTEGER PRIMARY KEY, key TEXT NOT NULL, iface INTEGER NOT NULL REFERENCES iface(id),
  first_ts REAL NOT NULL, last_ts REAL NOT NULL, UNIQUE(key, iface));
${SCHEMA_V2_TABLES}
`;

/** From version n to n + 1, inside the caller's transaction. */
const MIGRATIONS: ReadonlyMap<number, (db: BetterSqlite3.Database) => void> = new Map([
  [1, (db: BetterSqlite3.Database) => {
    // Version-1 rows were increments without runs: they become one run per interface ("migrated-v1").
    db.exec(`
      ALTER TABLE iface_traffic RENAME TO v1_iface_traffic;
      ALTER TABLE host_traffic RENAME TO v1_host_traffic;
      ALTER TABLE iface ADD COLUMN kind TEXT NOT NULL DEFAULT 'interface';
      CREATE TABLE run(id INTEGER PRIMARY KEY, key TEXT NOT NULL, iface INTEGER NOT NULL REFERENCES iface(id),
        first_ts REAL NOT NULL, last_ts REAL NOT NULL, UNIQUE(key, iface));
      ${SCHEMA_V2_TABLES}
      INSERT INTO run(key, iface, first_ts, last_ts)
        SELECT 'migrated-v1:' || i.name, i.id, MIN(t.ts), MAX(t.ts + t.res) FROM iface i JOIN v1_iface_traffic t ON t.iface = i.id GROUP BY i.id;
      INSERT INTO iface_traffic(res, ts, iface, run, rx_bytes, tx_bytes, rx_packets, tx_packets)
        SELECT t.res, t.ts, t.iface, r.id, t.rx_bytes, t.tx_bytes, t.rx_packets, t.tx_packets
        FROM v1_iface_traffic t JOIN run r ON r.iface = t.iface;
      INSERT INTO host_traffic(res, ts, iface, run, host, local, sent_bytes, received_bytes)
        SELECT h.res, h.ts, h.iface, r.id, h.host, 0, h.sent_bytes, h.received_bytes
        FROM v1_host_traffic h JOIN run r ON r.iface = h.iface;
      DROP TABLE v1_iface_traffic;
      DROP TABLE v1_host_traffic;
    `);
  }],
]);

/** Creates the current schema in an empty database. */
export function createSchema(db: BetterSqlite3.Database, toolVersion: string, now: number): void {
  db.transaction(() => {
    db.exec(SCHEMA_V2);
    const put = db.prepare('INSERT INTO meta(key, value) VALUES (?, ?)');
    put.run('schema_version', String(SCHEMA_VERSION));
    put.run('created', String(Math.floor(now)));
    put.run('tool', 'wiretop');
    put.run('tool_version', toolVersion);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}

/** schema_version from meta, or null when there is no such table or row (not a wiretop history). */
export function readSchemaVersion(db: BetterSqlite3.Database): number | null {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
  if (table === undefined) return null;
  const row = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
  const v = row === undefined ? NaN : Number(row.value);
  return Number.isInteger(v) && v > 0 ? v : null;
}

/** Runs every migration from `from` to the current version in one transaction: all or nothing. */
export function migrate(db: BetterSqlite3.Database, from: number, toolVersion: string): void {
  db.transaction(() => {
    for (let v = from; v < SCHEMA_VERSION; v++) {
      const step = MIGRATIONS.get(v);
      if (step === undefined) throw new Error(`no migration from history schema ${v}`);
      step(db);
    }
    const put = db.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
    put.run('schema_version', String(SCHEMA_VERSION));
    put.run('tool_version', toolVersion);
    put.run('migrated_from', String(from));
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}
