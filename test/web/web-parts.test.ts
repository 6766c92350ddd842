// The web view's pure parts: SSE frames and ids, the graph's bounded series, history ranges and gap filling, the alerts board.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlertEvent } from '../../src/alerts/alert-engine.js';
import type { HistoryBucket, HistoryQuery, HistoryResolution } from '../../src/ports/history-query.js';
import { AlertBoard, RECENT_ALERTS } from '../../src/web/alert-board.js';
import { historyRange, historySeries, MAX_HISTORY_BUCKETS } from '../../src/web/history-view.js';
import { FILE_POINTS, LIVE_POINTS, RateSeries } from '../../src/web/rate-series.js';
import { eventId, parseEventId, sseFrame, sseOpening } from '../../src/web/sse.js';

test('SSE: id, event and one data line per frame; a line break in a field is refused; ids round-trip', () => {
  assert.equal(sseFrame('tick', '{"a":1}', 'r1-5'), 'id: r1-5\nevent: tick\ndata: {"a":1}\n\n');
  assert.equal(sseFrame('hello', '{}'), 'event: hello\ndata: {}\n\n');
  assert.throws(() => sseFrame('tick', 'a\nb'));
  assert.throws(() => sseFrame('tick', 'a\rb'));
  assert.equal(sseOpening(1500), 'retry: 1500\n\n');
  assert.deepEqual(parseEventId(eventId('abc123', 42)), { run: 'abc123', tick: 42 });
  for (const bad of [undefined, '', 'x', '-5', 'a-b', 'a b-1', `${'x'.repeat(65)}-1`]) assert.equal(parseEventId(bad), null, String(bad));
});

test('live series: a window of the last 300 ticks, rates per second, what is new since a count', () => {
  const s = new RateSeries('window');
  for (let i = 1; i <= LIVE_POINTS + 50; i++) s.add(i * 2, 2, 1000 * i, 10 * i);
  assert.equal(s.length, LIVE_POINTS);
  assert.deepEqual(s.all()[0], [102, 500 * 51, 5 * 51]);
  assert.deepEqual(s.all().at(-1), [700, 500 * 350, 5 * 350]);
  assert.equal(s.total, 350);
  assert.deepEqual(s.since(348).map((p) => p[0]), [698, 700]);
  assert.deepEqual(s.since(350), []);
  assert.equal(s.since(0).length, LIVE_POINTS);
  assert.equal(s.generation, 0);
});

test('file series: the whole time line in at most 600 points, bytes kept when points merge', () => {
  const s = new RateSeries('whole');
  let bytes = 0;
  const n = 5000;
  for (let i = 1; i <= n; i++) {
    const b = (i % 7) * 1000;
    bytes += b;
    s.add(i * 2, 2, b, 0);
  }
  s.flush();
  assert.ok(s.length <= FILE_POINTS, `${s.length} points`);
  assert.ok(s.generation > 0);
  assert.equal(s.all()[0]![0] <= 2 * 16, true, 'the first point is near the start');
  assert.equal(s.all().at(-1)![0], 2 * n, 'the last point is the end');
  // Every point's rate × its duration, summed, is every byte (durations from the times between points).
  let sum = 0, prev = 0;
  for (const [ts, rx] of s.all()) {
    sum += rx * (ts - prev);
    prev = ts;
  }
  assert.ok(Math.abs(sum - bytes) < 1e-6 * bytes, `${sum} vs ${bytes}`);
});

/** A store in memory, answering like the SQLite one: only the buckets it has, in the range. */
function store(buckets: Record<number, Record<number, HistoryBucket[]>>): HistoryQuery & { asked: unknown[] } {
  const asked: unknown[] = [];
  return {
    asked,
    buckets(iface: string, res: HistoryResolution, from: number, to: number) {
      asked.push([iface, res, from, to]);
      return (buckets[res]?.[0] ?? []).filter((b) => b.ts >= from && b.ts < to);
    },
  };
}

