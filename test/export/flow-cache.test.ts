// The export cache: one record per flow and direction, idle/active timeouts, expiry, id reuse, close and the record times.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FlowCache } from '../../src/export/flow-cache.js';
import { epochMs, FlowEndReason } from '../../src/export/export-record.js';
import type { ExportRecord } from '../../src/export/export-record.js';
import { formatAddress } from '../../src/format/inet-ntop.js';
import { fakeSnapshot } from '../helpers/fake-snapshot.js';
import type { FakeFlow } from '../helpers/fake-snapshot.js';

interface Rec {
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  proto: number;
  octets: number;
  packets: number;
  startMs: number;
  endMs: number;
  direction: number;
  reason: number;
}

function collector(): { records: Rec[]; add(r: Readonly<ExportRecord>): void } {
  const records: Rec[] = [];
  return {
    records,
    add(r) {
      records.push({
        src: formatAddress(r.family, r.addrs, r.srcOffset),
        dst: formatAddress(r.family, r.addrs, r.dstOffset),
        srcPort: r.srcPort,
        dstPort: r.dstPort,
        proto: r.proto,
        octets: r.octets,
        packets: r.packets,
        startMs: r.startMs,
        endMs: r.endMs,
        direction: r.direction,
        reason: r.endReason,
      });
    },
  };
}

const T0 = 1_700_000_000;

/** A cache with the default timeouts (60 s / 15 s) and its records. */
function cache(activeS = 60, inactiveS = 15) {
  const c = collector();
  return { cache: new FlowCache(activeS * 1000, inactiveS * 1000, c), records: c.records };
}

function tick(c: FlowCache, ts: number, flows: FakeFlow[], local: string[] = []): void {
  c.update(fakeSnapshot({ ts, flows, local }));
}

const base = { id: 3, serial: 11, proto: 6, src: '198.51.100.7', dst: '203.0.113.9', srcPort: 40000, dstPort: 443 };

test('one record per direction with that direction\'s counters, addresses and ports swapped for the reply', () => {
  const { cache: c, records } = cache();
  tick(c, T0 + 2, [{ ...base, slotSentBytes: 1500, slotSentPackets: 3, slotRecvBytes: 9000, slotRecvPackets: 7, firstSeen: T0 + 0.25, lastSeen: T0 + 1.5 }], ['198.51.100.7']);
  assert.deepEqual(records, []);
  c.flushAll(FlowEndReason.FORCED_END);
  assert.deepEqual(records, [
    { src: '198.51.100.7', dst: '203.0.113.9', srcPort: 40000, dstPort: 443, proto: 6, octets: 1500, packets: 3, startMs: (T0 + 0.25) * 1000, endMs: (T0 + 1.5) * 1000, direction: 1, reason: 4 },
    { src: '203.0.113.9', dst: '198.51.100.7', srcPort: 443, dstPort: 40000, proto: 6, octets: 9000, packets: 7, startMs: (T0 + 0.25) * 1000, endMs: (T0 + 1.5) * 1000, direction: 0, reason: 4 },
  ]);
  assert.equal(c.size, 0);
});

test('a direction without packets in the record is not exported; third-party traffic is ingress both ways', () => {
  const { cache: c, records } = cache();
  tick(c, T0 + 2, [{ ...base, slotRecvBytes: 120, slotRecvPackets: 2 }]);
  c.flushAll(FlowEndReason.FORCED_END);
  assert.equal(records.length, 1);
  assert.equal(records[0]!.src, '203.0.113.9');
  assert.equal(records[0]!.direction, 0);
  assert.equal(records[0]!.octets, 120);
});

test('idle timeout: the record ends at the first tick 15 s after the last packet, with reason 1', () => {
  const { cache: c, records } = cache();
  tick(c, T0 + 2, [{ ...base, slotSentBytes: 100, slotSentPackets: 1, firstSeen: T0 + 1, lastSeen: T0 + 1 }]);
  tick(c, T0 + 4, [{ ...base, slotSentBytes: 200, slotSentPackets: 2, firstSeen: T0 + 1, lastSeen: T0 + 3.5 }]);
  // Silent from T0+3.5: 15 s later is T0+18.5, so the tick at T0+20 ends it and the one at T0+18 does not.
  for (let t = T0 + 6; t <= T0 + 18; t += 2) tick(c, t, [{ ...base, firstSeen: T0 + 1, lastSeen: T0 + 3.5 }]);
  assert.deepEqual(records, []);
  tick(c, T0 + 20, [{ ...base, firstSeen: T0 + 1, lastSeen: T0 + 3.5 }]);
  assert.equal(records.length, 1);
  assert.deepEqual(records[0], {
    src: '198.51.100.7', dst: '203.0.113.9', srcPort: 40000, dstPort: 443, proto: 6, octets: 300, packets: 3,
    startMs: (T0 + 1) * 1000, endMs: (T0 + 3.5) * 1000, direction: 0, reason: FlowEndReason.IDLE_TIMEOUT,
  });
  // Still in the table, nothing new: nothing more, not even at close.
  tick(c, T0 + 22, [{ ...base, firstSeen: T0 + 1, lastSeen: T0 + 3.5 }]);
  c.flushAll(FlowEndReason.FORCED_END);
  assert.equal(records.length, 1);
});

