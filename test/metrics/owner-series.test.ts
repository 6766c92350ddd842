// Per-program and per-unit series (attribution on): exact counters, every family summing to the interface, bounded, idle ones evicted and resumed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FlowView } from '../../src/core/tick-snapshot.js';
import { DEFAULT_MAX_OWNER_KEYS, DEFAULT_OWNER_IDLE_SECONDS } from '../../src/metrics/owner-series.js';
import type { FakeFlow } from '../helpers/fake-snapshot.js';
import { samples, total, value } from '../helpers/prom-text.js';
import { consistentSnapshot, sinkUnderTest } from './metric-snapshots.js';

const T0 = 1_764_000_000;

/** Owners by flow id: [program, unit], null = not attributed. */
function ownerOf(table: Map<number, [string | null, string | null]>) {
  return {
    program: (_f: FlowView, id: number) => table.get(id)?.[0] ?? null,
    unit: (_f: FlowView, id: number) => table.get(id)?.[1] ?? null,
  };
}

function flow(id: number, sent: number, recv: number): FakeFlow {
  return { id, serial: id, proto: 6, src: '198.51.100.1', dst: `203.0.113.${1 + (id % 200)}`, slotSentBytes: sent, slotRecvBytes: recv, slotSentPackets: 1 + (sent % 7), slotRecvPackets: 1 + (recv % 5) };
}

test('program and unit counters are exact, the unattributed and overflow traffic have their series, and each family sums to the interface', async () => {
  const m = sinkUnderTest();
  const owners = new Map<number, [string | null, string | null]>([[1, ['nginx', 'nginx.service']], [2, ['nginx', 'nginx.service']], [3, ['curl', 'user@1000.service']], [4, [null, null]]]);
  m.sink.attributeWith(ownerOf(owners));
  const want = new Map<string, number>();
  const add = (k: string, v: number) => want.set(k, (want.get(k) ?? 0) + v);
  for (let tick = 1; tick <= 5; tick++) {
    const flows = [flow(1, 1000 * tick, 50), flow(2, 300, 7000), flow(3, 20 * tick, 900), flow(4, 11, 13)];
    const s = consistentSnapshot({ ts: T0 + 2 * tick, tick, flows, overflow: { sentBytes: 40, recvBytes: 60, sentPackets: 1, recvPackets: 2 }, local: ['198.51.100.1'] });
    m.sink.tick(s);
    for (const f of flows) {
      const [p, u] = owners.get(f.id!)!;
      add(`program ${p ?? '__unattributed__'} sent`, f.slotSentBytes!);
      add(`program ${p ?? '__unattributed__'} recv`, f.slotRecvBytes!);
      add(`unit ${u ?? '__unattributed__'} sent`, f.slotSentBytes!);
    }
    add('program __other__ sent', 40);
    add('program __other__ recv', 60);
    const all = await m.scrape();
    for (const [k, v] of want) {
      const [dim, key, dir] = k.split(' ') as [string, string, string];
      assert.equal(value(all, `wiretop_${dim}_${dir === 'sent' ? 'sent' : 'received'}_bytes_total`, { interface: 'test0', [dim]: key }), v, `tick ${tick}: ${k}`);
    }
    for (const dim of ['program', 'unit']) {
      assert.equal(total(all, `wiretop_${dim}_sent_bytes_total`), total(all, 'wiretop_interface_transmit_bytes_total'), `${dim} sent = transmit`);
      assert.equal(total(all, `wiretop_${dim}_received_bytes_total`), total(all, 'wiretop_interface_receive_bytes_total'), `${dim} received = receive`);
      assert.equal(total(all, `wiretop_${dim}_sent_packets_total`), total(all, 'wiretop_interface_transmit_packets_total'));
      assert.equal(total(all, `wiretop_${dim}_received_packets_total`), total(all, 'wiretop_interface_receive_packets_total'));
    }
  }
});

