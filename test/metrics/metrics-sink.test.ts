// The metrics sink through the real prom-client registry: exact, monotonic counters; protocol split; bounded hosts; gauges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlertEvent } from '../../src/alerts/alert-engine.js';
import type { FakeFlow } from '../helpers/fake-snapshot.js';
import { samples, total, value } from '../helpers/prom-text.js';
import { mulberry32 } from '../helpers/random.js';
import { consistentSnapshot, HostGrowth, HOST_COUNTERS, sinkUnderTest } from './metric-snapshots.js';

const PROTOS = [6, 17, 1, 58, 47, 132] as const;
const NAME = { 6: 'tcp', 17: 'udp', 1: 'icmp', 58: 'icmpv6' } as Record<number, string>;
const T0 = 1_764_000_000;

test('counters grow by exactly the slots fed, per direction and protocol; the five protocols sum to the totals', async () => {
  const rand = mulberry32(5);
  const int = (n: number) => Math.floor(rand() * n);
  // Few exposed hosts, so series come and go while the sums are checked.
  const m = sinkUnderTest({ maxHosts: 3, topRemote: 2, rememberedHosts: 10_000 });
  const want: Record<string, number> = {};
  const add = (k: string, v: number) => (want[k] = (want[k] ?? 0) + v);
  const growth = new HostGrowth();
  let cum = [0, 0, 0, 0];
  for (let tick = 1; tick <= 40; tick++) {
    const flows: FakeFlow[] = [];
    for (let i = 0; i < 30; i++) {
      const proto = PROTOS[int(PROTOS.length)]!;
      const v6 = proto === 58 || (proto !== 1 && rand() < 0.3);
      const local = v6 ? `2001:db8:1::${1 + int(4)}` : `198.51.100.${1 + int(4)}`;
      const remote = v6 ? `2001:db8:2::${1 + int(30)}` : `203.0.113.${1 + int(30)}`;
      const idle = rand() < 0.2;
      flows.push({
        id: i, serial: tick * 100 + i, proto, src: local, dst: remote,
        slotSentBytes: idle ? 0 : int(1e6), slotRecvBytes: idle ? 0 : int(1e6), slotSentPackets: idle ? 0 : int(900), slotRecvPackets: idle ? 0 : int(900),
      });
    }
    const overflow = { sentBytes: int(5000), recvBytes: int(5000), sentPackets: int(9), recvPackets: int(9) };
    const s = consistentSnapshot({
      ts: T0 + 2 * tick, tick, flows, overflow, partial: tick === 40,
      local: ['198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4', '2001:db8:1::1', '2001:db8:1::2', '2001:db8:1::3', '2001:db8:1::4'],
    });
    for (const f of flows) {
      const p = NAME[f.proto!] ?? 'other';
      add(`tx bytes ${p}`, f.slotSentBytes!);
      add(`rx bytes ${p}`, f.slotRecvBytes!);
      add(`tx packets ${p}`, f.slotSentPackets!);
      add(`rx packets ${p}`, f.slotRecvPackets!);
    }
    add('tx bytes other', overflow.sentBytes);
    add('rx bytes other', overflow.recvBytes);
    add('tx packets other', overflow.sentPackets);
    add('rx packets other', overflow.recvPackets);
    const t = s.totals;
    cum = [cum[0]! + t.slotSentBytes, cum[1]! + t.slotRecvBytes, cum[2]! + t.slotSentPackets, cum[3]! + t.slotRecvPackets];
    m.sink.tick(s);
    const all = await m.scrape();
    for (const p of ['tcp', 'udp', 'icmp', 'icmpv6', 'other']) {
      const l = { interface: 'test0', protocol: p };
      assert.equal(value(all, 'wiretop_interface_transmit_bytes_total', l), want[`tx bytes ${p}`] ?? 0, `tick ${tick} tx bytes ${p}`);
      assert.equal(value(all, 'wiretop_interface_receive_bytes_total', l), want[`rx bytes ${p}`] ?? 0, `tick ${tick} rx bytes ${p}`);
      assert.equal(value(all, 'wiretop_interface_transmit_packets_total', l), want[`tx packets ${p}`] ?? 0);
      assert.equal(value(all, 'wiretop_interface_receive_packets_total', l), want[`rx packets ${p}`] ?? 0);
    }
    assert.deepEqual([
      total(all, 'wiretop_interface_transmit_bytes_total'), total(all, 'wiretop_interface_receive_bytes_total'),
      total(all, 'wiretop_interface_transmit_packets_total'), total(all, 'wiretop_interface_receive_packets_total'),
    ], cum);
    // Every byte has a source host and a destination host: each host family grows by all the bytes.
    const bytes = t.slotSentBytes + t.slotRecvBytes, packets = t.slotSentPackets + t.slotRecvPackets;
    assert.deepEqual(growth.step(all, 'test0'), [bytes, bytes, packets, packets], `tick ${tick}`);
    const hosts = samples(all, 'wiretop_host_sent_bytes_total').map((x) => x.labels['host']!);
    assert.ok(hosts.includes('__other__'));
    assert.ok(hosts.length <= 3 + 2 + 1, `at most 3 local + 2 remote + __other__, got ${hosts.join(' ')}`);
  }
  assert.ok(value(await m.scrape(), 'wiretop_host_series_evicted_total', { interface: 'test0' }) > 0, 'series did come and go');
});

