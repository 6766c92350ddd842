// --history on real traffic: wiretop history --json totals equal the IP bytes sent; kill -9 and a restart count nothing twice; vnstat agrees on the day.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { createNetnsPair } from '../helpers/netns.js';
import type { NetnsPair } from '../helpers/netns.js';
import { finish, run, waitForOutput, WIRETOP } from '../helpers/run-wiretop.js';
import { ethernetBytes, startVnstatd } from '../helpers/vnstatd.js';

const TRAFFIC = fileURLToPath(new URL('./traffic.js', import.meta.url));
const NODE = process.execPath;

let net: NetnsPair | null = null;
let dir: string | null = null;
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  net?.destroy();
  net = null;
  if (dir !== null) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

async function daemon(pair: NetnsPair, db: string): Promise<{ child: ChildProcess; done: ReturnType<typeof finish> }> {
  const child = pair.spawn(pair.nsA, NODE, [WIRETOP, 'daemon', '-i', pair.ifA, '-f', 'udp port 7300', '--history', db, '--flush', '2s'], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const done = finish(child, 60_000);
  await waitForOutput(child, 'wiretop: started on ', 15_000, 'stderr');
  return { child, done };
}

const udp = (pair: NetnsPair, count: number, size: number) =>
  run('ip', ['netns', 'exec', pair.nsB, NODE, TRAFFIC, 'udp-send', '--to', pair.ipA, '--port', '7300', '--count', String(count), '--size', String(size), '--interval-ms', '10']);

/** `wiretop history --json` totals of the interface, read as another process (and as root, the file's owner). */
async function recorded(db: string, iface: string): Promise<Record<string, number>> {
  const r = await run(NODE, [WIRETOP, 'history', '--db', db, '-i', iface, '--json'], { timeoutMs: 20_000 });
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { schema_version: number; interfaces: { name: string; total: Record<string, number> }[] };
  assert.equal(doc.schema_version, 1);
  return doc.interfaces.find((i) => i.name === iface)!.total;
}

test('the daemon with --flush 2s: history --json equals the IP bytes sent; after kill -9 and a restart, everything up to the last flush, once', { timeout: 120_000 }, async () => {
  const pair = (net = createNetnsPair());
  dir = mkdtempSync(join(tmpdir(), 'wt-hist-live-'));
  chmodSync(dir, 0o755);
  const db = join(dir, 'history.db');
  const first = await daemon(pair, db);
  assert.equal((await udp(pair, 100, 472)).code, 0);
  await sleep(5000); // two flushes after the last datagram
  assert.deepEqual(await recorded(db, pair.ifA), { rx_bytes: 100 * 500, tx_bytes: 0, rx_packets: 100, tx_packets: 0 });
  first.child.kill('SIGKILL');
  await first.done;
  // What the killed run had flushed stays; the restart is a new run that adds to it.
  // Now a program receives: the history's program table names it (attribution is on in the daemon).
  const receiver = pair.spawn(pair.nsA, NODE, [TRAFFIC, 'udp-sink', '--port', '7300', '--bind', pair.ipA], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(receiver);
  await waitForOutput(receiver, 'ready');
  const second = await daemon(pair, db);
  assert.equal((await udp(pair, 60, 972)).code, 0);
  await sleep(5000);
  second.child.kill('SIGTERM');
  const r = await second.done;
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(await recorded(db, pair.ifA), { rx_bytes: 100 * 500 + 60 * 1000, tx_bytes: 0, rx_packets: 160, tx_packets: 0 });
  const top = await run(NODE, [WIRETOP, 'history', '--db', db, '-i', pair.ifA, '--processes', '--json'], { timeoutMs: 20_000 });
  assert.equal(top.code, 0, top.stderr);
  const doc = JSON.parse(top.stdout) as { interfaces: { rows: { program: string; rx_bytes: number; rx_packets: number }[] }[] };
  // The first run's datagrams had no receiver (the kernel's to answer); the second run's reached node.
  assert.deepEqual(doc.interfaces[0]!.rows.map((r) => [r.program, r.rx_bytes, r.rx_packets]), [['node', 60 * 1000, 60], ['__unattributed__', 100 * 500, 100]]);
});

test('side by side with vnstat on the same veth: the day totals agree once link-layer headers are added (within 1 %)', { timeout: 120_000 }, async () => {
  const pair = (net = createNetnsPair());
  dir = mkdtempSync(join(tmpdir(), 'wt-hist-vnstat-'));
  chmodSync(dir, 0o755);
  const db = join(dir, 'history.db');
  const v = await startVnstatd(pair.nsA, pair.ifA);
  try {
    // No -f: vnstat counts everything on the link, so wiretop must too.
    const child = pair.spawn(pair.nsA, NODE, [WIRETOP, 'daemon', '-i', pair.ifA, '--history', db, '--flush', '2s'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    const done = finish(child, 60_000);
    await waitForOutput(child, 'wiretop: started on ', 15_000, 'stderr');
    assert.equal((await udp(pair, 400, 1200)).code, 0);
    await sleep(3000);
    child.kill('SIGTERM');
    assert.equal((await done).code, 0);
    await v.stop();
    const r = await run(NODE, [WIRETOP, 'history', '--db', db, '-i', pair.ifA, '-d', '--json'], { timeoutMs: 20_000 });
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { interfaces: { rows: { rx_bytes: number; tx_bytes: number; rx_packets: number; tx_packets: number }[] }[] };
    const days = doc.interfaces[0]!.rows;
    assert.equal(days.length, 1);
    const d = days[0]!;
    const vd = v.days();
    assert.equal(vd.length, 1);
    const ours = ethernetBytes(d.rx_bytes, d.rx_packets);
    assert.ok(Math.abs(vd[0]!.rx - ours) <= 0.01 * vd[0]!.rx, `vnstat rx ${vd[0]!.rx}, wiretop rx + 14/packet ${ours}`);
    assert.ok(d.rx_bytes >= 400 * 1228, 'every datagram is in the history');
  } finally {
    v.remove();
  }
});
