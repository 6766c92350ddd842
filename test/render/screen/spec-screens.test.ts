// The spec's captured iftop screens 9.7 (a) default 120×30 with names, (b) after p and T, (c) one-line-both, reproduced from ScreenModels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Rates } from '../../../src/core/screen-model.js';
import { renderScreen } from '../../../src/render/screen/render-screen.js';
import type { ScreenInput } from '../../../src/render/screen/screen-input.js';
import { fakeLabeller, flowLine, kbit, kbyte, mbit, mbyte, modelOf, screenInput, specRows, ZERO } from '../../helpers/screen-fixtures.js';

/** The test hosts file and services of the capture (127.0.0.x and ::1 only). */
const NAMES = fakeLabeller(
  {
    '127.0.0.1': 'localhost', '127.0.0.2': 'two.example', '127.0.0.3': 'a-very-long-host-name-for-truncation-testing.example',
    '127.0.0.4': 'four.example', '::1': 'ip6-localhost',
  },
  { '80/6': 'http', '22/6': 'ssh' },
);
const LONG = '127.0.0.3';
/** The captures were on a 1 Gbit/s auto-scale (labels 191Mb … 954Mb). */
const ONE_GBIT = { index: 6, jumped: true } as const;
const r = (a: number, b: number, c: number): Rates => [a, b, c];
const M = (a: number, b: number, c: number): Rates => r(mbit(a), mbit(b), mbit(c));
const K = (a: number, b: number, c: number): Rates => r(kbit(a), kbit(b), kbit(c));

/*
 * Totals are chosen so that each figure AND the sums the renderer makes round as captured:
 * 2.046 + 2.236 = 4.282 Mbit/s shows as 2.05 / 2.24 / 4.28.
 */
const TOTALS = { totalSent: M(2.046, 2.046, 1.986), totalRecv: M(2.236, 2.236, 2.166), peakSent: mbit(2.046), peakRecv: mbit(2.236), peakTotal: mbit(4.282) };

function frame(o: Partial<ScreenInput>): string[] {
  return renderScreen(screenInput({ cols: 120, rows: 30, names: NAMES, scale: ONE_GBIT, ...o }), '0.1.0').canvas.lines();
}

/** Every row as captured (row by row, so a failure names the row); with `whole`, no rows beyond them. */
function assertRows(actual: string[], expected: string[], whole = true): void {
  assert.ok(expected.length > 0, 'the spec screen has rows');
  for (const [i, want] of expected.entries()) assert.equal(actual[i], want, `row ${i}`);
  if (whole) assert.equal(actual.length, expected.length, 'row count');
}

const SPEC_A = String.raw`
                        191Mb                   381Mb                   572Mb                   763Mb              954Mb
mqqqqqqqqqqqqqqqqqqqqqqqvqqqqqqqqqqqqqqqqqqqqqqqvqqqqqqqqqqqqqqqqqqqqqqqvqqqqqqqqqqqqqqqqqqqqqqqvqqqqqqqqqqqqqqqqqqqqqqq
localhost                                      => two.example                                    1.60Mb  1.60Mb  1.55Mb
                                               <=                                                2.20Mb  2.20Mb  2.13Mb
localhost                                      => four.example                                    211Kb   211Kb   205Kb
                                               <=                                                39.1Kb  39.1Kb  37.9Kb
localhost                                      => a-very-long-host-name-for-truncation-testing.   195Kb   195Kb   189Kb
                                               <=                                                   0b      0b      0b
ip6-localhost                                  => ip6-localhost                                  46.9Kb  46.9Kb  45.5Kb
                                               <=                                                   0b      0b      0b
four.example                                   => localhost                                      3.91Kb  3.91Kb  3.78Kb
                                               <=                                                   0b      0b      0b














qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq
TX:             cum:   2.98MB   peak:   2.05Mb                                          rates:   2.05Mb  2.05Mb  1.99Mb
RX:                    3.25MB           2.24Mb                                                   2.24Mb  2.24Mb  2.17Mb
TOTAL:                 6.23MB           4.28Mb                                                   4.28Mb  4.28Mb  4.15Mb
`;

test('9.7(a): 120×30, default options, names from the hosts file: every row as captured', () => {
  const model = modelOf([
    flowLine({ src: '127.0.0.1', dst: '127.0.0.2', sent: M(1.6, 1.6, 1.55), recv: M(2.2, 2.2, 2.13) }),
    flowLine({ src: '127.0.0.1', dst: '127.0.0.4', sent: K(211, 211, 205), recv: K(39.1, 39.1, 37.9) }),
    flowLine({ src: '127.0.0.1', dst: LONG, sent: K(195, 195, 189), recv: ZERO }),
    flowLine({ src: '::1', dst: '::1', sent: K(46.9, 46.9, 45.5), recv: ZERO }),
    flowLine({ src: '127.0.0.4', dst: '127.0.0.1', sent: K(3.91, 3.91, 3.78), recv: ZERO }),
  ], { ...TOTALS, cumulativeSent: mbyte(2.98), cumulativeRecv: mbyte(3.25) });
  const rows = frame({ model });
  assertRows(rows, specRows(SPEC_A, 120));
  assert.equal(rows.length, 30);
  assert.equal(rows[6]!.indexOf('a-very-long'), 50, 'destination at L + 4 = 50; the name cut to L − 1 = 45 characters');
});

