// The per-tick snapshot over the flow table: flows + overflow add up to the totals in every window, expired flows included; counters and times per flow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GuardedSink } from '../../src/app/run/sink.js';
import type { TickContext } from '../../src/app/run/sink.js';
import { Ticker } from '../../src/app/run/ticker.js';
import { Analyser, EMPTY_MODEL } from '../../src/core/analysis.js';
import { NO_LOCAL_NETWORK } from '../../src/core/local-network.js';
import { Monitor } from '../../src/core/monitor.js';
import type { FlowView, RateWindow } from '../../src/core/tick-snapshot.js';
import { defaultViewOptions } from '../../src/core/view-options.js';
import { formatAddress } from '../../src/format/inet-ntop.js';
import { ipv4, ipv4Address, ipv6 } from '../helpers/frames.js';
import { mulberry32 } from '../helpers/random.js';

const RAW_IP = 101;
const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

function sum(v: FlowView, f: (id: number) => number): number {
  let s = 0;
  for (let i = 0; i < v.count; i++) s += f(v.at(i));
  return s;
}

/**
 * A checking sink: every tick is checked as it comes and handed to `onTick` (a snapshot is a view,
 * valid only during its tick). `perDirection`: every flow has a local side, so sums hold per direction.
 */
function harness(maxFlows: number, perDirection: boolean, onTick: (t: TickContext) => void = () => {}) {
  const monitor = new Monitor({ local: { ...NO_LOCAL_NETWORK, ipv4: [ipv4Address('10.0.0.1')] }, maxFlows, hashSeed: 11 });
  const ticks: TickContext[] = [];
  let expiredSent = 0, expiredRecv = 0, expiredPacketsSent = 0, expiredPacketsRecv = 0, overflowSent = 0, overflowRecv = 0;
  let overflowPacketsSent = 0, overflowPacketsRecv = 0;
  let expiredFlows = 0;
  const serials = new Set<number>();
  const sink = {
    name: 'the checking sink',
    tick(t: TickContext) {
      ticks.push(t);
      const s = t.snapshot;
      const f = s.flows, o = s.overflow;
      // Per direction when every flow has a local side; sent + received always (third-party traffic is
      // "received" in the totals, split by address order in its flow).
      const eq = perDirection ? (a: number, b: number, what: string) => close(a, b, what) : () => {};
      const both = (a: number, b: number, c: number, d: number, what: string) => close(a + b, c + d, what);
      for (const w of [0, 1, 2] as RateWindow[]) {
        const sent = sum(f, (id) => f.sentRate(id, w)) + o.sentRate[w], recv = sum(f, (id) => f.recvRate(id, w)) + o.recvRate[w];
        eq(sent, s.totals.sentRate[w], `sent rate ${w} at tick ${s.tick}`);
        eq(recv, s.totals.recvRate[w], `received rate ${w} at tick ${s.tick}`);
        both(sent, recv, s.totals.sentRate[w], s.totals.recvRate[w], `rate ${w} at tick ${s.tick}`);
      }
      const pairs: [number, number, number, number, string][] = [
        [sum(f, (id) => f.slotSentBytes(id)) + o.slotSentBytes, sum(f, (id) => f.slotRecvBytes(id)) + o.slotRecvBytes, s.totals.slotSentBytes, s.totals.slotRecvBytes, 'slot bytes'],
        [sum(f, (id) => f.slotSentPackets(id)) + o.slotSentPackets, sum(f, (id) => f.slotRecvPackets(id)) + o.slotRecvPackets, s.totals.slotSentPackets, s.totals.slotRecvPackets, 'slot packets'],
        // Cumulative: the flows in the table, the flows whose records ended earlier, and the overflow line's.
        [sum(f, (id) => f.cumulativeSentBytes(id)) + expiredSent + o.cumulativeSentBytes + overflowSent,
          sum(f, (id) => f.cumulativeRecvBytes(id)) + expiredRecv + o.cumulativeRecvBytes + overflowRecv, s.totals.cumulativeSentBytes, s.totals.cumulativeRecvBytes, 'cumulative bytes'],
        [sum(f, (id) => f.cumulativeSentPackets(id)) + expiredPacketsSent + o.cumulativeSentPackets + overflowPacketsSent,
          sum(f, (id) => f.cumulativeRecvPackets(id)) + expiredPacketsRecv + o.cumulativeRecvPackets + overflowPacketsRecv, s.totals.cumulativeSentPackets, s.totals.cumulativeRecvPackets, 'cumulative packets'],
      ];
      for (const [a, b, c, d, what] of pairs) {
        eq(a, c, `${what} sent at tick ${s.tick}`);
        eq(b, d, `${what} received at tick ${s.tick}`);
        both(a, b, c, d, `${what} at tick ${s.tick}`);
      }
      assert.equal(f.count, monitor.table.size);
      for (let i = 0; i < f.count; i++) {
        const id = f.at(i);
        assert.ok(f.firstSeen(id) <= f.lastSeen(id) + 1e-3, 'first seen before last seen');
        if (f.slotSentPackets(id) + f.slotRecvPackets(id) > 0) assert.ok(f.lastSeen(id) > s.ts - 2.001 && f.lastSeen(id) <= s.ts, 'a flow active in this slot was last seen in it');
      }
      const e = s.expired;
      for (let i = 0; i < e.count; i++) {
        const id = e.at(i);
        assert.equal(e.slotSentPackets(id) + e.slotRecvPackets(id), 0, 'an expiring flow is silent in its last slot');
        assert.ok(s.ts - e.lastSeen(id) >= 38, 'and its last packet was about 40 s ago');
        assert.ok(!serials.has(e.serial(id)), 'a flow ends once');
        serials.add(e.serial(id));
        expiredSent += e.cumulativeSentBytes(id);
        expiredRecv += e.cumulativeRecvBytes(id);
        expiredPacketsSent += e.cumulativeSentPackets(id);
        expiredPacketsRecv += e.cumulativeRecvPackets(id);
        expiredFlows++;
      }
      if (o.expiring) {
        overflowSent += o.cumulativeSentBytes;
        overflowRecv += o.cumulativeRecvBytes;
        overflowPacketsSent += o.cumulativeSentPackets;
        overflowPacketsRecv += o.cumulativeRecvPackets;
      }
      onTick(t);
    },
  };
  const ticker = new Ticker(monitor, { kind: 'file', path: 'test.pcap' }, [new GuardedSink(sink, (m) => assert.fail(m))]);
  return { monitor, ticker, ticks, expired: () => expiredFlows };
}

