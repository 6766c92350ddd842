// The engine against a scripted host: batching at most every 100 ms, the scan budget, and every owner or gap decision.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AttributionOptions } from '../../src/attribution/engine.js';
import { AttributionEngine, DEFAULT_ATTRIBUTION_OPTIONS } from '../../src/attribution/engine.js';
import type { Owner } from '../../src/attribution/owner.js';
import { SocketKind, TcpState } from '../../src/attribution/socket-record.js';
import type { FlowSpec } from '../helpers/flow-keys.js';
import { flowKey } from '../helpers/flow-keys.js';
import { FakeHost } from './fake-host.js';

const ID = 'a3f1c0ffee5e7d0b9b8c1e2d3f4a5b6c7d8e9f00112233445566778899aabbcc';

function setup(options: Partial<AttributionOptions> = {}, kernel = true): { host: FakeHost; engine: AttributionEngine } {
  const host = new FakeHost();
  const engine = new AttributionEngine({ kernel: kernel ? host.kernel : null, proc: host.proc, clock: host.clock, schedule: host.schedule, littleEndian: true },
    { ...DEFAULT_ATTRIBUTION_OPTIONS, ...options });
  return { host, engine };
}

function resolve(host: FakeHost, engine: AttributionEngine, flows: FlowSpec[]): (Owner | undefined)[] {
  for (const f of flows) engine.submit(f.serial, flowKey(f));
  host.runTimers();
  return flows.map((f) => engine.ownerOf(f.serial));
}

const tcp = (serial: number, src: string, srcPort: number, dst: string, dstPort: number): FlowSpec => ({ serial, proto: 6, src, srcPort, dst, dstPort });
const describe = (o: Owner | undefined) => (o === undefined ? 'none' : o.kind === 'process' ? `pid ${o.pid} ${o.name} ${o.user}` : `${o.reason}${o.user === null ? '' : ` ${o.user}`}`);

test('batches: the first flow after a quiet spell is looked up at once, later ones at most every 100 ms, one batch for many flows', () => {
  const { host, engine } = setup();
  host.dumpCostMs = 0;
  engine.submit(1, flowKey(tcp(1, '198.51.100.1', 1, '203.0.113.1', 2)));
  engine.submit(2, flowKey(tcp(2, '198.51.100.1', 3, '203.0.113.1', 4)));
  assert.deepEqual(host.timers.map((t) => t.ms), [0]);
  host.runTimers();
  assert.equal(engine.stats.batches, 1);
  host.now += 30;
  engine.submit(3, flowKey(tcp(3, '198.51.100.1', 5, '203.0.113.1', 6)));
  assert.deepEqual(host.timers.map((t) => t.ms), [70]);
  assert.equal(describe(engine.ownerOf(3)), 'pending');
  host.runTimers();
  assert.equal(engine.stats.batches, 2);
  assert.equal(engine.stats.lookups, 3);
  assert.equal(engine.ownerOf(99), undefined, 'never submitted');
});

test('a TCP socket of ours: the process, its user from passwd, its unit and container from the cgroup; the owner outlives the socket', () => {
  const { host, engine } = setup();
  host.addProcess(700, { comm: 'nginx', cmdline: 'nginx: worker\0', uid: 33, cgroup: `0::/system.slice/docker-${ID}.scope`, sockets: [5001] });
  host.sockets.push({ kind: SocketKind.TCP, proto: 6, family: 4, local: '198.51.100.1', localPort: 443, remote: '203.0.113.7', remotePort: 50000, state: TcpState.ESTABLISHED, inode: 5001, uid: 33 });
  const [o] = resolve(host, engine, [tcp(1, '198.51.100.1', 443, '203.0.113.7', 50000)]);
  assert.ok(o?.kind === 'process');
  assert.deepEqual([o.pid, o.name, o.cmdline, o.user, o.unit, o.container?.runtime, o.container?.id], [700, 'nginx', 'nginx: worker', 'www-data', `docker-${ID}.scope`, 'docker', ID]);
  host.sockets.length = 0;
  host.processes.delete(700);
  host.now += 1000;
  engine.maintain();
  assert.equal(engine.ownerOf(1), o, 'same owner after close');
  assert.equal(o.exitedAt, 1_700_000_000 + host.now / 1000, 'marked exited when the process went');
});

