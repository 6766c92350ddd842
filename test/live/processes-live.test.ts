// wiretop itself with attribution on: real processes in a namespace (TCP, UDP, ping, a 150 ms connection, another user, a docker-like cgroup), bytes per process exact against tshark.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeCgroup, moveToCgroup, removeCgroups, requireCgroup2 } from '../helpers/cgroup.js';
import { JsonChild } from '../helpers/json-child.js';
import { createNetnsPair } from '../helpers/netns.js';
import type { NetnsPair } from '../helpers/netns.js';
import { finish, NO_DNS, WIRETOP, waitForOutput } from '../helpers/run-wiretop.js';
import { tsharkBytes } from '../helpers/tshark.js';
import { startNethogs, lastRowOf } from '../helpers/nethogs.js';

const NODE = process.execPath;
const ACTORS = fileURLToPath(new URL('./attribution-actors.js', import.meta.url));
const TRAFFIC = fileURLToPath(new URL('./traffic.js', import.meta.url));

let net: NetnsPair | null = null;
const children: JsonChild[] = [];
const dirs: string[] = [];

after(() => {
  for (const c of children) c.kill();
  removeCgroups();
  net?.destroy();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

type Rec = Record<string, unknown> & { type: string };
interface Actor { pid: number; localPort?: number; closedAfterMs?: number; waiting?: boolean }

function spawnJson<T>(ns: string, cmd: string, args: readonly string[], label: string): JsonChild<T> {
  const c = new JsonChild<T>(net!.spawn(ns, cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] }), label);
  children.push(c as JsonChild);
  return c;
}

async function sinks(n: NetnsPair): Promise<void> {
  for (const [mode, port] of [['tcp-sink', 5001], ['udp-sink', 6001]] as const) {
    assert.equal(await spawnJson(n.nsB, NODE, [TRAFFIC, mode, '--port', String(port), '--bind', n.ipB], mode).line(), 'ready');
  }
}

/** Starts tcpdump in nsA as the oracle; resolves once it listens. */
async function oracle(n: NetnsPair, pcap: string) {
  const tcpdump = n.spawn(n.nsA, 'tcpdump', ['-i', n.ifA, '-w', pcap, '-s', '128', '-U', '--immediate-mode'], { stdio: ['ignore', 'ignore', 'pipe'] });
  await waitForOutput(tcpdump, 'listening on', 10_000, 'stderr');
  return tcpdump;
}

