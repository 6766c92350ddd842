// vnstat 2.10 as the oracle for the report layouts: the same traffic in both databases, the outputs compared line for line.
import { intlZoneParts } from '../../../src/adapters/history/intl-zone.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { openHistoryReader } from '../../../src/adapters/history/sqlite-reader.js';
import { historyMain } from '../../../src/history/history-main.js';
import { writeFixture } from '../../helpers/history-fixture.js';

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;

function requireVnstat(): void {
  const r = spawnSync('vnstat', ['--version'], { encoding: 'utf8' });
  if (r.status !== 0 || !/vnStat 2\./.test(r.stdout)) throw new Error('vnstat 2.x is missing: apt-get install vnstat');
}

/** vnstat's local date text of an instant, made with Intl's sv-SE format (independent of wiretop's Zone). */
function localText(zone: string): (t: number) => string {
  const f = new Intl.DateTimeFormat('sv-SE', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  return (t) => f.format(t * 1000);
}

/** A vnstat database holding the same per-minute traffic as wiretop's fixture, bucketed by local time as vnstat does. */
function vnstatDatabase(dir: string, conf: string, zone: string, minutes: [number, number, number][], created: number, updated: number): void {
  execFileSync('vnstatd', ['--initdb', '--config', conf], { env: { ...process.env, TZ: zone } });
  const text = localText(zone);
  const tables = { fiveminute: new Map<string, [number, number]>(), hour: new Map(), day: new Map(), month: new Map(), year: new Map() } as Record<string, Map<string, [number, number]>>;
  let rx = 0, tx = 0;
  for (const [t, r, s] of minutes) {
    rx += r;
    tx += s;
    const five = text(Math.floor(t / 300) * 300);
    const full = text(t);
    const keys: [string, string][] = [
      ['fiveminute', five], ['hour', `${full.slice(0, 13)}:00:00`], ['day', full.slice(0, 10)], ['month', `${full.slice(0, 7)}-01`], ['year', `${full.slice(0, 4)}-01-01`],
    ];
    for (const [table, key] of keys) {
      const v = tables[table]!.get(key) ?? [0, 0];
      v[0] += r;
      v[1] += s;
      tables[table]!.set(key, v);
    }
  }
  const db = new Database(join(dir, 'vnstat.db'));
  db.exec('BEGIN');
  db.prepare(`INSERT INTO interface(id, name, alias, active, created, updated, rxcounter, txcounter, rxtotal, txtotal)
    VALUES (1, 'eth0', '', 1, ?, ?, 0, 0, ?, ?)`).run(text(created), text(updated), rx, tx);
  for (const [table, m] of Object.entries(tables)) {
    const ins = db.prepare(`INSERT INTO ${table}(interface, date, rx, tx) VALUES (1, ?, ?, ?)`);
    for (const [k, [r, s]] of m) ins.run(k, r, s);
  }
  const top = db.prepare('INSERT INTO top(interface, date, rx, tx) VALUES (1, ?, ?, ?)');
  for (const [k, [r, s]] of [...tables['day']!].sort((a, b) => b[1][0] + b[1][1] - (a[1][0] + a[1][1])).slice(0, 10)) top.run(k, r, s);
  db.exec('COMMIT');
  db.close();
}

/**
 * Seconds of data to compare: 30 days, or less so that no DST change falls inside (vnstat merges the
 * repeated hour and takes 86 400 s for a 23- or 25-hour day, where wiretop keeps real time; the DST
 * cases are the snapshot tests' job). Offsets come from Intl, hour by hour.
 */
function spanWithoutTransition(zone: string, end: number): number {
  const offset = (t: number) => {
    const p = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' })
      .formatToParts(t * 1000).map((x) => [x.type, Number(x.value)]));
    return Date.UTC(p['year']!, p['month']! - 1, p['day']!, p['hour']!, p['minute']!) / 1000 - Math.floor(t / 60) * 60;
  };
  const now = offset(end);
  for (let back = 3600; back <= 30 * 86400; back += 3600) {
    if (offset(end - back) !== now) return Math.max(600, back - 3600);
  }
  return 30 * 86400;
}

/** Fixed instants (vnstat's clock pinned to them with libfaketime): mid-hour, and just after an hour begins. */
const INSTANTS = [Date.UTC(2026, 11, 2, 14, 37, 20) / 1000, Date.UTC(2026, 11, 2, 17, 2, 5) / 1000];

for (const zone of ['UTC', 'Europe/Berlin']) for (const now of INSTANTS) {
  test(`TZ=${zone}, at ${new Date(now * 1000).toISOString()}: summary, -5, -h, -hg, -d, -m, -y and -t read like vnstat 2.10's on the same data`, async () => {
    requireVnstat();
    const dir = mkdtempSync(join(tmpdir(), 'wt-vnstat-'));
    try {
      const end = Math.floor(now / 60) * 60;
      const minutes: [number, number, number][] = [];
      const ours = join(dir, 'history.db');
      const days = spanWithoutTransition(zone, end) / 86400;
      const start = end - Math.round(days * 86400);
      writeFixture(ours, { end, days, updated: end, onMinute: (t, rx, tx) => minutes.push([t, rx, tx]) });
      const conf = join(dir, 'vnstat.conf');
      writeFileSync(conf, `DatabaseDir "${dir}"\nUseLogging 0\n`);
      vnstatDatabase(dir, conf, zone, minutes, start, end);
      for (const mode of ['', '-5', '-h', '-hg', '-d', '-m', '-y', '-t']) {
        const args = mode === '' ? [] : [mode];
        const at = new Date(now * 1000).toISOString().replace('T', ' ').slice(0, 19);
        const v = spawnSync('faketime', ['-f', `@${at}`, 'vnstat', '--config', conf, '-i', 'eth0', ...args], { encoding: 'utf8', env: { ...process.env, TZ: zone, LANG: 'C.UTF-8', FAKETIME_DONT_FAKE_MONOTONIC: '1' } });
        assert.equal(v.status, 0, `vnstat under faketime (Debian: apt-get install faketime vnstat): ${v.stderr}`);
        let out = '';
        const code = await historyMain([...args, '--db', ours, '-i', 'eth0'], {
          stdout: (t) => (out += t), stderr: (t) => assert.fail(t), env: { TZ: zone }, now: () => now, uid: 0,
          openStore: openHistoryReader, exists: () => true, locale: 'C.UTF-8', systemTimeZone: 'UTC', zoneRules: intlZoneParts, terminal: null, version: 'test',
        });
        assert.equal(code, 0);
        assert.equal(out, v.stdout, `vnstat ${mode || '(summary)'} in ${zone}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
