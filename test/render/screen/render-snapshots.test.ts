// renderScreen snapshots over a table of sizes (200×50 … 0×0) for every representative state, plus what must stay true in each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatRate } from '../../../src/format/readable-size.js';
import { renderScreen } from '../../../src/render/screen/render-screen.js';
import type { RenderedScreen } from '../../../src/render/screen/render-screen.js';
import { assertGeometry } from '../../helpers/screen-fixtures.js';
import { canvasText, matchSnapshot } from '../../helpers/snapshot.js';
import { FLOWS, SIZES, STATES } from './screen-states.js';
import type { State } from './screen-states.js';

const VERSION = '9.9.9-test';
const f32 = Math.fround;

function render(s: State, cols: number, rows: number): RenderedScreen {
  return renderScreen({ ...s.input, cols, rows }, VERSION);
}

/** Independent bar length: trunc(f32(r / max) × COLS) with r the truncated bits/s (spec 8.2), as a mask. */
function barMask(bytesPerSecond: number, maxBits: number, cols: number): string {
  const len = Math.trunc(f32(f32(Math.trunc(bytesPerSecond * 8)) / f32(maxBits)) * cols);
  const on = len > 0 ? Math.min(cols, len + 1) : 0;
  return '#'.repeat(on) + '.'.repeat(cols - on);
}

for (const s of STATES) {
  test(`snapshot "${s.name}" at ${SIZES.map(([c, r]) => `${c}×${r}`).join(', ')}; every row exactly COLS cells`, () => {
    let text = '';
    for (const [cols, rows] of SIZES) {
      const out = render(s, cols, rows);
      assert.equal(assertGeometry(out.canvas, cols, rows), null, `${s.name} at ${cols}×${rows}`);
      text += canvasText(out.canvas, { masks: s.masks, title: s.name }) + '\n';
    }
    matchSnapshot('test/render/screen', s.name, text);
  });
}

const state = (name: string): State => STATES.find((s) => s.name === name)!;

test('start: the hint " Listening on eth0 " in reverse video over the 64 kbit scale labels, empty list, zero totals', () => {
  const out = render(state('start'), 80, 24);
  assert.equal(out.canvas.line(0).slice(0, 19), ' Listening on eth0 ');
  assert.equal(out.canvas.reverseMask(0).slice(0, 20), '#'.repeat(19) + '.');
  assert.match(out.canvas.line(0), /^ Listening on eth0 5Kb {10}25\.0Kb/, 'the hint covers most of the 12.5Kb label at col 16');
  for (let r = 2; r < 20; r++) assert.equal(out.canvas.line(r).trim(), '', `row ${r} empty`);
  assert.match(out.canvas.line(21), /^TX: {13}cum: {6}0B {4}peak: {6}0b/);
  assert.equal(out.linesShown, 0);
});

test('two-line: rates of the first flow start at COLS−24/−16/−8, markers at L, the bars are length+1 cells', () => {
  for (const [cols, rows] of [[200, 50], [120, 40], [80, 24]] as const) {
    const out = render(state('two-line'), cols, rows);
    const first = FLOWS.lines[0]!;
    const L = Math.floor((cols - 28) / 2);
    const row2 = out.canvas.line(2), row3 = out.canvas.line(3);
    assert.equal(row2.slice(cols - 24), first.sent.map((v) => formatRate(v, false).padEnd(8)).join(''));
    assert.equal(row3.slice(cols - 24), first.recv.map((v) => formatRate(v, false).padEnd(8)).join(''));
    assert.equal(row2.slice(L, L + 4), ' => ');
    assert.equal(row3.slice(L, L + 4), ' <= ');
    assert.equal(out.canvas.reverseMask(2), barMask(first.sent[1], 10_000_000, cols), `sent bar at ${cols} cols`);
    assert.equal(out.canvas.reverseMask(3), barMask(first.recv[1], 10_000_000, cols), `received bar at ${cols} cols`);
    assert.equal(out.canvas.reverseMask(rows - 3), barMask(FLOWS.totalSent[1], 10_000_000, cols), 'TX bar');
    assert.equal(out.canvas.reverseMask(rows - 2), barMask(FLOWS.totalRecv[1], 10_000_000, cols), 'RX bar');
    assert.equal(out.canvas.reverseMask(rows - 1), '.'.repeat(cols), 'no bar on TOTAL');
    assert.deepEqual(out.scale, { index: 4, jumped: true }, 'nothing exceeds 10 Mbit/s: the scale holds');
  }
});

test('two-line: as many flows as fit above row LINES−5 (7 at 80×20 in rows 2..15, 9 at 80×24)', () => {
  assert.equal(render(state('two-line'), 80, 24).linesShown, 9);
  assert.equal(render(state('two-line'), 80, 20).linesShown, 7);
  assert.equal(render(state('two-line'), 80, 8).linesShown, 1, 'LINES−5 = 3: one flow at rows 2–3');
  assert.equal(render(state('two-line'), 80, 7).linesShown, 0);
  assert.equal(render(state('one-line-both'), 80, 24).linesShown, 12, 'one-line: all 12 fit in rows 2..18');
});

