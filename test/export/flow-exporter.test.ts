// The exporter as an output: deterministic bytes from snapshot time, counters, close, and one message per outage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFlowExporter } from '../../src/export/flow-exporter.js';
import { DEFAULT_FLOW_EXPORT } from '../../src/export/flow-export-options.js';
import type { FlowProtocol } from '../../src/export/flow-export-options.js';
import type { FlowTransport } from '../../src/ports/flow-transport.js';
import { fakeSnapshot } from '../helpers/fake-snapshot.js';
import type { FakeFlow } from '../helpers/fake-snapshot.js';
import { flowRows, FlowStreamDecoder } from '../helpers/flow-decoder.js';

interface FakeTransport extends FlowTransport {
  readonly sent: Uint8Array[];
  status(problem: string | null): void;
}

function fakeTransport(): FakeTransport {
  const sent: Uint8Array[] = [];
  let listener: (p: string | null) => void = () => {};
  return { sent, send: (d) => void sent.push(d), onStatus: (l) => void (listener = l), status: (p) => listener(p), close: async () => {} };
}

const T0 = 1_700_000_000.5;

function exporter(protocol: FlowProtocol = 'ipfix', messages: string[] = []) {
  const transport = fakeTransport();
  const ex = createFlowExporter({ ...DEFAULT_FLOW_EXPORT, protocol, target: `${protocol}://127.0.0.1:4739` }, transport, (m) => messages.push(m));
  return { ex, transport, messages };
}

/** 45 ticks of 50 flows: some talk all the time, others now and then, IPv4 and IPv6, TCP, UDP and ICMP. */
function scenario(): { ts: number; flows: FakeFlow[] }[] {
  const ticks: { ts: number; flows: FakeFlow[] }[] = [];
  const lastSeen = new Map<number, number>();
  for (let k = 1; k <= 45; k++) {
    const ts = T0 + 2 * k;
    const flows: FakeFlow[] = [];
    for (let id = 0; id < 50; id++) {
      const born = id % 5;
      if (k <= born) continue;
      const talks = k === born + 1 || id < 10 || k % (3 + (id % 11)) === 0;
      if (talks) lastSeen.set(id, ts - 0.75);
      flows.push({
        id, serial: id + 1, proto: id % 7 === 0 ? 1 : id % 2 === 0 ? 6 : 17,
        src: id % 3 === 0 ? `2001:db8::${id + 1}` : `198.51.100.${id + 1}`,
        dst: id % 3 === 0 ? '2001:db8:ff::1' : '203.0.113.200',
        srcPort: id % 7 === 0 ? 0 : 30000 + id, dstPort: id % 7 === 0 ? 0 : 443,
        slotSentBytes: talks ? 100 * (id + 1) : 0, slotSentPackets: talks ? id + 1 : 0,
        slotRecvBytes: talks && id % 2 === 0 ? 60 : 0, slotRecvPackets: talks && id % 2 === 0 ? 1 : 0,
        firstSeen: T0 + 2 * born + 0.25, lastSeen: lastSeen.get(id)!,
      });
    }
    ticks.push({ ts, flows });
  }
  return ticks;
}

test('the same snapshots give the same datagrams, byte for byte; export time is the snapshot time rounded up', async () => {
  for (const protocol of ['ipfix', 'netflow9'] as const) {
    const runs = [exporter(protocol), exporter(protocol)];
    for (const { ex } of runs) {
      for (const t of scenario()) ex.tick(fakeSnapshot({ ts: t.ts, flows: t.flows, local: ['198.51.100.1'] }));
      await ex.close();
    }
    const [a, b] = runs.map((r) => r.transport.sent);
    assert.ok(a!.length > 3);
    assert.deepEqual(a, b);
    const d = new FlowStreamDecoder();
    const messages = a!.map((x) => d.decode(x));
    for (const m of messages) assert.ok(Number.isInteger(m.exportSeconds) && m.exportSeconds > T0 && (m.exportSeconds - T0 - 0.5) % 2 === 0, `${m.exportSeconds}`);
    for (const m of messages) for (const r of flowRows(m)) assert.ok(r.endMs <= m.exportSeconds * 1000, 'no record ends after its export time');
  }
});

