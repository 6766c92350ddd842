// The recorder's bucket math: slot boundaries, the four resolutions agreeing, detail rows adding up to the interface.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HistoryRecorder } from '../../../src/history/recorder/recorder.js';
import type { HistoryRecorderOptions } from '../../../src/history/recorder/recorder.js';
import { OTHER } from '../../../src/ports/history-store.js';
import { fakeSnapshot } from '../../helpers/fake-snapshot.js';
import type { FakeFlow } from '../../helpers/fake-snapshot.js';
import { MemoryHistoryWriter } from '../../helpers/memory-history.js';
import { mulberry32 } from '../../helpers/random.js';

const LOCAL = '198.51.100.1';

function recorder(w: MemoryHistoryWriter, o: Partial<HistoryRecorderOptions> = {}, messages: string[] = []): HistoryRecorder {
  return new HistoryRecorder({ writer: w, report: (m) => messages.push(m), runId: 'run-a', flushSeconds: 2, ...o });
}

function flow(dst: string, sent: number, recv: number, extra: Partial<FakeFlow> = {}): FakeFlow {
  return { src: LOCAL, dst, slotSentBytes: sent, slotRecvBytes: recv, slotSentPackets: sent > 0 ? 1 : 0, slotRecvPackets: recv > 0 ? 1 : 0, proto: 6, srcPort: 40000, dstPort: 443, ...extra };
}

test('a slot (ts−2, ts] ending on a bucket boundary belongs to the bucket before it; the next slot to the next bucket', () => {
  const w = new MemoryHistoryWriter();
  const r = recorder(w);
  r.tick(fakeSnapshot({ ts: 1_800_000_058, tick: 1, flows: [flow('203.0.113.5', 100, 10)], local: [LOCAL] }));
  r.tick(fakeSnapshot({ ts: 1_800_000_060, tick: 2, flows: [flow('203.0.113.5', 200, 20)], local: [LOCAL] }));
  r.tick(fakeSnapshot({ ts: 1_800_000_062, tick: 3, flows: [flow('203.0.113.5', 400, 40)], local: [LOCAL] }));
  r.close();
  // 1_800_000_060 is a minute boundary (1_800_000_060 = 30_000_001 × 60).
  assert.deepEqual([...w.ifaceByTs(60)], [[1_800_000_000, [30, 300, 2, 2]], [1_800_000_060, [40, 400, 1, 1]]]);
});

test('ticks off the even second: the slot goes whole to the bucket holding its midpoint', () => {
  const w = new MemoryHistoryWriter();
  const r = recorder(w);
  const at = (ts: number, bytes: number) => r.tick(fakeSnapshot({ ts, flows: [flow('203.0.113.5', bytes, 0)], local: [LOCAL] }));
  at(1_800_000_057.5, 1); // (055.5, 057.5] → minute 0
  at(1_800_000_059.5, 2); // (057.5, 059.5] → minute 0
  at(1_800_000_061.5, 4); // (059.5, 061.5], midpoint 060.5 → minute 60
  at(1_800_000_062.9, 8); // a late-ish partial slot (061.5, 062.9] → minute 60
  r.close();
  assert.deepEqual([...w.ifaceByTs(60)].map(([ts, v]) => [ts, v[1]]), [[1_800_000_000, 3], [1_800_000_060, 12]]);
});

test('over a day boundary with random traffic every resolution holds the same bytes, bucket by bucket', () => {
  const w = new MemoryHistoryWriter();
  const r = recorder(w, { flushSeconds: 60 });
  const rand = mulberry32(7);
  const day = 1_800_057_600; // a UTC midnight (20 834 × 86 400)
  let sent = 0, recv = 0;
  for (let ts = day - 3 * 3600; ts <= day + 3 * 3600; ts += 2) {
    const s = Math.floor(rand() * 5000), v = Math.floor(rand() * 5000);
    sent += s;
    recv += v;
    r.tick(fakeSnapshot({ ts, flows: [flow(`203.0.113.${1 + Math.floor(rand() * 20)}`, s, v)], local: [LOCAL] }));
  }
  r.close();
  for (const res of [60, 300, 3600, 86400]) assert.deepEqual(w.totalIface(res), { rx: recv, tx: sent }, `res ${res}`);
  for (const [fine, coarse] of [[60, 300], [300, 3600], [3600, 86400]] as const) {
    const sums = new Map<number, number>();
    for (const [ts, v] of w.ifaceByTs(fine)) sums.set(Math.floor(ts / coarse) * coarse, (sums.get(Math.floor(ts / coarse) * coarse) ?? 0) + v[0] + v[1]);
    for (const [ts, v] of w.ifaceByTs(coarse)) assert.equal(sums.get(ts), v[0] + v[1], `${fine} inside ${coarse} at ${ts}`);
  }
});

