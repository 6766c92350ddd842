// Report layouts as snapshots: 30 days written through the real store with a fixed clock, in UTC and Europe/Berlin, across DST changes.
import { intlZoneParts } from '../../../src/adapters/history/intl-zone.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openHistoryReader } from '../../../src/adapters/history/sqlite-reader.js';
import { historyMain } from '../../../src/history/history-main.js';
import { writeFixture } from '../../helpers/history-fixture.js';
import { matchSnapshot } from '../../helpers/snapshot.js';

/** 2026-11-10 12:00 UTC: the 30 days before hold the end of summer time (2026-10-25 03:00 CEST → 02:00 CET). */
const AUTUMN = 1_794_312_000;
/** 2026-04-10 12:00 UTC: the 30 days before hold its start (2026-03-29 02:00 CET → 03:00 CEST). */
const SPRING = 1_775_822_400;

const dir = mkdtempSync(join(tmpdir(), 'wt-snap-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const db = (end: number) => {
  const path = join(dir, `h-${end}.db`);
  if (!existsSync(path)) writeFixture(path, { end, days: 30, hosts: 6, updated: end - 2 });
  return path;
};

async function run(args: readonly string[], zone: string, end: number, o: { locale?: string; columns?: number } = {}): Promise<string> {
  let out = '';
  let err = '';
  const code = await historyMain([...args, '--db', db(end)], {
    stdout: (t) => (out += t), stderr: (t) => (err += t), env: { TZ: zone }, now: () => end + 30, uid: 0,
    openStore: openHistoryReader, exists: existsSync, locale: o.locale ?? 'C.UTF-8', systemTimeZone: 'UTC', zoneRules: intlZoneParts,
    terminal: o.columns === undefined ? null : { columns: o.columns, rows: 24 }, version: 'test',
  });
  // The database path is a temporary one: not part of the layout.
  return `$ wiretop history ${args.join(' ')}   (TZ=${zone}, exit ${code})\n${out}${err === '' ? '' : `--- stderr\n${err}`}`.split(db(end)).join('DB');
}

const CASES: readonly { name: string; args: readonly string[]; end: number; locale?: string; columns?: number }[] = [
  { name: 'summary', args: [], end: AUTUMN },
  { name: 'days', args: ['-d'], end: AUTUMN },
  { name: 'months', args: ['-m'], end: AUTUMN },
  { name: 'years', args: ['-y'], end: AUTUMN },
  { name: 'top-days', args: ['-t'], end: AUTUMN },
  { name: 'hours-graph', args: ['-hg'], end: AUTUMN },
  { name: 'fiveminutes', args: ['-5', '12'], end: AUTUMN },
  { name: 'percentile', args: ['--95'], end: AUTUMN },
  { name: 'hours-over-dst-end', args: ['-h', '--begin', '2026-10-25 00:00', '--end', '2026-10-25 05:00'], end: AUTUMN },
  { name: 'days-over-dst-end', args: ['-d', '--begin', '2026-10-24', '--end', '2026-10-26'], end: AUTUMN },
  { name: 'hosts-at-repeated-hour', args: ['--hosts', '--at', '2026-10-25 02:30'], end: AUTUMN },
  { name: 'hosts-dst-day', args: ['--hosts', '-b', '2026-10-25', '-e', '2026-10-25', '--limit', '3'], end: AUTUMN },
  { name: 'ports-none', args: ['--ports'], end: AUTUMN },
  { name: 'graph-hours-utf8', args: ['--graph'], end: AUTUMN, columns: 100 },
  { name: 'graph-days-ascii', args: ['--graph', '-d', '--log'], end: AUTUMN, locale: 'C', columns: 72 },
  { name: 'days-json', args: ['-d', '5', '--json'], end: AUTUMN },
  { name: 'hosts-csv', args: ['--hosts', '--csv', '--at', '03:00'], end: AUTUMN },
  { name: 'days-over-dst-start', args: ['-d', '--begin', '2026-03-28', '--end', '2026-03-30'], end: SPRING },
  { name: 'hours-over-dst-start', args: ['-h', '--begin', '2026-03-29 00:00', '--end', '2026-03-29 05:00'], end: SPRING },
  { name: 'hosts-at-skipped-time', args: ['--hosts', '--at', '2026-03-29 02:30'], end: SPRING },
];

for (const zone of ['UTC', 'Europe/Berlin']) {
  for (const c of CASES) {
    test(`TZ=${zone} wiretop history ${c.args.join(' ')}`, async () => {
      const text = await run(c.args, zone, c.end, c);
      matchSnapshot('test/history/report', `${zone === 'UTC' ? 'utc' : 'berlin'}-${c.name}`, text);
    });
  }
}

test('the same report twice is the same text (nothing depends on the process zone or the wall clock)', async () => {
  assert.equal(await run(['-d'], 'Europe/Berlin', AUTUMN), await run(['-d'], 'Europe/Berlin', AUTUMN));
});
