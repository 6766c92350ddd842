// wiretop -r in a real terminal (tmux): what a person sees after each key, reverse video, resizes down to 1×1, q.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Capture } from '../helpers/tmux.js';
import { Tmux } from '../helpers/tmux.js';
import { flowRows, wiretopCommand, writeReplayCapture } from './e2e-fixtures.js';

let tmux: Tmux;
let file: { path: string; packets: number };
const S = 'replay';

before(() => {
  tmux = new Tmux();
  file = writeReplayCapture();
});

after(() => tmux?.kill());

/** Waits until row 0 starts with the reverse-video hint ` text `. */
function hinted(text: string, extra: (c: Capture) => boolean = () => true): Promise<Capture> {
  const shown = ` ${text} `;
  return tmux.waitFor(S, `the hint "${text}"`, (c) =>
    c.text[0]!.startsWith(shown) && c.reverse[0]!.startsWith('#'.repeat(shown.length) + '.') && extra(c));
}

const first = (c: Capture): string => flowRows(c.text)[0] ?? '';

test('replay at 120×30: the browsing screen, then every key as a person sees it', async () => {
  const status = tmux.startWithStatus(S, 120, 30, wiretopCommand(['-r', file.path, '-n', '-N']));
  let c = await hinted(`End of file: ${file.packets} packets, 5.9 s`);
  assert.equal(c.text[1]![0], '└', 'scale line with its corner');
  assert.match(c.text[2]!, /^198\.51\.100\.20 +=> 192\.0\.2\.10 +/);
  assert.equal(c.text[2]!.indexOf('=>'), 47, 'marker at L = 46');
  assert.match(c.reverse[3]!, /^#+\.+$/, 'the received bar of the first flow');
  assert.equal(c.text[26], '─'.repeat(120));
  assert.match(c.text[27]!, /^TX: {13}cum: +0B {4}peak: +0b +rates: +0b +0b +0b *$/);
  assert.equal(tmux.display(S, '#{alternate_on} #{cursor_flag}'), '1 0', 'alternate screen, cursor hidden');

  tmux.keys(S, 'h');
  c = await tmux.waitFor(S, 'the help screen', (x) => x.text[2]!.startsWith('Host display:'));
  assert.equal(c.text[12]!.trimEnd(), ' p - toggle port display                ! - shell escape (disabled)');
  assert.equal(c.text[19]!.trimEnd(), '                                        l also pid:N proc: unit: container:');
  assert.equal(c.text[21]!.trimEnd(), 'wiretop, version 0.1.0');
  tmux.keys(S, 'h');
  await tmux.waitFor(S, 'the list again', (x) => /=>/.test(x.text[2]!));

  tmux.keys(S, 'p');
  c = await hinted('Port display ON', (x) => first(x).includes(':443'));
  assert.match(first(c), /^198\.51\.100\.20:443 +=> 192\.0\.2\.10:40001 /, 'a finished file regroups at once');

  tmux.keys(S, 't');
  c = await hinted('One line per host', (x) => first(x).includes('<=>'));
  assert.equal(first(c).indexOf('<=>'), 46);
  tmux.keys(S, 't', 't', 't');
  await hinted('Two lines per host');

  tmux.keys(S, 'T');
  c = await hinted('Show cumulative totals');
  assert.match(c.text[2]!.slice(88, 96), /^ +\d.*B +$/, 'cumulative at COLS − 32');
  tmux.keys(S, 'T');
  await hinted('Hide cumulative totals');

  tmux.keys(S, 'b');
  c = await hinted('Bars off', (x) => /=>/.test(x.text[1]!));
  assert.match(c.text[0]!, /^ Bars off ─+$/);
  assert.equal(c.reverse[2], '.'.repeat(120), 'no bars');
  tmux.keys(S, 'b');
  await hinted('Bars on');

  tmux.keys(S, 'L');
  c = await hinted('Logarithmic scale');
  assert.match(c.text[0]!, / 10b +100b +1\.00Kb +10\.0Kb +100Kb +1\.00Mb$/);
  tmux.keys(S, 'L');
  await hinted('Linear scale');

  tmux.keys(S, 'P');
  await hinted('Display paused');
  tmux.keys(S, 'o');
  await hinted('Order frozen');
  tmux.keys(S, 'o', 'P');
  await hinted('Display unpaused');

  tmux.keys(S, '1');
  await hinted('Sort by col 1');
  tmux.keys(S, '<');
  c = await hinted('Sort by source', (x) => first(x).startsWith('192.0.2.11:123'));

  const top = first(c);
  tmux.keys(S, 'j');
  c = await tmux.waitFor(S, 'the list scrolled by one', (x) => first(x) !== top && first(x) !== '');
  tmux.keys(S, 'k');
  await tmux.waitFor(S, 'the list back at the top', (x) => first(x) === top);

  tmux.keys(S, 'l');
  await tmux.waitFor(S, 'the screen filter prompt', (x) => x.text[0]!.trimEnd() === 'Screen filter>');
  tmux.type(S, '2001:DB8');
  tmux.keys(S, 'Enter');
  c = await tmux.waitFor(S, 'only the IPv6 flow', (x) => flowRows(x.text).length === 1);
  assert.match(first(c), /^\[2001:db8::2\]:80 +=> \[2001:db8::1\]:40002/);
  tmux.keys(S, 'l', 'C-u', 'Enter');
  await tmux.waitFor(S, 'all flows again', (x) => flowRows(x.text).length === 12);

  tmux.keys(S, 'f');
  await tmux.waitFor(S, 'the filter prompt', (x) => x.text[0]!.trimEnd() === 'Net filter>');
  tmux.type(S, 'tcp port foo');
  tmux.keys(S, 'Enter');
  await hinted('a file is filtered with -f when it is read');

  tmux.keys(S, 'q');
  assert.equal(await status(), 0);
});

test('resizes, down to 1×1 and back: the next frame fits the new size every time', async () => {
  const name = 'resize';
  const status = tmux.startWithStatus(name, 120, 30, wiretopCommand(['-r', file.path, '-n', '-N']));
  await tmux.waitFor(name, 'the first screen', (c) => c.text[0]!.startsWith(' End of file'));
  for (const [cols, rows] of [[80, 24], [40, 10], [20, 5], [10, 3], [1, 1], [2, 2], [200, 50], [120, 30]] as const) {
    tmux.resize(name, cols, rows);
    // tmux first shows the old screen cut to the new size; wiretop's own frame is recognised by its last
    // rate column at COLS − 8 on the TOTAL row, the separator at LINES − 4 and the resize hint.
    const c = await tmux.waitFor(name, `a ${cols}×${rows} frame`, (x) => {
      if (x.text.length !== rows || x.text.some((l) => [...l].length !== cols)) return false;
      if (cols >= 8 && !/^ +\d+(\.\d+)?[KMG]?b *$/.test(x.text[rows - 1]!.slice(cols - 8))) return false;
      if (rows >= 4 && x.text[rows - 4] !== '─'.repeat(cols)) return false;
      return cols < 23 || x.text[0]!.startsWith(' Press H or ? for help ');
    });
    if (cols >= 40 && rows >= 4) assert.ok(c.text[rows - 3]!.startsWith('TX:'), `${cols}×${rows}:\n${c.text.join('\n')}`);
    assert.equal(tmux.display(name, '#{pane_dead}'), '0', `still running at ${cols}×${rows}`);
  }
  const c = tmux.capture(name);
  assert.match(c.text[2]!, /^198\.51\.100\.20 +=> 192\.0\.2\.10/, 'back at 120×30 with the list');
  tmux.keys(name, 'q');
  assert.equal(await status(), 0);
});