test('counters: records, datagrams, bytes, cached flows; close() ends every record (forced end) once', async () => {
  const { ex, transport } = exporter('netflow9');
  const ticks = scenario();
  let bytes = 0, packets = 0;
  for (const t of ticks) {
    ex.tick(fakeSnapshot({ ts: t.ts, flows: t.flows }));
    for (const f of t.flows) {
      bytes += (f.slotSentBytes ?? 0) + (f.slotRecvBytes ?? 0);
      packets += (f.slotSentPackets ?? 0) + (f.slotRecvPackets ?? 0);
    }
  }
  assert.equal(ex.counters().cachedFlows, 50);
  await ex.close();
  await ex.close();
  ex.tick(fakeSnapshot({ ts: T0 + 100, flows: ticks[0]!.flows }));
  const d = new FlowStreamDecoder();
  const rows = transport.sent.flatMap((x) => flowRows(d.decode(x)));
  const c = ex.counters();
  assert.equal(c.records, rows.length);
  assert.equal(c.datagrams, transport.sent.length);
  assert.equal(c.bytes, transport.sent.reduce((n, x) => n + x.length, 0));
  assert.equal(c.sendErrors, 0);
  assert.equal(c.cachedFlows, 0);
  assert.equal(rows.reduce((n, r) => n + r.octets, 0), bytes);
  assert.equal(rows.reduce((n, r) => n + r.packets, 0), packets);
  assert.ok(rows.some((r) => r.endReason === 4) && rows.some((r) => r.endReason === 1) && rows.some((r) => r.endReason === 2));
});

test('a collector problem costs a counter and one message, then silence, then one message when it works again', async () => {
  const { ex, transport, messages } = exporter();
  transport.status('refused (ECONNREFUSED: is a collector listening on UDP port 4739?)');
  transport.status('refused (ECONNREFUSED: is a collector listening on UDP port 4739?)');
  transport.status('refused (ECONNREFUSED: is a collector listening on UDP port 4739?)');
  assert.deepEqual(messages, ['flow export to ipfix://127.0.0.1:4739: refused (ECONNREFUSED: is a collector listening on UDP port 4739?); further failures are counted, not reported']);
  assert.equal(ex.counters().sendErrors, 3);
  transport.status(null);
  transport.status(null);
  assert.deepEqual(messages.slice(1), ['flow export to ipfix://127.0.0.1:4739 works again (3 datagrams lost)']);
  transport.status('no route to the collector (ENETUNREACH)');
  assert.equal(messages.length, 3);
  assert.match(messages[2]!, /ENETUNREACH/);
  assert.equal(ex.counters().sendErrors, 4);
});

test('traffic of the overflow aggregate (beyond --max-flows) is counted as not exported', async () => {
  const { ex } = exporter();
  ex.tick(fakeSnapshot({ ts: T0 + 2, flows: [], overflow: { slotSentBytes: 1000, slotRecvBytes: 500, slotSentPackets: 3, slotRecvPackets: 2 } }));
  ex.tick(fakeSnapshot({ ts: T0 + 4, flows: [], overflow: { slotSentBytes: 10, slotSentPackets: 1 } }));
  assert.equal(ex.counters().unexportedBytes, 1510);
  assert.equal(ex.counters().unexportedPackets, 6);
});

test('NetFlow v9 counts sysUptime from the capture: a replayed file keeps its own dates', async () => {
  const { ex, transport } = exporter('netflow9');
  // A capture from 2011: the first tick's earliest packet is the uptime origin.
  const start = 1_300_000_000.123456;
  ex.tick(fakeSnapshot({ ts: start + 2, flows: [{ proto: 17, src: '198.51.100.1', dst: '203.0.113.1', srcPort: 1, dstPort: 2, slotSentBytes: 99, slotSentPackets: 1, firstSeen: start, lastSeen: start + 1.5 }] }));
  await ex.close();
  const d = new FlowStreamDecoder();
  const m = d.decode(transport.sent[0]!);
  assert.equal(m.exportSeconds, Math.ceil(start + 2));
  assert.equal(m.sysUptime, Math.ceil(start + 2) * 1000 - 1_300_000_000_123);
  const [row] = flowRows(m);
  assert.equal(row!.startMs, 1_300_000_000_123);
  assert.equal(row!.endMs, 1_300_000_001_623);
});

test('close() before any tick sends nothing', async () => {
  const { ex, transport } = exporter();
  await ex.close();
  assert.equal(transport.sent.length, 0);
});