test('hosts: local hosts, the top remote hosts and __other__ add up to the interface in both columns, every bucket', () => {
  const w = new MemoryHistoryWriter();
  const r = recorder(w, { flushSeconds: 60, limits: { topRemoteHosts: 3 } });
  const rand = mulberry32(11);
  for (let ts = 1_800_000_000; ts < 1_800_000_000 + 7200; ts += 2) {
    const flows: FakeFlow[] = [];
    for (let i = 0; i < 6; i++) flows.push(flow(`203.0.113.${1 + Math.floor(rand() * 30)}`, Math.floor(rand() * 900), Math.floor(rand() * 900), { id: i, srcPort: 40000 + i }));
    // A second local host and a flow between two remote hosts (seen promiscuously).
    flows.push({ id: 6, src: '198.51.100.2', dst: '203.0.113.99', slotSentBytes: 7, slotRecvBytes: 5, slotSentPackets: 1, slotRecvPackets: 1 });
    flows.push({ id: 7, src: '203.0.113.200', dst: '203.0.113.201', slotSentBytes: 3, slotRecvBytes: 0, slotSentPackets: 1 });
    r.tick(fakeSnapshot({ ts, flows, local: [LOCAL, '198.51.100.2'] }));
  }
  r.close();
  for (const res of [3600, 86400]) {
    for (const ts of w.detailTimes('host', res)) {
      const iface = [...w.ifaceByTs(res)].find(([t]) => t === ts)![1];
      const rows = w.bucket('host', res, ts);
      const all = iface[0] + iface[1];
      assert.equal([...rows.values()].reduce((s, x) => s + x.a, 0), all, `sent column at ${res}/${ts}`);
      assert.equal([...rows.values()].reduce((s, x) => s + x.b, 0), all, `received column at ${res}/${ts}`);
      const locals = [...rows].filter(([, x]) => x.local).map(([k]) => k).sort();
      assert.deepEqual(locals, [LOCAL, '198.51.100.2']);
      assert.equal([...rows.keys()].filter((k) => k !== OTHER && !rows.get(k)!.local).length, 3, 'three remote hosts of their own');
      assert.ok(rows.has(OTHER));
    }
  }
});

test('the top remote hosts of a bucket are exact: a host big late in the hour replaces an early one', () => {
  const w = new MemoryHistoryWriter();
  const r = recorder(w, { flushSeconds: 2, limits: { topRemoteHosts: 1 } });
  const t0 = 1_800_000_000;
  for (let i = 0; i < 10; i++) r.tick(fakeSnapshot({ ts: t0 + 2 + i * 2, flows: [flow('203.0.113.1', 100, 0)], local: [LOCAL] }));
  assert.deepEqual([...w.bucket('host', 3600, t0).keys()].sort(), ['198.51.100.1', '203.0.113.1', OTHER]);
  for (let i = 10; i < 20; i++) r.tick(fakeSnapshot({ ts: t0 + 2 + i * 2, flows: [flow('203.0.113.2', 500, 0, { serial: 1 })], local: [LOCAL] }));
  r.close();
  const rows = w.bucket('host', 3600, t0);
  assert.deepEqual([...rows.keys()].sort(), ['198.51.100.1', '203.0.113.2', OTHER]);
  assert.equal(rows.get('203.0.113.2')!.b, 5000);
  assert.equal(rows.get(OTHER)!.b, 1000, 'the demoted host is in __other__ now, its own row deleted');
});

