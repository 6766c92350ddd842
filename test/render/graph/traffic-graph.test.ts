// The nload-style graphs: exact size for any width and height, one column per sample, the figures, both scales, both glyph sets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stringCells } from '../../../src/format/cells.js';
import { renderTrafficGraphs } from '../../../src/render/graph/traffic-graph.js';
import type { TrafficGraphInput } from '../../../src/render/graph/traffic-graph.js';
import { matchSnapshot } from '../../helpers/snapshot.js';

const base = (o: Partial<TrafficGraphInput> = {}): TrafficGraphInput => ({
  width: 60, height: 16, incoming: [], outgoing: [], sampleSeconds: 2, scale: 'linear', unicode: true, useBytes: false, ...o,
});

const ramp = (n: number, k = 1000) => Array.from({ length: n }, (_, i) => (i + 1) * k);

test('any size, down to 0 × 0: exactly height lines of exactly width cells, never a throw', () => {
  for (const [w, h] of [[0, 0], [1, 1], [5, 3], [20, 2], [29, 7], [80, 24], [200, 50]] as const) {
    for (const unicode of [true, false]) {
      const lines = renderTrafficGraphs(base({ width: w, height: h, incoming: ramp(300), outgoing: ramp(300, 7), unicode }));
      assert.equal(lines.length, h);
      for (const l of lines) assert.equal(stringCells(l), w, `${w}×${h}: "${l}"`);
    }
  }
});

test('one column per sample, newest at the right edge; more samples than columns: the oldest are left out', () => {
  const samples = [...Array(100).fill(0), 5000];
  const lines = renderTrafficGraphs(base({ width: 20, height: 10, incoming: samples, outgoing: [] }));
  const bottom = lines[4]!;
  assert.equal(bottom.length, 20);
  assert.equal(bottom[19], '█', 'the newest sample is the last column');
  assert.equal(bottom.slice(0, 19).trim(), '');
  // Fewer samples than columns: they sit at the right.
  const few = renderTrafficGraphs(base({ width: 20, height: 10, incoming: [1000, 2000], outgoing: [] }));
  assert.equal(few[4]!.slice(0, 18).trim(), '');
  assert.equal(few[4]!.slice(18), '██');
});

test('the figures: current, average, minimum, maximum and total of each direction', () => {
  const lines = renderTrafficGraphs(base({ width: 60, height: 16, incoming: [1000, 3000, 2000], outgoing: [10, 10, 10], totalOut: 123_456_789 }));
  const text = lines.join('\n');
  assert.match(lines[0]!, /^Incoming \(100%: 23\.4Kb\/s\)/);
  for (const f of ['Curr: 15.6Kb/s', 'Avg: 15.6Kb/s', 'Min: 7.81Kb/s', 'Max: 23.4Kb/s', 'Ttl: 11.7KB', 'Ttl: 118MB']) assert.ok(text.includes(f), f);
  const bytes = renderTrafficGraphs(base({ incoming: [2048], outgoing: [], useBytes: true })).join('\n');
  assert.ok(bytes.includes('Curr: 2.00KB/s'));
});

test('a log scale lifts small rates; ASCII uses # : .', () => {
  const samples = [100, 1_000_000];
  const lin = renderTrafficGraphs(base({ width: 20, height: 20, incoming: samples, outgoing: [] }));
  const log = renderTrafficGraphs(base({ width: 20, height: 20, incoming: samples, outgoing: [], scale: 'log' }));
  const height = (lines: string[], col: number) => lines.slice(1, 10).filter((l) => l[col] !== ' ').length;
  assert.equal(height(lin, 18), 1, 'linear: a sliver');
  assert.ok(height(log, 18) >= 3, 'log: a third of the way up');
  const ascii = renderTrafficGraphs(base({ width: 20, height: 20, incoming: [100, 450, 1000], outgoing: [], unicode: false })).join('');
  assert.match(ascii, /^[\x20-\x7e]*$/);
  assert.ok(ascii.includes('#'));
});

test('a graph as it is drawn (UTF-8 and ASCII)', () => {
  const incoming = Array.from({ length: 50 }, (_, i) => Math.round(40_000 + 35_000 * Math.sin(i / 5)));
  const outgoing = Array.from({ length: 50 }, (_, i) => (i % 10 === 0 ? 90_000 : 4_000 + i * 50));
  for (const unicode of [true, false]) {
    const lines = renderTrafficGraphs(base({ width: 72, height: 18, incoming, outgoing, unicode }));
    matchSnapshot('test/render/graph', unicode ? 'graph-utf8' : 'graph-ascii', lines.map((l) => `|${l}|`).join('\n') + '\n');
  }
});
