// Reading while a recorder writes (WAL, other processes), and as another user from a directory that user cannot write.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openHistoryReader } from '../../../src/adapters/history/sqlite-reader.js';

const WRITER = fileURLToPath(new URL('./writer-child.js', import.meta.url));
const READER = fileURLToPath(new URL('./reader-child.js', import.meta.url));
const NOBODY = 65534;

function requireRoot(): void {
  if (process.getuid?.() !== 0) throw new Error('these tests read as another user (nobody) and must run as root (CI does)');
}

/** A directory only root may write to, readable by everyone (like /var/lib/wiretop). */
function rootDir(): { dir: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'wt-ro-'));
  chmodSync(dir, 0o755);
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

function readAs(path: string, uid?: number): { sums?: number[]; problem?: string } {
  const r = spawnSync(process.execPath, [READER, path], { encoding: 'utf8', ...(uid === undefined ? {} : { uid, gid: uid }) });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { sums?: number[]; problem?: string };
}

test('reports read while another process writes: every read sees whole flushes, all resolutions equal, growing to the total', async () => {
  requireRoot();
  const { dir, done } = rootDir();
  try {
    const path = join(dir, 'history.db');
    const child = spawn(process.execPath, [WRITER, path, '400'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = once(child, 'exit');
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    while (!out.includes('ready')) await new Promise((r) => setTimeout(r, 10));
    let reads = 0, last = 0, asNobody = 0;
    while (!out.includes('done')) {
      await new Promise((r) => setTimeout(r, 5)); // lets the child's output in
      const r = openHistoryReader(path);
      assert.ok(r.ok, r.ok ? '' : r.problem);
      const sums = r.reader.snapshot(() => [60, 300, 3600, 86400].map((res) => r.reader.ifaceBuckets(['eth0'], res as 60, 0, 2e9).reduce((s, b) => s + b.txBytes, 0)));
      r.reader.close();
      assert.ok(sums.every((x) => x === sums[0]), `one snapshot, four resolutions: ${sums}`);
      assert.ok(sums[0]! >= last);
      last = sums[0]!;
      reads++;
      if (reads % 5 === 0) {
        // Another user, in a directory it cannot write to, while the writer keeps the -wal and -shm files.
        const n = readAs(path, NOBODY);
        assert.equal(n.problem, undefined);
        assert.ok(n.sums!.every((x) => x === n.sums![0]));
        asNobody++;
      }
    }
    const [code] = await exited;
    assert.equal(code, 0);
    const total = Number(/done (\d+)/.exec(out)![1]);
    const final = readAs(path);
    assert.deepEqual(final.sums, [total, total, total]);
    assert.ok(reads > 10 && asNobody > 0, `${reads} reads, ${asNobody} as nobody`);
  } finally {
    done();
  }
});

test('no recorder running, no -shm file, a directory the reader cannot write: read as immutable; an unreadable file says so', async () => {
  requireRoot();
  const { dir, done } = rootDir();
  try {
    const path = join(dir, 'history.db');
    const child = spawn(process.execPath, [WRITER, path, '30'], { stdio: ['ignore', 'ignore', 'inherit'] });
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
    assert.equal(existsSync(`${path}-wal`), false, 'a clean close removes the log');
    const n = readAs(path, NOBODY);
    assert.equal(n.problem, undefined);
    assert.equal(n.sums![0], n.sums![2]);
    assert.ok(n.sums![0]! > 0);
    assert.equal(existsSync(`${path}-shm`), false, 'the reader created nothing');
    chmodSync(path, 0o600);
    const denied = readAs(path, NOBODY);
    assert.match(denied.problem ?? '', /^cannot read .*history\.db: permission denied \(EACCES\)$/);
  } finally {
    done();
  }
});