test('keys from either side: the local end is found whichever side the flow table put first', () => {
  const { host, engine } = setup();
  host.addProcess(10, { comm: 'curl', sockets: [42] });
  host.sockets.push({ kind: SocketKind.TCP, proto: 6, family: 4, local: '198.51.100.1', localPort: 40000, remote: '203.0.113.9', remotePort: 80, state: TcpState.ESTABLISHED, inode: 42, uid: 0 });
  const [o] = resolve(host, engine, [tcp(1, '203.0.113.9', 80, '198.51.100.1', 40000)]);
  assert.equal(describe(o), 'pid 10 curl root');
});

test('an inbound connection waiting in the accept queue (no inode) belongs to the listener', () => {
  const { host, engine } = setup();
  host.addProcess(20, { comm: 'sshd', sockets: [900] });
  host.sockets.push({ kind: SocketKind.TCP, proto: 6, family: 4, local: '198.51.100.1', localPort: 22, remote: '203.0.113.5', remotePort: 60000, state: TcpState.SYN_RECV, inode: 0, uid: 0 });
  host.sockets.push({ kind: SocketKind.TCP, proto: 6, family: 4, local: '0.0.0.0', localPort: 22, remote: '0.0.0.0', remotePort: 0, state: TcpState.LISTEN, inode: 900, uid: 0 });
  assert.equal(describe(resolve(host, engine, [tcp(1, '198.51.100.1', 22, '203.0.113.5', 60000)])[0]), 'pid 20 sshd root');
});

test('gaps: time-wait and destroy notices say closed; nothing at all says no-socket; neither end ours says forwarded', () => {
  const { host, engine } = setup();
  host.sockets.push({ kind: SocketKind.TCP, proto: 6, family: 4, local: '198.51.100.1', localPort: 40001, remote: '203.0.113.9', remotePort: 80, state: TcpState.TIME_WAIT, inode: 0, uid: 0 });
  host.closedNotices.push({ kind: SocketKind.UDP, proto: 17, family: 4, local: '0.0.0.0', localPort: 5300, remote: '0.0.0.0', remotePort: 0, state: 7, inode: 0, uid: 0 });
  const owners = resolve(host, engine, [
    tcp(1, '198.51.100.1', 40001, '203.0.113.9', 80),
    { serial: 2, proto: 17, src: '198.51.100.1', srcPort: 5300, dst: '203.0.113.53', dstPort: 53 },
    tcp(3, '198.51.100.1', 81, '203.0.113.9', 5555),
    { serial: 4, proto: 1, src: '198.51.100.1', dst: '203.0.113.9' },
    tcp(5, '203.0.113.1', 1, '203.0.113.2', 2),
  ]);
  assert.deepEqual(owners.map(describe), ['closed', 'closed', 'no-socket', 'no-socket', 'forwarded']);
});

test('another user\'s process we cannot read: "no permission" with the socket\'s user, the notice said once', () => {
  const { host, engine } = setup();
  host.addProcess(30, { uid: 1000, denied: true });
  host.addProcess(31, { uid: 0, sockets: [1] });
  for (const [i, port] of [[100, 1000], [101, 1001]]) {
    host.sockets.push({ kind: SocketKind.TCP, proto: 6, family: 4, local: '198.51.100.1', localPort: port!, remote: '203.0.113.9', remotePort: 443, state: 1, inode: i!, uid: 1000 });
  }
  const first = resolve(host, engine, [tcp(1, '198.51.100.1', 1000, '203.0.113.9', 443)]);
  const second = resolve(host, engine, [tcp(2, '198.51.100.1', 1001, '203.0.113.9', 443)]);
  assert.deepEqual([...first, ...second].map(describe), ['no-permission ann', 'no-permission ann']);
  const notices = engine.takeNotices();
  assert.equal(notices.length, 1);
  assert.match(notices[0]!, /CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH/);
  resolve(host, engine, [tcp(3, '198.51.100.1', 1000, '203.0.113.9', 443)]);
  assert.deepEqual(engine.takeNotices(), []);
});

