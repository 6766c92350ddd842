// wiretop daemon on real veths: NDJSON totals equal the IP bytes on the wire, SIGTERM within 5 s, an interface deleted and made again, several interfaces, SIGHUP, standard output's reader gone.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { createNetnsPair } from '../helpers/netns.js';
import type { NetnsPair } from '../helpers/netns.js';
import { finish, run, waitForOutput, WIRETOP } from '../helpers/run-wiretop.js';
import { tsharkBytes } from '../helpers/tshark.js';

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

/** A directory the daemon can still read after it dropped root (as /etc/wiretop is). */
function workDir(): string {
  dir = mkdtempSync(join(tmpdir(), 'wiretop-daemon-'));
  chmodSync(dir, 0o755);
  return dir;
}

/** Starts the daemon in nsA; resolves once its start-up line is on stderr. */
async function startDaemon(pair: NetnsPair, args: string[]): Promise<{ child: ChildProcess; done: ReturnType<typeof finish> }> {
  const child = pair.spawn(pair.nsA, NODE, [WIRETOP, 'daemon', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const done = finish(child, 90_000);
  await waitForStderr(child, 'wiretop: started on ');
  return { child, done };
}

function waitForStderr(child: ChildProcess, text: string, timeoutMs = 15_000): Promise<void> {
  return waitForOutput(child, text, timeoutMs, 'stderr');
}

type Rec = Record<string, unknown> & { type: string };
const records = (path: string): Rec[] => readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Rec);

/** Each flow's last word (its flow_end record, else its latest flow record), per serial and interface. */
function finalFlows(recs: readonly Rec[]): Map<string, Rec> {
  const last = new Map<string, Rec>();
  for (const r of recs) if (r.type === 'flow' || r.type === 'flow_end') last.set(`${r['interface']}/${r['serial']}`, r);
  return last;
}

const bytesOf = (f: Rec) => (f['cumulative_sent_bytes'] as number) + (f['cumulative_received_bytes'] as number);

test('15 s of TCP and UDP, then SIGTERM: exit 0 within 5 s, and the flows\' final cumulative bytes equal the IP bytes on the wire', async () => {
  const pair = (net = createNetnsPair());
  const d = workDir();
  const ndjson = join(d, 'flows.ndjson'), pcap = join(d, 'oracle.pcap');
  const sinks = [
    pair.spawn(pair.nsA, NODE, [TRAFFIC, 'udp-sink', '--port', '5101', '--bind', pair.ipA], { stdio: ['ignore', 'pipe', 'inherit'] }),
    pair.spawn(pair.nsA, NODE, [TRAFFIC, 'tcp-sink', '--port', '5102', '--bind', pair.ip6A], { stdio: ['ignore', 'pipe', 'inherit'] }),
  ];
  children.push(...sinks);
  for (const s of sinks) await waitForOutput(s, 'ready');
  const tcpdump = pair.spawn(pair.nsB, 'tcpdump', ['-i', pair.ifB, '-w', pcap, '-s', '128', '-U', '--immediate-mode', 'port 5101 or port 5102'], { stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(tcpdump);
  // The oracle must see the first packet too (wait until it listens) and the last (immediate mode: a
  // packet is written at once, not when its ring block times out, which a SIGINT can cut short).
  await waitForStderr(tcpdump, 'listening on');
  const { child, done } = await startDaemon(pair, ['-i', pair.ifA, '-f', 'port 5101 or port 5102', '--ndjson-file', ndjson]);
  await sleep(500);
  const send = (args: string[]) => run('ip', ['netns', 'exec', pair.nsB, NODE, TRAFFIC, ...args], { timeoutMs: 60_000 });
  const sent = await Promise.all([
    send(['udp-send', '--to', pair.ipA, '--port', '5101', '--src-port', '41001', '--count', '300', '--size', '400', '--interval-ms', '50']),
    send(['tcp-send', '--to', pair.ip6A, '--port', '5102', '--src-port', '41002', '--bytes', '320000', '--chunk', '16000', '--interval-ms', '750']),
  ]);
  for (const r of sent) assert.equal(r.code, 0, r.stderr);
  await sleep(300);
  const stoppedAt = Date.now();
  child.kill('SIGTERM');
  const r = await done;
  const took = Date.now() - stoppedAt;
  assert.equal(r.code, 0, r.stderr);
  assert.ok(took < 5000, `exited ${took} ms after SIGTERM`);
  assert.match(r.stderr, /wiretop: stopping \(SIGTERM\)\nwiretop: stopped\n$/);
  tcpdump.kill('SIGINT');
  await finish(tcpdump);
  const wire = await tsharkBytes(pcap);
  const recs = records(ndjson);
  assert.equal(wire.get('41001>5101'), 300 * 428, 'the UDP bytes are known exactly');
  assert.equal(recs[0]!.type, 'header');
  const flows = [...finalFlows(recs).values()];
  const total = [...wire.values()].reduce((a, b) => a + b, 0);
  assert.equal(flows.reduce((s, f) => s + bytesOf(f), 0), total, 'every byte on the wire is in the flows');
  const udp = flows.find((f) => f['dst_port'] === 41001)!;
  assert.deepEqual([udp['src'], udp['cumulative_received_bytes'], udp['cumulative_received_packets']], [pair.ipA, 300 * 428, 300]);
  const tcp = flows.find((f) => f['dst_port'] === 41002)!;
  assert.equal(tcp['cumulative_received_bytes'], wire.get('41002>5102'));
  assert.equal(tcp['cumulative_sent_bytes'], wire.get('5102>41002'));
  assert.ok((tcp['last_seen'] as number) - (tcp['first_seen'] as number) > 10, 'the TCP flow lasted the 15 s');
  const totals = recs.filter((x) => x.type === 'totals');
  assert.ok(totals.length >= 7, `a totals record every 2 s (${totals.length})`);
  assert.equal(totals.at(-1)!['partial'], true, 'the last one is the part-slot flushed at SIGTERM');
  const cum = totals.at(-1)!['cumulative_bytes'] as { sent: number; received: number };
  assert.equal(cum.sent + cum.received, total);
  assert.ok(recs.every((x) => x.type === 'header' || x['interface'] === pair.ifA), 'every record names its interface');
});

test('the veth deleted while the daemon runs, then made again: one message each way, no exit, what comes after is counted', async () => {
  const pair = (net = createNetnsPair());
  const ndjson = join(workDir(), 'f.ndjson');
  const { child, done } = await startDaemon(pair, ['-i', pair.ifA, '-f', 'udp port 7001', '--ndjson-file', ndjson]);
  const udp = (count: number) => run('ip', ['netns', 'exec', pair.nsB, NODE, TRAFFIC, 'udp-send', '--to', pair.ipA, '--port', '7001', '--count', String(count), '--size', '100']);
  assert.equal((await udp(4)).code, 0);
  await sleep(700);
  pair.exec(pair.nsA, 'ip', ['link', 'del', pair.ifA]);
  await sleep(2500);
  pair.recreateLink();
  await waitForStderr(child, 'capturing again');
  assert.equal((await udp(6)).code, 0);
  await sleep(2500);
  assert.equal(child.exitCode, null, 'still running');
  child.kill('SIGTERM');
  const r = await done;
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.filter((l) => l.includes('went away')).length, 1, r.stderr);
  assert.equal(lines.filter((l) => l.includes('is back after')).length, 1, r.stderr);
  const last = records(ndjson).filter((x) => x.type === 'totals').at(-1)!;
  assert.deepEqual(last['cumulative_bytes'], { sent: 0, received: 10 * 128 }, 'the 4 datagrams before and the 6 after');
});

test('two interfaces, one of them not there yet: each its own totals and name in every record; the missing one is waited for', async () => {
  const pair = (net = createNetnsPair());
  const ndjson = join(workDir(), 'f.ndjson');
  const later = `${pair.ifA}x`;
  const { child, done } = await startDaemon(pair, ['-i', pair.ifA, '-i', later, '--ndjson-file', ndjson, '-f', 'udp port 7002']);
  // The new one is a veth whose peer lives in nsB, addressed on its own network.
  pair.exec(pair.nsA, 'ip', ['link', 'add', later, 'type', 'veth', 'peer', 'name', `${pair.ifB}x`, 'netns', pair.nsB]);
  pair.exec(pair.nsA, 'ip', ['addr', 'add', '203.0.113.1/24', 'dev', later]);
  pair.exec(pair.nsB, 'ip', ['addr', 'add', '203.0.113.2/24', 'dev', `${pair.ifB}x`]);
  pair.exec(pair.nsA, 'ip', ['link', 'set', later, 'up']);
  pair.exec(pair.nsB, 'ip', ['link', 'set', `${pair.ifB}x`, 'up']);
  await waitForStderr(child, `${later} appeared; capturing`);
  const udp = (to: string, count: number) => run('ip', ['netns', 'exec', pair.nsB, NODE, TRAFFIC, 'udp-send', '--to', to, '--port', '7002', '--count', String(count), '--size', '72']);
  assert.equal((await udp(pair.ipA, 3)).code, 0);
  assert.equal((await udp('203.0.113.1', 5)).code, 0);
  await sleep(2500);
  child.kill('SIGTERM');
  const r = await done;
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`wiretop: ${later} does not exist yet; waiting for it\n`));
  const recs = records(ndjson);
  assert.deepEqual(recs[0]!['interfaces'], [pair.ifA, later]);
  const lastTotals = (iface: string) => recs.filter((x) => x.type === 'totals' && x['interface'] === iface).at(-1)!['cumulative_bytes'];
  assert.deepEqual(lastTotals(pair.ifA), { sent: 0, received: 3 * 100 });
  assert.deepEqual(lastTotals(later), { sent: 0, received: 5 * 100 });
});

