// The real SQLite store: what the recorder writes reads back exactly, retention, refusing files it must not touch, migrations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { SCHEMA_V1, SCHEMA_VERSION } from '../../../src/adapters/history/schema.js';
import { openHistoryReader } from '../../../src/adapters/history/sqlite-reader.js';
import { openHistoryWriter } from '../../../src/adapters/history/sqlite-writer.js';
import { HistoryRecorder } from '../../../src/history/recorder/recorder.js';
import { OTHER } from '../../../src/ports/history-store.js';
import type { HistoryReader } from '../../../src/ports/history-store.js';
import { fakeSnapshot } from '../../helpers/fake-snapshot.js';
import { mulberry32 } from '../../helpers/random.js';

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;

function tempDir(): { dir: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'wt-store-'));
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function reader(path: string): HistoryReader {
  const r = openHistoryReader(path);
  if (!r.ok) throw new Error(r.problem);
  return r.reader;
}

/** Two hours of random traffic between a local host and 40 remote ones, through a recorder into the real store. */
function record(path: string, o: { flushSeconds?: number; start?: number; seconds?: number; runId?: string } = {}): { rx: number; tx: number } {
  const w = openHistoryWriter(path, { toolVersion: 'test', now: 0 });
  if (!w.ok) throw new Error(w.problem);
  const rec = new HistoryRecorder({ writer: w.writer, report: (m) => assert.fail(m), runId: o.runId ?? 'r1', flushSeconds: o.flushSeconds ?? 60, limits: { topRemoteHosts: 5 } });
  const rand = mulberry32(3);
  const start = o.start ?? 1_800_000_000;
  let rx = 0, tx = 0;
  for (let ts = start + 2; ts <= start + (o.seconds ?? 7200); ts += 2) {
    const flows = Array.from({ length: 4 }, (_, i) => {
      const s = Math.floor(rand() * 3000), r = Math.floor(rand() * 3000);
      tx += s;
      rx += r;
      return { id: i, src: '198.51.100.1', dst: `203.0.113.${1 + Math.floor(rand() * 40)}`, proto: 6, srcPort: 40000 + i, dstPort: i % 2 === 0 ? 443 : 22, slotSentBytes: s, slotRecvBytes: r, slotSentPackets: 1, slotRecvPackets: 1 };
    });
    rec.tick(fakeSnapshot({ ts, flows, local: ['198.51.100.1'], source: { kind: 'interface', name: 'eth0' } }));
  }
  rec.close();
  return { rx, tx };
}

test('a new database: WAL, schema_version and application id; what the recorder wrote reads back exactly at every resolution', () => {
  const { dir, done } = tempDir();
  try {
    const path = join(dir, 'sub', 'history.db');
    const sent = record(path);
    const db = new Database(path, { readonly: true });
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('application_id', { simple: true }), 0x77746f70);
    assert.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
    assert.equal((db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string }).value, String(SCHEMA_VERSION));
    db.close();
    const r = reader(path);
    for (const res of [60, 300, 3600, 86400] as const) {
      const b = r.ifaceBuckets(['eth0'], res, 0, 2e9);
      assert.deepEqual({ rx: b.reduce((s, x) => s + x.rxBytes, 0), tx: b.reduce((s, x) => s + x.txBytes, 0) }, sent, `resolution ${res}`);
    }
    const hosts = r.detailTotals('host', ['eth0'], 3600, 0, 2e9);
    assert.equal(hosts.reduce((s, h) => s + h.a, 0), sent.rx + sent.tx);
    assert.equal(hosts.reduce((s, h) => s + h.b, 0), sent.rx + sent.tx);
    assert.ok(hosts.some((h) => h.key === OTHER));
    assert.equal(hosts.filter((h) => h.key !== OTHER && !h.local).length <= 5 * 3, true, 'at most 5 remote hosts per hour bucket (3 hours touched)');
    const ports = r.detailTotals('port', ['eth0'], 86400, 0, 2e9);
    assert.deepEqual(ports.map((p) => p.key).sort(), [OTHER, 'tcp/22', 'tcp/443']);
    assert.deepEqual(r.detailResolutions('host'), [3600, 86400]);
    assert.deepEqual(r.interfaces().map((i) => [i.name, i.created, i.updated]), [['eth0', 1_800_000_002, 1_800_007_200]]);
    r.close();
  } finally {
    done();
  }
});

test('two runs into one file add up; a rerun of the same run key replaces its rows', () => {
  const { dir, done } = tempDir();
  try {
    const path = join(dir, 'h.db');
    const a = record(path, { runId: 'a', seconds: 600 });
    const b = record(path, { runId: 'b', start: 1_800_000_600, seconds: 600 });
    record(path, { runId: 'b', start: 1_800_000_600, seconds: 600 });
    const r = reader(path);
    const day = r.ifaceBuckets(['eth0'], 86400, 0, 2e9);
    assert.equal(day.reduce((s, x) => s + x.txBytes, 0), a.tx + b.tx);
    r.close();
  } finally {
    done();
  }
});

