// The f/l prompt (spec 9.5): editing keys, the capture-filter effect and its outcome, the screen filter's regex rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editLine } from '../../../src/app/screen/line-editor.js';
import { applyScreenKey } from '../../../src/app/screen/screen-keys.js';
import type { KeyEffect } from '../../../src/app/screen/screen-keys.js';
import { ScreenSession } from '../../../src/app/screen/screen-session.js';
import { initialUiState } from '../../../src/app/screen/ui-state.js';
import type { Editor, UiState } from '../../../src/app/screen/ui-state.js';
import { DEFAULT_SETTINGS } from '../../../src/config/settings.js';
import { NO_LOCAL_NETWORK } from '../../../src/core/local-network.js';
import { Monitor } from '../../../src/core/monitor.js';
import { defaultViewOptions } from '../../../src/core/view-options.js';
import { NUMERIC_LABELLER } from '../../../src/render/host-text.js';
import { renderScreen } from '../../../src/render/screen/render-screen.js';
import { UNICODE_GLYPHS } from '../../../src/render/screen/screen-input.js';
import { flowLine, modelOf, screenInput } from '../../helpers/screen-fixtures.js';

const NOW = 1_700_000_000;

function editor(text: string, cursor = text.length): Editor {
  return { kind: 'capture-filter', text, cursor };
}

/** Applies keys; returns the outcomes. */
function keys(e: Editor, ...ks: string[]): string[] {
  return ks.map((k) => editLine(e, k));
}

test('typing inserts at the cursor; Backspace deletes before it, Delete at it; both beep at their ends', () => {
  const e = editor('');
  assert.deepEqual(keys(e, 'u', 'd', 'p'), ['editing', 'editing', 'editing']);
  assert.deepEqual(e, editor('udp'));
  keys(e, 'left', 'left', 'X');
  assert.deepEqual(e, editor('uXdp', 2));
  keys(e, 'backspace');
  assert.deepEqual(e, editor('udp', 1));
  keys(e, 'delete');
  assert.deepEqual(e, editor('up', 1));
  assert.deepEqual(keys(e, 'end', 'delete'), ['editing', 'beep']);
  assert.deepEqual(keys(e, 'home', 'backspace'), ['editing', 'beep']);
  assert.deepEqual(e, editor('up', 0));
});

test('Left/Right beep at the ends and move otherwise; ^A/Home and ^E/End jump', () => {
  const e = editor('port 53');
  assert.equal(editLine(e, 'right'), 'beep');
  assert.equal(e.cursor, 7);
  assert.equal(editLine(e, '\x01'), 'editing');
  assert.equal(e.cursor, 0);
  assert.equal(editLine(e, 'left'), 'beep');
  assert.equal(e.cursor, 0);
  editLine(e, 'right');
  assert.equal(e.cursor, 1);
  editLine(e, '\x05');
  assert.equal(e.cursor, 7);
  editLine(e, 'home');
  assert.equal(e.cursor, 0);
  editLine(e, 'end');
  assert.equal(e.cursor, 7);
});

test('^U clears; ^W removes " 53", then " port" from "udp port 53" (verified), then the rest', () => {
  const e = editor('udp port 53');
  keys(e, '\x17');
  assert.deepEqual(e, editor('udp port'));
  keys(e, '\x17');
  assert.deepEqual(e, editor('udp'));
  keys(e, '\x17');
  assert.deepEqual(e, editor(''));
  const mid = editor('udp port 53', 5);
  keys(mid, '\x17');
  assert.deepEqual(mid, editor('udport 53', 3), 'back to and including the previous blank, text after the cursor kept');
  const u = editor('host 10.0.0.1');
  keys(u, '\x15');
  assert.deepEqual(u, editor(''));
});

test('Enter (name or CR) accepts, Esc and ^G cancel; tab, other control keys and named keys beep', () => {
  for (const k of ['enter', '\r']) assert.equal(editLine(editor('x'), k), 'accept');
  for (const k of ['escape', '\x07']) assert.equal(editLine(editor('x'), k), 'cancel');
  for (const k of ['\t', '\x02', '\x7f', 'up', 'down', 'pageup', 'insert', 'unknown', 'resize']) {
    const e = editor('abc', 1);
    assert.equal(editLine(e, k), 'beep', JSON.stringify(k));
    assert.deepEqual(e, editor('abc', 1), `${JSON.stringify(k)} changes nothing`);
  }
});