test('ports: the service side of each flow, top N and __other__ adding up to rx and tx', () => {
  const w = new MemoryHistoryWriter();
  const r = recorder(w, { flushSeconds: 2, limits: { topPorts: 2 } });
  const flows: FakeFlow[] = [
    flow('203.0.113.1', 100, 1000, { id: 0, srcPort: 51000, dstPort: 443 }),
    flow('203.0.113.2', 10, 20, { id: 1, proto: 17, srcPort: 53, dstPort: 40001 }),
    flow('203.0.113.3', 5, 5, { id: 2, srcPort: 50000, dstPort: 60000 }),
    flow('203.0.113.4', 1, 1, { id: 3, proto: 1, srcPort: 0, dstPort: 0 }),
  ];
  r.tick(fakeSnapshot({ ts: 1_800_000_002, flows, local: [LOCAL] }));
  r.close();
  const rows = w.bucket('port', 3600, 1_800_000_000);
  assert.deepEqual([...rows.keys()].sort(), [OTHER, 'tcp/443', 'udp/53']);
  assert.deepEqual([rows.get('tcp/443')!.a, rows.get('tcp/443')!.b], [1000, 100], 'rx, tx');
  assert.deepEqual([rows.get(OTHER)!.a, rows.get(OTHER)!.b], [6, 6]);
});

test('a flush that fails is written again later, once: one message when it fails, one when it works again', () => {
  const w = new MemoryHistoryWriter();
  const messages: string[] = [];
  const r = recorder(w, {}, messages);
  w.failures = 5;
  let total = 0;
  for (let i = 1; i <= 12; i++) {
    r.tick(fakeSnapshot({ ts: 1_800_000_000 + 2 * i, flows: [flow('203.0.113.9', i, 0)], local: [LOCAL] }));
    total += i;
  }
  r.close();
  assert.equal(w.totalIface(60).tx + w.totalIface(3600).tx, 2 * total);
  assert.equal(messages.length, 2, messages.join('\n'));
  assert.match(messages[0]!, /^history: cannot write: disk full \(test\); monitoring goes on/);
  assert.match(messages[1]!, /^history: writing again after 5 failed flushes; nothing was lost$/);
  assert.equal(r.stats().failedFlushes, 5);
});

test('a write that committed but reported failure is retried without counting anything twice', () => {
  const w = new MemoryHistoryWriter();
  const r = recorder(w);
  w.commitThenFail = 3;
  for (let i = 1; i <= 6; i++) r.tick(fakeSnapshot({ ts: 1_800_000_000 + 2 * i, flows: [flow('203.0.113.9', 1000, 1)], local: [LOCAL] }));
  r.close();
  assert.deepEqual(w.totalIface(86400), { rx: 6, tx: 6000 });
  const hosts = w.bucket('host', 3600, 1_800_000_000);
  assert.equal(hosts.get('203.0.113.9')!.b, 6000);
  assert.equal([...hosts.values()].reduce((s, x) => s + x.a, 0), 6006);
});

test('a restart (a new run, the old one killed without closing) adds to what was flushed, never counts it twice', () => {
  const w = new MemoryHistoryWriter();
  const a = recorder(w, { runId: 'first', flushSeconds: 60 });
  let flushed = 0;
  for (let ts = 1_800_000_002; ts <= 1_800_000_090; ts += 2) {
    a.tick(fakeSnapshot({ ts, flows: [flow('203.0.113.9', 10, 0)], local: [LOCAL] }));
    if (ts <= 1_800_000_060) flushed += 10; // the flush at 060 is the last one before the kill
  }
  // "kill -9": a is dropped, the 30 s since its last flush are lost.
  const b = recorder(w, { runId: 'second', flushSeconds: 60 });
  for (let ts = 1_800_000_100; ts <= 1_800_000_200; ts += 2) b.tick(fakeSnapshot({ ts, flows: [flow('203.0.113.9', 10, 0)], local: [LOCAL] }));
  b.close();
  assert.equal(w.totalIface(3600).tx, flushed + 51 * 10);
  assert.equal(w.totalIface(60).tx, flushed + 51 * 10);
});

test('the snapshot time going back starts a new segment: nothing already written is overwritten smaller', () => {
  const w = new MemoryHistoryWriter();
  const r = recorder(w, { flushSeconds: 60 });
  for (let ts = 1_800_000_002; ts <= 1_800_000_120; ts += 2) r.tick(fakeSnapshot({ ts, flows: [flow('203.0.113.9', 10, 0)], local: [LOCAL] }));
  for (let ts = 1_800_000_002; ts <= 1_800_000_030; ts += 2) r.tick(fakeSnapshot({ ts, flows: [flow('203.0.113.9', 1, 0)], local: [LOCAL] }));
  r.close();
  assert.equal(w.totalIface(60).tx, 600 + 15);
  assert.equal(r.stats().segments, 1);
});