test('retention removes exactly the buckets that ended longer ago than their age', () => {
  const { dir, done } = tempDir();
  try {
    const path = join(dir, 'h.db');
    const w = openHistoryWriter(path, { toolVersion: 'test', now: 0 });
    assert.ok(w.ok);
    const rec = new HistoryRecorder({
      writer: w.writer, report: (m) => assert.fail(m), runId: 'r', flushSeconds: 60, pruneSeconds: 60,
      retention: { iface: { 60: 3600, 300: 7200, 3600: 4 * 3600, 86400: 86400 * 10 }, detail: { 3600: 4 * 3600 } },
    });
    const t0 = 1_800_000_000;
    for (let ts = t0 + 2; ts <= t0 + 6 * 3600; ts += 2) rec.tick(fakeSnapshot({ ts, flows: [{ src: '198.51.100.1', dst: '203.0.113.1', slotSentBytes: 1, slotSentPackets: 1 }], local: ['198.51.100.1'] }));
    rec.close();
    const now = t0 + 6 * 3600;
    const r = reader(path);
    for (const [res, age] of [[60, 3600], [300, 7200], [3600, 4 * 3600]] as const) {
      const kept = r.ifaceBuckets(['test0'], res, 0, 2e9).map((b) => b.ts);
      // The last prune ran at the last flush (now); a bucket [ts, ts + res) stays when ts + res > now − age.
      const expected = [];
      for (let ts = t0; ts < now; ts += res) if (ts + res > now - age) expected.push(ts);
      assert.deepEqual(kept, expected, `resolution ${res}`);
    }
    assert.deepEqual(r.ifaceBuckets(['test0'], 86400, 0, 2e9).map((b) => b.ts), [t0 - (t0 % 86400)]);
    assert.equal(r.earliest('host', ['test0'], 3600), now - 4 * 3600);
    r.close();
  } finally {
    done();
  }
});

/** Puts a newer schema into a database as a newer wiretop would: meta and the header's user_version, or meta only. */
function makeNewer(path: string, headerToo: boolean): void {
  const db = new Database(path);
  db.prepare("UPDATE meta SET value = '3' WHERE key = 'schema_version'").run();
  if (headerToo) db.pragma('user_version = 3');
  db.pragma('journal_mode = DELETE');
  db.close();
}

for (const headerToo of [true, false]) {
  test(`a database of a newer schema (${headerToo ? 'header and meta' : 'meta only'}) is refused in one line, and left byte for byte as it was`, () => {
    const { dir, done } = tempDir();
    try {
      const path = join(dir, 'h.db');
      record(path, { seconds: 120 });
      makeNewer(path, headerToo);
      const before = sha(path);
      const w = openHistoryWriter(path, { toolVersion: 'test', now: 0 });
      assert.ok(!w.ok);
      assert.match(w.problem, /was written by a newer wiretop \(history schema 3, this one reads up to 2\): upgrade wiretop, or use another file$/);
      assert.doesNotMatch(w.problem, /\n/);
      const r = openHistoryReader(path);
      assert.ok(!r.ok);
      assert.match(r.problem, /newer wiretop/);
      assert.equal(sha(path), before);
      assert.equal(existsSync(`${path}-wal`) && readFileSync(`${path}-wal`).length > 0, false);
    } finally {
      done();
    }
  });
}

test('a truncated database: one clear error from the writer and the reader, the file untouched', () => {
  const { dir, done } = tempDir();
  try {
    const path = join(dir, 'h.db');
    record(path);
    const db = new Database(path);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const size = readFileSync(path).length;
    truncateSync(path, Math.floor(size / 2));
    const before = sha(path);
    const w = openHistoryWriter(path, { toolVersion: 'test', now: 0 });
    assert.ok(!w.ok);
    assert.match(w.problem, /is truncated \(\d+ bytes, its header says \d+ bytes\): restore it from a backup, or move it away to start a new one$/);
    const r = openHistoryReader(path);
    assert.ok(!r.ok);
    assert.match(r.problem, /is truncated/);
    assert.equal(sha(path), before);
  } finally {
    done();
  }
});

test('not a database, an empty file, another program\'s SQLite file (vnstat\'s): refused, untouched', () => {
  const { dir, done } = tempDir();
  try {
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'this is not SQLite at all, but long enough to have a header of a hundred bytes or so, really it is.');
    const empty = join(dir, 'empty.db');
    writeFileSync(empty, '');
    const conf = join(dir, 'v.conf');
    writeFileSync(conf, `DatabaseDir "${dir}"\nUseLogging 0\n`);
    execFileSync('vnstatd', ['--initdb', '--config', conf], { stdio: 'ignore' });
    const vnstat = join(dir, 'vnstat.db');
    for (const [path, re] of [[junk, /is not a SQLite database/], [empty, /is empty \(0 bytes\)/], [vnstat, /is a SQLite database but not a wiretop history/]] as const) {
      const before = sha(path);
      const w = openHistoryWriter(path, { toolVersion: 'test', now: 0 });
      assert.ok(!w.ok, path);
      assert.match(w.problem, re);
      const r = openHistoryReader(path);
      assert.ok(!r.ok);
      assert.match(r.problem, re);
      assert.equal(sha(path), before, path);
    }
  } finally {
    done();
  }
});

