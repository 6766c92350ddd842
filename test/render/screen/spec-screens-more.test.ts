// The spec's captured screens 9.7 (d) 80×20 with 12 flows, (e) bars off + help, (f) hints and prompts on row 0, (g) hidden hosts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Rates } from '../../../src/core/screen-model.js';
import { NUMERIC_LABELLER } from '../../../src/render/host-text.js';
import { renderScreen } from '../../../src/render/screen/render-screen.js';
import type { ScreenInput } from '../../../src/render/screen/screen-input.js';
import { acs, fakeLabeller, flowLine, kbit, mbit, mbyte, modelOf, screenInput, specRows } from '../../helpers/screen-fixtures.js';

const K = (a: number, b: number, c: number): Rates => [kbit(a), kbit(b), kbit(c)];

const SPEC_D = String.raw`
                1.91Mb          3.81Mb          5.72Mb          7.63Mb    9.54Mb
mqqqqqqqqqqqqqqqvqqqqqqqqqqqqqqqvqqqqqqqqqqqqqqqvqqqqqqqqqqqqqqqvqqqqqqqqqqqqqqq
127.0.0.1                  => 127.0.1.12                  473Kb   469Kb   245Kb
                           <=                               0b      0b      0b
127.0.0.1                  => 127.0.1.11                  430Kb   430Kb   223Kb
                           <=                               0b      0b      0b
127.0.0.1                  => 127.0.1.10                  391Kb   391Kb   202Kb
                           <=                               0b      0b      0b
127.0.0.1                  => 127.0.1.9                   352Kb   352Kb   182Kb
                           <=                               0b      0b      0b
127.0.0.1                  => 127.0.1.8                   312Kb   313Kb   160Kb
                           <=                               0b      0b      0b
127.0.0.1                  => 127.0.1.7                   273Kb   273Kb   140Kb
                           <=                               0b      0b      0b
127.0.0.1                  => 127.0.1.6                   234Kb   234Kb   120Kb
                           <=                               0b      0b      0b
qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq
TX:             cum:   5.00MB   peak:   2.99Mb  rates:   2.98Mb  2.98Mb  1.54Mb
RX:                       0B               0b               0b      0b      0b
TOTAL:                 5.00MB           2.99Mb           2.98Mb  2.98Mb  1.54Mb
`;

test('9.7(d): 80×20, 12 UDP flows, -n: 7 flows fit, rates at 56/64/72, rates: at 48, the TX bar over 26 cells', () => {
  const shown: [number, number, number][] = [[473, 469, 245], [430, 430, 223], [391, 391, 202], [352, 352, 182], [312, 313, 160], [273, 273, 140], [234, 234, 120]];
  const hidden: [number, number, number][] = [[195, 195, 100], [156, 156, 80], [117, 117, 60], [78, 78, 40], [39, 39, 20]];
  const lines = [...shown, ...hidden].map(([a, b, c], i) => flowLine({ src: '127.0.0.1', dst: `127.0.1.${12 - i}`, sent: K(a, b, c) }));
  // 2.98 Mbit/s = 390625 B/s = 3 125 000 bit/s: on a 10 Mbit/s scale × 80 columns that is a bar of 25 → 26 cells.
  const tx: Rates = [390625, 390625, mbit(1.54)];
  const model = modelOf(lines, { totalSent: tx, totalRecv: [0, 0, 0], peakSent: mbit(2.99), peakRecv: 0, peakTotal: mbit(2.99), cumulativeSent: mbyte(5), cumulativeRecv: 0 });
  const out = renderScreen(screenInput({ cols: 80, rows: 20, model, scale: { index: 4, jumped: true } }), '0.1.0');
  assert.deepEqual(out.canvas.lines(), specRows(SPEC_D, 80));
  assert.equal(out.linesShown, 7);
  assert.equal(out.canvas.reverseMask(17), '#'.repeat(26) + '.'.repeat(54), 'TX row: reverse video over its first 26 cells');
  assert.equal(out.canvas.reverseMask(18), '.'.repeat(80), 'RX: nothing received, no bar');
  assert.equal(out.canvas.reverseMask(2), '#'.repeat(4) + '.'.repeat(76), '469 kbit/s (10 s) → 3 cells + 1');
});