test('a socket no process holds: kernel-socket while it is open, closed if it went away during the search', () => {
  const { host, engine } = setup();
  host.addProcess(40, { sockets: [1] });
  host.sockets.push({ kind: SocketKind.UDP, proto: 17, family: 4, local: '0.0.0.0', localPort: 51820, remote: '0.0.0.0', remotePort: 0, state: 7, inode: 777, uid: 0 });
  const [wg] = resolve(host, engine, [{ serial: 1, proto: 17, src: '198.51.100.1', srcPort: 51820, dst: '203.0.113.4', dstPort: 51820 }]);
  assert.equal(describe(wg), 'kernel-socket root');
  // The socket closes between the packet and the scan: nobody found it, and it is gone.
  host.sockets.push({ kind: SocketKind.TCP, proto: 6, family: 4, local: '198.51.100.1', localPort: 40100, remote: '203.0.113.9', remotePort: 80, state: 1, inode: 778, uid: 0 });
  engine.submit(2, flowKey(tcp(2, '198.51.100.1', 40100, '203.0.113.9', 80)));
  host.now += 200;
  const timer = host.timers.find((t) => !t.cancelled)!;
  host.sockets.pop();
  host.timers.splice(host.timers.indexOf(timer), 1);
  // Look it up while it exists, then let it vanish before the search ends.
  host.sockets.push({ kind: SocketKind.TCP, proto: 6, family: 4, local: '198.51.100.1', localPort: 40100, remote: '203.0.113.9', remotePort: 80, state: 1, inode: 778, uid: 0 });
  const realLookup = host.kernel.lookup;
  let calls = 0;
  (host.kernel as { lookup: typeof realLookup }).lookup = (...a) => (++calls === 1 ? realLookup(...a) : false);
  timer.fn();
  host.runTimers();
  assert.equal(describe(engine.ownerOf(2)), 'closed root');
});

test('the scan budget: a host with many busy processes is indexed over several batches, never more than the budget per batch', () => {
  const { host, engine } = setup({ initialScanMs: 5, scanBurstMs: 5, scanMsPerSecond: 50 });
  host.linkCostMs = 0.01;
  for (let pid = 100; pid < 400; pid++) host.addProcess(pid, { sockets: Array.from({ length: 20 }, (_, i) => pid * 100 + i) });
  host.sockets.push({ kind: SocketKind.TCP, proto: 6, family: 4, local: '198.51.100.1', localPort: 4000, remote: '203.0.113.9', remotePort: 80, state: 1, inode: 100 * 100 + 7, uid: 0 });
  engine.submit(1, flowKey(tcp(1, '198.51.100.1', 4000, '203.0.113.9', 80)));
  let maxBatchMs = 0;
  for (let i = 0; i < 200 && describe(engine.ownerOf(1)) === 'pending'; i++) {
    const before = engine.stats.scanMs;
    if (!host.runNext()) break;
    maxBatchMs = Math.max(maxBatchMs, engine.stats.scanMs - before);
  }
  assert.equal(describe(engine.ownerOf(1)), 'pid 100 proc100 root');
  assert.ok(engine.stats.batches > 3, `took ${engine.stats.batches} batches`);
  assert.ok(maxBatchMs <= 5 + 0.5, `a batch scanned ${maxBatchMs} ms`);
  // A process that opened a socket since its last scan is busy: its next new socket is looked for there first.
  const busy = host.processes.get(100)!;
  let port = 4001;
  const open = (ino: number) => {
    busy.fds.set(String(90 + (ino % 9)), `socket:[${ino}]`);
    host.sockets.push({ kind: SocketKind.TCP, proto: 6, family: 4, local: '198.51.100.1', localPort: port, remote: '203.0.113.9', remotePort: 80, state: 1, inode: ino, uid: 0 });
    host.now += 200;
    resolve(host, engine, [tcp(port, '198.51.100.1', port, '203.0.113.9', 80)]);
    assert.equal(describe(engine.ownerOf(port)), 'pid 100 proc100 root');
    port++;
  };
  open(424242);
  const reads = host.calls.linkReads;
  open(424243);
  assert.ok(host.calls.linkReads - reads <= 25, `read ${host.calls.linkReads - reads} links: only the busy process`);
});

