// ~/.iftoprc parsing: comments, continuations, first-wins, command line wins, iftop's warnings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyIftoprc } from '../../src/config/iftoprc.js';

test('key is the text up to the first blank or colon; value trimmed; further colons kept', () => {
  const keys = new Map<string, string>();
  const w = applyIftoprc('interface eth0: x\nnet-filter6:  2001:db8::/32 \t\nno colon here\n  dns-resolution:no\n', 'rc', keys);
  assert.deepEqual(w, []);
  assert.deepEqual([...keys], [['interface', 'x'], ['net-filter6', '2001:db8::/32'], ['dns-resolution', 'no']]);
});

test('the first # starts a comment; a trailing backslash joins lines; line numbers count logical lines', () => {
  const keys = new Map<string, string>();
  const w = applyIftoprc('# comment\nfilter-code: port \\\n80 # web\nbogus: 1\n', 'rc', keys);
  assert.equal(keys.get('filter-code'), 'port 80');
  assert.deepEqual(w, ['rc:3: warning: unknown directive "bogus"']);
});

test('command line wins and first file occurrence wins, each repeat warned about', () => {
  const keys = new Map([['interface', 'lo']]);
  const w = applyIftoprc('interface: eth0\nsort: 2s\nsort: 40s\nscreen-filter: x\n', '/home/u/.iftoprc', keys);
  assert.equal(keys.get('interface'), 'lo');
  assert.equal(keys.get('sort'), '2s');
  assert.deepEqual(w, [
    '/home/u/.iftoprc:1: warning: repeated directive "interface"',
    '/home/u/.iftoprc:3: warning: repeated directive "sort"',
    '/home/u/.iftoprc:4: warning: unknown directive "screen-filter"',
  ]);
});

test('empty values are stored', () => {
  const keys = new Map<string, string>();
  applyIftoprc('filter-code:\n', 'rc', keys);
  assert.equal(keys.get('filter-code'), '');
});
