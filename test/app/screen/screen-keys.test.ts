// Every key of iftop's screen (spec 9.4) through the reducer: hint text, state change and effects, plus hint expiry (9.3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyScreenKey } from '../../../src/app/screen/screen-keys.js';
import type { KeyEffect } from '../../../src/app/screen/screen-keys.js';
import { expireHint, initialUiState, showHint } from '../../../src/app/screen/ui-state.js';
import type { UiState } from '../../../src/app/screen/ui-state.js';
import { DEFAULT_SETTINGS } from '../../../src/config/settings.js';
import { defaultViewOptions } from '../../../src/core/view-options.js';

const NOW = 1_700_000_000;

function fresh(): UiState {
  return initialUiState({ ...DEFAULT_SETTINGS }, defaultViewOptions());
}

/** Presses keys in order; returns the effects of the last one. */
function press(ui: UiState, ...keys: string[]): KeyEffect[] {
  let effects: KeyEffect[] = [];
  for (const k of keys) effects = applyScreenKey(ui, k, NOW);
  return effects;
}

const hintOf = (ui: UiState): string | null => ui.hint?.text ?? null;
/** The hint, read through a function so assertions do not narrow its type. */
const hintNow = (ui: UiState): UiState['hint'] => ui.hint;
const types = (e: KeyEffect[]): string[] => e.map((x) => x.type);

test('toggles with a hint: n N b T L (and back)', () => {
  const cases: [string, (u: UiState) => unknown, string, string][] = [
    ['n', (u) => u.dnsOn, 'DNS resolution off', 'DNS resolution on'],
    ['N', (u) => u.portNamesOn, 'Port resolution off', 'Port resolution on'],
    ['b', (u) => u.showBars, 'Bars off', 'Bars on'],
    ['T', (u) => u.showTotals, 'Show cumulative totals', 'Hide cumulative totals'],
    ['L', (u) => u.logScale, 'Logarithmic scale', 'Linear scale'],
  ];
  for (const [key, get, first, second] of cases) {
    const ui = fresh();
    const before = get(ui);
    assert.deepEqual(types(press(ui, key)), ['redraw'], key);
    assert.equal(hintOf(ui), first, key);
    assert.notEqual(get(ui), before, key);
    press(ui, key);
    assert.equal(hintOf(ui), second, key);
    assert.equal(get(ui), before, key);
  }
});

test('s and d hide a side; the regrouping shows at the next analysis (a reanalyse effect for finished files)', () => {
  const ui = fresh();
  assert.deepEqual(types(press(ui, 's')), ['redraw', 'reanalyse']);
  assert.equal(hintOf(ui), 'Hide source host');
  assert.equal(ui.view.hideSource, true);
  press(ui, 's');
  assert.equal(hintOf(ui), 'Show source host');
  press(ui, 'd');
  assert.equal(hintOf(ui), 'Hide dest host');
  assert.equal(ui.view.hideDestination, true);
  press(ui, 'd');
  assert.equal(hintOf(ui), 'Show dest host');
});

test('S, D and p cycle the port display exactly as in 9.4', () => {
  const from = (start: UiState['view']['portDisplay'], key: string): [string, string | null] => {
    const ui = fresh();
    ui.view.portDisplay = start;
    press(ui, key);
    return [ui.view.portDisplay, hintOf(ui)];
  };
  assert.deepEqual(from('off', 'S'), ['source-only', 'Port display SOURCE']);
  assert.deepEqual(from('source-only', 'S'), ['off', 'Port display OFF']);
  assert.deepEqual(from('destination-only', 'S'), ['on', 'Port display ON']);
  assert.deepEqual(from('on', 'S'), ['destination-only', 'Port display DEST']);
  assert.deepEqual(from('off', 'D'), ['destination-only', 'Port display DEST']);
  assert.deepEqual(from('destination-only', 'D'), ['off', 'Port display OFF']);
  assert.deepEqual(from('source-only', 'D'), ['on', 'Port display ON']);
  assert.deepEqual(from('on', 'D'), ['source-only', 'Port display SOURCE']);
  assert.deepEqual(from('off', 'p'), ['on', 'Port display ON']);
  for (const other of ['on', 'source-only', 'destination-only'] as const) assert.deepEqual(from(other, 'p'), ['off', 'Port display OFF']);
});

test('t cycles two-line → one-line-both → received → sent → two-line, with its hints; it only redraws', () => {
  const ui = fresh();
  const seen: [string, string | null][] = [];
  for (let i = 0; i < 4; i++) {
    assert.deepEqual(types(press(ui, 't')), ['redraw']);
    seen.push([ui.view.lineDisplay, hintOf(ui)]);
  }
  assert.deepEqual(seen, [
    ['one-line-both', 'One line per host'],
    ['one-line-received', 'Received traffic only'],
    ['one-line-sent', 'Sent traffic only'],
    ['two-line', 'Two lines per host'],
  ]);
});

test('B cycles the bar average 10 s → 40 s → 2 s → 10 s (iftop: bar_interval = (bar_interval + 1) % 3)', () => {
  const ui = fresh();
  assert.equal(ui.barAverage, 1, 'default 10 s');
  const seen: [number, string | null][] = [];
  for (let i = 0; i < 3; i++) {
    press(ui, 'B');
    seen.push([ui.barAverage, hintOf(ui)]);
  }
  assert.deepEqual(seen, [[2, 'Bars show 40s average'], [0, 'Bars show 2s average'], [1, 'Bars show 10s average']]);
});

