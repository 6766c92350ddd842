// The bar scale of spec 8.2: every verified label row, the tick line, bar lengths, and the auto-scale bookkeeping over redraws.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ScaleState } from '../../../src/render/screen/bar-scale.js';
import { barLengths, INITIAL_SCALE, SCALE_TABLE } from '../../../src/render/screen/bar-scale.js';
import { parseRate } from '../../../src/config/values.js';
import { renderScreen } from '../../../src/render/screen/render-screen.js';
import type { ScreenInput } from '../../../src/render/screen/screen-input.js';
import { flowLine, modelOf, screenInput, specRows, ZERO } from '../../helpers/screen-fixtures.js';

function rows(o: Partial<ScreenInput>): { labels: string; line: string; scale: ScaleState; masks: string[] } {
  const out = renderScreen(screenInput({ cols: 120, rows: 10, ...o }), '0.1.0');
  const c = out.canvas;
  return { labels: c.line(0), line: c.line(1), scale: out.scale, masks: c.lines().map((_, r) => c.reverseMask(r)) };
}

const words = (row: string): string[] => row.trim().split(/ +/);
/** -m as the command line parses it: k/M/G are powers of 1024, so -m 10M is 10 485 760 bit/s (hence 2.00Mb ticks). */
function m(text: string): number {
  const r = parseRate(text);
  assert.ok(r.ok);
  return r.bitsPerSecond;
}
/** Auto-scale index of a maximum in the table. */
const at = (max: number): ScaleState => ({ index: SCALE_TABLE.indexOf(max as never), jumped: true });

/** Linear label rows: fifths of the width, the last label pushed left so it ends at the last column (8.2). */
const LINEAR: [string, Partial<ScreenInput>, string[]][] = [
  ['auto 64 kbit (initial)', {}, ['12.5Kb', '25.0Kb', '37.5Kb', '50.0Kb', '62.5Kb']],
  ['auto 100 Mbit', { scale: at(1e8) }, ['19.1Mb', '38.1Mb', '57.2Mb', '76.3Mb', '95.4Mb']],
  ['auto 1 Gbit', { scale: at(1e9) }, ['191Mb', '381Mb', '572Mb', '763Mb', '954Mb']],
  ['-m 10M (100 cols)', { fixedMaxBits: m('10M'), cols: 100 }, ['2.00Mb', '4.00Mb', '6.00Mb', '8.00Mb', '10.0Mb']],
  ['-m 100k', { fixedMaxBits: m('100k') }, ['20.0Kb', '40.0Kb', '60.0Kb', '80.0Kb', '100Kb']],
  ['-m 1G', { fixedMaxBits: m('1G') }, ['205Mb', '410Mb', '614Mb', '819Mb', '1.00Gb']],
  ['-m 5000', { fixedMaxBits: m('5000') }, ['0.98Kb', '1.95Kb', '2.93Kb', '3.91Kb', '4.88Kb']],
  ['-m 100G', { fixedMaxBits: m('100G') }, ['20.0Gb', '40.0Gb', '60.0Gb', '80.0Gb', '100Gb']],
  ['-B, auto 64 kbit', { useBytes: true }, ['1.56KB', '3.12KB', '4.69KB', '6.25KB', '7.81KB']],
];

for (const [name, o, labels] of LINEAR) {
  test(`8.2 linear scale labels, ${name}: ${labels.join(' ')}`, () => {
    const cols = o.cols ?? 120;
    const r = rows(o);
    assert.deepEqual(words(r.labels), labels);
    labels.forEach((label, k) => {
      const col = k < 4 ? ((k + 1) * cols) / 5 : cols - label.length;
      assert.equal(r.labels.indexOf(label), col, `${label} at col ${col}`);
    });
    const tees = [...r.line].flatMap((ch, i) => (ch === '┴' ? [i] : []));
    assert.deepEqual(tees, [1, 2, 3, 4].map((k) => (k * cols) / 5), 'a tee under the four ticks on screen; the fifth is at COLS');
    assert.equal(r.line[0], '└');
  });
}