test('local hosts get their own series up to the cap; remote hosts by bytes; the rest is __other__', async () => {
  const m = sinkUnderTest({ maxHosts: 2, topRemote: 2 });
  const flows: FakeFlow[] = [
    { id: 0, src: '198.51.100.1', dst: '203.0.113.1', slotSentBytes: 100, slotSentPackets: 1 },
    { id: 1, src: '198.51.100.2', dst: '203.0.113.2', slotSentBytes: 5000, slotSentPackets: 5 },
    { id: 2, src: '198.51.100.3', dst: '203.0.113.3', slotSentBytes: 9000, slotSentPackets: 9 },
    { id: 3, src: '2001:db8::a', dst: '2001:db8::1', proto: 6, slotRecvBytes: 1, slotRecvPackets: 1 },
  ];
  m.sink.tick(consistentSnapshot({ ts: T0, flows, local: ['198.51.100.1', '198.51.100.2', '198.51.100.3', '2001:db8::a'] }));
  const all = await m.scrape();
  const sent = (host: string) => samples(all, 'wiretop_host_sent_bytes_total', { host }).map((s) => s.value);
  const received = (host: string) => samples(all, 'wiretop_host_received_bytes_total', { host }).map((s) => s.value);
  // Local: the two busiest of four; remote: the two busiest of four.
  assert.deepEqual(sent('198.51.100.3'), [9000]);
  assert.deepEqual(sent('198.51.100.2'), [5000]);
  assert.deepEqual(sent('198.51.100.1'), []);
  assert.deepEqual(received('203.0.113.3'), [9000]);
  assert.deepEqual(received('203.0.113.2'), [5000]);
  assert.deepEqual(received('203.0.113.1'), []);
  // 198.51.100.1 (sent 100) and 2001:db8::a (received 1, sent 0), 203.0.113.1 (received 100), 2001:db8::1 (sent 1).
  assert.deepEqual(sent('__other__'), [101]);
  assert.deepEqual(received('__other__'), [101]);
  assert.equal(value(all, 'wiretop_hosts_tracked', { interface: 'test0' }), 8);
  assert.equal(value(all, 'wiretop_flows_active', { interface: 'test0' }), 4);
});

