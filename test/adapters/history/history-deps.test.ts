// The composition pieces the lead wires in: openHistorySink (recorder on the real store) and realHistoryDeps (the process as historyMain sees it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openHistorySink } from '../../../src/adapters/history/history-deps.js';
import { fakeSnapshot } from '../../helpers/fake-snapshot.js';

const DEPS = fileURLToPath(new URL('../../../src/adapters/history/history-deps.js', import.meta.url));
const MAIN = fileURLToPath(new URL('../../../src/history/history-main.js', import.meta.url));

test('openHistorySink creates the directory and a 0640 file, records, and historyMain with the real deps reads it in the TZ of the process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wt-sink-'));
  try {
    const path = join(dir, 'state', 'wiretop', 'history.db');
    const messages: string[] = [];
    const s = openHistorySink({ path, toolVersion: 'test', report: (m) => messages.push(m), flushSeconds: 2 });
    assert.ok(s.ok, s.ok ? '' : s.problem);
    assert.equal(s.created, true);
    for (let i = 1; i <= 5; i++) {
      s.recorder.tick(fakeSnapshot({ ts: 1_794_312_000 + 2 * i, source: { kind: 'interface', name: 'eth0' }, flows: [{ src: '198.51.100.1', dst: '203.0.113.7', slotSentBytes: 1000, slotRecvBytes: 50, slotSentPackets: 1, slotRecvPackets: 1 }], local: ['198.51.100.1'] }));
    }
    assert.equal(s.recorder.close(), true);
    assert.deepEqual(messages, []);
    assert.equal(statSync(path).mode & 0o777, 0o640);
    const script = `const { realHistoryDeps } = await import(${JSON.stringify(DEPS)}); const { historyMain } = await import(${JSON.stringify(MAIN)});
      process.exitCode = await historyMain(process.argv.slice(1), realHistoryDeps('test'));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, '--', '--hosts', '--at', '2026-11-10 13:00', '--db', path, '--csv'], { encoding: 'utf8', env: { ...process.env, TZ: 'Europe/Berlin' } });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, [
      'interface,begin,end,host,local,sent_bytes,received_bytes,sent_packets,received_packets',
      'eth0,1794312000,1794315600,198.51.100.1,true,5000,250,5,5',
      'eth0,1794312000,1794315600,203.0.113.7,false,250,5000,5,5',
      'eth0,1794312000,1794315600,__other__,false,0,0,0,0', '',
    ].join('\r\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('openHistorySink refuses a file it must not write, in one line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wt-sink-'));
  try {
    const s = openHistorySink({ path: dir, toolVersion: 'test', report: () => {} });
    assert.ok(!s.ok);
    assert.match(s.problem, /^\/.* is not a regular file \(a directory\?\): give the database file$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