test('no attribution, no program or unit series', async () => {
  const m = sinkUnderTest();
  m.sink.tick(consistentSnapshot({ ts: T0, tick: 1, flows: [flow(1, 10, 10)], local: ['198.51.100.1'] }));
  const all = await m.scrape();
  assert.equal(samples(all, 'wiretop_program_sent_bytes_total').length, 0);
  assert.equal(samples(all, 'wiretop_unit_sent_bytes_total').length, 0);
});

test('thousands of programs: at most the cap have series, the rest is __other__; idle programs lose theirs, and come back where they stopped', async () => {
  const m = sinkUnderTest();
  const owners = new Map<number, [string | null, string | null]>();
  m.sink.attributeWith(ownerOf(owners));
  const n = 1000;
  for (let id = 0; id < n; id++) owners.set(id, [`prog${id}`, `unit${id % 70}.service`]);
  const seen = new Map<string, number>();
  const monotonic = (all: ReturnType<typeof samples>) => {
    for (const s of all) {
      const k = JSON.stringify(s.labels);
      assert.ok(s.value >= (seen.get(k) ?? 0), `${k} went back`);
      seen.set(k, s.value);
    }
  };
  let ts = T0;
  for (let tick = 1; tick <= 3; tick++) {
    ts += 2;
    m.sink.tick(consistentSnapshot({ ts, tick, flows: Array.from({ length: n }, (_, id) => flow(id, 100 + id, 5)), local: ['198.51.100.1'] }));
    const all = await m.scrape();
    for (const dim of ['program', 'unit']) {
      const series = samples(all, `wiretop_${dim}_sent_bytes_total`);
      // The cap, plus __unattributed__ and __other__.
      assert.equal(series.length, DEFAULT_MAX_OWNER_KEYS + 2, `${dim} series`);
      assert.equal(total(all, `wiretop_${dim}_sent_bytes_total`), total(all, 'wiretop_interface_transmit_bytes_total'));
    }
    monotonic(samples(all, 'wiretop_program_sent_bytes_total'));
  }
  const first = samples(await m.scrape(), 'wiretop_program_sent_bytes_total').map((s) => s.labels['program']!).filter((p) => !p.startsWith('__'));
  // Only programs 900..999 move now: the exposed ones go idle and, after the idle time, make room.
  for (let tick = 4; ts - T0 < DEFAULT_OWNER_IDLE_SECONDS + 20; tick++) {
    ts += 2;
    m.sink.tick(consistentSnapshot({ ts, tick, flows: Array.from({ length: 100 }, (_, i) => flow(900 + i, 10, 1)), local: ['198.51.100.1'] }));
    monotonic(samples(await m.scrape(), 'wiretop_program_sent_bytes_total'));
  }
  let all = await m.scrape();
  const now = samples(all, 'wiretop_program_sent_bytes_total').map((s) => s.labels['program']!).filter((p) => !p.startsWith('__'));
  assert.equal(now.length, DEFAULT_MAX_OWNER_KEYS);
  assert.ok(now.every((p) => Number(p.slice(4)) >= 900), 'the idle programs made room for the busy ones');
  assert.ok(value(all, 'wiretop_program_series_evicted_total', { interface: 'test0' }) >= first.length);
  // One of the first programs comes back after the busy ones go idle in turn: its counter resumes.
  const back = first[0]!;
  const id = Number(back.slice(4));
  for (let tick = 1000; tick < 1000 + (DEFAULT_OWNER_IDLE_SECONDS + 20) / 2; tick++) {
    ts += 2;
    m.sink.tick(consistentSnapshot({ ts, tick, flows: [flow(id, 1, 1)], local: ['198.51.100.1'] }));
  }
  all = await m.scrape();
  monotonic(samples(all, 'wiretop_program_sent_bytes_total'));
  // Its first 3 ticks were remembered; of the ticks since, those before a series was free went to __other__.
  const resumed = value(all, 'wiretop_program_sent_bytes_total', { interface: 'test0', program: back });
  assert.ok(resumed > 3 * (100 + id) && resumed < 3 * (100 + id) + (DEFAULT_OWNER_IDLE_SECONDS + 20) / 2, `${back}: ${resumed}`);
});