const LOG: [string, Partial<ScreenInput>, string[]][] = [
  ['log, auto 100 Mbit', { logScale: true, scale: at(1e8) }, ['10b', '100b', '1.00Kb', '10.0Kb', '100Kb', '1.00Mb', '10.0Mb', '100Mb']],
  ['log, -m 1G (100 cols), ×100 steps', { logScale: true, fixedMaxBits: m('1G'), cols: 100 }, ['10b', '1.00Kb', '100Kb', '10.0Mb', '1.00Gb']],
  ['log, -B, auto 64 kbit', { logScale: true, useBytes: true }, ['1B', '12B', '125B', '1.25KB']],
];

for (const [name, o, labels] of LOG) {
  test(`8.2 log scale labels (K = 1000), ${name}: ${labels.join(' ')}`, () => {
    assert.deepEqual(words(rows(o).labels), labels);
  });
}

const EXACT = String.raw`
                        19.1Mb                  38.1Mb                  57.2Mb                  76.3Mb            95.4Mb
mqqqqqqqqqqqqqqqqqqqqqqqvqqqqqqqqqqqqqqqqqqqqqqqvqqqqqqqqqqqqqqqqqqqqqqqvqqqqqqqqqqqqqqqqqqqqqqqvqqqqqqqqqqqqqqqqqqqqqqq
               10b            100b           1.00Kb         10.0Kb         100Kb          1.00Mb         10.0Mb    100Mb
mqqqqqqqqqqqqqqvqqqqqqqqqqqqqqvqqqqqqqqqqqqqqvqqqqqqqqqqqqqqvqqqqqqqqqqqqqqvqqqqqqqqqqqqqqvqqqqqqqqqqqqqqvqqqqqqqqqqqqqq
`;

test('8.2 the exact 120-column rows captured: linear and log at 100 Mbit/s (log ticks at 15, 30, …, 105; last label at 115)', () => {
  const [linLabels, linLine, logLabels, logLine] = specRows(EXACT, 120);
  const lin = rows({ scale: at(1e8) });
  assert.equal(lin.labels, linLabels);
  assert.equal(lin.line, linLine);
  const log = rows({ scale: at(1e8), logScale: true });
  assert.equal(log.labels, logLabels);
  assert.equal(log.line, logLine);
});

/** A model with one flow sending `bits` per second over every window. */
const sending = (bits: number): Partial<ScreenInput> => {
  const b = bits / 8;
  return { model: modelOf([flowLine({ src: '10.0.0.1', dst: '10.0.0.2', sent: [b, b, b] })], { totalSent: ZERO, totalRecv: ZERO }) };
};

/** Redraws `n` times, feeding each frame's scale into the next, as the session does. */
function redraws(o: Partial<ScreenInput>, n: number, start: ScaleState = INITIAL_SCALE): ScaleState[] {
  const seen: ScaleState[] = [];
  let scale = start;
  for (let i = 0; i < n; i++) seen.push((scale = renderScreen(screenInput({ ...o, scale }), '0.1.0').scale));
  return seen;
}

test('8.2 auto-scale: the first jump lands one entry too high, then +1 at the end of that redraw (observed outcomes)', () => {
  assert.deepEqual(redraws(sending(200_000), 3).map((s) => SCALE_TABLE[s.index]), [1e7, 1e7, 1e7], 'a few hundred kbit/s ends on 10 Mbit/s');
  assert.deepEqual(redraws(sending(1_000_000), 3).map((s) => SCALE_TABLE[s.index]), [1e8, 1e8, 1e8], '~1 Mbit/s on 100 Mbit/s');
  assert.deepEqual(redraws(sending(2_000_000), 3).map((s) => SCALE_TABLE[s.index]), [1e9, 1e9, 1e9], '~2 Mbit/s on 1 Gbit/s');
});