test('--ndjson --by process: every process\'s bytes equal the IP bytes its sockets moved (tshark), each with its pid, user, unit or container; the rows add up to the totals', async () => {
  requireCgroup2();
  const n = (net = createNetnsPair());
  const dir = mkdtempSync(join(tmpdir(), 'wt-proc-'));
  dirs.push(dir);
  const pcap = join(dir, 'oracle.pcap');
  await sinks(n);
  const tcpdump = await oracle(n, pcap);
  const wt = n.spawn(n.nsA, NODE, [WIRETOP, ...NO_DNS, '--ndjson', '--by', 'process', '-n', '-N', '-i', n.ifA, '-s', '12'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const done = finish(wt, 40_000);
  await waitForOutput(wt, '"type":"header"');
  await sleep(500);
  const tcp = await spawnJson<Actor>(n.nsA, NODE, [ACTORS, 'tcp-hold', '--to', n.ipB, '--port', '5001', '--bytes', '200000'], 'tcp').next();
  const udp = await spawnJson<Actor>(n.nsA, NODE, [ACTORS, 'udp-sendto', '--to', n.ipB, '--port', '6001', '--bytes', '1200'], 'udp sendto').next();
  const connected = await spawnJson<Actor>(n.nsA, NODE, [ACTORS, 'udp-connected', '--to', n.ipB, '--port', '6001', '--bytes', '800'], 'udp connected').next();
  const briefChild = spawnJson<Actor>(n.nsA, NODE, [ACTORS, 'tcp-brief', '--to', n.ipB, '--port', '5001', '--bytes', '5000', '--ms', '150'], 'brief');
  const brief = await briefChild.next();
  assert.ok((await briefChild.next()).closedAfterMs! < 400, 'the connection lived about 150 ms');
  const nobody = await spawnJson<Actor>(n.nsA, 'setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', NODE, ACTORS, 'tcp-hold', '--to', n.ipB, '--port', '5001', '--bytes', '30000'], 'nobody').next();
  const id = randomBytes(32).toString('hex');
  const cg = makeCgroup(`/wt-test-${randomBytes(3).toString('hex')}.slice/docker-${id}.scope`);
  const boxed = spawnJson<Actor>(n.nsA, NODE, [ACTORS, 'udp-sendto', '--to', n.ipB, '--port', '6001', '--bytes', '600', '--wait'], 'boxed');
  const boxedPid = (await boxed.next()).pid;
  moveToCgroup(cg, boxedPid);
  boxed.send('go');
  const boxedPort = (await boxed.next()).localPort!;
  const ping = n.spawn(n.nsA, 'ping', ['-c', '4', '-i', '0.2', '-q', n.ipB], { stdio: 'ignore' });
  const pinged = await finish(ping, 10_000);
  assert.equal(pinged.code, 0, 'ping got its replies');
  const r = await done;
  assert.equal(r.code, 0, r.stderr);
  tcpdump.kill('SIGINT');
  await finish(tcpdump);
  const wire = await tsharkBytes(pcap);

  const recs = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Rec);
  const totals = recs.filter((x) => x.type === 'totals').at(-1)! as unknown as { ts: number; cumulative_bytes: { sent: number; received: number } };
  const rows = recs.filter((x) => x.type === 'process' && x['ts'] === totals.ts);
  const byPid = (pid: number) => rows.find((x) => x['pid'] === pid);
  const bytes = (row: Rec | undefined) => [row?.['cumulative_sent_bytes'], row?.['cumulative_received_bytes']];
  const tcpBytes = (port: number) => [wire.get(`${port}>5001`), wire.get(`5001>${port}`)];
  const show = JSON.stringify(rows.map((x) => [x['pid'], x['name'], x['user'], x['unattributed'], x['cumulative_sent_bytes'], x['cumulative_received_bytes']]));
  assert.deepEqual(bytes(byPid(tcp.pid)), tcpBytes(tcp.localPort!), `TCP, held open: ${show}`);
  assert.deepEqual(bytes(byPid(brief.pid)), tcpBytes(brief.localPort!), `the 150 ms connection: ${show}`);
  assert.deepEqual(bytes(byPid(nobody.pid)), tcpBytes(nobody.localPort!), `another user: ${show}`);
  assert.deepEqual(bytes(byPid(udp.pid)), [1228, 0], 'one 1200-byte datagram by sendto is 1228 IP bytes');
  assert.deepEqual(bytes(byPid(connected.pid)), [828, 0]);
  assert.deepEqual(bytes(byPid(boxedPid)), [628, 0]);
  assert.equal(wire.get(`${boxedPort}>6001`), 628);
  const pingRow = rows.find((x) => x['name'] === 'ping');
  assert.deepEqual(bytes(pingRow), [4 * 84, 4 * 84], `ping: 4 echo requests and their replies, 84 B each: ${show}`);
  assert.equal(byPid(nobody.pid)!['user'], 'nobody');
  assert.equal(byPid(tcp.pid)!['user'], 'root');
  assert.deepEqual(byPid(boxedPid)!['container'], { runtime: 'docker', id, pod: null });
  assert.equal(byPid(boxedPid)!['unit'], `docker-${id}.scope`);
  // Every byte in exactly one row: the rows (gaps included) add up to the totals.
  const sum = (k: string) => rows.reduce((s, x) => s + (x[k] as number), 0);
  assert.deepEqual([sum('cumulative_sent_bytes'), sum('cumulative_received_bytes')], [totals.cumulative_bytes.sent, totals.cumulative_bytes.received]);
  // The one host-pair line names its busiest process.
  const line = recs.find((x) => x.type === 'flow' && x['ts'] === totals.ts)!;
  assert.equal((line['process'] as { pid: number }).pid, tcp.pid);
});

