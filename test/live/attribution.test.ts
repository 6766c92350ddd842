// Attribution with real processes in network namespaces: TCP, UDP, ICMP, a 150 ms connection, another user, a docker-like cgroup, a listener's queue, and the gaps.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { AttributionEngine, DEFAULT_ATTRIBUTION_OPTIONS } from '../../src/attribution/engine.js';
import type { Owner } from '../../src/attribution/owner.js';
import { openHostAttribution } from '../../src/adapters/sockets/host-attribution.js';
import { makeCgroup, moveToCgroup, removeCgroups, requireCgroup2 } from '../helpers/cgroup.js';
import type { FlowSpec } from '../helpers/flow-keys.js';
import { flowKey } from '../helpers/flow-keys.js';
import { JsonChild } from '../helpers/json-child.js';
import { createNetnsPair } from '../helpers/netns.js';
import type { NetnsPair } from '../helpers/netns.js';
import type { ProbeAnswer } from '../helpers/attribution-probe.js';

const NODE = process.execPath;
const ACTORS = fileURLToPath(new URL('./attribution-actors.js', import.meta.url));
const TRAFFIC = fileURLToPath(new URL('./traffic.js', import.meta.url));
const PROBE = fileURLToPath(new URL('../helpers/attribution-probe.js', import.meta.url));

let net: NetnsPair;
let probe: JsonChild<ProbeAnswer & { ready?: boolean }>;
const children: JsonChild[] = [];

async function sink(mode: string, port: number): Promise<void> {
  const c = new JsonChild(net.spawn(net.nsB, NODE, [TRAFFIC, mode, '--port', String(port), '--bind', net.ipB], { stdio: ['pipe', 'pipe', 'pipe'] }), mode);
  children.push(c);
  assert.equal(await c.line(), 'ready');
}
let serial = 0;

interface ActorInfo {
  pid: number;
  localPort?: number;
  closedAfterMs?: number;
  waiting?: boolean;
}

/** Starts a command in a namespace that prints JSON lines; returns it once its first line is read. */
async function start(ns: string, cmd: string, args: readonly string[]): Promise<{ c: JsonChild<ActorInfo>; first: ActorInfo }> {
  const c = new JsonChild<ActorInfo>(net.spawn(ns, cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] }), `${cmd} ${args.join(' ')}`);
  children.push(c as JsonChild);
  return { c, first: await c.next() };
}

const actor = (ns: string, mode: string, args: readonly string[], prefix: readonly string[] = []) =>
  start(ns, prefix[0] ?? NODE, [...prefix.slice(1), ...(prefix.length > 0 ? [NODE] : []), ACTORS, mode, ...args]);

async function ask(flows: readonly Omit<FlowSpec, 'serial'>[]): Promise<{ owners: Owner[]; notices: readonly string[] }> {
  const withSerials = flows.map((f) => ({ ...f, serial: ++serial }));
  probe.send({ flows: withSerials });
  const a = await probe.next(15_000);
  return { owners: withSerials.map((f) => a.owners[String(f.serial)]!), notices: a.notices };
}

function assertProcess(o: Owner | undefined, pid: number, name: string, user = 'root'): asserts o is Extract<Owner, { kind: 'process' }> {
  assert.ok(o !== undefined && o.kind === 'process', `expected process ${pid}, got ${JSON.stringify(o)}`);
  assert.deepEqual([o.pid, o.name, o.user], [pid, name, user]);
}

before(async () => {
  requireCgroup2();
  net = createNetnsPair();
  await sink('tcp-sink', 5001);
  await sink('udp-sink', 6001);
  probe = new JsonChild(net.spawn(net.nsA, NODE, [PROBE, '--budget', '100'], { stdio: ['pipe', 'pipe', 'pipe'] }), 'probe');
  assert.equal((await probe.next()).ready, true);
});

after(() => {
  for (const c of children) c.kill();
  probe?.kill();
  removeCgroups();
  net?.destroy();
});