test('-m 1M: bars longer than the screen are clipped to COLS; the scale does not grow', () => {
  const out = render(state('fixed-1M'), 80, 24);
  assert.equal(out.canvas.reverseMask(3), '#'.repeat(80), '4.2 Mbit/s on a 1 Mbit/s scale');
  // -m 1M = 1 048 576 bit/s; a fifth is 26214.4 B, × 8 truncated to whole bits (iftop's int rate) is just under
  // a fifth of the width, so the ticks land at 15, 31, 47, 63 rather than 16, 32, 48, 64.
  assert.match(out.canvas.line(0), /^ {15}205Kb {11}410Kb {11}614Kb {11}819Kb {6}1\.00Mb$/);
  assert.equal(out.scale.index, 4, 'no growth with -m');
});

test('help replaces the list from the list start row; wiretop names itself and its version; totals remain', () => {
  const out = render(state('help'), 80, 30);
  assert.equal(out.canvas.line(2).trimEnd(), 'Host display:                          General:');
  assert.equal(out.canvas.line(21).trimEnd(), `wiretop, version ${VERSION}`);
  assert.match(out.canvas.line(27), /^TX:/);
  assert.equal(out.linesShown, 0);
  const short = render(state('help'), 80, 12);
  assert.equal(short.canvas.line(8), '─'.repeat(80), 'help is cut above the separator row');
});

test('scrolled by 2: the list starts with the third entry; an offset past the end leaves the list empty', () => {
  const out = render(state('scrolled'), 120, 40);
  assert.match(out.canvas.line(2), /^gateway\.example\.net:ssh +=> 名前\.example:50022/);
  const past = renderScreen({ ...state('scrolled').input, scrollOffset: 99, cols: 80, rows: 24 }, VERSION);
  for (let r = 2; r < 20; r++) assert.equal(past.canvas.line(r).trim(), '');
  assert.equal(past.linesShown, 0);
});

test('screen filter: a flow shows when either padded host string matches; the others take no rows', () => {
  const out = render(state('screen-filter'), 120, 40);
  const hosts = out.canvas.lines().slice(2, 35).filter((l) => / => /.test(l));
  assert.equal(hosts.length, 2, 'the IPv6 flow and the flow to 名前.example');
  for (const h of hosts) assert.match(h, /v6host|名前/i);
});

test('editor prompt: row 0 is "Net filter> text" and nothing else, the cursor after the text', () => {
  const out = render(state('editor'), 80, 24);
  assert.equal(out.canvas.line(0), 'Net filter> udp port 53'.padEnd(80));
  assert.equal(out.canvas.reverseMask(0), '.'.repeat(80));
  assert.deepEqual(out.cursor, { row: 0, col: 23 });
  assert.equal(render(state('two-line'), 80, 24).cursor, null, 'no cursor otherwise');
});

test('notices: drops and malformed counts on the separator row, the link banner in reverse video at col 2', () => {
  const out = render(state('notices'), 80, 24);
  assert.equal(out.canvas.line(20), '──' + ' eth0 is down ' + '─'.repeat(25) + ' 1234 dropped by kernel, 5 malformed ' + '──');
  assert.equal(out.canvas.reverseMask(20), '..' + '#'.repeat(14) + '.'.repeat(64));
});

test('nothing throws and nothing is drawn out of bounds at 1×1 and 0×0, in every state', () => {
  for (const s of STATES) {
    for (const [cols, rows] of [[1, 1], [0, 0], [1, 0], [0, 1], [2, 3], [3, 2]] as const) {
      const out = render(s, cols, rows);
      assert.equal(assertGeometry(out.canvas, cols, rows), null, `${s.name} ${cols}×${rows}`);
      if (out.cursor !== null && cols > 0 && rows > 0) {
        assert.ok(out.cursor.row < rows && out.cursor.col >= 0 && out.cursor.col < cols, `${s.name} cursor inside ${cols}×${rows}`);
      }
    }
  }
});

test('the snapshot helper: a missing snapshot fails without UPDATE_SNAPSHOTS=1, and writing is refused under CI', () => {
  const saved = { update: process.env['UPDATE_SNAPSHOTS'], ci: process.env['CI'] };
  try {
    delete process.env['UPDATE_SNAPSHOTS'];
    assert.throws(() => matchSnapshot('test/render/screen', 'never-written-by-this-test', 'x\n'), /is missing: run with UPDATE_SNAPSHOTS=1/);
    process.env['UPDATE_SNAPSHOTS'] = '1';
    process.env['CI'] = 'true';
    assert.throws(() => matchSnapshot('test/render/screen', 'never-written-by-this-test', 'x\n'), /refused under CI/);
  } finally {
    for (const [k, v] of [['UPDATE_SNAPSHOTS', saved.update], ['CI', saved.ci]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
});