test('SIGHUP reloads the alert rules (the new rule fires into the NDJSON file); a broken file keeps the rules in use', async () => {
  const pair = (net = createNetnsPair());
  const d = workDir();
  const rules = join(d, 'alerts.conf'), ndjson = join(d, 'f.ndjson');
  writeFileSync(rules, '# none that fires\nrate interface total > 1GB/s\n');
  const { child, done } = await startDaemon(pair, ['-i', pair.ifA, '--alerts', rules, '--ndjson-file', ndjson, '-f', 'udp port 7003']);
  writeFileSync(rules, 'rate interface received > 200B/s critical\n');
  child.kill('SIGHUP');
  await waitForStderr(child, 'SIGHUP: reloaded the alert rules: 1 rule');
  await run('ip', ['netns', 'exec', pair.nsB, NODE, TRAFFIC, 'udp-send', '--to', pair.ipA, '--port', '7003', '--count', '40', '--size', '500', '--interval-ms', '50']);
  await sleep(2500);
  writeFileSync(rules, 'rate interface received > banana\n');
  child.kill('SIGHUP');
  await waitForStderr(child, 'SIGHUP: kept the alert rules in use: bad alert rule: ');
  child.kill('SIGTERM');
  const r = await done;
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /started on .*; 1 alert rule; NDJSON to /);
  const alerts = records(ndjson).filter((x) => x.type === 'alert');
  assert.ok(alerts.some((a) => a['state'] === 'firing' && a['rule'] === 'rate interface received > 200B/s critical' && a['source'] === pair.ifA), JSON.stringify(alerts));
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
});