test('TCP: a connection held open belongs to its process (pid, comm, user, command line)', async () => {
  const { first } = await actor(net.nsA, 'tcp-hold', ['--to', net.ipB, '--port', '5001', '--bytes', '5000']);
  const { owners } = await ask([{ proto: 6, src: net.ipA, srcPort: first.localPort!, dst: net.ipB, dstPort: 5001 }]);
  assertProcess(owners[0], first.pid, 'node');
  assert.match(owners[0].cmdline, /attribution-actors\.js tcp-hold/);
  assert.equal(owners[0].unit, null, 'this host has no systemd units');
});

test('UDP: a connected socket, and an unconnected one sending with sendto (by its bound port)', async () => {
  const conn = await actor(net.nsA, 'udp-connected', ['--to', net.ipB, '--port', '6001']);
  const free = await actor(net.nsA, 'udp-sendto', ['--to', net.ipB, '--port', '6001', '--src-port', '6100']);
  const { owners } = await ask([
    { proto: 17, src: net.ipA, srcPort: conn.first.localPort!, dst: net.ipB, dstPort: 6001 },
    { proto: 17, src: net.ipA, srcPort: 6100, dst: net.ipB, dstPort: 6001 },
    // The same unconnected socket talking to another peer is still its flow.
    { proto: 17, src: net.ipA, srcPort: 6100, dst: '198.51.100.77', dstPort: 53 },
  ]);
  assertProcess(owners[0], conn.first.pid, 'node');
  assertProcess(owners[1], free.first.pid, 'node');
  assertProcess(owners[2], free.first.pid, 'node');
});

test('ICMP echo: ping over a raw socket (the default), and over a ping socket when ping_group_range allows it', async () => {
  const raw = net.spawn(net.nsA, 'ping', ['-c', '40', '-i', '0.2', '-q', net.ipB], { stdio: 'ignore' });
  await sleep(400);
  const first = await ask([{ proto: 1, src: net.ipA, dst: net.ipB }]);
  raw.kill('SIGKILL');
  assertProcess(first.owners[0], raw.pid!, 'ping');
  net.exec(net.nsA, 'sysctl', ['-qw', 'net.ipv4.ping_group_range=0 2147483647']);
  const dgram = net.spawn(net.nsA, 'ping', ['-c', '40', '-i', '0.2', '-q', net.ipB], { stdio: 'ignore' });
  await sleep(400);
  const sock = net.exec(net.nsA, 'cat', ['/proc/net/icmp']).trim().split('\n').length - 1;
  const second = await ask([{ proto: 1, src: net.ipA, dst: net.ipB }]);
  dgram.kill('SIGKILL');
  net.exec(net.nsA, 'sysctl', ['-qw', 'net.ipv4.ping_group_range=1 0']);
  assert.equal(sock, 1, 'ping used an ICMP datagram socket');
  assertProcess(second.owners[0], dgram.pid!, 'ping');
});

test('a TCP connection that lives 150 ms is attributed when the flow arrives 100 ms after its SYN; after it closed, "closed"', async () => {
  const { c, first } = await actor(net.nsA, 'tcp-brief', ['--to', net.ipB, '--port', '5001', '--ms', '150']);
  // The capture's delivery lag: the flow table learns of the connection about 100 ms after its first packet.
  await sleep(100);
  const flow = { proto: 6, src: net.ipA, srcPort: first.localPort!, dst: net.ipB, dstPort: 5001 };
  const { owners } = await ask([flow]);
  assertProcess(owners[0], first.pid, 'node');
  const closed = await c.next();
  assert.ok(closed.closedAfterMs! >= 150 && closed.closedAfterMs! < 400, `lived ${closed.closedAfterMs} ms`);
  // A flow first seen now (another serial) finds only the time-wait socket.
  const late = await ask([flow]);
  assert.equal(late.owners[0]?.kind === 'gap' && late.owners[0].reason, 'closed');
  // The first flow keeps its owner.
});

