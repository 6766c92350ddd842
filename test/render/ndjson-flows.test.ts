// --ndjson-file records: canonical JSON (what JSON.stringify writes), fields in the documented order, every flow and every ending.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ndjsonFlowsHeader, ndjsonFlowsTick } from '../../src/render/ndjson-flows.js';
import { fakeSnapshot } from '../helpers/fake-snapshot.js';
import type { FakeFlow } from '../helpers/fake-snapshot.js';
import { mulberry32 } from '../helpers/random.js';

const FLOW_FIELDS = ['type', 'interface', 'ts', 'partial', 'serial', 'family', 'proto', 'src', 'src_port', 'dst', 'dst_port',
  'slot_sent_bytes', 'slot_received_bytes', 'slot_sent_packets', 'slot_received_packets', 'sent_bytes_per_s', 'received_bytes_per_s',
  'cumulative_sent_bytes', 'cumulative_received_bytes', 'cumulative_sent_packets', 'cumulative_received_packets', 'first_seen', 'last_seen'];

test('every record is canonical JSON with its fields in order; one flow record per flow that moved, one flow_end per ending flow', () => {
  const rand = mulberry32(5);
  const n = () => [0, 1, 1e21, 5e-324, 1234.5678, 2 ** 53 + 2, Math.floor(rand() * 1e9) / 7][Math.floor(rand() * 7)]!;
  const flows: FakeFlow[] = Array.from({ length: 200 }, (_, i) => ({
    id: i, serial: 1000 + i, proto: [6, 17, 1, 58][i % 4]!,
    src: i % 3 === 0 ? `2001:db8::${i.toString(16)}` : `10.0.${i % 256}.1`, dst: i % 3 === 0 ? '2001:db8::ffff' : '198.51.100.7',
    srcPort: i % 4 < 2 ? 40000 + i : 0, dstPort: i % 4 < 2 ? 443 : 0,
    slotSentBytes: n(), slotRecvBytes: n(), slotSentPackets: i, slotRecvPackets: 2 * i,
    sentRate: [n(), n(), n()], recvRate: [n(), n(), n()], cumulativeSentBytes: n(), cumulativeRecvBytes: n(),
    cumulativeSentPackets: 3 * i, cumulativeRecvPackets: 4 * i, firstSeen: 1_700_000_000.123456, lastSeen: 1_700_000_001.5,
    expired: i % 10 === 0,
  }));
  const s = fakeSnapshot({ ts: 1_700_000_002, flows, source: { kind: 'interface', name: 'eth"0' }, kernel: { received: 9, dropped: 1, ifDropped: 0 } });
  const lines = ndjsonFlowsTick(s).trimEnd().split('\n');
  // Flow 0 carried no packet in the slot: it has no record at this tick (its latest one still holds).
  assert.equal(lines.length, 1 + 199 + 20);
  const recs = lines.map((l) => {
    const r = JSON.parse(l) as Record<string, unknown>;
    assert.equal(JSON.stringify(r), l, 'canonical');
    return r;
  });
  assert.equal(recs[0]!['type'], 'totals');
  assert.equal(recs[0]!['interface'], 'eth"0', 'names from outside are JSON-escaped');
  assert.deepEqual((recs[0]!['capture'] as Record<string, number>)['kernel_dropped'], 1);
  const flowRecs = recs.filter((r) => r['type'] === 'flow');
  assert.equal(flowRecs.length, 199);
  assert.ok(!flowRecs.some((r) => r['serial'] === 1000), 'the idle flow is left out');
  for (const r of flowRecs) assert.deepEqual(Object.keys(r), FLOW_FIELDS);
  const ends = recs.filter((r) => r['type'] === 'flow_end');
  assert.deepEqual(ends.map((r) => r['serial']), flows.filter((f) => f.expired).map((f) => f.serial));
  assert.deepEqual(Object.keys(ends[0]!), FLOW_FIELDS.filter((k) => !k.startsWith('slot_') && !k.endsWith('_per_s')));
  const third = flowRecs[2]!;
  assert.deepEqual([third['family'], third['src'], third['dst'], third['proto'], third['first_seen']], [6, '2001:db8::3', '2001:db8::ffff', 58, 1_700_000_000.123456]);
});

test('the header lists the sources; the overflow record appears only when flows beyond the cap carried traffic', () => {
  assert.deepEqual(JSON.parse(ndjsonFlowsHeader('1.0', [{ kind: 'interface', name: 'eth0' }, { kind: 'interface', name: 'wg0' }])),
    { type: 'header', schema_version: 1, tool: 'wiretop', version: '1.0', records: 'flows', interfaces: ['eth0', 'wg0'], files: [], interval_s: 2 });
  const quiet = ndjsonFlowsTick(fakeSnapshot({ ts: 5, source: { kind: 'file', path: 'x.pcap' } }));
  assert.equal(quiet.split('\n').filter(Boolean).length, 1);
  assert.equal((JSON.parse(quiet) as Record<string, unknown>)['file'], 'x.pcap');
  const busy = ndjsonFlowsTick(fakeSnapshot({ ts: 5, overflow: { cumulativeRecvPackets: 3, cumulativeRecvBytes: 300, expiring: true } }));
  const overflow = JSON.parse(busy.trimEnd().split('\n')[1]!) as Record<string, unknown>;
  assert.deepEqual([overflow['type'], overflow['cumulative_received_bytes'], overflow['ending']], ['overflow', 300, true]);
});