test('random traffic over 200 ticks with bursts, silences, overflow and id reuse: every tick adds up, expired flows included', () => {
  const rand = mulberry32(7);
  // IPv6 peers are third-party traffic here (only the IPv4 address is this host's): sums hold in all.
  const h = harness(60, false);
  let ts = 1_700_000_000;
  h.monitor.setTimeBase(ts);
  for (let tick = 0; tick < 200; tick++) {
    // Quiet phases let flows expire, so ids are reused by new flows.
    const busy = tick % 50 < 25;
    const n = busy ? Math.floor(rand() * 80) : Math.floor(rand() * 3);
    for (let i = 0; i < n; i++) {
      const peer = Math.floor(rand() * (busy ? 90 : 5));
      const out = rand() < 0.5;
      const v6 = peer % 7 === 0;
      const size = 28 + Math.floor(rand() * 1400);
      const at = ts + rand() * 1.99;
      const frame = v6
        ? ipv6({ src: out ? '2001:db8::1' : `2001:db8::${peer + 2}`, dst: out ? `2001:db8::${peer + 2}` : '2001:db8::1', nextHeader: 'udp', srcPort: 1000 + peer, dstPort: 53, dataLength: size })
        : ipv4({ src: out ? '10.0.0.1' : `10.0.1.${peer}`, dst: out ? `10.0.1.${peer}` : '10.0.0.1', proto: 'udp', srcPort: 1000 + peer, dstPort: 53, dataLength: size });
      h.monitor.frame(RAW_IP, frame, 0, frame.length, frame.length, at);
    }
    ts += 2;
    h.ticker.tick(ts, true);
  }
  h.ticker.finish(ts + 1, 'file');
  assert.ok(h.expired() > 100, `flows expired and ids were reused (${h.expired()})`);
  assert.ok(h.ticks.some((t) => t.snapshot.overflow.cumulativeSentPackets > 0), 'the table overflowed at times');
  assert.ok(h.ticks.some((t) => t.snapshot.overflow.expiring), 'and the overflow line expired too');
  assert.equal(h.ticks.at(-1)!.snapshot.partial, true);
  assert.equal(h.ticks.at(-1)!.snapshot.expired.count, 0, 'nothing expires in the final part-slot');
});