test('a configuration error: one line naming file and line, status 1, nothing started', async () => {
  const d = workDir();
  const conf = join(d, 'wiretop.conf');
  writeFileSync(conf, 'interface lo\nndjson-fil /tmp/x\n');
  const r = await run(NODE, [WIRETOP, 'daemon', '--config', conf], { timeoutMs: 15_000 });
  assert.equal(r.code, 1);
  assert.equal(r.stderr, `wiretop: ${conf}:2: unknown option "ndjson-fil" (wiretop daemon -h lists the options)\n`);
  const nothing = await run(NODE, [WIRETOP, 'daemon', '--config', '/dev/null', '-i', 'lo'], { timeoutMs: 15_000 });
  assert.equal(nothing.code, 1);
  assert.match(nothing.stderr, /wiretop: nothing to do: give an output \(--ndjson-file FILE, .*\) or alert rules/);
});

test('--flow-export from a live capture: nfcapd in the same namespace gets every byte on the wire, per flow and direction', { timeout: 90_000 }, async () => {
  const { startNfcapd } = await import('../helpers/nfcapd.js');
  const pair = (net = createNetnsPair());
  const nf = await startNfcapd(pair.nsA);
  try {
    const { child, done } = await startDaemon(pair, ['-i', pair.ifA, '-f', 'udp port 7200 or tcp port 7201', '--flow-export', `ipfix://127.0.0.1:${nf.port}`,
      '--flow-active-timeout', '4s', '--flow-inactive-timeout', '2s']);
    const sink = pair.spawn(pair.nsA, NODE, [TRAFFIC, 'tcp-sink', '--port', '7201', '--bind', pair.ipA], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(sink);
    await waitForOutput(sink, 'ready');
    const send = (args: string[]) => run('ip', ['netns', 'exec', pair.nsB, NODE, TRAFFIC, ...args], { timeoutMs: 30_000 });
    const sent = await Promise.all([
      send(['udp-send', '--to', pair.ipA, '--port', '7200', '--src-port', '42000', '--count', '60', '--size', '300', '--interval-ms', '100']),
      send(['tcp-send', '--to', pair.ipA, '--port', '7201', '--src-port', '42001', '--bytes', '400000', '--chunk', '20000', '--interval-ms', '500']),
    ]);
    for (const r of sent) assert.equal(r.code, 0, r.stderr);
    await sleep(500);
    child.kill('SIGTERM');
    const r = await done;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /; flows to ipfix:\/\/127\.0\.0\.1:\d+\n/);
    await nf.stop();
    const flows = await nf.flows();
    const sum = (pred: (f: (typeof flows)[number]) => boolean) => flows.filter(pred).reduce((s, f) => s + f.bytes, 0);
    assert.equal(sum((f) => f.srcPort === 42000), 60 * 328, 'the UDP datagrams, exactly');
    assert.ok(flows.filter((f) => f.srcPort === 42001).length > 1, `the long TCP flow was cut by the active timeout: ${JSON.stringify(flows)}`);
    const tcpIn = sum((f) => f.srcPort === 42001), tcpOut = sum((f) => f.dstPort === 42001);
    assert.ok(tcpIn > 400_000 && tcpOut > 0, `TCP bytes both ways (${tcpIn}, ${tcpOut})`);
    assert.equal((await nf.summary()).get('Sequence failures'), 0);
  } finally {
    await nf.cleanup();
  }
});