test('side by side with nethogs -t on the same TCP traffic: the same program and pid, bytes within 2 %; the UDP nethogs misses is attributed', async () => {
  net?.destroy();
  const n = (net = createNetnsPair());
  await sinks(n);
  const nethogs = startNethogs(n, n.nsA, n.ifA, { udp: true });
  const wt = n.spawn(n.nsA, NODE, [WIRETOP, ...NO_DNS, '--ndjson', '--by', 'process', '-n', '-N', '-i', n.ifA, '-s', '8'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const done = finish(wt, 40_000);
  await waitForOutput(wt, '"type":"header"');
  await sleep(1500);
  const tcp = await spawnJson<Actor>(n.nsA, NODE, [ACTORS, 'tcp-hold', '--to', n.ipB, '--port', '5001', '--bytes', '400000'], 'tcp').next();
  const udp = await spawnJson<Actor>(n.nsA, NODE, [ACTORS, 'udp-sendto', '--to', n.ipB, '--port', '6001', '--bytes', '1200'], 'udp').next();
  const r = await done;
  assert.equal(r.code, 0, r.stderr);
  nethogs.stop();
  const blocks = await nethogs.done;
  const recs = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Rec);
  const last = recs.filter((x) => x.type === 'totals').at(-1)!['ts'];
  const rows = recs.filter((x) => x.type === 'process' && x['ts'] === last);
  const ours = rows.find((x) => x['pid'] === tcp.pid)!;
  const theirs = lastRowOf(blocks, tcp.pid);
  assert.ok(theirs !== undefined, `nethogs never listed pid ${tcp.pid}`);
  assert.ok(theirs.program.endsWith('node') || theirs.program.includes('node'), theirs.program);
  assert.equal(ours['name'], 'node');
  // nethogs counts IP bytes too (its "sent" is what left the host for that process).
  const sent = ours['cumulative_sent_bytes'] as number;
  assert.ok(Math.abs(sent - theirs.sent) <= 0.02 * theirs.sent, `wiretop ${sent} B, nethogs ${theirs.sent} B sent`);
  assert.ok(lastRowOf(blocks, udp.pid) === undefined, 'nethogs does not name the UDP sender');
  assert.deepEqual([rows.find((x) => x['pid'] === udp.pid)?.['cumulative_sent_bytes']], [1228], 'wiretop does');
});

test('run as a plain user with only CAP_NET_RAW: its own process is attributed, root\'s goes to "no permission" (with the socket\'s user), said once', async () => {
  net?.destroy();
  const n = (net = createNetnsPair());
  await sinks(n);
  const caps = ['--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=+net_raw', '--ambient-caps=+net_raw'];
  const wt = n.spawn(n.nsA, 'setpriv', [...caps, NODE, WIRETOP, ...NO_DNS, '--ndjson', '--by', 'process', '-n', '-N', '-i', n.ifA, '-s', '6'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const done = finish(wt, 40_000);
  await waitForOutput(wt, '"type":"header"');
  await sleep(500);
  const mine = await spawnJson<Actor>(n.nsA, 'setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', NODE, ACTORS, 'tcp-hold', '--to', n.ipB, '--port', '5001', '--bytes', '20000'], 'nobody').next();
  const roots = await spawnJson<Actor>(n.nsA, NODE, [ACTORS, 'tcp-hold', '--to', n.ipB, '--port', '5001', '--bytes', '10000'], 'root').next();
  const r = await done;
  assert.equal(r.code, 0, r.stderr);
  const recs = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Rec);
  const last = recs.filter((x) => x.type === 'totals').at(-1)!['ts'];
  const rows = recs.filter((x) => x.type === 'process' && x['ts'] === last);
  assert.equal(rows.find((x) => x['pid'] === mine.pid)?.['user'], 'nobody', JSON.stringify(rows));
  assert.equal(rows.find((x) => x['pid'] === roots.pid), undefined, 'root\'s process cannot be read');
  const denied = rows.find((x) => x['unattributed'] === 'no-permission');
  assert.ok(denied !== undefined && denied['user'] === 'root' && (denied['cumulative_sent_bytes'] as number) > 10_000, JSON.stringify(rows));
  assert.equal(r.stderr.match(/cannot read other users' \/proc\/PID\/fd/g)?.length, 1, r.stderr);
});