test('pid reuse: a new process with an old pid is a new owner; the old one is marked exited', () => {
  const { host, engine } = setup();
  host.addProcess(50, { comm: 'old', startTime: 1, sockets: [1] });
  host.sockets.push({ kind: SocketKind.TCP, proto: 6, family: 4, local: '198.51.100.1', localPort: 1, remote: '203.0.113.1', remotePort: 1, state: 1, inode: 1, uid: 0 });
  const [old] = resolve(host, engine, [tcp(1, '198.51.100.1', 1, '203.0.113.1', 1)]);
  host.addProcess(50, { comm: 'new', startTime: 2, sockets: [2] });
  host.sockets.push({ kind: SocketKind.TCP, proto: 6, family: 4, local: '198.51.100.1', localPort: 2, remote: '203.0.113.1', remotePort: 1, state: 1, inode: 2, uid: 0 });
  host.now += 1000;
  const [fresh] = resolve(host, engine, [tcp(2, '198.51.100.1', 2, '203.0.113.1', 1)]);
  assert.equal(describe(fresh), 'pid 50 new root');
  assert.ok(old?.kind === 'process' && old.exitedAt !== null && old.name === 'old');
  assert.notEqual(old, fresh);
});

test('ICMP: one ping socket → its process; ping sockets of two processes and no echo id → ambiguous', () => {
  const { host, engine } = setup();
  host.addProcess(60, { comm: 'ping', sockets: [61] });
  host.sockets.push({ kind: SocketKind.PING, proto: 1, family: 4, local: '0.0.0.0', localPort: 4242, remote: '0.0.0.0', remotePort: 0, state: 7, inode: 61, uid: 0 });
  assert.equal(describe(resolve(host, engine, [{ serial: 1, proto: 1, src: '198.51.100.1', dst: '203.0.113.1' }])[0]), 'pid 60 ping root');
  host.addProcess(70, { comm: 'ping', sockets: [71] });
  host.sockets.push({ kind: SocketKind.PING, proto: 1, family: 4, local: '0.0.0.0', localPort: 4343, remote: '0.0.0.0', remotePort: 0, state: 7, inode: 71, uid: 0 });
  host.now += 1000;
  const [both, byId] = resolve(host, engine, [{ serial: 2, proto: 1, src: '198.51.100.1', dst: '203.0.113.2' }, { serial: 3, proto: 1, src: '198.51.100.1', srcPort: 4343, dst: '203.0.113.2' }]);
  assert.equal(describe(both), 'ambiguous');
  assert.equal(describe(byId), 'pid 70 ping root', 'with the echo id in the key, the one ping socket');
});

test('another network namespace: its sockets read through a process inside; a bridged container is attributed, its kernel replies are other-netns', () => {
  const { host, engine } = setup();
  host.addresses.set(99, ['172.17.0.2']);
  host.addProcess(80, { comm: 'redis-server', netns: 99, cgroup: `0::/system.slice/docker-${ID}.scope`, sockets: [8001] });
  host.sockets.push({ kind: SocketKind.TCP, proto: 6, family: 4, local: '0.0.0.0', localPort: 6379, remote: '0.0.0.0', remotePort: 0, state: TcpState.LISTEN, inode: 8001, uid: 999, netns: 99 });
  const owners = resolve(host, engine, [tcp(1, '172.17.0.1', 50000, '172.17.0.2', 6379), { serial: 2, proto: 1, src: '203.0.113.1', dst: '172.17.0.2' }]);
  assert.deepEqual(owners.map(describe), ['pid 80 redis-server root', 'other-netns']);
  assert.ok(owners[0]?.kind === 'process' && owners[0].container?.id === ID);
});

