// --json: one document at the end of the run, checked with jq and JSON.parse: every flow once, exact sums, the bound on expired flows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { JsonSink } from '../../src/sinks/json-sink.js';
import { jsonReportChunks } from '../../src/render/json-report.js';
import { MemoryWriter } from '../helpers/memory-writer.js';
import { FlowRun } from './flow-run.js';

const T0 = 1_764_000_000;

function jq(filter: string, input: string): string {
  const r = spawnSync('jq', ['-c', filter], { input, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.error !== undefined) throw new Error(`jq is needed (Debian package jq): ${r.error.message}`);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

const FLOW_KEYS = ['source', 'serial', 'family', 'proto', 'src', 'src_port', 'dst', 'dst_port', 'sent_bytes', 'received_bytes',
  'sent_packets', 'received_packets', 'first_seen_ms', 'last_seen_ms', 'expired'];

test('the document holds every flow of the run once, expired ones included, and its sums equal the totals', async () => {
  const out = new MemoryWriter();
  const sink = new JsonSink(out, { version: '0.1.0' });
  const run = new FlowRun(3);
  for (let t = 1; t <= 30; t++) sink.tick(run.tick(T0 + 2 * t, t <= 20 ? 15 : 0, t % 4 === 0 ? 500 : 0));
  await sink.close();
  assert.ok(out.closed);
  const text = out.text;
  const doc = JSON.parse(text) as Record<string, unknown> & { flows: Record<string, unknown>[] };
  assert.deepEqual(Object.keys(doc), ['schema_version', 'tool', 'version', 'sources', 'totals', 'flow_count', 'flows_dropped', 'expired_flow_limit', 'flows']);
  assert.deepEqual([doc['schema_version'], doc['tool'], doc['version']], [1, 'wiretop', '0.1.0']);
  // One flow per line, each written exactly as JSON.stringify writes it.
  const lines = text.split('\n');
  assert.equal(lines.length, doc.flows.length + 3);
  for (const line of lines.slice(1, -2)) {
    const l = line.replace(/,$/, '');
    assert.equal(JSON.stringify(JSON.parse(l)), l);
    assert.deepEqual(Object.keys(JSON.parse(l) as object), FLOW_KEYS);
  }
  const serials = doc.flows.map((f) => f['serial'] as number);
  assert.deepEqual(serials, [...serials].sort((a, b) => a - b), 'in creation order');
  assert.equal(new Set(serials).size, serials.length);
  assert.equal(serials.length, 300, 'every flow ever created');
  assert.equal(doc['flow_count'], 300);
  // Expired flows carry their final counters, live ones those of the last tick.
  for (const f of doc.flows) {
    const ended = run.ended.get(f['serial'] as number);
    const live = [...run.flows.values()].find((x) => x.serial === f['serial']);
    const sim = ended ?? live!;
    assert.equal(f['expired'], ended !== undefined);
    assert.deepEqual([f['sent_bytes'], f['received_bytes'], f['sent_packets'], f['received_packets']], sim.cum);
    assert.deepEqual([f['src'], f['dst'], f['proto']], [sim.src, sim.dst, sim.proto]);
    assert.equal(f['src_port'], sim.proto === 6 || sim.proto === 17 ? sim.srcPort : null);
    assert.equal(f['first_seen_ms'], Math.round(sim.firstSeen * 1000));
    assert.ok(Number.isInteger(f['last_seen_ms']));
  }
  assert.ok(run.ended.size > 100 && run.flows.size > 0);
  // jq as the reader: flows + dropped + overflow = totals, in every counter.
  const sums = jq('[ ([.flows[].sent_bytes]|add) + .flows_dropped.sent_bytes + .sources[0].overflow.sent_bytes, .totals.sent_bytes,' +
    ' ([.flows[].received_packets]|add) + .flows_dropped.received_packets + .sources[0].overflow.received_packets, .totals.received_packets ]', text);
  const [a, b, c, d] = JSON.parse(sums) as number[];
  assert.equal(a, b);
  assert.equal(c, d);
  assert.ok(a! > 0);
  assert.equal(jq('.sources[0] | [.interface, .ticks, .first_tick_ms, .last_tick_ms, .capture.frames, .capture.non_ip, .kernel]', text),
    JSON.stringify(['eth0', 30, (T0 + 2) * 1000, (T0 + 60) * 1000, 30_000, 0, { received: 30_000, dropped: 3, if_dropped: 1 }]));
});

test('expired flows beyond the bound: the biggest are kept, the rest counted in flows_dropped, sums still exact', async () => {
  const out = new MemoryWriter();
  const sink = new JsonSink(out, { version: '0.1.0', expiredFlowLimit: 10 });
  const run = new FlowRun(9, { kind: 'interface', name: 'eth0' }, 1);
  for (let t = 1; t <= 12; t++) sink.tick(run.tick(T0 + 2 * t, t <= 8 ? 10 : 0));
  await sink.close();
  const doc = JSON.parse(out.text) as { flows: { expired: boolean; sent_bytes: number; received_bytes: number; serial: number }[]; flows_dropped: { count: number; sent_bytes: number }; totals: { sent_bytes: number }; sources: { flows_dropped: { count: number } }[] };
  const kept = doc.flows.filter((f) => f.expired);
  assert.equal(kept.length, 10);
  assert.ok(run.ended.size > 60, `${run.ended.size} expired`);
  assert.equal(doc.flows_dropped.count, run.ended.size - 10);
  assert.equal(doc.sources[0]!.flows_dropped.count, run.ended.size - 10);
  assert.equal(doc.flows.length, 10 + run.flows.size);
  const bytes = (f: { cum: number[] }) => f.cum[0]! + f.cum[1]!;
  const biggest = [...run.ended.values()].map(bytes).sort((x, y) => y - x).slice(0, 10);
  assert.deepEqual(kept.map((f) => f.sent_bytes + f.received_bytes).sort((x, y) => y - x), biggest);
  assert.equal(doc.flows.reduce((s, f) => s + f.sent_bytes, 0) + doc.flows_dropped.sent_bytes, doc.totals.sent_bytes);
});

test('several sources in order of their first tick, names made inert; an empty run is a valid document', async () => {
  const out = new MemoryWriter();
  const sink = new JsonSink(out, { version: '0.1.0' });
  const a = new FlowRun(1, { kind: 'file', path: '/tmp/x\u001b[2J.pcap' }), b = new FlowRun(2, { kind: 'interface', name: 'eth1' });
  sink.tick(a.tick(T0, 3));
  sink.tick(b.tick(T0, 2));
  sink.tick(a.tick(T0 + 2, 1));
  await sink.close();
  const doc = JSON.parse(out.text) as { sources: Record<string, unknown>[]; flows: { source: string }[]; totals: { sent_bytes: number } };
  assert.deepEqual(doc.sources.map((s) => s['file'] ?? s['interface']), ['/tmp/x\\x1b[2J.pcap', 'eth1']);
  assert.equal(doc.sources[0]!['kernel'], null);
  assert.deepEqual(doc.flows.map((f) => f.source), ['/tmp/x\\x1b[2J.pcap', '/tmp/x\\x1b[2J.pcap', '/tmp/x\\x1b[2J.pcap', '/tmp/x\\x1b[2J.pcap', 'eth1', 'eth1']);
  assert.doesNotMatch(out.text, /\u001b/);
  const empty = new MemoryWriter();
  await new JsonSink(empty, { version: '0.1.0' }).close();
  assert.deepEqual(JSON.parse(empty.text), {
    schema_version: 1, tool: 'wiretop', version: '0.1.0', sources: [], totals: { sent_bytes: 0, received_bytes: 0, sent_packets: 0, received_packets: 0 },
    flow_count: 0, flows_dropped: { count: 0, sent_bytes: 0, received_bytes: 0, sent_packets: 0, received_packets: 0 }, expired_flow_limit: 500_000, flows: [],
  });
});

test('the document comes in bounded chunks, and an output that drops one is reported', async () => {
  const run = new FlowRun(4);
  const sink = new JsonSink(new MemoryWriter(), { version: '0.1.0' });
  for (let t = 1; t <= 5; t++) sink.tick(run.tick(T0 + 2 * t, 400));
  const errors: string[] = [];
  const lossy = new MemoryWriter((n) => n === 3);
  const lossySink = new JsonSink(lossy, { version: '0.1.0', onError: (m) => errors.push(m) });
  const run2 = new FlowRun(4);
  for (let t = 1; t <= 5; t++) lossySink.tick(run2.tick(T0 + 2 * t, 400));
  await lossySink.close();
  assert.ok(lossy.chunks.length > 5, `${lossy.chunks.length} chunks`);
  assert.ok(lossy.chunks.every((c) => c.length < (1 << 16) + 1000));
  assert.equal(errors.length, 1);
  assert.match(errors[0]!, /^--json: the output did not take \d+ characters of the document; it is incomplete$/);
  // Chunk size does not change the text.
  const one = [...jsonReportChunks({ version: 'v', expiredFlowLimit: 1, sources: [], flows: { count: 0, read: () => {} } }, 1)].join('');
  assert.equal(one, '{"schema_version":1,"tool":"wiretop","version":"v","sources":[],"totals":{"sent_bytes":0,"received_bytes":0,"sent_packets":0,"received_packets":0},"flow_count":0,"flows_dropped":{"count":0,"sent_bytes":0,"received_bytes":0,"sent_packets":0,"received_packets":0},"expired_flow_limit":1,"flows":[]}\n');
});

test('a flow that expires at the last tick is listed once, as expired; a reused id keeps both flows apart', async () => {
  const { fakeSnapshot } = await import('../helpers/fake-snapshot.js');
  const out = new MemoryWriter();
  const sink = new JsonSink(out, { version: '0.1.0' });
  const a = { id: 0, serial: 0, src: '198.51.100.1', dst: '203.0.113.1', proto: 1, cumulativeSentBytes: 84, cumulativeSentPackets: 1 };
  sink.tick(fakeSnapshot({ ts: T0, flows: [a] }));
  sink.tick(fakeSnapshot({ ts: T0 + 2, flows: [{ ...a, expired: true }, { id: 1, serial: 1, src: '198.51.100.1', dst: '203.0.113.2', cumulativeRecvBytes: 5 }] }));
  sink.tick(fakeSnapshot({ ts: T0 + 4, flows: [{ id: 0, serial: 2, src: '198.51.100.9', dst: '203.0.113.9', proto: 6, srcPort: 22, dstPort: 5000, cumulativeSentBytes: 7 },
    { id: 1, serial: 1, src: '198.51.100.1', dst: '203.0.113.2', cumulativeRecvBytes: 9, expired: true }] }));
  await sink.close();
  const flows = (JSON.parse(out.text) as { flows: Record<string, unknown>[] }).flows;
  assert.deepEqual(flows.map((f) => [f['serial'], f['src'], f['src_port'], f['dst_port'], f['sent_bytes'], f['received_bytes'], f['expired']]), [
    [0, '198.51.100.1', null, null, 84, 0, true],
    [1, '198.51.100.1', 0, 0, 0, 9, true], // UDP (the default): ports are numbers, 0 here
    [2, '198.51.100.9', 22, 5000, 7, 0, false],
  ]);
});