test('per-flow rates and cumulative bytes of the snapshot equal the analysis of the same tick (ports shown: one line per flow)', () => {
  let expected: ReturnType<Analyser['analyse']> = EMPTY_MODEL;
  let checked = 0;
  const h = harness(1000, true, (t) => {
    const s = t.snapshot;
    const byKey = new Map(expected.lines.map((l) => [`${formatAddress(4, l.src)}:${l.srcPort}-${formatAddress(4, l.dst)}:${l.dstPort}`, l]));
    const a = new Uint8Array(16), b = new Uint8Array(16);
    assert.equal(s.flows.count, expected.lines.length);
    for (let i = 0; i < s.flows.count; i++) {
      const id = s.flows.at(i);
      s.flows.copySrc(id, a);
      s.flows.copyDst(id, b);
      const line = byKey.get(`${formatAddress(4, a)}:${s.flows.srcPort(id)}-${formatAddress(4, b)}:${s.flows.dstPort(id)}`);
      assert.ok(line !== undefined);
      for (const w of [0, 1, 2] as const) {
        assert.equal(s.flows.sentRate(id, w), line.sent[w]);
        assert.equal(s.flows.recvRate(id, w), line.recv[w]);
      }
      assert.equal(s.flows.cumulativeSentBytes(id), line.totalSent);
      assert.equal(s.flows.cumulativeRecvBytes(id), line.totalRecv);
      checked++;
    }
    assert.deepEqual(s.totals.sentRate, expected.totalSent);
    assert.deepEqual(s.totals.recvRate, expected.totalRecv);
    assert.deepEqual([s.totals.peakSent, s.totals.peakRecv, s.totals.peakTotal], [expected.peakSent, expected.peakRecv, expected.peakTotal]);
  });
  const rand = mulberry32(3);
  let ts = 1_700_000_000;
  h.monitor.setTimeBase(ts);
  const analyser = new Analyser();
  const view = { ...defaultViewOptions(), portDisplay: 'on' as const };
  for (let tick = 0; tick < 30; tick++) {
    for (let i = 0; i < 40; i++) {
      const peer = Math.floor(rand() * 20);
      const out = rand() < 0.3;
      const f = out
        ? ipv4({ src: '10.0.0.1', dst: `10.0.2.${peer}`, proto: 'tcp', srcPort: 40000 + peer, dstPort: 443, dataLength: Math.floor(rand() * 900) })
        : ipv4({ src: `10.0.2.${peer}`, dst: '10.0.0.1', proto: 'tcp', srcPort: 443, dstPort: 40000 + peer, dataLength: Math.floor(rand() * 900) });
      h.monitor.frame(RAW_IP, f, 0, f.length, f.length, ts + 0.5);
    }
    expected = analyser.analyse(h.monitor, view, EMPTY_MODEL, () => '');
    h.ticker.tick((ts += 2), true);
  }
  assert.ok(checked > 300);
});

test('a flow moving more than 4 GiB in one slot and direction is counted exactly (the 32-bit slot counters carry)', () => {
  const seen: number[][] = [];
  const h = harness(10, true, (t) => {
    const f = t.snapshot.flows, id = f.at(0);
    seen.push([f.slotSentBytes(id), f.slotSentPackets(id), f.cumulativeSentBytes(id), f.firstSeen(id), f.lastSeen(id)]);
  });
  h.monitor.setTimeBase(1000);
  const big = ipv4({ src: '10.0.0.1', dst: '10.0.3.1', proto: 'udp', srcPort: 9, dstPort: 9, dataLength: 65_000 });
  const small = ipv4({ src: '10.0.0.1', dst: '10.0.3.1', proto: 'udp', srcPort: 9, dstPort: 9, dataLength: 1000 });
  const packets = 70_000; // 70 000 × 65 028 B ≈ 4.55 GB in one 2-second slot
  for (let i = 0; i < packets; i++) h.monitor.frame(RAW_IP, big, 0, big.length, big.length, 1000.5);
  h.monitor.frame(RAW_IP, small, 0, small.length, small.length, 1001.25);
  h.ticker.tick(1002, true);
  h.ticker.tick(1004, true);
  const total = packets * 65_028 + 1028;
  assert.deepEqual(seen[0], [total, packets + 1, total, 1000.5, 1001.25]);
  assert.deepEqual(seen[1], [0, 0, total, 1000.5, 1001.25], 'the carry is cleared with its slot');
});

test('a flow that ends is listed once in `expired` at the tick its record goes, with its final counters; a new flow on the same key has a new serial', () => {
  const ended: { tick: number; values: number[]; serial: number }[] = [];
  const serials: number[] = [];
  const h = harness(10, true, (t) => {
    const e = t.snapshot.expired, f = t.snapshot.flows;
    for (let i = 0; i < e.count; i++) {
      const id = e.at(i);
      ended.push({ tick: t.snapshot.tick, values: [e.cumulativeSentBytes(id), e.cumulativeSentPackets(id), e.firstSeen(id), e.lastSeen(id)], serial: e.serial(id) });
    }
    for (let i = 0; i < f.count; i++) serials.push(f.serial(f.at(i)));
  });
  h.monitor.setTimeBase(0);
  const f = ipv4({ src: '10.0.0.1', dst: '10.0.3.2', proto: 'tcp', srcPort: 5000, dstPort: 80, dataLength: 100 });
  h.monitor.frame(RAW_IP, f, 0, f.length, f.length, 0.25);
  let ts = 0;
  for (let i = 0; i < 21; i++) h.ticker.tick((ts += 2), true);
  // The packet was in the slot closed by tick 1; tick 20 closes the slot 40 s later and the record goes.
  assert.deepEqual(ended, [{ tick: 20, values: [140, 1, 0.25, 0.25], serial: 0 }]);
  assert.equal(h.monitor.table.size, 0);
  h.monitor.frame(RAW_IP, f, 0, f.length, f.length, ts + 1);
  h.ticker.tick((ts += 2), true);
  assert.equal(serials.at(-1), 1, 'the same key again is a new flow');
});