test('a process running as another user shows that user', async () => {
  const { first } = await actor(net.nsA, 'tcp-hold', ['--to', net.ipB, '--port', '5001'], ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups']);
  const { owners } = await ask([{ proto: 6, src: net.ipA, srcPort: first.localPort!, dst: net.ipB, dstPort: 5001 }]);
  assertProcess(owners[0], first.pid, 'node', 'nobody');
  assert.equal(owners[0].uid, 65534);
});

test('a process in a cgroup named like a docker scope: its container id and unit', async () => {
  const id = randomBytes(32).toString('hex');
  const dir = makeCgroup(`/wt-test-${randomBytes(3).toString('hex')}.slice/docker-${id}.scope`);
  const { c, first } = await actor(net.nsA, 'tcp-hold', ['--to', net.ipB, '--port', '5001', '--wait']);
  moveToCgroup(dir, first.pid);
  c.send('go');
  const opened = await c.next();
  const { owners } = await ask([{ proto: 6, src: net.ipA, srcPort: opened.localPort!, dst: net.ipB, dstPort: 5001 }]);
  assertProcess(owners[0], first.pid, 'node');
  assert.deepEqual(owners[0].container, { runtime: 'docker', id, pod: null });
  assert.equal(owners[0].unit, `docker-${id}.scope`);
});

test('an inbound connection not accepted yet belongs to the listener', async () => {
  const listener = await start(net.nsA, 'python3', ['-c', `import socket, sys, json, os
s = socket.socket(); s.bind(('${net.ipA}', 7000)); s.listen(16)
print(json.dumps({'pid': os.getpid()}), flush=True); sys.stdin.read()`]);
  const client = await start(net.nsB, 'python3', ['-c', `import socket, sys, json, os
c = socket.create_connection(('${net.ipA}', 7000)); c.send(b'x' * 100)
print(json.dumps({'pid': os.getpid(), 'localPort': c.getsockname()[1]}), flush=True); sys.stdin.read()`]);
  const { owners } = await ask([{ proto: 6, src: net.ipA, srcPort: 7000, dst: net.ipB, dstPort: client.first.localPort! }]);
  assertProcess(owners[0], listener.first.pid, 'python3');
});

test('gaps: a RST from a closed port is no-socket, traffic between strangers is forwarded; the peer namespace\'s sockets are found there', async () => {
  // Something in B knocks on a closed port of A: A's kernel answers with a RST, no socket involved.
  net.exec(net.nsB, 'python3', ['-c', `import socket
try: socket.create_connection(('${net.ipA}', 7999), timeout=1)
except OSError: pass`]);
  const sink = Number(net.exec(net.nsB, 'sh', ['-c', 'ss -Htlnp | grep ":5001 " | sed "s/.*pid=\\([0-9]*\\).*/\\1/"']).trim());
  const { owners } = await ask([
    { proto: 6, src: net.ipA, srcPort: 7999, dst: net.ipB, dstPort: 45000 },
    { proto: 17, src: '203.0.113.1', srcPort: 53, dst: '203.0.113.2', dstPort: 5353 },
    // As for a container behind a bridge: neither address is ours, but B has the socket (read through /proc/PID/net).
    { proto: 6, src: '203.0.113.50', srcPort: 1234, dst: net.ipB, dstPort: 5001 },
  ]);
  assert.deepEqual(owners.slice(0, 2).map((o) => o?.kind === 'gap' && o.reason), ['no-socket', 'forwarded']);
  assertProcess(owners[2], sink, 'node');
  assert.ok(owners[2].netns !== 0);
});

test('from the root namespace, processes inside another namespace are attributed through its /proc/PID/net tables', async () => {
  const { first } = await actor(net.nsA, 'tcp-hold', ['--to', net.ipB, '--port', '5001']);
  const host = openHostAttribution();
  const timers: (() => void)[] = [];
  const engine = new AttributionEngine({ kernel: host.kernel, proc: host.proc, littleEndian: host.littleEndian,
    clock: { monotonicMs: () => performance.now(), epochSeconds: () => Date.now() / 1000 },
    schedule: (fn) => {
      timers.push(fn);
      return () => {};
    } }, DEFAULT_ATTRIBUTION_OPTIONS);
  try {
    engine.submit(1, flowKey({ serial: 1, proto: 6, src: net.ipA, srcPort: first.localPort!, dst: net.ipB, dstPort: 5001 }));
    for (let i = 0; i < 50 && (engine.ownerOf(1)?.kind !== 'process'); i++) {
      const due = timers.splice(0);
      if (due.length === 0) engine.flush();
      for (const fn of due) fn();
    }
    assertProcess(engine.ownerOf(1), first.pid, 'node');
  } finally {
    engine.close();
  }
});
