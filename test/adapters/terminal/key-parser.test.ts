// Raw terminal input split into keys: characters, control keys, arrows, Home/End variants, Delete, lone Esc, unknown sequences.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyReader, parseKeys } from '../../../src/adapters/terminal/key-parser.js';

test('printable characters and control characters are keys of their own', () => {
  assert.deepEqual(parseKeys('qhjk'), ['q', 'h', 'j', 'k']);
  assert.deepEqual(parseKeys('\x01\x05\x15\x17\x07\x0c'), ['\x01', '\x05', '\x15', '\x17', '\x07', '\x0c']);
  assert.deepEqual(parseKeys('<>!?'), ['<', '>', '!', '?']);
});

test('Backspace arrives as 0x7f or 0x08, Enter as CR or LF', () => {
  assert.deepEqual(parseKeys('\x7f\x08'), ['backspace', 'backspace']);
  assert.deepEqual(parseKeys('\r\n'), ['enter', 'enter']);
});

test('arrows in normal (CSI) and application (SS3) cursor mode', () => {
  assert.deepEqual(parseKeys('\x1b[A\x1b[B\x1b[C\x1b[D'), ['up', 'down', 'right', 'left']);
  assert.deepEqual(parseKeys('\x1bOA\x1bOB\x1bOC\x1bOD'), ['up', 'down', 'right', 'left']);
});

test('Home and End in every common spelling (xterm, SS3, vt220/screen/tmux, rxvt); Delete', () => {
  assert.deepEqual(parseKeys('\x1b[H\x1bOH\x1b[1~\x1b[7~'), ['home', 'home', 'home', 'home']);
  assert.deepEqual(parseKeys('\x1b[F\x1bOF\x1b[4~\x1b[8~'), ['end', 'end', 'end', 'end']);
  assert.deepEqual(parseKeys('\x1b[3~'), ['delete']);
});

test('a lone Esc at the end of a chunk is the Escape key; Esc followed by a plain character is Esc then that key', () => {
  assert.deepEqual(parseKeys('\x1b'), ['escape']);
  assert.deepEqual(parseKeys('ab\x1b'), ['a', 'b', 'escape']);
  assert.deepEqual(parseKeys('\x1bq'), ['escape', 'q']);
  assert.deepEqual(parseKeys('\x1b\x1b'), ['escape', 'escape']);
});

test('unknown sequences become one "unknown" key instead of letters that would act as commands', () => {
  assert.deepEqual(parseKeys('\x1b[15~'), ['unknown'], 'F5');
  assert.deepEqual(parseKeys('\x1b[1;5C'), ['unknown'], 'Ctrl+Right');
  assert.deepEqual(parseKeys('\x1bOP'), ['unknown'], 'F1');
  assert.deepEqual(parseKeys('\x1b[200~'), ['unknown'], 'bracketed paste start');
  assert.deepEqual(parseKeys('\x1b[1;5Cq'), ['unknown', 'q'], 'the key after it survives');
  assert.deepEqual(parseKeys('\x1b['), ['unknown'], 'cut short at the end of the chunk');
  assert.deepEqual(parseKeys('\x1b[' + '1'.repeat(40) + 'Aq').at(-1), 'q', 'a runaway sequence is bounded');
});

test('sequences mixed with keys in one chunk (typing fast, or a paste)', () => {
  assert.deepEqual(parseKeys('p\x1b[Aj\x1b[3~\r'), ['p', 'up', 'j', 'delete', 'enter']);
});

test('a non-BMP character (emoji) is one key, not two surrogate halves', () => {
  assert.deepEqual(parseKeys('a😀b'), ['a', '😀', 'b']);
  assert.deepEqual(parseKeys('é名'), ['é', '名']);
});

test('KeyReader: a sequence split across reads is one key; the held-back part flushes as Esc or unknown', () => {
  const r = new KeyReader();
  assert.deepEqual(r.feed('\x1b'), []);
  assert.equal(r.waiting, true);
  assert.deepEqual(r.feed('[A'), ['up']);
  assert.equal(r.waiting, false);
  assert.deepEqual(r.feed('k\x1bO'), ['k']);
  assert.deepEqual(r.feed('D'), ['left']);
  assert.deepEqual(r.feed('\x1b[3'), []);
  assert.deepEqual(r.feed('~x'), ['delete', 'x']);
  assert.deepEqual(r.feed('\x1bq'), ['escape', 'q'], 'Esc then a plain key is not a sequence');
  assert.deepEqual(r.feed('a\x1b'), ['a']);
  assert.deepEqual(r.flush(), ['escape'], 'a lone Esc after the pause');
  assert.deepEqual(r.feed('\x1b[12'), []);
  assert.deepEqual(r.flush(), ['unknown'], 'a sequence cut short');
  assert.equal(r.waiting, false);
  // A runaway sequence is not held back forever: past the sequence bound it is parsed as it is.
  const runaway = '\x1b[' + '1'.repeat(40);
  assert.deepEqual(r.feed(runaway), parseKeys(runaway));
  assert.equal(r.waiting, false);
});
