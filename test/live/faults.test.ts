// Faults on real interfaces: link down and up, interface or namespace deleted, output to /dev/full, a stalled reader, a hard exit with a capture open, a daemon whose stderr reader is gone.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createNetnsPair } from '../helpers/netns.js';
import type { NetnsPair } from '../helpers/netns.js';
import { finish, NO_DNS, run, waitForOutput, WIRETOP } from '../helpers/run-wiretop.js';
import { setTimeout as sleep } from 'node:timers/promises';

const TRAFFIC = fileURLToPath(new URL('./traffic.js', import.meta.url));
const HARD_EXIT = fileURLToPath(new URL('./hard-exit-child.js', import.meta.url));
const NODE = process.execPath;

let net: NetnsPair | null = null;
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  net?.destroy();
  net = null;
});

function startWiretop(pair: NetnsPair, args: string[]): { child: ChildProcess; done: ReturnType<typeof finish> } {
  const child = pair.spawn(pair.nsA, NODE, [WIRETOP, ...NO_DNS, '-i', pair.ifA, '-n', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return { child, done: finish(child, 30_000) };
}

const sendUdp = (pair: NetnsPair, count: number) =>
  run('ip', ['netns', 'exec', pair.nsB, NODE, TRAFFIC, 'udp-send', '--to', pair.ipA, '--port', '7001', '--count', String(count), '--size', '100']);

test('link down then up: one message each way, capture goes on and counts what comes after', async () => {
  const pair = (net = createNetnsPair());
  const { child, done } = startWiretop(pair, ['-t', '--ndjson', '-s', '10', '-f', 'udp port 7001']);
  await waitForOutput(child, '"type":"header"');
  await sendUdp(pair, 5);
  pair.exec(pair.nsA, 'ip', ['link', 'set', pair.ifA, 'down']);
  await sleep(2500);
  pair.exec(pair.nsA, 'ip', ['link', 'set', pair.ifA, 'up']);
  await sleep(1500);
  assert.equal((await sendUdp(pair, 7)).code, 0);
  const r = await done;
  assert.equal(r.code, 0, r.stderr);
  const notes = r.stderr.split('\n').filter((l) => l.startsWith('wiretop: '));
  assert.deepEqual(notes, [`wiretop: ${pair.ifA} is down; waiting for it to come back`, `wiretop: ${pair.ifA} is up again`]);
  const totals = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; cumulative_bytes?: { received: number } }).filter((x) => x.type === 'totals').at(-1)!;
  assert.equal(totals.cumulative_bytes!.received, 12 * 128, 'the 5 packets before and the 7 after (100 B + 28 B of headers each)');
});

test('the interface deleted and made again: one message each way, no exit, and what is sent afterwards is counted (after the privilege drop)', async () => {
  const pair = (net = createNetnsPair());
  const { child, done } = startWiretop(pair, ['-t', '--ndjson', '-s', '14', '-f', 'udp port 7001']);
  await waitForOutput(child, '"type":"header"');
  await sendUdp(pair, 5);
  await sleep(500);
  pair.exec(pair.nsA, 'ip', ['link', 'del', pair.ifA]);
  await sleep(2500);
  pair.recreateLink();
  // Looked for once a second: give it time to be opened again.
  await sleep(2500);
  assert.equal((await sendUdp(pair, 7)).code, 0);
  const r = await done;
  assert.equal(r.code, 0, r.stderr);
  const notes = r.stderr.split('\n').filter((l) => l.startsWith('wiretop: '));
  assert.equal(notes.length, 2, notes.join('\n'));
  assert.match(notes[0]!, new RegExp(`^wiretop: ${pair.ifA} went away \\(The interface disappeared\\); waiting for it to come back$`));
  assert.match(notes[1]!, new RegExp(`^wiretop: ${pair.ifA} is back after \\d+\\.\\d s; capturing again$`));
  const totals = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; cumulative_bytes?: { received: number } }).filter((x) => x.type === 'totals').at(-1)!;
  assert.equal(totals.cumulative_bytes!.received, 12 * 128, 'the 5 packets before and the 7 after (100 B + 28 B of headers each)');
});

