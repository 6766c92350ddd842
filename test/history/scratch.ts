import { writeFixture } from '../helpers/history-fixture.js';
import { historyMain } from '../../src/history/history-main.js';
import { openHistoryReader } from '../../src/adapters/history/sqlite-reader.js';
import { existsSync, rmSync } from 'node:fs';
const path = '/tmp/wt-scratch/h.db';
rmSync('/tmp/wt-scratch', { recursive: true, force: true });
const end = 1_796_223_300;
const t0 = performance.now();
writeFixture(path, { end, days: 30 });
console.error('fixture ms', performance.now() - t0);
for (const args of [[], ['-d'], ['-m'], ['-y'], ['-t'], ['-h'], ['-hg'], ['-5'], ['--95'], ['--hosts', '--begin', '-7d'], ['--hosts', '--at', '03:00'], ['--graph'], ['--graph','-d'], ['-d', '--json'], ['--ports']]) {
  for (const tz of [process.env['ZONE'] ?? 'UTC']) {
    console.log(`=== ${tz} ${args.join(' ')}`);
    await historyMain([...args, '--db', path], { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), env: { TZ: tz }, now: () => end + 100, uid: 0, openStore: openHistoryReader, exists: existsSync, locale: 'C.UTF-8', systemTimeZone: 'UTC', terminal: { columns: 100, rows: 24 }, version: 'x' });
  }
}