test('history spans end with the bucket holding now; res/from/to is aligned and bounded', () => {
  const now = 1_700_000_123;
  assert.deepEqual(historyRange(new URLSearchParams('span=hour'), now), { resolution: 60, from: 1_700_000_160 - 3600, to: 1_700_000_160, span: 'hour' });
  const day = historyRange(new URLSearchParams('span=day'), now);
  assert.ok(!('error' in day) && (day.to - day.from) / day.resolution === 288);
  const month = historyRange(new URLSearchParams('span=month'), now);
  assert.ok(!('error' in month) && month.resolution === 86400 && (month.to - month.from) / 86400 === 31);
  assert.deepEqual(historyRange(new URLSearchParams('res=300&from=1000&to=2000'), now), { resolution: 300, from: 900, to: 2100, span: null });
  for (const bad of ['span=year', 'res=7&from=1&to=2', 'res=60', 'res=60&from=5&to=5', 'res=60&from=-1&to=5', 'res=60&from=1e3&to=2000',
    `res=60&from=0&to=${60 * (MAX_HISTORY_BUCKETS + 1)}`]) {
    assert.ok('error' in historyRange(new URLSearchParams(bad), now), bad);
  }
});

test('history series: every bucket of the range, null where the store has none; out-of-range answers cannot grow it', () => {
  const s = store({ 60: { 0: [{ ts: 120, rxBytes: 5, txBytes: 1 }, { ts: 240, rxBytes: 7, txBytes: 2 }, { ts: 999_999, rxBytes: 1, txBytes: 1 }] } });
  const range = { resolution: 60 as const, from: 60, to: 300, span: null };
  const bad: HistoryQuery = { buckets: () => [{ ts: 60, rxBytes: 1, txBytes: 1 }, { ts: -60, rxBytes: 9, txBytes: 9 }, { ts: 120, rxBytes: Number.NaN, txBytes: 1 }, { ts: 9e9, rxBytes: 1, txBytes: 1 }] };
  const h = historySeries(s, 'eth0', range);
  assert.deepEqual(s.asked, [['eth0', 60, 60, 300]]);
  assert.deepEqual(h.ts, [60, 120, 180, 240]);
  assert.deepEqual(h.rxBytes, [null, 5, null, 7]);
  assert.deepEqual(h.txBytes, [null, 1, null, 2]);
  assert.deepEqual(historySeries(bad, 'x', range).rxBytes, [1, null, null, null]);
});

function event(id: string, state: 'firing' | 'resolved', ts: number, subject = 'host 198.51.100.7'): AlertEvent {
  return { type: 'alert', schema_version: 1, state, id, rule: 'rate host * sent > 1MB/s', kind: 'rate', detector: null, severity: 'warning', subject,
    value: 2e6, threshold: 1e6, unit: 'bytes/s' as AlertEvent['unit'], detail: 'sent 2MB/s', ts, since: ts - 10, source: 'eth0' };
}

test('alerts board: firing by id until resolved, the last 50 events newest first, texts made inert', () => {
  const b = new AlertBoard();
  b.add([event('a', 'firing', 10), event('b', 'firing', 12, 'host \x1b]0;x\x07')]);
  assert.deepEqual(b.view().firing.map((a) => a.id), ['a', 'b']);
  assert.equal(b.view().firing[1]!.subject, 'host \\x1b]0;x\\x07');
  b.add([event('a', 'resolved', 20)]);
  assert.deepEqual(b.view().firing.map((a) => a.id), ['b']);
  assert.deepEqual(b.view().recent.map((a) => `${a.id}:${a.state}`), ['a:resolved', 'b:firing', 'a:firing']);
  for (let i = 0; i < 100; i++) b.add([event(`x${i}`, 'firing', 100 + i)]);
  assert.equal(b.view().recent.length, RECENT_ALERTS);
  assert.equal(b.view().recent[0]!.id, 'x99');
  assert.equal(b.view().firingCount, 101);
});