test('replaying the same capture file twice leaves the same rows (its run rewrites itself)', () => {
  const w = new MemoryHistoryWriter();
  const replay = (flushSeconds: number) => {
    const r = recorder(w, { runId: `pid-${flushSeconds}`, flushSeconds });
    for (let ts = 1_700_000_002; ts <= 1_700_000_300; ts += 2) {
      r.tick(fakeSnapshot({ ts, source: { kind: 'file', path: '/tmp/a.pcap' }, flows: [flow('203.0.113.9', ts % 7, 3)], local: [LOCAL] }));
    }
    r.close();
  };
  replay(60);
  const first = JSON.stringify([...w.iface]);
  replay(2);
  assert.equal(JSON.stringify([...w.iface]), first);
});

test('beyond the held-rows bound the oldest unwritten buckets go, counted, with one more message', () => {
  const w = new MemoryHistoryWriter();
  const messages: string[] = [];
  const r = recorder(w, { flushSeconds: 60, maxHeldRows: 40 }, messages);
  w.failures = 1_000;
  for (let ts = 1_800_000_002; ts <= 1_800_000_000 + 3600; ts += 2) r.tick(fakeSnapshot({ ts, flows: [flow('203.0.113.9', 1, 0)], local: [LOCAL] }));
  const s = r.stats();
  assert.ok(s.heldRows <= 40 + 8, `held ${s.heldRows}`);
  assert.ok(s.droppedRows > 0);
  assert.ok(s.droppedBytes > 0);
  assert.equal(messages.length, 2, messages.join('\n'));
  assert.match(messages[1]!, /oldest unwritten buckets are being dropped/);
  w.failures = 0;
  r.close();
  assert.match(messages[2]!, /writing again after \d+ failed flushes; \d+ buckets held too long were dropped \(\d+ bytes of interface traffic lost\)/);
  // The coarse buckets were never dropped: the hour still holds every byte.
  assert.equal(w.totalIface(3600).tx, 1800);
});

test('with an owner, programs and units add up to the interface, unknown owners in __unattributed__', () => {
  const w = new MemoryHistoryWriter();
  const owner = {
    program: (v: { srcPort(id: number): number }, id: number) => (v.srcPort(id) === 40000 ? 'curl' : null),
    unit: (v: { srcPort(id: number): number }, id: number) => (v.srcPort(id) === 40000 ? 'backup.service' : null),
  };
  const r = recorder(w, { owner });
  r.tick(fakeSnapshot({ ts: 1_800_000_002, flows: [flow('203.0.113.1', 100, 50, { id: 0 }), flow('203.0.113.2', 7, 3, { id: 1, srcPort: 40001 })], local: [LOCAL] }));
  r.close();
  const progs = w.bucket('program', 3600, 1_800_000_000);
  assert.deepEqual([...progs].map(([k, x]) => [k, x.a, x.b]).sort(), [[OTHER, 0, 0], ['__unattributed__', 3, 7], ['curl', 50, 100]]);
  assert.deepEqual([...w.bucket('unit', 86400, 1_800_000_000 - (1_800_000_000 % 86400))].map(([k]) => k).sort(), [OTHER, '__unattributed__', 'backup.service']);
});

test('without an owner the program and unit tables get no rows', () => {
  const w = new MemoryHistoryWriter();
  const r = recorder(w);
  r.tick(fakeSnapshot({ ts: 1_800_000_002, flows: [flow('203.0.113.1', 100, 50)], local: [LOCAL] }));
  r.close();
  assert.equal(w.detailTimes('program', 3600).length + w.detailTimes('unit', 3600).length, 0);
  assert.equal(w.detailTimes('host', 3600).length, 1);
});

test('retention cuts: each resolution prunes the buckets that ended longer ago than its age', () => {
  const w = new MemoryHistoryWriter();
  const r = recorder(w, { flushSeconds: 2, retention: { iface: { 60: 120, 300: 600, 3600: 7200, 86400: 86400 * 2 }, detail: { 3600: 7200 } } });
  r.tick(fakeSnapshot({ ts: 1_800_000_002, flows: [flow('203.0.113.1', 1, 1)], local: [LOCAL] }));
  r.close();
  const cuts = w.batches[0]!.prune;
  assert.deepEqual(cuts.filter((c) => c.table === 'iface').map((c) => [c.res, c.endedBy]), [[60, 1_799_999_882], [300, 1_799_999_402], [3600, 1_799_992_802], [86400, 1_799_827_202]]);
  assert.deepEqual(cuts.filter((c) => c.table === 'host').map((c) => [c.res, c.endedBy]), [[3600, 1_799_992_802]]);
});