/** A version-1 database (ecosystem-conventions §8.3 as written) with known rows. */
function makeV1(path: string): void {
  const db = new Database(path);
  db.exec(SCHEMA_V1);
  db.prepare("INSERT INTO iface(id, name) VALUES (1, 'eth0')").run();
  const ins = db.prepare('INSERT INTO iface_traffic(res, iface, ts, rx_bytes, tx_bytes, rx_packets, tx_packets) VALUES (?, 1, ?, ?, ?, ?, ?)');
  for (const res of [60, 300, 3600, 86400]) ins.run(res, 1_799_971_200, 1000, 2000, 10, 20);
  db.prepare("INSERT INTO host_traffic(res, iface, ts, host, sent_bytes, received_bytes) VALUES (3600, 1, 1_799_971_200, '203.0.113.5', 7, 9)").run();
  db.close();
}

test('schema 1 → 2: the upgrade keeps every row (as one migrated run), sets schema_version 2, and new runs add to it', () => {
  const { dir, done } = tempDir();
  try {
    const path = join(dir, 'h.db');
    makeV1(path);
    const old = openHistoryReader(path);
    assert.ok(!old.ok);
    assert.match(old.problem, /has history schema 1 \(this wiretop reads 2\): the recorder upgrades it/);
    const w = openHistoryWriter(path, { toolVersion: 'test', now: 0 });
    assert.ok(w.ok);
    assert.equal(w.migratedFrom, 1);
    w.writer.close();
    const r = reader(path);
    assert.deepEqual(r.ifaceBuckets(['eth0'], 86400, 0, 2e9).map((b) => [b.ts, b.rxBytes, b.txBytes, b.rxPackets, b.txPackets]), [[1_799_971_200, 1000, 2000, 10, 20]]);
    assert.deepEqual(r.detailTotals('host', ['eth0'], 3600, 0, 2e9).map((h) => [h.key, h.a, h.b]), [['203.0.113.5', 7, 9]]);
    r.close();
    const db = new Database(path, { readonly: true });
    assert.equal(db.pragma('user_version', { simple: true }), 2);
    assert.deepEqual(db.prepare('SELECT key, value FROM meta WHERE key IN (\'schema_version\', \'migrated_from\') ORDER BY key').all(), [{ key: 'migrated_from', value: '1' }, { key: 'schema_version', value: '2' }]);
    assert.deepEqual(db.prepare('SELECT key FROM run').pluck().all(), ['migrated-v1:eth0']);
    db.close();
    // A recorder writing into the upgraded file adds to the migrated day.
    const w2 = openHistoryWriter(path, { toolVersion: 'test', now: 0 });
    assert.ok(w2.ok);
    const rec = new HistoryRecorder({ writer: w2.writer, report: (m) => assert.fail(m), runId: 'new', flushSeconds: 2 });
    rec.tick(fakeSnapshot({ ts: 1_799_971_202, source: { kind: 'interface', name: 'eth0' }, flows: [{ src: '198.51.100.1', dst: '203.0.113.5', slotSentBytes: 5, slotRecvBytes: 3, slotSentPackets: 1, slotRecvPackets: 1 }], local: ['198.51.100.1'] }));
    rec.close();
    const r2 = reader(path);
    assert.deepEqual(r2.ifaceBuckets(['eth0'], 86400, 0, 2e9).map((b) => [b.rxBytes, b.txBytes]), [[1003, 2005]]);
    r2.close();
  } finally {
    done();
  }
});

test('a migration that fails leaves the file at schema 1, whole', () => {
  const { dir, done } = tempDir();
  try {
    const path = join(dir, 'h.db');
    makeV1(path);
    const db = new Database(path);
    db.exec('CREATE TABLE run(x)'); // the migration creates `run`: it fails midway
    db.close();
    const before = new Database(path, { readonly: true });
    const rows = before.prepare('SELECT COUNT(*) FROM iface_traffic').pluck().get();
    before.close();
    const w = openHistoryWriter(path, { toolVersion: 'test', now: 0 });
    assert.ok(!w.ok || (w.writer.close(), false), 'the open must fail');
    const after = new Database(path, { readonly: true });
    assert.equal((after.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string }).value, '1');
    assert.equal(after.prepare('SELECT COUNT(*) FROM iface_traffic').pluck().get(), rows);
    assert.equal(after.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'v1_%'").pluck().get(), 0);
    after.close();
  } finally {
    done();
  }
});