test('remote hosts are ranked over a sliding 5 minutes, with hysteresis; an evicted host resumes its counter', async () => {
  const m = sinkUnderTest({ maxHosts: 1, topRemote: 1, rememberedHosts: 100 });
  const tick = (ts: number, a: number, b: number) => {
    const flows: FakeFlow[] = [];
    if (a > 0) flows.push({ id: 0, src: '198.51.100.1', dst: '203.0.113.10', slotRecvBytes: a, slotRecvPackets: 1 });
    if (b > 0) flows.push({ id: 1, src: '198.51.100.1', dst: '203.0.113.20', slotRecvBytes: b, slotRecvPackets: 1 });
    m.sink.tick(consistentSnapshot({ ts, flows, local: ['198.51.100.1'] }));
  };
  const exposed = async () => samples(await m.scrape(), 'wiretop_host_sent_bytes_total', { interface: 'test0' })
    .map((s) => s.labels['host']!).filter((h) => h.startsWith('203.'));
  const sentBy = async (host: string) => samples(await m.scrape(), 'wiretop_host_sent_bytes_total', { host }).map((s) => s.value);
  tick(T0, 10_000, 0);
  assert.deepEqual(await exposed(), ['203.0.113.10']);
  // B is busier this tick but not 1.2 times A over the window: A keeps its series.
  tick(T0 + 2, 0, 11_000);
  assert.deepEqual(await exposed(), ['203.0.113.10']);
  tick(T0 + 4, 0, 2_000);
  assert.deepEqual(await exposed(), ['203.0.113.20'], 'B has 13 000 > 1.2 × 10 000 over the window');
  assert.equal(value(await m.scrape(), 'wiretop_host_series_evicted_total', { interface: 'test0' }), 1);
  // Six minutes later A's bytes have left the window: a little traffic of A's beats B's silence, and
  // A's series comes back at the 10 000 it had, not at 0.
  tick(T0 + 364, 50, 0);
  assert.deepEqual(await exposed(), ['203.0.113.10']);
  assert.deepEqual(await sentBy('203.0.113.10'), [10_050]);
  assert.equal(value(await m.scrape(), 'wiretop_host_series_evicted_total', { interface: 'test0' }), 2);
});

test('an evicted host forgotten by the bounded memory starts again from its new traffic', async () => {
  const m = sinkUnderTest({ maxHosts: 1, topRemote: 1, rememberedHosts: 2 });
  const one = (ts: number, host: string, bytes: number) => m.sink.tick(consistentSnapshot({
    ts, flows: [{ src: '198.51.100.1', dst: host, slotRecvBytes: bytes, slotRecvPackets: 1 }], local: ['198.51.100.1'],
  }));
  const sentBy = async (host: string) => samples(await m.scrape(), 'wiretop_host_sent_bytes_total', { host }).map((s) => s.value);
  one(T0, '203.0.113.1', 100);
  one(T0 + 400, '203.0.113.2', 100); // .1 silent for the whole window: dropped, remembered
  one(T0 + 800, '203.0.113.3', 100); // remembered: .1 .2
  one(T0 + 1200, '203.0.113.1', 7); // remembered: .2 .3 (.1 forgotten, the memory holds 2)
  assert.deepEqual(await sentBy('203.0.113.1'), [7]);
  one(T0 + 1600, '203.0.113.3', 5); // remembered: .3 .1, then .3 comes back
  assert.deepEqual(await sentBy('203.0.113.3'), [105]);
});