const SPEC_B = String.raw`
                        191Mb                   381Mb                   572Mb                   763Mb              954Mb
mqqqqqqqqqqqqqqqqqqqqqqqvqqqqqqqqqqqqqqqqqqqqqqqvqqqqqqqqqqqqqqqqqqqqqqqvqqqqqqqqqqqqqqqqqqqqqqqvqqqqqqqqqqqqqqqqqqqqqqq
localhost:50000                            => two.example:http                            153KB  78.1Kb  78.1Kb  76.4Kb
                                           <=                                            4.30MB  2.20Mb  2.20Mb  2.15Mb
localhost:40001                            => two.example:9001                           2.98MB  1.53Mb  1.53Mb  1.49Mb
                                           <=                                               0B      0b      0b      0b
localhost:50001                            => four.example:ssh                            412KB   211Kb   211Kb   206Kb
                                           <=                                            76.4KB  39.1Kb  39.1Kb  38.2Kb
localhost:40002                            => a-very-long-host-name-for-truncation-:9002  382KB   195Kb   195Kb   191Kb
                                           <=                                               0B      0b      0b      0b
[ip6-localhost]:40003                      => [ip6-localhost]:9003                       91.7KB  46.9Kb  46.9Kb  45.8Kb
                                           <=                                               0B      0b      0b      0b
four.example:40004                         => localhost:9004                             7.62KB  3.91Kb  3.91Kb  3.81Kb
                                           <=                                               0B      0b      0b      0b












qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq
TX:             cum:   4.26MB   peak:   2.05Mb                                          rates:   2.05Mb  2.05Mb  2.00Mb
RX:                    4.65MB           2.24Mb                                                   2.24Mb  2.24Mb  2.19Mb
TOTAL:                 8.91MB           4.28Mb                                                   4.28Mb  4.28Mb  4.19Mb
`;

test('9.7(b): after p and T the host width shrinks from 46 to 42 and the per-line cumulative sits at col 88', () => {
  const model = modelOf([
    flowLine({ src: '127.0.0.1', srcPort: 50000, dst: '127.0.0.2', dstPort: 80, proto: 6,
      sent: K(78.1, 78.1, 76.4), recv: M(2.2, 2.2, 2.15), totalSent: kbyte(153), totalRecv: mbyte(4.3) }),
    flowLine({ src: '127.0.0.1', srcPort: 40001, dst: '127.0.0.2', dstPort: 9001, proto: 17, sent: M(1.53, 1.53, 1.49), totalSent: mbyte(2.98) }),
    flowLine({ src: '127.0.0.1', srcPort: 50001, dst: '127.0.0.4', dstPort: 22, proto: 6,
      sent: K(211, 211, 206), recv: K(39.1, 39.1, 38.2), totalSent: kbyte(412), totalRecv: kbyte(76.4) }),
    flowLine({ src: '127.0.0.1', srcPort: 40002, dst: LONG, dstPort: 9002, proto: 17, sent: K(195, 195, 191), totalSent: kbyte(382) }),
    flowLine({ src: '::1', srcPort: 40003, dst: '::1', dstPort: 9003, proto: 17, sent: K(46.9, 46.9, 45.8), totalSent: kbyte(91.7) }),
    flowLine({ src: '127.0.0.4', srcPort: 40004, dst: '127.0.0.1', dstPort: 9004, proto: 17, sent: K(3.91, 3.91, 3.81), totalSent: kbyte(7.62) }),
  ], { ...TOTALS, totalSent: M(2.046, 2.046, 2.0), totalRecv: M(2.236, 2.236, 2.19), cumulativeSent: mbyte(4.26), cumulativeRecv: mbyte(4.65) });
  const rows = frame({ model, showTotals: true });
  assertRows(rows, specRows(SPEC_B, 120));
  assert.equal(rows[2]!.indexOf('=>'), 43, 'marker at L = 42 (" => ")');
  assert.equal(rows[2]!.slice(88, 95), '  153KB', 'cumulative at COLS − 32');
});

const SPEC_C = String.raw`
                        191Mb                   381Mb                   572Mb                   763Mb              954Mb
mqqqqqqqqqqqqqqqqqqqqqqqvqqqqqqqqqqqqqqqqqqqqqqqvqqqqqqqqqqqqqqqqqqqqqqqvqqqqqqqqqqqqqqqqqqqqqqqvqqqqqqqqqqqqqqqqqqqqqqq
localhost                                     <=> two.example                                    3.80Mb  3.80Mb  3.75Mb
localhost                                     <=> four.example                                    250Kb   250Kb   247Kb
localhost                                     <=> a-very-long-host-name-for-truncation-testing.   195Kb   195Kb   193Kb
ip6-localhost                                 <=> ip6-localhost                                  46.9Kb  46.9Kb  46.2Kb
four.example                                  <=> localhost                                      3.91Kb  3.91Kb  3.85Kb


`;

test('9.7(c): one-line-both shows "<=> " at col L and the sums of both directions', () => {
  const model = modelOf([
    flowLine({ src: '127.0.0.1', dst: '127.0.0.2', sent: M(1.6, 1.6, 1.55), recv: M(2.2, 2.2, 2.2) }),
    flowLine({ src: '127.0.0.1', dst: '127.0.0.4', sent: K(211, 211, 205), recv: K(39, 39, 42) }),
    flowLine({ src: '127.0.0.1', dst: LONG, sent: K(195, 195, 193) }),
    flowLine({ src: '::1', dst: '::1', sent: K(46.9, 46.9, 46.2) }),
    flowLine({ src: '127.0.0.4', dst: '127.0.0.1', sent: K(3.91, 3.91, 3.85) }),
  ], TOTALS);
  const rows = frame({ model, lineDisplay: 'one-line-both' });
  // The spec captured only the top of this screen.
  assertRows(rows, specRows(SPEC_C, 120), false);
  assert.equal(rows[2]!.slice(46, 50), '<=> ');
});