function fresh(): UiState {
  return initialUiState({ ...DEFAULT_SETTINGS, filterCode: 'udp' }, defaultViewOptions());
}

/** The prompt and filter, read through functions so assertions do not narrow their types. */
const editorNow = (ui: UiState): UiState['editor'] => ui.editor;
const filterNow = (ui: UiState): UiState['screenFilter'] => ui.screenFilter;
const hintText = (ui: UiState): string | undefined => ui.hint?.text;

function type(ui: UiState, text: string): void {
  for (const ch of text) applyScreenKey(ui, ch, NOW);
}

test('only printable characters are inserted: C1 controls and format (bidi) characters beep, as non-printables do in iftop', () => {
  for (const k of ['\x9b', '\x85', '\u202e', '\u200b']) {
    const e = editor('ab');
    assert.equal(editLine(e, k), 'beep', JSON.stringify(k));
    assert.deepEqual(e, editor('ab'), `${JSON.stringify(k)} is not inserted`);
  }
  assert.equal(editLine(editor('ab'), 'é'), 'editing', 'printable non-ASCII is fine');
});

test('f opens "Net filter" with the current filter and the cursor at its end; keys go to the prompt (q does not quit)', () => {
  const ui = fresh();
  applyScreenKey(ui, 'f', NOW);
  assert.deepEqual(ui.editor, { kind: 'capture-filter', text: 'udp', cursor: 3 });
  type(ui, ' and port 53 q');
  assert.equal(ui.editor?.text, 'udp and port 53 q');
  assert.deepEqual(applyScreenKey(ui, 'escape', NOW), [{ type: 'redraw' }]);
  assert.equal(ui.editor, null);
  assert.equal(ui.captureFilter, 'udp', 'cancel changes nothing');
  applyScreenKey(ui, 'f', NOW);
  applyScreenKey(ui, '\x07', NOW);
  assert.equal(ui.captureFilter, 'udp');
});

test('f + Enter asks for the filter; the session installs it with "Installed new filter" or keeps the old one', () => {
  const session = new ScreenSession(new Monitor({ local: NO_LOCAL_NETWORK, maxFlows: 100, hashSeed: 1 }), fresh(), {
    version: 't', glyphs: UNICODE_GLYPHS, fixedMaxBits: 0, useBytes: false, labeller: () => NUMERIC_LABELLER,
  });
  const ui = session.ui;
  session.key('f', NOW);
  session.key('\x15', NOW);
  type(ui, 'tcp');
  const effects: KeyEffect[] = session.key('enter', NOW);
  assert.deepEqual(effects, [{ type: 'set-capture-filter', text: 'tcp' }, { type: 'redraw' }]);
  assert.equal(ui.captureFilter, 'udp', 'nothing changes before the capture says yes');
  session.filterInstalled('tcp', null, NOW);
  assert.equal(ui.captureFilter, 'tcp');
  assert.equal(ui.hint?.text, 'Installed new filter');
  session.filterInstalled('port foo', "unknown port 'foo'", NOW + 1);
  assert.equal(ui.hint?.text, "unknown port 'foo'", 'the pcap error text is the hint');
  assert.equal(ui.captureFilter, 'tcp', 'the old filter stays');
  session.key('f', NOW);
  assert.equal(ui.editor?.text, 'tcp', 'and the next prompt shows it');
  session.key('escape', NOW);
  session.filterInstalled('  ', null, NOW);
  assert.equal(ui.captureFilter, '', 'blank text removes the user filter');
});

test('l: a case-insensitive regex; an invalid one says "Invalid regexp" and drops the filter; empty matches all', () => {
  const ui = fresh();
  applyScreenKey(ui, 'l', NOW);
  assert.deepEqual(ui.editor, { kind: 'screen-filter', text: '', cursor: 0 });
  type(ui, 'TWO|ip6');
  applyScreenKey(ui, 'enter', NOW);
  assert.equal(ui.screenFilter?.text, 'TWO|ip6');
  assert.equal(ui.screenFilter?.regex.test('two.example'), true);
  assert.equal(ui.hint, null, 'no hint on success');
  applyScreenKey(ui, 'l', NOW);
  assert.equal(editorNow(ui)?.text, 'TWO|ip6', 'the prompt starts from the current filter');
  applyScreenKey(ui, '\x15', NOW);
  type(ui, '(');
  applyScreenKey(ui, '\r', NOW);
  assert.equal(ui.screenFilter, null, 'all flows reappear');
  assert.equal(hintText(ui), 'Invalid regexp');
  applyScreenKey(ui, 'l', NOW);
  applyScreenKey(ui, 'enter', NOW);
  assert.equal(filterNow(ui)?.regex.test('anything'), true, 'empty regexp compiles and matches everything');
});