test('a spoofed-source flood of 100 000 remote hosts keeps the series bounded and the sums equal to the totals', async () => {
  const m = sinkUnderTest({ rememberedHosts: 1000 });
  const growth = new HostGrowth();
  const locals = ['198.51.100.1', '198.51.100.2', '2001:db8:1::1'];
  const heavy = ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4', '203.0.113.5'];
  const perTick = 25_000;
  let seriesEver = new Set<string>();
  let rx = 0;
  for (let tick = 1; tick <= 4; tick++) {
    const flows: FakeFlow[] = [];
    heavy.forEach((h, i) => flows.push({ src: locals[i % 2]!, dst: h, proto: 6, slotSentBytes: 1e6 * (i + 1), slotRecvBytes: 2e7, slotSentPackets: 700, slotRecvPackets: 14_000 }));
    flows.push({ src: locals[2]!, dst: '2001:db8:2::1', proto: 17, slotSentBytes: 3e5, slotSentPackets: 300 });
    for (let k = 0; k < perTick; k++) {
      const n = (tick - 1) * perTick + k; // 100 000 distinct sources over the four ticks
      const big = tick === 3 && k < 30; // some flood sources out-send the heavy hosts for a tick: churn
      flows.push({
        src: locals[k % 2]!, dst: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`, proto: 17, dstPort: 53,
        slotRecvBytes: big ? 5e8 : 60, slotRecvPackets: big ? 10_000 : 1,
      });
    }
    const s = consistentSnapshot({ ts: T0 + 2 * tick, tick, flows: flows.map((f, i) => ({ ...f, id: i })), local: locals,
      overflow: { sentBytes: 0, recvBytes: 6000, sentPackets: 0, recvPackets: 100 } });
    m.sink.tick(s);
    const all = await m.scrape();
    const t = s.totals;
    const bytes = t.slotSentBytes + t.slotRecvBytes, packets = t.slotSentPackets + t.slotRecvPackets;
    assert.deepEqual(growth.step(all, 'test0'), [bytes, bytes, packets, packets], `tick ${tick}`);
    for (const name of HOST_COUNTERS) {
      const n = samples(all, name).length;
      assert.ok(n <= 100 + 20 + 1, `${name}: ${n} series`);
    }
    assert.equal(value(all, 'wiretop_hosts_tracked', { interface: 'test0' }), locals.length + heavy.length + 1 + perTick);
    seriesEver = new Set([...seriesEver, ...samples(all, 'wiretop_host_sent_bytes_total').map((x) => x.labels['host']!)]);
    rx += t.slotRecvBytes;
    assert.equal(total(all, 'wiretop_interface_receive_bytes_total'), rx);
  }
  const hostState = m.sink.interface('test0')!.hosts;
  assert.ok(hostState.ledger.rememberedCount <= 1000);
  assert.ok(seriesEver.size < 3 + 6 + 30 + 1 + 20, `${seriesEver.size} hosts ever had a series`);
  for (const h of [...locals, ...heavy, '2001:db8:2::1']) assert.ok(seriesEver.has(h), h);
});

test('capture and drop counters follow running totals through a restart and a 32-bit wrap', async () => {
  const m = sinkUnderTest();
  const feed = (frames: number, dropped: number, ifDropped: number) =>
    m.sink.tick(consistentSnapshot({ ts: T0, counters: { frames }, kernel: { received: frames, dropped, ifDropped } }));
  const read = async () => {
    const all = await m.scrape();
    return [
      value(all, 'wiretop_capture_packets_total', { interface: 'test0' }),
      value(all, 'wiretop_capture_dropped_packets_total', { interface: 'test0', reason: 'kernel' }),
      value(all, 'wiretop_capture_dropped_packets_total', { interface: 'test0', reason: 'interface' }),
    ];
  };
  feed(100, 5, 1);
  assert.deepEqual(await read(), [100, 5, 1]);
  feed(250, 4_294_967_290, 3);
  assert.deepEqual(await read(), [250, 4_294_967_290, 3]);
  feed(300, 10, 3); // the kernel counter wrapped: 6 to 2^32, then 10
  assert.deepEqual(await read(), [300, 4_294_967_306, 3]);
  feed(400, 2, 0); // the capture was reopened: its counters restarted at 0
  assert.deepEqual(await read(), [400, 4_294_967_308, 3]);
});

test('several interfaces share one registry, each with its own series', async () => {
  const m = sinkUnderTest();
  m.sink.tick(consistentSnapshot({ ts: T0, source: { kind: 'interface', name: 'eth0' }, flows: [{ src: '198.51.100.1', dst: '203.0.113.1', proto: 6, slotRecvBytes: 40, slotRecvPackets: 1 }] }));
  m.sink.tick(consistentSnapshot({ ts: T0, source: { kind: 'interface', name: 'eth1' }, flows: [{ src: '198.51.100.9', dst: '203.0.113.1', proto: 6, slotRecvBytes: 99, slotRecvPackets: 1 }] }));
  m.sink.tick(consistentSnapshot({ ts: T0, source: { kind: 'interface', name: 'ev\u001b]0;x\u0007il' }, flows: [] }));
  const all = await m.scrape();
  assert.equal(value(all, 'wiretop_interface_receive_bytes_total', { interface: 'eth0', protocol: 'tcp' }), 40);
  assert.equal(value(all, 'wiretop_interface_receive_bytes_total', { interface: 'eth1', protocol: 'tcp' }), 99);
  assert.equal(value(all, 'wiretop_host_sent_bytes_total', { interface: 'eth1', host: '203.0.113.1' }), 99);
  assert.deepEqual([...new Set(samples(all, 'wiretop_flows_active').map((s) => s.labels['interface']))].sort(), ['eth0', 'eth1', 'ev\\x1b]0;x\\x07il']);
});

test('alerts firing per rule and severity follow firing and resolved events, and stay at 0 after', async () => {
  const m = sinkUnderTest();
  const ev = (state: AlertEvent['state'], subject: string, rule = 'detect flood', severity: AlertEvent['severity'] = 'critical'): AlertEvent => ({
    type: 'alert', schema_version: 1, state, id: `r1 ${rule}|${subject}`, rule, kind: 'detect', detector: 'flood', severity, subject,
    value: 1, threshold: 1, unit: 'sources', detail: '', ts: T0, since: T0, source: 'eth0',
  });
  const firing = async (alertname: string, severity: string) => value(await m.scrape(), 'wiretop_alerts_firing', { alertname, severity });
  m.sink.alerts([ev('firing', '198.51.100.1:53'), ev('firing', '198.51.100.2:53'), ev('firing', '198.51.100.2:53')]);
  m.sink.alerts([ev('firing', 'interface', 'rate interface received > 1MB/s', 'warning')]);
  assert.equal(await firing('detect flood', 'critical'), 2);
  assert.equal(await firing('rate interface received > 1MB/s', 'warning'), 1);
  m.sink.alerts([ev('resolved', '198.51.100.1:53'), ev('resolved', '198.51.100.9:53')]);
  assert.equal(await firing('detect flood', 'critical'), 1);
  m.sink.alerts([ev('resolved', '198.51.100.2:53')]);
  assert.equal(await firing('detect flood', 'critical'), 0);
  assert.equal(value(await m.scrape(), 'wiretop_build_info', { version: '0.1.0', nodejs_version: 'v20.20.2' }), 1);
});

test('a candidate replaced during the tick by a busier newcomer leaves its bytes to __other__, not to the newcomer', async () => {
  const m = sinkUnderTest({ maxHosts: 1, topRemote: 20 });
  const growth = new HostGrowth();
  const crowd = (extra: FakeFlow[]) => {
    const flows: FakeFlow[] = [];
    // More remote hosts than the pool holds (1024), all sending at every tick.
    for (let k = 0; k < 1100; k++) flows.push({ id: k, src: '198.51.100.1', dst: `10.0.${k >> 8}.${k & 255}`, slotRecvBytes: 60, slotRecvPackets: 1 });
    extra.forEach((f, i) => flows.push({ ...f, id: 1100 + i }));
    return flows;
  };
  m.sink.tick(consistentSnapshot({ ts: T0, flows: crowd([]), local: ['198.51.100.1'] }));
  growth.step(await m.scrape(), 'test0');
  const s = consistentSnapshot({ ts: T0 + 2, flows: crowd([{ src: '198.51.100.1', dst: '203.0.113.99', slotRecvBytes: 1e6, slotRecvPackets: 700 }]), local: ['198.51.100.1'] });
  m.sink.tick(s);
  const all = await m.scrape();
  assert.equal(value(all, 'wiretop_host_sent_bytes_total', { host: '203.0.113.99' }), 1e6);
  assert.equal(value(all, 'wiretop_host_sent_packets_total', { host: '203.0.113.99' }), 700);
  const bytes = s.totals.slotRecvBytes, packets = s.totals.slotRecvPackets;
  assert.deepEqual(growth.step(all, 'test0'), [bytes, bytes, packets, packets]);
});