test('--ndjson-file - as the only output: its reader gone, the daemon stops with status 0; beside another output, that one goes on', async () => {
  const pair = (net = createNetnsPair());
  const d = workDir();
  const only = await startDaemon(pair, ['-i', pair.ifA, '--ndjson-file', '-', '--no-processes']);
  await waitForOutput(only.child, '"type":"totals"');
  // The reader goes away (as `| head -1` would): the next tick's records fail with EPIPE.
  only.child.stdout!.destroy();
  const alone = await only.done;
  assert.equal(alone.signal, null, 'ended by itself, not killed');
  assert.equal(alone.code, 0, alone.stderr);
  assert.match(alone.stderr, /wiretop: stopping \(standard output closed: its reader is gone\)\n(.*\n)*wiretop: stopped\n$/);
  const both = await startDaemon(pair, ['-i', pair.ifA, '--ndjson-file', '-', '--csv', join(d, 'rows.csv'), '--no-processes']);
  await waitForOutput(both.child, '"type":"totals"');
  both.child.stdout!.destroy();
  await waitForStderr(both.child, 'wiretop: standard output closed (its reader is gone); the other outputs go on');
  await sleep(2500);
  assert.equal(both.child.exitCode, null, 'still running for the CSV file');
  both.child.kill('SIGTERM');
  const r = await both.done;
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /wiretop: stopping \(SIGTERM\)\n/);
});