test('the peer namespace deleted (the veth goes with it): one message, no exit; -s still ends the run on time', async () => {
  const pair = (net = createNetnsPair());
  const { child, done } = startWiretop(pair, ['-t', '-s', '6']);
  await waitForOutput(child, 'Listening on');
  await run('ip', ['netns', 'del', pair.nsB]);
  const r = await done;
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stderr.trim().split('\n').filter((l) => l.startsWith('wiretop: '));
  assert.deepEqual(lines, [`wiretop: ${pair.ifA} went away (The interface disappeared); waiting for it to come back`]);
  assert.match(r.stdout, /Cumulative \(sent\/received\/total\):/, 'the -s block came on time');
});

test('text output into /dev/full: one clear error and a non-zero status, never a stack trace', async () => {
  const pair = (net = createNetnsPair());
  const r = await run('sh', ['-c', `ip netns exec ${pair.nsA} "${NODE}" "${WIRETOP}" ${NO_DNS.join(' ')} -t -n -i ${pair.ifA} -s 2 > /dev/full`], { timeoutMs: 20_000 });
  assert.equal(r.code, 1, r.stderr);
  const last = r.stderr.trim().split('\n').at(-1)!;
  assert.match(last, /^wiretop: cannot write the output: .*(ENOSPC|no space)/i);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test('a reader that stops reading: memory stays bounded (blocks are dropped, not queued)', async () => {
  const pair = (net = createNetnsPair());
  // 200 flows so each block is large; the pipe is never read.
  const child = pair.spawn(pair.nsA, 'sh', ['-c', `"${NODE}" "${WIRETOP}" ${NO_DNS.join(' ')} -t -n -i ${pair.ifA} -L 100000 -P | sleep 600`], { stdio: 'ignore', detached: true });
  children.push(child);
  for (let round = 0; round < 6; round++) {
    await run('ip', ['netns', 'exec', pair.nsB, NODE, TRAFFIC, 'udp-send', '--to', pair.ipA, '--port', '20000', '--ports', '200', '--count', '200', '--size', '50']);
    await sleep(2000);
  }
  const pid = run('pgrep', ['-f', `${WIRETOP}.*-L 100000`]);
  const rssKb = async () => {
    const p = (await pid).stdout.trim().split('\n')[0]!;
    return Number(/VmRSS:\s+(\d+)/.exec((await run('cat', [`/proc/${p}/status`])).stdout)?.[1]);
  };
  const first = await rssKb();
  for (let round = 0; round < 5; round++) {
    await run('ip', ['netns', 'exec', pair.nsB, NODE, TRAFFIC, 'udp-send', '--to', pair.ipA, '--port', '20000', '--ports', '200', '--count', '200', '--size', '50']);
    await sleep(2000);
  }
  const second = await rssKb();
  process.kill(-child.pid!, 'SIGKILL');
  assert.ok(second < 200 * 1024, `RSS ${second} KB`);
  assert.ok(second - first < 20 * 1024, `RSS grew from ${first} to ${second} KB while nobody read`);
});

test('a hard exit (process.exit, as the internal-error handler does) with a capture open on an idle link: the worker is woken, the process ends', async () => {
  // process.exit() waits for every worker thread; a capture worker in pcap_dispatch on a link that
  // carries nothing never returns by itself, so without the capture's 'exit' hook this child would hang.
  // The namespace's loopback: nothing at all crosses it (the veth's link timers can wake a dispatch).
  const pair = (net = createNetnsPair());
  pair.exec(pair.nsA, 'ip', ['link', 'set', 'lo', 'up']);
  const child = pair.spawn(pair.nsA, NODE, [HARD_EXIT, 'lo'], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const r = await finish(child, 20_000);
  assert.equal(r.signal, null, `killed after 20 s: the process did not end (${r.stderr})`);
  assert.equal(r.code, 5, r.stderr);
  assert.equal(r.stdout, 'opened 1\n', 'the capture opened (Ethernet, as Linux shows lo)');
});

test('the daemon with its stderr reader gone (2>&1 | head): SIGTERM still stops it cleanly, status 0', async () => {
  const pair = (net = createNetnsPair());
  const child = pair.spawn(pair.nsA, NODE, [WIRETOP, 'daemon', '-i', pair.ifA, '--ndjson-file', '/dev/null', '--no-processes'], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  await waitForOutput(child, 'wiretop: started on ', 15_000, 'stderr');
  // Closing the read end: the daemon's next line on stderr ("stopping") fails with EPIPE.
  child.stderr!.destroy();
  const closed = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const code = await closed;
  clearTimeout(timer);
  assert.equal(code, 0, 'stopped as after any SIGTERM, not as an internal error (70) or killed (null)');
});
