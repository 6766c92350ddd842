// Faults under a running recorder, on a real tiny tmpfs: the disk fills up, the file system goes read-only, the file is truncated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, rmdirSync, truncateSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openHistoryReader } from '../../../src/adapters/history/sqlite-reader.js';
import { openHistoryWriter } from '../../../src/adapters/history/sqlite-writer.js';
import { HistoryRecorder } from '../../../src/history/recorder/recorder.js';
import { fakeSnapshot } from '../../helpers/fake-snapshot.js';
import type { FakeFlow } from '../../helpers/fake-snapshot.js';

const mounted = new Set<string>();
process.on('exit', () => {
  for (const d of mounted) {
    try {
      execFileSync('umount', ['-l', d]);
      rmdirSync(d);
    } catch {
      /* already gone */
    }
  }
});

/** A tmpfs of `size` mounted on a new directory; root only (fails, never skips, otherwise). */
function tmpfs(size: string): { dir: string; remount: (mode: 'ro' | 'rw') => void; done: () => void } {
  if (process.getuid?.() !== 0) throw new Error('the fault tests mount a tmpfs and must run as root (CI does)');
  const dir = mkdtempSync(join(tmpdir(), 'wt-tmpfs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'tmpfs', dir]);
  mounted.add(dir);
  return {
    dir,
    remount: (mode) => execFileSync('mount', ['-o', `remount,${mode}`, dir]),
    done: () => {
      // Lazily: a connection a failed assertion left open must not keep the mount.
      execFileSync('umount', ['-l', dir]);
      mounted.delete(dir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Fills the file system with a file until ENOSPC; returns its path. */
function fill(dir: string): string {
  const path = join(dir, 'filler');
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(16384, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (e) {
    if (!(e instanceof Error && 'code' in e && e.code === 'ENOSPC')) throw e;
  } finally {
    closeSync(fd);
  }
  return path;
}

interface Harness {
  readonly rec: HistoryRecorder;
  readonly messages: string[];
  /** One tick with `n` fresh remote hosts (so the database keeps growing); returns the bytes sent. */
  tick(n?: number): number;
}

function harness(path: string, runId = 'faults'): Harness {
  const w = openHistoryWriter(path, { toolVersion: 'test', now: 0 });
  if (!w.ok) throw new Error(w.problem);
  const messages: string[] = [];
  const rec = new HistoryRecorder({ writer: w.writer, report: (m) => messages.push(m), runId, flushSeconds: 2, limits: { topRemoteHosts: 10_000 } });
  let ts = 1_800_000_000, serial = 0;
  return {
    rec, messages,
    tick(n = 40) {
      ts += 2;
      const flows: FakeFlow[] = [];
      for (let i = 0; i < n; i++, serial++) {
        const dst = `2001:db8:${(serial >> 16).toString(16)}:${(serial & 0xffff).toString(16)}::1`;
        flows.push({ id: i, serial, src: '2001:db8:77::1', dst, slotSentBytes: 100, slotSentPackets: 1 });
      }
      rec.tick(fakeSnapshot({ ts, flows, local: ['2001:db8:77::1'], source: { kind: 'interface', name: 'eth0' } }));
      return 100 * n;
    },
  };
}

function storedTx(path: string): number {
  const r = openHistoryReader(path);
  if (!r.ok) throw new Error(r.problem);
  const day = r.reader.ifaceBuckets(['eth0'], 86400, 0, 2e9).reduce((s, b) => s + b.txBytes, 0);
  const minutes = r.reader.ifaceBuckets(['eth0'], 60, 0, 2e9).reduce((s, b) => s + b.txBytes, 0);
  r.reader.close();
  assert.equal(minutes, day, 'every resolution holds the same bytes');
  return day;
}

test('the disk fills up: monitoring goes on, one message, the buckets are held and written once there is room; nothing lost', () => {
  const fs = tmpfs('1m');
  try {
    const path = join(fs.dir, 'history.db');
    const h = harness(path);
    let sent = 0;
    for (let i = 0; i < 3; i++) sent += h.tick();
    const filler = fill(fs.dir);
    let ticks = 0;
    while (h.messages.length === 0 && ticks < 2000) {
      sent += h.tick();
      ticks++;
    }
    assert.equal(h.messages.length, 1, 'a failure was reported');
    assert.match(h.messages[0]!, /^history: cannot write: .*history\.db: (the disk is full \(SQLITE_FULL\)|input\/output error \(SQLITE_IOERR[A-Z_]*, no space left\)); monitoring goes on/);
    for (let i = 0; i < 30; i++) sent += h.tick();
    assert.equal(h.messages.length, 1, 'one message while it keeps failing');
    assert.ok(h.rec.stats().failedFlushes >= 30);
    unlinkSync(filler);
    for (let i = 0; i < 5; i++) sent += h.tick();
    h.rec.close();
    assert.equal(h.messages.length, 2, h.messages.join('\n'));
    assert.match(h.messages[1]!, /^history: writing again after \d+ failed flushes; nothing was lost$/);
    assert.equal(storedTx(path), sent);
  } finally {
    fs.done();
  }
});

test('the file system is read-only when the recorder starts, and becomes writable: one message, retries, nothing lost', () => {
  const fs = tmpfs('8m');
  try {
    const path = join(fs.dir, 'history.db');
    const first = harness(path);
    let sent = 0;
    for (let i = 0; i < 10; i++) sent += first.tick();
    first.rec.close();
    // A kernel refuses to remount read-only under open writers: the fault that happens is a file
    // system already read-only (errors=remount-ro, a read-only /var at boot) when wiretop starts.
    fs.remount('ro');
    const h = harness(path, 'second start');
    for (let i = 0; i < 20; i++) sent += h.tick();
    assert.equal(h.messages.length, 1, h.messages.join('\n'));
    assert.match(h.messages[0]!, /history\.db is read-only \(SQLITE_READONLY[A-Z_]*\)|cannot open .*history\.db/);
    fs.remount('rw');
    for (let i = 0; i < 3; i++) sent += h.tick();
    h.rec.close();
    assert.equal(h.messages.length, 2, h.messages.join('\n'));
    assert.match(h.messages[1]!, /writing again after \d+ failed flushes; nothing was lost/);
    assert.equal(storedTx(path), sent);
  } finally {
    fs.done();
  }
});

test('the file is truncated under the recorder: monitoring goes on with one message, and the damaged file is not rewritten', () => {
  const fs = tmpfs('8m');
  try {
    const path = join(fs.dir, 'history.db');
    const h = harness(path);
    for (let i = 0; i < 50; i++) h.tick();
    truncateSync(path, 4096);
    for (let i = 0; i < 20; i++) assert.doesNotThrow(() => h.tick());
    assert.ok(h.messages.length <= 1, h.messages.join('\n'));
    h.rec.close();
    // Whatever the open connection still had, the file is damaged: a new start refuses it in one line.
    const again = openHistoryWriter(path, { toolVersion: 'test', now: 0 });
    assert.ok(!again.ok);
    assert.doesNotMatch(again.problem, /\n/);
    const r = openHistoryReader(path);
    assert.ok(!r.ok);
    assert.match(r.problem, /truncated|corrupt|malformed/);
  } finally {
    fs.done();
  }
});
