// ReplayDriver: 2-second boundaries from the first packet's time, one rotation per boundary, gaps, -s N.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReplayDriver } from '../../src/app/replay-driver.js';
import type { FrameSink } from '../../src/capture-file/frame-sink.js';
import { RECORD_WORDS } from '../../src/core/packet-records.js';
import type { RecordSink } from '../../src/core/packet-records.js';

type Event = ['rotate', number, boolean] | ['frame', number];

/**
 * A driver whose rotations and delivered frames land, in order, in one event list. The same times
 * also go through records() (runs of up to three records), which must give the same events.
 */
function drive(timedSeconds: number, times: readonly number[]): { events: Event[]; driver: ReplayDriver } {
  const events: Event[] = [];
  const next: FrameSink = { frame: (_l, _d, _o, _c, _w, ts) => void events.push(['frame', ts]) };
  const driver = new ReplayDriver(next, (ts, print) => void events.push(['rotate', ts, print]), timedSeconds);
  const data = new Uint8Array(60);
  for (const ts of times) driver.frame(1, data, 0, 60, 60, ts);

  const recordEvents: Event[] = [];
  const sink: RecordSink = {
    recordRun: (_w, f64, from, to) => {
      for (let at = from; at < to; at += RECORD_WORDS) recordEvents.push(['frame', f64[at >> 1]!]);
    },
  };
  const byRecords = new ReplayDriver(next, (ts, print) => void recordEvents.push(['rotate', ts, print]), timedSeconds, sink);
  const words = new Uint32Array(times.length * RECORD_WORDS);
  const f64 = new Float64Array(words.buffer);
  times.forEach((ts, i) => (f64[(i * RECORD_WORDS) >> 1] = ts));
  let taken = 0;
  for (let i = 0; i < times.length; i += 3) {
    const end = Math.min(times.length, i + 3);
    const n = byRecords.records(words, f64, i * RECORD_WORDS, end * RECORD_WORDS);
    taken += n;
    if (n < end - i) break;
  }
  assert.deepEqual(recordEvents, events, 'records() and frame() drive alike');
  assert.deepEqual([byRecords.done, byRecords.lastTs, byRecords.firstTs], [driver.done, driver.lastTs, driver.firstTs]);
  assert.equal(taken, events.filter((e) => e[0] === 'frame').length, 'records() says how many it took');
  return { events, driver };
}

const rotations = (events: Event[]) => events.filter((e) => e[0] === 'rotate');
const boundaries = (events: Event[]) => rotations(events).map((e) => e[1]);

test('boundaries lie at t0 + 2k from the first packet, not on whole seconds of the clock', () => {
  const { events } = drive(0, [100.75, 101.5, 102.7, 102.75, 104.74, 104.75]);
  assert.deepEqual(events, [
    ['frame', 100.75], ['frame', 101.5], ['frame', 102.7],
    ['rotate', 102.75, true], ['frame', 102.75], ['frame', 104.74],
    ['rotate', 104.75, true], ['frame', 104.75],
  ]);
});

test('a packet past several boundaries closes each one in turn (one rotation per boundary), then is accounted', () => {
  const { events } = drive(0, [10, 17.5]);
  assert.deepEqual(events, [
    ['frame', 10],
    ['rotate', 12, true], ['rotate', 14, true], ['rotate', 16, true],
    ['frame', 17.5],
  ]);
});

test('boundaries are computed from t0, so many slots do not drift', () => {
  const t0 = 1700000000.1;
  const times = Array.from({ length: 500 }, (_, i) => t0 + i * 0.4);
  const got = boundaries(drive(0, times).events);
  assert.equal(got.length, Math.floor((times.at(-1)! - t0) / 2));
  got.forEach((b, i) => assert.equal(b, t0 + (i + 1) * 2, `boundary ${i + 1}`));
});

test('a gap of exactly 40 s closes all 20 slots, each with a block', () => {
  const { events } = drive(0, [0, 40]);
  assert.deepEqual(boundaries(events), Array.from({ length: 20 }, (_, i) => 2 * (i + 1)));
});