test('l is a POSIX extended regex: bracket classes like [[:digit:]] work as in iftop\'s regcomp', () => {
  const ui = fresh();
  applyScreenKey(ui, 'l', NOW);
  type(ui, '^10\\.[[:digit:]]+');
  applyScreenKey(ui, 'enter', NOW);
  assert.equal(ui.hint, null);
  assert.equal(ui.screenFilter?.regex.test('10.1.2.3                  '), true, '[[:digit:]] matches a digit');
});

test('the screen filter matches the padded host strings and affects only which lines are shown', () => {
  const model = modelOf([
    flowLine({ src: '10.0.0.1', dst: '10.0.0.2', sent: [100, 100, 100] }),
    flowLine({ src: '10.0.0.1', dst: '192.0.2.7', sent: [50, 50, 50] }),
  ]);
  const show = (screenFilter: RegExp | null) =>
    renderScreen(screenInput({ model, screenFilter }), 't').canvas.lines().filter((l) => l.includes(' => ')).map((l) => l.slice(30, 40).trim());
  assert.deepEqual(show(null), ['10.0.0.2', '192.0.2.7']);
  assert.deepEqual(show(/192/i), ['192.0.2.7']);
  assert.deepEqual(show(/ {10}/), ['10.0.0.2', '192.0.2.7'], 'the padding is part of the text matched');
  assert.deepEqual(show(/^10\.0\.0\.2 +$/), ['10.0.0.2'], 'the whole L-wide field');
  const totals = (f: RegExp | null) => renderScreen(screenInput({ model, screenFilter: f }), 't').canvas.line(21);
  assert.equal(totals(/nothing/), totals(null), 'totals are not filtered');
});

test('9.5: the prompt window scrolls when the text exceeds COLS − len(prompt) − 3, the cursor stays on screen', () => {
  // 80 columns, "Net filter> " is 12 cells: 67 characters fit (iftop: COLS − xstart − 1).
  const text = 'x'.repeat(60) + '0123456789';
  const at = (cursor: number) => renderScreen(screenInput({ editor: { prompt: 'Net filter', text, cursor } }), 't');
  const end = at(70);
  assert.equal(end.canvas.line(0), 'Net filter> ' + text.slice(3) + ' ', 'shows the last 67 characters');
  assert.deepEqual(end.cursor, { row: 0, col: 79 });
  const start = at(0);
  assert.equal(start.canvas.line(0), 'Net filter> ' + text.slice(0, 67) + ' ');
  assert.deepEqual(start.cursor, { row: 0, col: 12 });
});

test('wide and non-BMP characters: moves and deletes take whole characters; the cursor sits after their cells', () => {
  const e = editor('', 0);
  for (const k of ['名', '😀', 'a']) editLine(e, k);
  assert.deepEqual([e.text, e.cursor], ['名😀a', 4]);
  editLine(e, 'left');
  editLine(e, 'left');
  assert.equal(e.cursor, 1, 'over the emoji in one step');
  editLine(e, 'delete');
  assert.deepEqual([e.text, e.cursor], ['名a', 1], 'Delete removes the whole emoji');
  editLine(e, 'end');
  editLine(e, '😀');
  editLine(e, 'backspace');
  assert.deepEqual([e.text, e.cursor], ['名a', 2], 'Backspace removes the whole emoji');
  editLine(e, 'left');
  const drawn = renderScreen(screenInput({ editor: { prompt: 'Screen filter', text: e.text, cursor: e.cursor } }), 't');
  assert.ok(drawn.canvas.line(0).startsWith('Screen filter> 名a '), drawn.canvas.line(0));
  assert.deepEqual(drawn.cursor, { row: 0, col: 17 }, 'after 15 cells of head and the two cells of 名');
});

test('a long text of wide characters scrolls by whole characters and keeps the cursor on screen', () => {
  const text = '名'.repeat(50);
  const drawn = renderScreen(screenInput({ editor: { prompt: 'Net filter', text, cursor: text.length } }), 't');
  // 80 columns, 12 cells of head: room for 67 cells, so 33 wide characters (66 cells) before the cursor.
  assert.equal(drawn.canvas.line(0).startsWith('Net filter> ' + '名'.repeat(33)), true);
  assert.deepEqual(drawn.cursor, { row: 0, col: 12 + 66 });
});
