// Local time as an input: civil arithmetic against Intl, DST gaps and overlaps, periods of 23/24/25 hours, parsing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { civilFromDays, daysFromCivil, daysInMonth } from '../../../src/history/time/civil.js';
import { zoneOrError } from '../../../src/history/time/zone.js';
import type { Zone } from '../../../src/history/time/zone.js';
import { intlZone, intlZoneParts } from '../../../src/adapters/history/intl-zone.js';
import { parseTime } from '../../../src/history/time/parse-time.js';
import { mulberry32 } from '../../helpers/random.js';

test('day numbers round-trip and agree with Date.UTC over 1900–2200', () => {
  for (let d = daysFromCivil(1900, 1, 1); d <= daysFromCivil(2200, 12, 31); d += 7) {
    const c = civilFromDays(d);
    assert.equal(daysFromCivil(c.year, c.month, c.day), d);
    assert.equal(Date.UTC(c.year, c.month - 1, c.day) / 86_400_000, d);
  }
  assert.equal(daysInMonth(2028, 2), 29);
  assert.equal(daysInMonth(2100, 2), 28);
  assert.equal(daysFromCivil(2026, 13, 1), daysFromCivil(2027, 1, 1), 'months roll over');
});

test('local fields match Intl for random instants in several zones (half-hour and 45-minute offsets too)', () => {
  const rand = mulberry32(5);
  for (const name of ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'UTC']) {
    const z = intlZone(name);
    const f = new Intl.DateTimeFormat('sv-SE', { timeZone: name, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    for (let i = 0; i < 300; i++) {
      const t = Math.floor(1.6e9 + rand() * 4e8);
      assert.equal(z.strftime(t, '%Y-%m-%d %H:%M:%S'), f.format(t * 1000), `${name} ${t}`);
    }
  }
});

test('Berlin: the autumn day has 25 hours with 02:00 twice, the spring day 23 hours without 02:00', () => {
  const z = intlZone('Europe/Berlin');
  const autumn = z.instant(2026, 10, 25);
  assert.equal(z.nextPeriod('day', autumn) - autumn, 25 * 3600);
  const hours = [];
  for (let h = autumn; h < z.nextPeriod('day', autumn); h = z.nextPeriod('hour', h)) hours.push(z.strftime(h, '%H %Z'));
  assert.deepEqual(hours.slice(0, 5), ['00 UTC+2', '01 UTC+2', '02 UTC+2', '02 UTC+1', '03 UTC+1']);
  // The second 02:30 belongs to the second 02:00 hour.
  const second = z.instant(2026, 10, 25, 2, 30) + 3600;
  assert.equal(z.periodStart('hour', second), z.instant(2026, 10, 25, 2) + 3600);
  const spring = z.instant(2026, 3, 29);
  assert.equal(z.nextPeriod('day', spring) - spring, 23 * 3600);
  assert.equal(z.strftime(z.instant(2026, 3, 29, 2, 30), '%H:%M %Z'), '03:30 UTC+2', 'a skipped time lands after the gap');
  assert.equal(z.strftime(z.instant(2026, 10, 25, 2, 30), '%H:%M %Z'), '02:30 UTC+2', 'a repeated time is the first');
  assert.equal(z.nextPeriod('month', z.instant(2026, 10, 1)) - z.instant(2026, 10, 1), 31 * 86400 + 3600);
});

test('zones without a midnight: the day starts at the first instant that exists', () => {
  // America/Santiago skipped 00:00–01:00 on 2022-09-11.
  const z = intlZone('America/Santiago');
  const t = z.instant(2022, 9, 11);
  assert.equal(z.strftime(t, '%Y-%m-%d %H:%M'), '2022-09-11 01:00');
  assert.equal(z.periodStart('day', t + 5000), t);
});

test('TZ values: names, ":Name", zoneinfo paths, unset; a name Intl does not know is one clear error', () => {
  assert.equal((zoneOrError(':Europe/Berlin', 'UTC', intlZoneParts) as Zone).name, 'Europe/Berlin');
  assert.equal((zoneOrError('/usr/share/zoneinfo/Asia/Tokyo', 'UTC', intlZoneParts) as Zone).name, 'Asia/Tokyo');
  assert.equal((zoneOrError(undefined, 'America/Chicago', intlZoneParts) as Zone).name, 'America/Chicago');
  assert.deepEqual(zoneOrError('Mars/Olympus', 'UTC', intlZoneParts), { error: 'TZ=Mars/Olympus is not a time zone this system knows: use an IANA name like Europe/Berlin or UTC' });
});

test('--begin/--end/--at forms, in local time', () => {
  const z = intlZone('Europe/Berlin');
  const now = z.instant(2026, 11, 10, 12, 0);
  const t = (s: string) => {
    const r = parseTime(s, now, z);
    if ('error' in r) throw new Error(r.error);
    return z.strftime(r.t, '%Y-%m-%d %H:%M');
  };
  assert.equal(t('2026-11-01'), '2026-11-01 00:00');
  assert.equal(t('2026-11-01 07:45'), '2026-11-01 07:45');
  assert.equal(t('2026-11-01T07:45:10'), '2026-11-01 07:45');
  assert.equal(t('03:00'), '2026-11-10 03:00');
  assert.equal(t('13:00'), '2026-11-09 13:00', 'a time not yet reached today is yesterday\'s');
  assert.equal(t('today'), '2026-11-10 00:00');
  assert.equal(t('yesterday'), '2026-11-09 00:00');
  assert.equal(t('-90m'), '2026-11-10 10:30');
  assert.equal(t(`@${now}`), '2026-11-10 12:00');
  for (const bad of ['2026-02-30', '24:00', 'tomorrow', '2026-1-1', '']) assert.ok('error' in parseTime(bad, now, z), bad);
  assert.match((parseTime('soon', now, z) as { error: string }).error, /^cannot read the time "soon" \(forms: /);
});