test('P and o: persistent hints that never expire; unpausing/unfreezing hints are transient; the next hint replaces them', () => {
  for (const [key, on, off, get] of [
    ['P', 'Display paused', 'Display unpaused', (u: UiState) => u.paused],
    ['o', 'Order frozen', 'Order unfrozen', (u: UiState) => u.view.frozen],
  ] as const) {
    const ui = fresh();
    press(ui, key);
    assert.equal(get(ui), true);
    assert.deepEqual(ui.hint, { text: on, since: NOW, persistent: true });
    assert.equal(expireHint(ui, NOW + 3600), false, `${on} stays`);
    press(ui, key);
    assert.equal(get(ui), false);
    assert.deepEqual(ui.hint, { text: off, since: NOW, persistent: false });
    press(ui, key);
    press(ui, 'b');
    assert.equal(hintNow(ui)?.persistent, false, 'the next hint replaces the persistent one');
    assert.equal(expireHint(ui, NOW + 3), true);
  }
});

test('sort keys 1 2 3 < > set the order with their hints (effective at the next analysis)', () => {
  const cases = [['1', '2s', 'Sort by col 1'], ['2', '10s', 'Sort by col 2'], ['3', '40s', 'Sort by col 3'], ['<', 'source', 'Sort by source'], ['>', 'destination', 'Sort by dest']] as const;
  for (const [key, sort, hint] of cases) {
    const ui = fresh();
    assert.deepEqual(types(press(ui, key)), ['redraw', 'reanalyse'], key);
    assert.equal(ui.view.sort, sort);
    assert.equal(hintOf(ui), hint);
  }
});

test('j scrolls without bound, k stops at 0 and then does nothing at all (no redraw); no hints', () => {
  const ui = fresh();
  assert.deepEqual(press(ui, 'k'), [], 'k at 0');
  assert.equal(ui.scrollOffset, 0);
  for (let i = 0; i < 1000; i++) press(ui, 'j');
  assert.equal(ui.scrollOffset, 1000);
  assert.deepEqual(types(press(ui, 'k')), ['redraw']);
  assert.equal(ui.scrollOffset, 999);
  assert.equal(ui.hint, null);
});

test('h and ? toggle the help screen without a hint', () => {
  const ui = fresh();
  press(ui, 'h');
  assert.equal(ui.helpVisible, true);
  press(ui, '?');
  assert.equal(ui.helpVisible, false);
  assert.equal(ui.hint, null);
});

test('! only says subshells are disabled; q quits and changes nothing; ^L repaints', () => {
  const ui = fresh();
  assert.deepEqual(types(press(ui, '!')), ['redraw']);
  assert.equal(hintOf(ui), 'Sorry, subshells have been disabled.');
  const before = JSON.stringify(ui);
  assert.deepEqual(press(ui, 'q'), [{ type: 'quit' }]);
  assert.equal(JSON.stringify(ui), before);
  assert.deepEqual(press(ui, '\x0c'), [{ type: 'repaint' }]);
  assert.equal(JSON.stringify(ui), before);
});

test('H (advertised, not bound), r (the man page\'s DNS key), a resize, arrows and anything else: "Press H or ? for help"', () => {
  for (const key of ['H', 'r', 'resize', 'up', 'z', 'Q', ' ', '\t', 'unknown', 'pagedown', '\x1b', 'escape', 'enter']) {
    const ui = fresh();
    assert.deepEqual(types(press(ui, key)), ['redraw'], JSON.stringify(key));
    assert.equal(hintOf(ui), 'Press H or ? for help', JSON.stringify(key));
  }
});

test('9.3: a hint lasts while now − start ≤ 2 whole seconds (2–3 s), and is cut to 80 characters', () => {
  const ui = fresh();
  showHint(ui, 'Bars off', NOW + 0.9);
  assert.equal(ui.hint?.since, NOW, 'whole seconds, as time(NULL)');
  assert.equal(expireHint(ui, NOW + 2.99), false);
  assert.equal(hintOf(ui), 'Bars off');
  assert.equal(expireHint(ui, NOW + 3), true);
  assert.equal(ui.hint, null);
  assert.equal(expireHint(ui, NOW + 4), false, 'nothing left to expire');
  showHint(ui, 'x'.repeat(200), NOW);
  assert.equal(hintOf(ui), 'x'.repeat(80));
});

test('wiretop\'s own keys: a alerts view, c connections views (by connections, by rate, back), x labels', () => {
  const ui = fresh();
  press(ui, 'a');
  assert.equal(ui.panel, 'alerts');
  assert.equal(hintOf(ui), 'Alerts view');
  press(ui, 'a');
  assert.equal(ui.panel, 'flows');
  const views = ['c', 'c', 'c'].map((k) => (press(ui, k), [ui.panel, hintOf(ui)]));
  assert.deepEqual(views, [['hosts-by-connections', 'Hosts by connections'], ['hosts-by-rate', 'Hosts by rate'], ['flows', 'Flows view']]);
  assert.deepEqual(types(press(ui, 'x')), ['redraw', 'reanalyse']);
  assert.equal(ui.labels, true);
  assert.equal(hintOf(ui), 'Service labels and trends');
});