test('a flow that talks again after an idle export starts a new record at the slot of its new packets', () => {
  const { cache: c, records } = cache();
  tick(c, T0 + 2, [{ ...base, slotSentBytes: 100, slotSentPackets: 1, firstSeen: T0 + 1, lastSeen: T0 + 1 }]);
  for (let t = T0 + 4; t <= T0 + 30; t += 2) tick(c, t, [{ ...base, firstSeen: T0 + 1, lastSeen: T0 + 1 }]);
  assert.equal(records.length, 1);
  tick(c, T0 + 32, [{ ...base, slotSentBytes: 50, slotSentPackets: 1, firstSeen: T0 + 1, lastSeen: T0 + 31.2 }]);
  c.flushAll(FlowEndReason.FORCED_END);
  assert.equal(records.length, 2);
  assert.equal(records[1]!.octets, 50);
  assert.equal(records[1]!.startMs, (T0 + 30) * 1000, 'the slot began at the previous tick');
  assert.equal(records[1]!.endMs, (T0 + 31.2) * 1000);
  assert.equal(records[1]!.reason, FlowEndReason.FORCED_END);
});

test('active timeout: a long flow is exported every 60 s with what it did since the previous record', () => {
  const { cache: c, records } = cache();
  let sent = 0;
  const perTick = 1000;
  // Packets all through [T0, T0+150): 10 packets of 100 bytes per 2-second slot, the last at ts − 0.1.
  for (let k = 1; k <= 75; k++) {
    const ts = T0 + 2 * k;
    tick(c, ts, [{ ...base, slotSentBytes: perTick, slotSentPackets: 10, slotRecvBytes: 40, slotRecvPackets: 1, firstSeen: T0 + 0.1, lastSeen: ts - 0.1 }]);
    sent += perTick;
  }
  c.flushAll(FlowEndReason.FORCED_END);
  const sentRecords = records.filter((r) => r.src === base.src);
  assert.deepEqual(sentRecords.map((r) => r.reason), [2, 2, 4]);
  assert.equal(sentRecords.reduce((n, r) => n + r.octets, 0), sent);
  assert.equal(records.filter((r) => r.src === base.dst).reduce((n, r) => n + r.packets, 0), 75);
  // Record 1 starts at the first packet and is cut at the first tick 60 s later (T0+60.1 → tick T0+62).
  assert.deepEqual(sentRecords.map((r) => [r.startMs / 1000 - T0, r.endMs / 1000 - T0]).map(([a, b]) => [Math.round(a! * 10) / 10, Math.round(b! * 10) / 10]), [
    [0.1, 61.9],
    [62, 121.9],
    [122, 149.9],
  ]);
  assert.deepEqual(sentRecords.map((r) => r.octets), [31 * perTick, 30 * perTick, 14 * perTick]);
});

test('a flow listed as expired is ended at once (reason idle) even with a long inactive timeout', () => {
  const { cache: c, records } = cache(600, 300);
  tick(c, T0 + 2, [{ ...base, slotSentBytes: 10, slotSentPackets: 1 }]);
  tick(c, T0 + 4, [{ ...base, expired: true }]);
  assert.equal(records.length, 1);
  assert.equal(records[0]!.reason, FlowEndReason.IDLE_TIMEOUT);
  assert.equal(c.size, 0);
});

test('an id that comes back with a new serial is a new flow; the old one is ended first', () => {
  const { cache: c, records } = cache(600, 300);
  tick(c, T0 + 2, [{ ...base, slotSentBytes: 10, slotSentPackets: 1 }]);
  // No expiry seen (a missed tick), and id 3 now holds another flow.
  tick(c, T0 + 4, [{ ...base, serial: 12, src: '198.51.100.8', slotSentBytes: 20, slotSentPackets: 2 }]);
  assert.deepEqual(records.map((r) => [r.src, r.octets, r.reason]), [['198.51.100.7', 10, 1]]);
  c.flushAll(FlowEndReason.FORCED_END);
  assert.deepEqual(records.map((r) => [r.src, r.octets, r.reason]), [['198.51.100.7', 10, 1], ['198.51.100.8', 20, 4]]);
});

