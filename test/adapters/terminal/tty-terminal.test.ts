// The TTY adapter with fake streams: alternate screen and cursor on enter/restore, diffed row writes, reverse runs, keys and resizes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { TtyTerminal } from '../../../src/adapters/terminal/tty-terminal.js';
import type { RenderedScreen } from '../../../src/render/screen/render-screen.js';
import { Canvas } from '../../../src/render/screen/canvas.js';

class FakeOutput extends Writable {
  text = '';
  columns = 20;
  rows = 3;
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
  take(): string {
    const t = this.text;
    this.text = '';
    return t;
  }
}

function setup() {
  const input = new PassThrough();
  const output = new FakeOutput();
  const term = new TtyTerminal(input as unknown as NodeJS.ReadStream, output as unknown as NodeJS.WriteStream);
  return { input, output, term };
}

function screen(rows: string[], reverse: [number, number, number][] = [], cursor: RenderedScreen['cursor'] = null): RenderedScreen {
  const c = new Canvas(rows[0]?.length ?? 0, rows.length);
  rows.forEach((r, i) => c.text(i, 0, r));
  for (const [row, col, n] of reverse) c.reverse(row, col, n);
  return { canvas: c, scale: { index: 0, jumped: false }, cursor, linesShown: 0 };
}

const ROWS = ['first row           ', 'second row          ', 'third row           '];

test('enter: alternate screen, hidden cursor, cleared; restore: attributes off, cursor shown, normal screen — once', () => {
  const { output, term } = setup();
  term.draw(screen(ROWS), true);
  assert.equal(output.take(), '', 'nothing is drawn before enter');
  term.enter();
  assert.equal(output.take(), '\x1b[?1049h\x1b[?25l\x1b[2J');
  term.enter();
  assert.equal(output.take(), '', 'enter twice does nothing');
  term.restore();
  assert.equal(output.take(), '\x1b[0m\x1b[?25h\x1b[?1049l');
  term.restore();
  assert.equal(output.take(), '', 'restore is safe to call again');
  term.draw(screen(ROWS), false);
  assert.equal(output.take(), '', 'nothing is drawn after restore');
});

test('only rows that changed are written; a full draw clears and writes every row', () => {
  const { output, term } = setup();
  term.enter();
  output.take();
  term.draw(screen(ROWS), false);
  assert.equal(output.take(), '\x1b[1;1Hfirst row           \x1b[2;1Hsecond row          \x1b[3;1Hthird row           \x1b[?25l');
  term.draw(screen(ROWS), false);
  assert.equal(output.take(), '\x1b[?25l', 'an identical frame writes no rows');
  term.draw(screen([ROWS[0]!, 'SECOND row          ', ROWS[2]!]), false);
  assert.equal(output.take(), '\x1b[2;1HSECOND row          \x1b[?25l');
  term.draw(screen(ROWS), true);
  const full = output.take();
  assert.ok(full.startsWith('\x1b[0m\x1b[2J\x1b[1;1H'), JSON.stringify(full));
  assert.equal(full.match(/\x1b\[\d;1H/g)?.length, 3);
});

test('reverse video is written as runs; the editing cursor is placed and shown', () => {
  const { output, term } = setup();
  term.enter();
  output.take();
  term.draw(screen(ROWS, [[0, 0, 5], [2, 6, 3]], { row: 1, col: 4 }), false);
  const out = output.take();
  assert.ok(out.includes('\x1b[1;1H\x1b[7mfirst\x1b[27m row           '), JSON.stringify(out));
  assert.ok(out.includes('\x1b[3;1Hthird \x1b[7mrow\x1b[27m           '));
  assert.ok(out.endsWith('\x1b[2;5H\x1b[?25h'));
});

test('a resize (different row count) redraws every row', () => {
  const { output, term } = setup();
  term.enter();
  term.draw(screen(ROWS), false);
  output.take();
  term.draw(screen(ROWS.slice(0, 2)), false);
  assert.equal(output.take().match(/\x1b\[\d;1H/g)?.length, 2);
  let resized = 0;
  term.onResize(() => resized++);
  output.emit('resize');
  assert.equal(resized, 1);
  assert.deepEqual(term.size(), { cols: 20, rows: 3 });
});

test('keys are parsed from input; Ctrl+C, Ctrl+Z and Ctrl+\\ go to the control listener, not to the key listener', () => {
  const { input, term } = setup();
  const keys: string[] = [];
  const controls: string[] = [];
  term.onKey((k) => keys.push(k));
  term.interceptControlKeys((k) => controls.push(k));
  term.enter();
  input.write('q\x1b[A\x03\x1a\x1c\x7f');
  assert.deepEqual(keys, ['q', 'up', 'backspace']);
  assert.deepEqual(controls, ['\x03', '\x1a', '\x1c']);
  term.restore();
  input.write('j');
  assert.deepEqual(keys, ['q', 'up', 'backspace'], 'no keys after restore');
});

test('an escape sequence or a UTF-8 character split across reads arrives whole; a lone Esc arrives after a short pause', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { input, term } = setup();
  const keys: string[] = [];
  term.onKey((k) => keys.push(k));
  term.enter();
  // Left arrow in two reads: its tail must not become the `D` command.
  input.write('\x1b');
  input.write('[D');
  assert.deepEqual(keys, ['left']);
  input.write('j\x1b[1;5');
  assert.deepEqual(keys, ['left', 'j'], 'the part-sequence waits');
  input.write('C');
  assert.deepEqual(keys, ['left', 'j', 'unknown'], 'Ctrl+Right is one unknown key, not `C`');
  // 名 is E5 90 8D: split after its first byte.
  input.write(Buffer.from([0xe5]));
  input.write(Buffer.from([0x90, 0x8d, 0x71]));
  assert.deepEqual(keys.slice(3), ['名', 'q']);
  input.write('\x1b');
  assert.deepEqual(keys.slice(5), [], 'Esc held back for a moment');
  t.mock.timers.tick(60);
  assert.deepEqual(keys.slice(5), ['escape']);
  term.restore();
});
