// The ticker and its sinks: order, one snapshot per tick before the slot closes, a failing sink said once, retried, switched off, never in the way of the others.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GuardedSink, SINK_FAILURE_LIMIT } from '../../../src/app/run/sink.js';
import type { Sink, TickContext } from '../../../src/app/run/sink.js';
import { Ticker } from '../../../src/app/run/ticker.js';
import { NO_LOCAL_NETWORK } from '../../../src/core/local-network.js';
import { Monitor } from '../../../src/core/monitor.js';
import { ipv4 } from '../../helpers/frames.js';

function setup(sinks: Sink[]) {
  const monitor = new Monitor({ local: NO_LOCAL_NETWORK, maxFlows: 100, hashSeed: 1 });
  const notes: string[] = [];
  const guarded = sinks.map((s) => new GuardedSink(s, (m) => notes.push(m)));
  const ticker = new Ticker(monitor, { kind: 'interface', name: 'test0' }, guarded, () => ({ received: 5, dropped: 1, ifDropped: 0 }));
  return { monitor, ticker, notes, guarded };
}

test('sinks run in order at each tick, see the open slot before it closes, and the alert events of the sinks before them', () => {
  const seen: string[] = [];
  const first: Sink = { name: 'first', tick: (t) => { t.alerts.push({ id: 'x' } as never); seen.push(`first ${t.snapshot.tick} ${t.snapshot.totals.slotRecvBytes}`); } };
  const second: Sink = { name: 'second', tick: (t) => seen.push(`second ${t.alerts.length} due=${t.due} end=${t.end} kernel=${t.snapshot.kernel?.dropped}`) };
  const { monitor, ticker } = setup([first, second]);
  const f = ipv4({ src: '10.0.0.9', dst: '10.0.0.1', dataLength: 72 });
  monitor.frame(101, f, 0, f.length, f.length, 1);
  ticker.tick(2, true);
  assert.equal(monitor.pos, 1, 'the ticker closed the slot after the sinks');
  ticker.tick(4, false);
  ticker.finish(5, 'stop');
  assert.equal(monitor.pos, 2, 'the final part-slot closes nothing');
  assert.deepEqual(seen, [
    'first 1 100', 'second 1 due=true end=null kernel=1',
    'first 2 0', 'second 1 due=false end=null kernel=1',
    'first 3 0', 'second 1 due=false end=stop kernel=1',
  ]);
});

test('a failing sink is said once, retried at each tick, switched off after the limit; the others keep getting every tick', () => {
  let calls = 0, fails = true;
  const flaky: Sink = { name: 'the flaky sink', tick: () => { calls++; if (fails) throw new Error('disk full'); } };
  const ticks: number[] = [];
  const steady: Sink = { name: 'steady', tick: (t: TickContext) => ticks.push(t.snapshot.tick) };
  const { ticker, notes } = setup([flaky, steady]);
  ticker.tick(2, true);
  ticker.tick(4, true);
  assert.deepEqual(notes, ['the flaky sink failed: disk full; retrying at the next tick']);
  fails = false;
  ticker.tick(6, true);
  assert.deepEqual(notes.slice(1), ['the flaky sink works again']);
  fails = true;
  for (let i = 0; i < SINK_FAILURE_LIMIT + 3; i++) ticker.tick(8 + 2 * i, true);
  assert.equal(notes.length, 4, notes.join('\n'));
  assert.equal(notes[2], 'the flaky sink failed: disk full; retrying at the next tick');
  assert.equal(notes[3], `the flaky sink failed ${SINK_FAILURE_LIMIT} times in a row and is switched off`);
  assert.equal(calls, 3 + SINK_FAILURE_LIMIT, 'not called once switched off');
  assert.equal(ticks.length, 3 + SINK_FAILURE_LIMIT + 3, 'the steady sink saw every tick');
});

test('close() flushes each sink once; a sink that fails to close is said, and the others still close', async () => {
  const closed: string[] = [];
  const a: Sink = { name: 'a', tick: () => {}, close: async () => { closed.push('a'); } };
  const b: Sink = { name: 'b', tick: () => {}, close: () => { throw new Error('EIO'); } };
  const c: Sink = { name: 'c', tick: () => {}, close: () => { closed.push('c'); } };
  const { guarded, notes } = setup([a, b, c]);
  await Promise.all(guarded.map((g) => g.close()));
  assert.deepEqual(closed, ['a', 'c']);
  assert.deepEqual(notes, ['b failed while closing: EIO']);
});