test('a gap longer than 40 s closes at most 21 slots, then jumps to the slot holding the packet', () => {
  const { events } = drive(0, [0, 100, 101, 102.5]);
  const rots = boundaries(events);
  assert.deepEqual(rots.slice(0, 21), Array.from({ length: 21 }, (_, i) => 2 * (i + 1)));
  // 100 lies in [100, 102): the next boundary is 102, still on the t0 + 2k grid.
  assert.deepEqual(rots.slice(21), [102]);
  assert.deepEqual(events.slice(-4), [['frame', 100], ['frame', 101], ['rotate', 102, true], ['frame', 102.5]]);
});

test('a 44 s gap closes 21 slots and skips only the 22nd boundary', () => {
  const { events } = drive(0, [0, 44, 45.9, 46]);
  assert.deepEqual(boundaries(events), [...Array.from({ length: 21 }, (_, i) => 2 * (i + 1)), 46]);
});

test('timestamps that go backwards stay in the current slot and never rotate', () => {
  const { events, driver } = drive(0, [50, 53, 51.5, 40, 54.5, 54]);
  assert.deepEqual(events, [
    ['frame', 50], ['rotate', 52, true], ['frame', 53], ['frame', 51.5], ['frame', 40],
    ['rotate', 54, true], ['frame', 54.5], ['frame', 54],
  ]);
  assert.equal(driver.lastTs, 54.5, 'lastTs is the latest time seen, not the last one');
});

test('-s 1 prints at the first boundary (2 s) and the driver is done', () => {
  const { events, driver } = drive(1, [0, 1, 2.5, 3, 5, 9]);
  assert.deepEqual(events, [['frame', 0], ['frame', 1], ['rotate', 2, true]]);
  assert.equal(driver.done, true);
});

test('-s 3 rotates silently at 2 s and prints only at 4 s; nothing is delivered after the block', () => {
  const { events, driver } = drive(3, [0, 2.5, 4.5, 6.5, 8.5]);
  assert.deepEqual(events, [['frame', 0], ['rotate', 2, false], ['frame', 2.5], ['rotate', 4, true]]);
  assert.equal(driver.done, true);
});

test('-s N prints at the first boundary at or after N seconds', () => {
  for (const [n, at] of [[2, 2], [4, 4], [5, 6], [7, 8], [40, 40], [41, 42]] as const) {
    const rots = rotations(drive(n, [0, 100]).events);
    assert.deepEqual(rots.filter((r) => r[2]).map((r) => r[1]), [at], `-s ${n}`);
    assert.equal(rots.length, at / 2, `-s ${n}: silent rotations before the block`);
  }
});

test('negative -s prints at the first boundary, like -s 1', () => {
  for (const n of [-1, -7]) {
    const { events, driver } = drive(n, [3, 4.9, 5, 7]);
    assert.deepEqual(events, [['frame', 3], ['frame', 4.9], ['rotate', 5, true]], `-s ${n}`);
    assert.equal(driver.done, true);
  }
});

test('-s 0 is not timed: every boundary prints and the driver never finishes', () => {
  const { events, driver } = drive(0, [0, 7]);
  assert.deepEqual(rotations(events), [['rotate', 2, true], ['rotate', 4, true], ['rotate', 6, true]]);
  assert.equal(driver.done, false);
});

test('a -s block that lies inside a long gap is printed at its own boundary', () => {
  const { events, driver } = drive(60, [0, 200]);
  const rots = rotations(events);
  assert.equal(rots.filter((r) => r[2]).length, 1);
  assert.deepEqual(rots.at(-1), ['rotate', 60, true]);
  assert.ok(rots.slice(0, -1).every((r) => !r[2]), 'the rotations before it are silent');
  assert.equal(driver.done, true);
});

test('a -s block after a long gap is still found (deadline beyond the jump)', () => {
  const { events, driver } = drive(110, [0, 100, 109, 111]);
  const printed = rotations(events).filter((r) => r[2]);
  assert.deepEqual(printed, [['rotate', 110, true]]);
  assert.equal(driver.done, true);
});

test('a file that ends before -s N prints nothing from the driver (the caller prints the final block)', () => {
  const { events, driver } = drive(10, [0, 3, 7]);
  assert.ok(rotations(events).every((r) => !r[2]));
  assert.equal(driver.done, false);
  assert.equal(driver.lastTs, 7);
});