const SPEC_E = String.raw`
qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq
Host display:                          General:
 n - toggle DNS host resolution         P - pause display
 s - toggle show source host            h - toggle this help display
 d - toggle show destination host       b - toggle bar graph display
 t - cycle line display mode            B - cycle bar graph average
                                        T - toggle cumulative line totals
Port display:                           j/k - scroll display
 N - toggle service resolution          f - edit filter code
 S - toggle show source port            l - set screen filter
 D - toggle show destination port       L - lin/log scales
 p - toggle port display                ! - shell command
                                        q - quit
Sorting:
 1/2/3 - sort by 1st/2nd/3rd column
 < - sort by source name
 > - sort by dest name
 o - freeze current order

iftop, version 1.0pre4
`;

test('9.7(e): bars off + help at 120 columns, as captured except the two lines wiretop changes on purpose', () => {
  const rows = renderScreen(screenInput({ cols: 120, rows: 30, showBars: false, helpVisible: true }), '0.1.0').canvas.lines();
  const want = specRows(SPEC_E, 120);
  const SHELL = want.findIndex((l) => l.includes('! - shell command'));
  const VERSION = want.findIndex((l) => l.startsWith('iftop, version 1.0pre4'));
  assert.ok(SHELL > 0 && VERSION > 0);
  // wiretop's own keys are listed in the right column next to "Sorting:" and the first three sort keys.
  // ... and below them, the process views and the owner terms of the screen filter: one row more.
  const OWN = [SHELL + 2, SHELL + 3, SHELL + 4, SHELL + 5, SHELL + 6, SHELL + 7];
  for (const [i, line] of want.entries()) if (i !== SHELL && i < VERSION - 1 && !OWN.includes(i)) assert.equal(rows[i], line, `row ${i}`);
  assert.deepEqual(OWN.map((i) => rows[i]!.slice(39).trimEnd()), [
    ' a - alerts view (wiretop)', ' c - connections view (wiretop)', ' x - labels and trends (wiretop)', ' g - traffic graphs (wiretop)',
    ' w - processes/units/containers (wiretop)', ' l also pid:N proc: unit: container:',
  ]);
  OWN.forEach((i) => assert.equal(rows[i]!.slice(0, 39).trimEnd(), (want[i] ?? '').trimEnd(), `row ${i} left column unchanged`));
  // Deliberate differences (spec 16): wiretop never starts a shell, and names itself.
  assert.equal(rows[SHELL], want[SHELL]!.trimEnd().replace('! - shell command', '! - shell escape (disabled)').padEnd(120));
  assert.equal(rows[VERSION + 1], 'wiretop, version 0.1.0'.padEnd(120));
  assert.equal(rows[26], '─'.repeat(120), 'totals remain below the help');
});

/** Row 0 of a 120-column screen on the 100 Mbit/s scale. */
function row0(o: Partial<ScreenInput>): string {
  return renderScreen(screenInput({ cols: 120, rows: 30, scale: { index: 5, jumped: true }, ...o }), '0.1.0').canvas.line(0);
}

const SPEC_F = String.raw`
 Port display ON        19.1Mb                  38.1Mb                  57.2Mb                  76.3Mb            95.4Mb
 Sorry, subshells have been disabled.           38.1Mb                  57.2Mb                  76.3Mb            95.4Mb
 Press H or ? for help  19.1Mb                  38.1Mb                  57.2Mb                  76.3Mb            95.4Mb
Net filter> udp and portrange 9001-9004
 unknown port 'foo'     19.1Mb                  38.1Mb                  57.2Mb                  76.3Mb            95.4Mb
 Installed new filter   19.1Mb                  38.1Mb                  57.2Mb                  76.3Mb            95.4Mb
Screen filter> TWO|ip6
 Invalid regexp         19.1Mb                  38.1Mb                  57.2Mb                  76.3Mb            95.4Mb
 Bars off qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq
`;

