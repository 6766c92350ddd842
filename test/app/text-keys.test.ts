// Text-mode keys (iftop spec 7.6): every key's exact message, the S/D/p port cycles, pause, quit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyTextKey } from '../../src/app/text-keys.js';
import type { TextKeyState } from '../../src/app/text-keys.js';
import { defaultViewOptions } from '../../src/core/view-options.js';
import type { PortDisplay } from '../../src/core/view-options.js';

function state(): TextKeyState {
  return { view: defaultViewOptions(), dnsOn: true, portNamesOn: true, paused: false };
}

/** A message line followed by an empty line, then the current list (iftop's tick(1)). */
const said = (text: string) => ({ message: `${text}\n\n`, printBlock: true, quit: false });

test('n and N toggle DNS and service names with iftop\'s text-mode messages', () => {
  const s = state();
  assert.deepEqual(applyTextKey('n', s), said('DNS resolution is OFF.'));
  assert.equal(s.dnsOn, false);
  assert.deepEqual(applyTextKey('n', s), said('DNS resolution is ON.'));
  assert.equal(s.dnsOn, true);
  assert.deepEqual(applyTextKey('N', s), said('Port resolution is OFF.'));
  assert.equal(s.portNamesOn, false);
  assert.deepEqual(applyTextKey('N', s), said('Port resolution is ON.'));
  assert.equal(s.portNamesOn, true);
});

test('s and d hide and show the source and destination hosts', () => {
  const s = state();
  assert.deepEqual(applyTextKey('s', s), said('Hide source host'));
  assert.equal(s.view.hideSource, true);
  assert.deepEqual(applyTextKey('s', s), said('Show source host'));
  assert.equal(s.view.hideSource, false);
  assert.deepEqual(applyTextKey('d', s), said('Hide destination host'));
  assert.equal(s.view.hideDestination, true);
  assert.deepEqual(applyTextKey('d', s), said('Show destination host'));
  assert.equal(s.view.hideDestination, false);
});

const WORD: Record<PortDisplay, string> = { off: 'none', 'source-only': 'src', 'destination-only': 'dest', on: 'both' };

/** iftop 9.4: S off→source, source→off, dest→both, both→dest; D off→dest, dest→off, source→both, both→source; p off→both, else off. */
const CYCLES: Record<'S' | 'D' | 'p', Record<PortDisplay, PortDisplay>> = {
  S: { off: 'source-only', 'source-only': 'off', 'destination-only': 'on', on: 'destination-only' },
  D: { off: 'destination-only', 'destination-only': 'off', 'source-only': 'on', on: 'source-only' },
  p: { off: 'on', 'source-only': 'off', 'destination-only': 'off', on: 'off' },
};

for (const key of ['S', 'D', 'p'] as const) {
  test(`${key} moves the port display from every state as iftop does, saying "Showing ports: …."`, () => {
    for (const [from, to] of Object.entries(CYCLES[key]) as [PortDisplay, PortDisplay][]) {
      const s = state();
      s.view.portDisplay = from;
      assert.deepEqual(applyTextKey(key, s), said(`Showing ports: ${WORD[to]}.`), `${key} from ${from}`);
      assert.equal(s.view.portDisplay, to, `${key} from ${from}`);
    }
  });
}

test('S then D from "off" shows both ports; S again leaves only the destination', () => {
  const s = state();
  assert.equal(applyTextKey('S', s).message, 'Showing ports: src.\n\n');
  assert.equal(applyTextKey('D', s).message, 'Showing ports: both.\n\n');
  assert.equal(applyTextKey('S', s).message, 'Showing ports: dest.\n\n');
  assert.equal(applyTextKey('D', s).message, 'Showing ports: none.\n\n');
  assert.equal(s.view.portDisplay, 'off');
});

test('P pauses with one line and no block, and P again continues with a message and a block', () => {
  const s = state();
  assert.deepEqual(applyTextKey('P', s), { message: "Pausing... press 'P' again to continue.\n", printBlock: false, quit: false });
  assert.equal(s.paused, true);
  assert.deepEqual(applyTextKey('P', s), said('Continuing.'));
  assert.equal(s.paused, false);
});

test('o freezes and unfreezes the order', () => {
  const s = state();
  assert.deepEqual(applyTextKey('o', s), said('Order frozen.'));
  assert.equal(s.view.frozen, true);
  assert.deepEqual(applyTextKey('o', s), said('Order unfrozen.'));
  assert.equal(s.view.frozen, false);
});

test('1 2 3 < > choose the sort column with "Sorting by column …."', () => {
  const s = state();
  for (const [key, sort, text] of [
    ['1', '2s', '1'], ['2', '10s', '2'], ['3', '40s', '3'], ['<', 'source', 'source'], ['>', 'destination', 'destination'],
  ] as const) {
    assert.deepEqual(applyTextKey(key, s), said(`Sorting by column ${text}.`), key);
    assert.equal(s.view.sort, sort, key);
  }
});

test('u prints the list with no message; q quits and prints nothing', () => {
  const s = state();
  assert.deepEqual(applyTextKey('u', s), { message: '', printBlock: true, quit: false });
  assert.deepEqual(applyTextKey('q', s), { message: '', printBlock: false, quit: true });
  assert.deepEqual(s, state(), 'neither key changes a setting');
});

test('keys that text mode does not bind (curses-only keys, capitals, controls) do nothing', () => {
  const s = state();
  for (const key of ['t', 'T', 'b', 'B', 'L', 'h', '?', 'j', 'k', 'f', 'l', '!', 'H', 'x', 'Q', ' ', '\n', '\x1b', '\x0c', '0', '4']) {
    assert.deepEqual(applyTextKey(key, s), { message: '', printBlock: false, quit: false }, JSON.stringify(key));
  }
  assert.deepEqual(s, state());
});