test('8.2 auto-scale: after the jump, +1 entry per redraw while some bar exceeds; it never shrinks', () => {
  const grow = redraws(sending(5e8), 4, at(1e7));
  assert.deepEqual(grow.map((s) => SCALE_TABLE[s.index]), [1e8, 1e9, 1e9, 1e9], 'no second jump: one entry per redraw');
  assert.deepEqual(redraws(sending(0), 2, at(1e9)).map((s) => SCALE_TABLE[s.index]), [1e9, 1e9], 'idle: stays');
  assert.deepEqual(redraws(sending(1000), 2, at(1e9)).map((s) => SCALE_TABLE[s.index]), [1e9, 1e9], 'small: stays');
});

test('8.2 auto-scale: the totals bars drive it too (even with the help screen over the list)', () => {
  const model = modelOf([], { totalRecv: [125_000, 125_000, 125_000] });
  assert.equal(SCALE_TABLE[redraws({ model }, 1)[0]!.index], 1e8);
  assert.equal(SCALE_TABLE[redraws({ model, helpVisible: true }, 1)[0]!.index], 1e8);
  assert.deepEqual(redraws({ model, showBars: false }, 1)[0], INITIAL_SCALE, 'no bars, no bookkeeping');
});

test('8.2 -m: the scale never grows; labels and bars use -m; bars beyond the screen are clipped', () => {
  const o = { ...sending(5e8), fixedMaxBits: m('10M'), cols: 80 };
  const states = redraws(o, 3);
  assert.deepEqual(states[1], states[0]);
  assert.deepEqual(states[2], states[0]);
  for (const scale of states) {
    const r = rows({ ...o, scale });
    assert.deepEqual(words(r.labels), ['2.00Mb', '4.00Mb', '6.00Mb', '8.00Mb', '10.0Mb']);
    assert.equal(r.masks[2], '#'.repeat(80));
  }
  assert.equal(rows({ ...sending(5e6), fixedMaxBits: 1e7, cols: 80 }).masks[2], '#'.repeat(41) + '.'.repeat(39), '5 of 10 Mbit/s: 40 + 1 cells');
});

test('8.2 bars in drawing order: the first bar beyond the scale moves it for itself and every later bar', () => {
  const k = (bits: number): [number, number, number] => [bits / 8, bits / 8, bits / 8];
  const model = modelOf([
    flowLine({ src: '10.0.0.1', dst: '10.0.0.2', sent: k(50_000) }),
    flowLine({ src: '10.0.0.1', dst: '10.0.0.3', sent: k(300_000) }),
  ], { totalSent: k(350_000), totalRecv: ZERO });
  const r = rows({ model, cols: 80 });
  assert.equal(r.masks[2], '#'.repeat(63) + '.'.repeat(17), '50 kbit/s on 64 kbit/s: 62 + 1');
  assert.equal(r.masks[4], '#'.repeat(3) + '.'.repeat(77), '300 kbit/s jumps to 10 Mbit/s (one too far): 2 + 1');
  assert.equal(r.masks[7], '#'.repeat(3) + '.'.repeat(77), 'TX 350 kbit/s on 10 Mbit/s');
  assert.equal(SCALE_TABLE[r.scale.index], 1e8, 'and +1 at the end of the redraw');
});

test('8.2 bar lengths: log scale, zero, sub-cell rates, and the top of the table', () => {
  const { lengths } = barLengths(at(1e7), [125_000, 0, 1, 10], 80, { fixedMaxBits: 0, log: true });
  assert.deepEqual(lengths, [68, 0, 10, 21], 'trunc(ln r / ln max × COLS): 1 Mbit/s → 68; 8 bit/s → 10; 80 bit/s → 21');
  const huge = barLengths(INITIAL_SCALE, [1.25e11], 80, { fixedMaxBits: 0, log: false });
  assert.equal(huge.next.index, SCALE_TABLE.length - 1, '1 Tbit/s: the table ends at 100 Gbit/s');
  assert.equal(huge.lengths[0], 800);
});
