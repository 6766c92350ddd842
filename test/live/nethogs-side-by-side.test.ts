// The nethogs -t harness the side-by-side comparison uses: parsing of its trace output, and a live run on a veth.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { AttributionEngine, DEFAULT_ATTRIBUTION_OPTIONS } from '../../src/attribution/engine.js';
import { openHostAttribution } from '../../src/adapters/sockets/host-attribution.js';
import { flowKey } from '../helpers/flow-keys.js';
import { JsonChild } from '../helpers/json-child.js';
import { createNetnsPair } from '../helpers/netns.js';
import type { NetnsPair } from '../helpers/netns.js';
import { lastRowOf, parseNethogsTrace, startNethogs } from '../helpers/nethogs.js';
import { sampleText } from '../attribution/samples.js';

const NODE = process.execPath;
const ACTORS = fileURLToPath(new URL('./attribution-actors.js', import.meta.url));
const TRAFFIC = fileURLToPath(new URL('./traffic.js', import.meta.url));

let net: NetnsPair;
const children: JsonChild[] = [];

before(() => {
  net = createNetnsPair();
});

after(() => {
  for (const c of children) c.kill();
  net?.destroy();
});

test('parse: refresh blocks, program paths with slashes, pid and uid from the right, the unknown buckets', () => {
  const blocks = parseNethogsTrace(sampleText('nethogs-trace.txt'));
  assert.equal(blocks.length, 9);
  assert.deepEqual(blocks[0], [
    { program: 'unknown UDP', pid: 0, uid: 0, sent: 0, received: 0, unknown: 'UDP' },
    { program: 'unknown TCP', pid: 0, uid: 0, sent: 0, received: 0, unknown: 'TCP' },
  ]);
  assert.deepEqual(lastRowOf(blocks, 30339), { program: '/root/.pyenv/versions/3.11.7/bin/python3', pid: 30339, uid: 0, sent: 201658, received: 1526, unknown: null });
  assert.equal(blocks.at(-1)!.find((r) => r.unknown === 'UDP')?.sent, 20840, 'the UDP nethogs could not attribute');
  assert.deepEqual(parseNethogsTrace('Refreshing:\nx\u001b[2J/5/0\t1\t2\nnot a row\n')[0], [{ program: 'x\\x1b[2J', pid: 5, uid: 0, sent: 1, received: 2, unknown: null }]);
});

test('live: nethogs and the engine name the same process for TCP; nethogs files the UDP under "unknown UDP", the engine does not', async () => {
  const sink = new JsonChild(net.spawn(net.nsB, NODE, [TRAFFIC, 'tcp-sink', '--port', '5001', '--bind', net.ipB], { stdio: ['pipe', 'pipe', 'pipe'] }), 'sink');
  children.push(sink);
  assert.equal(await sink.line(), 'ready');
  const nethogs = startNethogs(net, net.nsA, net.ifA, { udp: true });
  await sleep(1500);
  const tcpActor = new JsonChild<{ pid: number; localPort: number }>(net.spawn(net.nsA, NODE, [ACTORS, 'tcp-hold', '--to', net.ipB, '--port', '5001', '--bytes', '200000'], { stdio: ['pipe', 'pipe', 'pipe'] }), 'tcp');
  const udpActor = new JsonChild<{ pid: number; localPort: number }>(net.spawn(net.nsA, NODE, [ACTORS, 'udp-sendto', '--to', net.ipB, '--port', '6001', '--bytes', '1200'], { stdio: ['pipe', 'pipe', 'pipe'] }), 'udp');
  children.push(tcpActor as JsonChild, udpActor as JsonChild);
  const tcp = await tcpActor.next(), udp = await udpActor.next();
  await sleep(2500);
  nethogs.stop();
  const blocks = await nethogs.done;
  const row = lastRowOf(blocks, tcp.pid);
  assert.ok(row !== undefined, `nethogs never listed pid ${tcp.pid}: ${JSON.stringify(blocks.at(-1))}`);
  assert.ok(row.sent >= 200_000 && row.sent < 230_000, `nethogs counted ${row.sent} B sent for 200 000 B of payload`);
  assert.ok(lastRowOf(blocks, udp.pid) === undefined && (blocks.at(-1)!.find((r) => r.unknown === 'UDP')?.sent ?? 0) > 0, 'nethogs misses the UDP sender');
  // The engine, in the same namespace's view (through /proc/PID/net from here), names both.
  const host = openHostAttribution();
  const engine = new AttributionEngine({ kernel: host.kernel, proc: host.proc, littleEndian: host.littleEndian,
    clock: { monotonicMs: () => performance.now(), epochSeconds: () => Date.now() / 1000 }, schedule: () => () => {} }, DEFAULT_ATTRIBUTION_OPTIONS);
  engine.submit(1, flowKey({ serial: 1, proto: 6, src: net.ipA, srcPort: tcp.localPort, dst: net.ipB, dstPort: 5001 }));
  engine.submit(2, flowKey({ serial: 2, proto: 17, src: net.ipA, srcPort: udp.localPort, dst: net.ipB, dstPort: 6001 }));
  for (let i = 0; i < 20 && [1, 2].some((s) => engine.ownerOf(s)?.kind !== 'process'); i++) engine.flush();
  engine.close();
  assert.deepEqual([1, 2].map((s) => { const o = engine.ownerOf(s); return o?.kind === 'process' ? o.pid : o; }), [tcp.pid, udp.pid]);
});
