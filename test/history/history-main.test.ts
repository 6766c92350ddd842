// historyMain end to end on real files: help, missing and empty databases, unknown interfaces, bad TZ and ranges, merged interfaces.
import { intlZoneParts } from '../../src/adapters/history/intl-zone.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openHistoryReader } from '../../src/adapters/history/sqlite-reader.js';
import { openHistoryWriter } from '../../src/adapters/history/sqlite-writer.js';
import { historyMain } from '../../src/history/history-main.js';
import type { HistoryDeps } from '../../src/history/history-main.js';
import { writeFixture } from '../helpers/history-fixture.js';

const END = 1_794_312_000;
const dir = mkdtempSync(join(tmpdir(), 'wt-main-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[], o: Partial<HistoryDeps> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await historyMain(argv, {
    stdout: (t) => (out += t), stderr: (t) => (err += t), env: { TZ: 'UTC', HOME: '/nonexistent-home' }, now: () => END, uid: 1000,
    openStore: openHistoryReader, exists: existsSync, locale: 'C', systemTimeZone: 'UTC', zoneRules: intlZoneParts, terminal: null, version: 'test', ...o,
  });
  return { code, out, err };
}

test('--help prints the options with the default path of this user', async () => {
  const r = await run(['--help'], { env: { HOME: '/home/ann' } });
  assert.equal(r.code, 0);
  assert.match(r.out, /^wiretop history: traffic recorded by wiretop --history/);
  assert.match(r.out, /--db file             the database \(default \/home\/ann\/\.local\/state\/wiretop\/history\.db,/);
});

test('no database anywhere: one line naming both places and the fix', async () => {
  const r = await run(['-d'], { exists: () => false });
  assert.equal(r.code, 1);
  assert.equal(r.err, 'wiretop history: no history database at /nonexistent-home/.local/state/wiretop/history.db or /var/lib/wiretop/history.db: record one with wiretop --history (or wiretop daemon), or give --db FILE\n');
  const given = await run(['--db', join(dir, 'nope.db')]);
  assert.match(given.err, /^wiretop history: .*nope\.db does not exist: record one with wiretop --history .*nope\.db, or give --db FILE\n$/);
});

test('an empty database: a clear message, and valid JSON and CSV with nothing in them', async () => {
  const path = join(dir, 'empty.db');
  const w = openHistoryWriter(path, { toolVersion: 'test', now: END });
  assert.ok(w.ok);
  w.writer.close();
  const text = await run(['--db', path]);
  assert.deepEqual([text.code, text.out], [0, `${path} holds no traffic yet: the recorder writes at every flush (each minute by default).\n`]);
  const json = JSON.parse((await run(['--db', path, '-d', '--json'])).out) as { schema_version: number; interfaces: unknown[] };
  assert.deepEqual([json.schema_version, json.interfaces], [1, []]);
  assert.equal((await run(['--db', path, '-d', '--csv'])).out, 'interface,start,end,start_local,rx_bytes,tx_bytes,rx_packets,tx_packets,seconds,ongoing\r\n');
});

test('interfaces: unknown ones are named with the ones there are; a+b merges them into one report', async () => {
  const a = join(dir, 'two.db');
  writeFixture(a, { end: END, days: 2, iface: 'eth0', seed: 1 });
  writeFixture(a, { end: END, days: 2, iface: 'wlan0', seed: 2 });
  const bad = await run(['--db', a, '-i', 'eth9']);
  assert.equal(bad.err, 'wiretop history: no interface eth9 in the history (it has eth0, wlan0): pick one with -i\n');
  const both = JSON.parse((await run(['--db', a, '-d', '--json'])).out) as { interfaces: { name: string; rows: { rx_bytes: number }[] }[] };
  const merged = JSON.parse((await run(['--db', a, '-d', '--json', '-i', 'eth0+wlan0'])).out) as typeof both;
  assert.deepEqual(both.interfaces.map((i) => i.name), ['eth0', 'wlan0']);
  assert.deepEqual(merged.interfaces.map((i) => i.name), ['eth0+wlan0']);
  const sum = (x: typeof both) => x.interfaces.flatMap((i) => i.rows).reduce((s, r) => s + r.rx_bytes, 0);
  assert.equal(sum(merged), sum(both));
});

test('a TZ Intl does not know, a range the wrong way round, a date that does not exist: one line each', async () => {
  const path = join(dir, 'two.db');
  assert.match((await run(['--db', path], { env: { TZ: 'Nowhere/City' } })).err, /^wiretop history: TZ=Nowhere\/City is not a time zone this system knows/);
  assert.equal((await run(['--db', path, '-d', '-b', '2026-11-09', '-e', '2026-11-01 00:00'])).err,
    'wiretop history: --end (2026-11-01T00:00:00+00:00) is not after --begin (2026-11-09T00:00:00+00:00)\n');
  assert.equal((await run(['--db', path, '-d', '-b', '2026-02-30'])).err, 'wiretop history: --begin: "2026-02-30" is not a valid date or time\n');
});

test('names from outside are made inert before they reach the terminal', async () => {
  const path = join(dir, 'evil.db');
  writeFixture(path, { end: END, days: 1, iface: 'ev\x1b[31mil' });
  const r = await run(['--db', path, '-d']);
  assert.ok(!r.out.includes('\x1b'));
  assert.ok(r.out.includes('ev\\x1b[31mil'));
});

test('a file damaged past its header: the report fails in one line, no stack trace', async () => {
  const path = join(dir, 'damaged.db');
  writeFixture(path, { end: END, days: 3 });
  const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
  const db = new Database(path);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  // Garbage over every page but the first (the schema stays readable, the tables do not).
  const fd = openSync(path, 'r+');
  const size = statSync(path).size;
  for (let off = 4096; off < size; off += 4096) writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, off);
  closeSync(fd);
  const r = await run(['--db', path, '-d']);
  assert.equal(r.code, 1);
  assert.match(r.err, /^wiretop history: (cannot read .*damaged\.db: .*(malformed|corrupt|not a database).*|.*damaged\.db.*(corrupt|malformed).*)\n$/);
});