test('9.7(f): hints in reverse video over the scale labels, and the two prompts, on row 0', () => {
  const want = SPEC_F.split('\n').filter((l) => l !== '');
  const hints = ['Port display ON', 'Sorry, subshells have been disabled.', 'Press H or ? for help', null, "unknown port 'foo'", 'Installed new filter', null, 'Invalid regexp'];
  hints.forEach((hint, i) => {
    if (hint === null) return;
    assert.equal(row0({ hint }), want[i]!.padEnd(120), hint);
  });
  assert.equal(row0({ editor: { prompt: 'Net filter', text: 'udp and portrange 9001-9004', cursor: 27 } }), want[3]!.padEnd(120));
  assert.equal(row0({ editor: { prompt: 'Screen filter', text: 'TWO|ip6', cursor: 7 } }), want[6]!.padEnd(120));
  // The spec's row has 112 'q' (122 columns on a 120-column screen, a transcription slip); the line fills the row.
  assert.match(want[8]!, /^ Bars off q+$/);
  assert.equal(row0({ hint: 'Bars off', showBars: false }), ' Bars off ' + acs('q'.repeat(110)));
  const out = renderScreen(screenInput({ cols: 120, rows: 30, hint: 'Port display ON' }), '0.1.0');
  assert.equal(out.canvas.reverseMask(0), '#'.repeat(17) + '.'.repeat(103), '" msg " is reversed, one space each side');
});

test('9.6: the first row at start on lo at 120 columns', () => {
  assert.match(renderScreen(screenInput({ cols: 120, rows: 30, hint: 'Listening on lo' }), '0.1.0').canvas.line(0),
    /^ Listening on lo {8}12\.5Kb {18}25\.0Kb/);
});

const SPEC_G = String.raw`
 *                                             => two.example                                    1.53Mb  1.53Mb  1.53Mb
                                               <=                                                   0b      0b      0b
 *                                             => a-very-long-host-name-for-truncation-testing.   195Kb   195Kb   195Kb
...
 *                                             =>  *                                             1.72Mb  1.72Mb  1.72Mb
                                               <=                                                   0b      0b      0b
 *                                             =>  *                                             46.9Kb  46.9Kb  46.9Kb
`;

test('9.7(g): a hidden side shows " * "; IPv4 and IPv6 stay separate lines with both sides hidden', () => {
  const names = fakeLabeller({ '127.0.0.2': 'two.example', '127.0.0.3': 'a-very-long-host-name-for-truncation-testing.example' });
  const want = SPEC_G.split('\n').filter((l) => l !== '');
  const one: Partial<ScreenInput> = { cols: 120, rows: 30, names, hideSource: true };
  const hiddenSrc = modelOf([
    flowLine({ src: '*', dst: '127.0.0.2', family: 4, sent: K(1.53 * 1024, 1.53 * 1024, 1.53 * 1024) }),
    flowLine({ src: '*', dst: '127.0.0.3', family: 4, sent: K(195, 195, 195) }),
  ]);
  const a = renderScreen(screenInput({ ...one, model: hiddenSrc }), '0.1.0').canvas.lines();
  assert.deepEqual(a.slice(2, 5), want.slice(0, 3).map((l) => l.padEnd(120)));
  const both = modelOf([
    flowLine({ src: '*', dst: '*', family: 4, sent: K(1.72 * 1024, 1.72 * 1024, 1.72 * 1024) }),
    flowLine({ src: '*', dst: '*', family: 6, sent: K(46.9, 46.9, 46.9) }),
  ]);
  const b = renderScreen(screenInput({ ...one, hideDestination: true, model: both, names: NUMERIC_LABELLER }), '0.1.0').canvas.lines();
  assert.deepEqual(b.slice(2, 5), want.slice(4, 7).map((l) => l.padEnd(120)));
});