test('after expiry the id is reused by a flow with another key: records keep both apart', () => {
  const { cache: c, records } = cache();
  tick(c, T0 + 2, [{ ...base, slotSentBytes: 10, slotSentPackets: 1 }]);
  tick(c, T0 + 4, [{ ...base, expired: true }]);
  tick(c, T0 + 6, [{ id: 3, serial: 99, proto: 17, src: '2001:db8::1', dst: '2001:db8::2', srcPort: 53, dstPort: 5353, slotRecvBytes: 77, slotRecvPackets: 1 }]);
  c.flushAll(FlowEndReason.FORCED_END);
  assert.deepEqual(records.map((r) => [r.src, r.dst, r.srcPort, r.dstPort, r.proto, r.octets]), [
    ['198.51.100.7', '203.0.113.9', 40000, 443, 6, 10],
    ['2001:db8::2', '2001:db8::1', 5353, 53, 17, 77],
  ]);
});

test('a flow gone from the view without an expiry is ended (reason idle)', () => {
  const { cache: c, records } = cache(600, 300);
  tick(c, T0 + 2, [{ ...base, slotSentBytes: 10, slotSentPackets: 1 }]);
  tick(c, T0 + 4, []);
  assert.deepEqual(records.map((r) => r.reason), [1]);
  assert.equal(c.size, 0);
});

test('a flow first seen with history (the exporter started late) exports its cumulative counters', () => {
  const { cache: c, records } = cache();
  tick(c, T0 + 10, [{ ...base, slotSentBytes: 10, slotSentPackets: 1, cumulativeSentBytes: 500, cumulativeSentPackets: 5, firstSeen: T0 + 1 }]);
  c.flushAll(FlowEndReason.FORCED_END);
  assert.deepEqual(records.map((r) => [r.octets, r.packets, r.startMs]), [[500, 5, (T0 + 1) * 1000]]);
});

test('times are whole milliseconds, truncated, exact for microsecond capture times', () => {
  assert.equal(epochMs(1_700_000_000.123999), 1_700_000_000_123);
  assert.equal(epochMs(1_700_000_000.000001), 1_700_000_000_000);
  assert.equal(epochMs(1_700_000_000.999), 1_700_000_000_999);
  assert.equal(epochMs(1_700_000_000.001), 1_700_000_000_001);
  for (let us = 0; us < 1_000_000; us += 997) {
    assert.equal(epochMs(T0 + us / 1e6), T0 * 1000 + Math.floor(us / 1000), `${us} µs`);
  }
});

test('many flows over many ticks: every byte and packet is exported exactly once per direction', () => {
  const { cache: c, records } = cache(20, 6);
  /** Bytes and packets per serial and direction; a flow's source port is 1000 + serial, unique in this run. */
  const truth = new Map<string, [number, number]>();
  const addTo = (m: Map<string, [number, number]>, k: string, b: number, p: number) => {
    const v = m.get(k) ?? [0, 0];
    m.set(k, [v[0] + b, v[1] + p]);
  };
  let seed = 7;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
  const flows = new Map<number, { serial: number; first: number; last: number }>();
  let serial = 0;
  for (let k = 1; k <= 60; k++) {
    const ts = T0 + 2 * k;
    const list: FakeFlow[] = [];
    for (let id = 0; id < 40; id++) {
      let f = flows.get(id);
      const fresh = f === undefined;
      if (f === undefined && rnd(3) === 0) {
        f = { serial: ++serial, first: ts - 1.5, last: ts - 1.5 };
        flows.set(id, f);
      }
      if (f === undefined) continue;
      const talks = fresh || rnd(4) !== 0;
      const sp = talks ? 1 + rnd(5) : 0, sb = sp * (40 + rnd(1400));
      const rp = talks && rnd(2) === 0 ? 1 + rnd(3) : 0, rb = rp * (40 + rnd(1400));
      if (talks && !fresh) f.last = ts - 0.5;
      const expire = !talks && rnd(5) === 0;
      list.push({ id, serial: f.serial, proto: 17, src: '198.51.100.1', dst: '203.0.113.1', srcPort: 1000 + f.serial, dstPort: 53, slotSentBytes: sb, slotSentPackets: sp, slotRecvBytes: rb, slotRecvPackets: rp, firstSeen: f.first, lastSeen: f.last, expired: expire });
      addTo(truth, `${1000 + f.serial}>`, sb, sp);
      addTo(truth, `${1000 + f.serial}<`, rb, rp);
      if (expire) flows.delete(id);
    }
    tick(c, ts, list);
  }
  c.flushAll(FlowEndReason.FORCED_END);
  const got = new Map<string, [number, number]>();
  for (const r of records) {
    assert.ok(r.startMs <= r.endMs, 'start ≤ end');
    assert.ok(r.packets > 0, 'no empty record');
    const sent = r.src === '198.51.100.1';
    addTo(got, `${sent ? r.srcPort : r.dstPort}${sent ? '>' : '<'}`, r.octets, r.packets);
  }
  for (const [k, v] of truth) if (v[1] === 0) truth.delete(k);
  assert.ok(serial > 100, `${serial} flows`);
  assert.deepEqual([...got].sort(), [...truth].sort());
  assert.deepEqual(new Set(records.map((r) => r.reason)), new Set([1, 2, 4]));
});