test('without netlink: one notice, and our own sockets come from /proc/net text tables', () => {
  const { host, engine } = setup({}, false);
  assert.match(engine.takeNotices()[0]!, /sock_diag is unavailable/);
  host.addProcess(90, { comm: 'dnsmasq', sockets: [9001] });
  host.sockets.push({ kind: SocketKind.UDP, proto: 17, family: 6, local: '::', localPort: 53, remote: '::', remotePort: 0, state: 7, inode: 9001, uid: 0 });
  const [o] = resolve(host, engine, [{ serial: 1, proto: 17, src: '198.51.100.1', srcPort: 53, dst: '203.0.113.8', dstPort: 33000 }]);
  assert.equal(describe(o), 'pid 90 dnsmasq root', 'IPv4 on a dual-stack :: socket');
  assert.equal(host.calls.lookups, 0);
});

test('a small table is dumped each batch: a socket seen then keeps its process after the socket and the process are gone', () => {
  const { host, engine } = setup();
  host.addProcess(10, { comm: 'busy', sockets: [1] });
  host.sockets.push({ kind: SocketKind.TCP, proto: 6, family: 4, local: '198.51.100.1', localPort: 1000, remote: '203.0.113.1', remotePort: 80, state: 1, inode: 1, uid: 0 });
  resolve(host, engine, [tcp(9, '198.51.100.1', 1000, '203.0.113.1', 80)]);
  host.now += 200;
  // A curl-like process connects; a batch runs (for another flow) while its socket is open.
  host.addProcess(20, { comm: 'curl', sockets: [2] });
  host.sockets.push({ kind: SocketKind.TCP, proto: 6, family: 4, local: '198.51.100.1', localPort: 40500, remote: '203.0.113.2', remotePort: 443, state: 1, inode: 2, uid: 0 });
  resolve(host, engine, [tcp(1, '198.51.100.1', 1000, '203.0.113.1', 80)]);
  // It closes (time-wait, no inode) and exits before the capture hands over its flow.
  host.sockets[1]!.state = TcpState.TIME_WAIT;
  host.sockets[1]!.inode = 0;
  host.processes.delete(20);
  host.now += 1000;
  engine.maintain();
  const [late] = resolve(host, engine, [tcp(2, '198.51.100.1', 40500, '203.0.113.2', 443)]);
  assert.equal(describe(late), 'pid 20 curl root');
  assert.ok(late?.kind === 'process' && late.exitedAt !== null);
});

test('a table too big to dump in 2 ms: no more dumps, so a socket that opens and closes between lookups is "closed"', () => {
  const { host, engine } = setup();
  host.dumpCostMs = 5;
  resolve(host, engine, [tcp(1, '198.51.100.1', 1, '203.0.113.1', 80)]);
  host.addProcess(20, { comm: 'curl', sockets: [2] });
  host.sockets.push({ kind: SocketKind.TCP, proto: 6, family: 4, local: '198.51.100.1', localPort: 40500, remote: '203.0.113.2', remotePort: 443, state: 1, inode: 2, uid: 0 });
  host.now += 200;
  const before = host.now;
  resolve(host, engine, [tcp(3, '198.51.100.1', 2, '203.0.113.1', 80)]);
  assert.ok(host.now - before < 5, 'that batch did not dump');
  host.sockets[0]!.state = TcpState.TIME_WAIT;
  host.sockets[0]!.inode = 0;
  host.now += 200;
  const [late] = resolve(host, engine, [tcp(2, '198.51.100.1', 40500, '203.0.113.2', 443)]);
  assert.equal(describe(late), 'closed');
});
