// The UDP transport on loopback: delivery in order, IPv6 and names, a refusing port, recovery, and drops under backpressure.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { createUdpFlowTransport } from '../../../src/adapters/net/udp-flow-transport.js';
import { createFlowExporter } from '../../../src/export/flow-exporter.js';
import { DEFAULT_FLOW_EXPORT } from '../../../src/export/flow-export-options.js';
import { fakeSnapshot } from '../../helpers/fake-snapshot.js';

interface Listener {
  readonly port: number;
  readonly got: Buffer[];
  close(): Promise<void>;
}

async function listen(address: string, port = 0): Promise<Listener> {
  const s: Socket = createSocket(address.includes(':') ? 'udp6' : 'udp4');
  const got: Buffer[] = [];
  s.on('message', (m) => got.push(m));
  await new Promise<void>((resolve, reject) => {
    s.once('error', reject);
    s.bind(port, address, () => resolve());
  });
  // A test process reads a few dozen datagrams per event-loop turn: a big buffer keeps the kernel from dropping any.
  s.setRecvBufferSize(4 * 1024 * 1024);
  let closed = false;
  const close = () => (closed ? Promise.resolve() : ((closed = true), new Promise<void>((r) => s.close(() => r()))));
  open.add(close);
  return { port: s.address().port, got, close };
}

/** Listeners still open: closed after each test, passed or failed, so a failure cannot keep the process alive. */
const open = new Set<() => Promise<void>>();
afterEach(async () => {
  for (const close of open) await close();
  open.clear();
});

/** A transport closed after the test whatever happens. */
function udp(...args: Parameters<typeof createUdpFlowTransport>): ReturnType<typeof createUdpFlowTransport> {
  const t = createUdpFlowTransport(...args);
  open.add(() => t.close(100));
  return t;
}

/** A UDP port on which nothing listens (bound once to get a number, then closed). */
async function deadPort(address = '127.0.0.1'): Promise<number> {
  const l = await listen(address);
  await l.close();
  return l.port;
}

async function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

const datagram = (i: number, n = 100) => Uint8Array.from({ length: n }, (_, j) => (i * 31 + j) & 0xff);

for (const address of ['127.0.0.1', '::1']) {
  test(`delivers every datagram in order, byte for byte, to ${address}; close() waits for the queue`, async () => {
    const l = await listen(address);
    const t = udp({ host: address, port: l.port, family: address.includes(':') ? 6 : 4 });
    const problems: (string | null)[] = [];
    t.onStatus((p) => problems.push(p));
    const sent = Array.from({ length: 500 }, (_, i) => datagram(i, 64 + (i % 1300)));
    for (const d of sent) t.send(d);
    await t.close();
    await until(() => l.got.length === sent.length, 'all datagrams');
    assert.deepEqual(l.got.map((b) => new Uint8Array(b)), sent);
    assert.deepEqual(problems, []);
    assert.equal(t.dropped, 0);
    await l.close();
  });
}

test('a host name is resolved (localhost, from the hosts file)', async () => {
  const { address } = await lookup('localhost');
  const l = await listen(address);
  const t = udp({ host: 'localhost', port: l.port, family: null });
  t.send(datagram(1));
  await t.close();
  await until(() => l.got.length === 1, 'the datagram');
  await l.close();
});

test('nothing listening: ECONNREFUSED problems, no exception; a collector that starts later is reached and reported back', async () => {
  const port = await deadPort();
  const t = udp({ host: '127.0.0.1', port, family: 4 }, { recoveryMs: 300 });
  const status: (string | null)[] = [];
  t.onStatus((p) => status.push(p));
  for (let i = 0; i < 20; i++) {
    t.send(datagram(i));
    await sleep(5);
  }
  await until(() => status.length > 0, 'a problem');
  assert.ok(status.every((p) => p !== null && p.includes('ECONNREFUSED')), JSON.stringify(status));
  const l = await listen('127.0.0.1', port);
  const before = status.length;
  for (let i = 0; i < 10 && !status.includes(null); i++) {
    t.send(datagram(100 + i));
    await sleep(100);
  }
  await until(() => status.includes(null), 'the recovery');
  assert.equal(status.indexOf(null), status.length - 1, 'recovered once, last');
  assert.ok(status.length - before <= 1, 'at most one late refusal after the collector started');
  assert.ok(l.got.length > 0);
  await t.close();
  await l.close();
});

test('backpressure: beyond the queue bound datagrams are dropped and counted, never thrown, and the rest still go out', async () => {
  const l = await listen('127.0.0.1');
  const t = udp({ host: '127.0.0.1', port: l.port, family: 4 }, { maxQueuedBytes: 14_000, datagramsPerSecond: 1000 });
  const problems: (string | null)[] = [];
  t.onStatus((p) => problems.push(p));
  for (let i = 0; i < 100; i++) t.send(datagram(i, 1400));
  assert.equal(t.dropped, 90);
  assert.equal(problems.length, 90);
  assert.match(problems[0]!, /waiting to be sent: dropping/);
  await t.close();
  await until(() => l.got.length === 10, 'the queued ten');
  await l.close();
});

test('a stopped collector through the exporter: a counter and one message however long it lasts', async () => {
  const port = await deadPort();
  const transport = udp({ host: '127.0.0.1', port, family: 4 });
  const messages: string[] = [];
  const ex = createFlowExporter({ ...DEFAULT_FLOW_EXPORT, protocol: 'ipfix', inactiveTimeoutSeconds: 1, target: `ipfix://127.0.0.1:${port}` }, transport, (m) => messages.push(m));
  const T0 = 1_700_000_000;
  for (let k = 1; k <= 15; k++) {
    ex.tick(fakeSnapshot({ ts: T0 + 2 * k, flows: [{ id: 0, serial: k, src: '198.51.100.1', dst: '203.0.113.1', srcPort: 1000 + k, dstPort: 4739, slotSentBytes: 100, slotSentPackets: 1, firstSeen: T0 + 2 * k - 1, lastSeen: T0 + 2 * k - 1 }] }));
    await sleep(20);
  }
  await ex.close();
  assert.ok(ex.counters().datagrams >= 14);
  assert.ok(ex.counters().sendErrors >= 5, `${ex.counters().sendErrors} errors`);
  assert.equal(messages.length, 1, messages.join('\n'));
  assert.match(messages[0]!, new RegExp(`^flow export to ipfix://127\\.0\\.0\\.1:${port}: refused \\(ECONNREFUSED`));
});
