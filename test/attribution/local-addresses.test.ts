// A namespace's own addresses from its fib_trie and if_inet6 (captured samples).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addBytes, addressKey, isLoopback, parseFibTrieLocals, parseIfInet6 } from '../../src/attribution/local-addresses.js';
import { words } from '../helpers/flow-keys.js';
import { sampleText } from './samples.js';

const key = (a: string) => {
  const w = words(a);
  return addressKey(w.family, w.w);
};

test('fib_trie: the /32 host LOCAL leaves, each once although Main and Local list them', () => {
  const set = new Set<string>();
  assert.equal(parseFibTrieLocals(sampleText('proc-net-fib_trie.txt'), set), 2);
  assert.deepEqual([...set].sort(), [key('127.0.0.1'), key('198.51.100.7')].sort());
});

test('if_inet6: every address (link-local too: it is this namespace\'s)', () => {
  const set = new Set<string>();
  assert.equal(parseIfInet6(sampleText('proc-net-if_inet6.txt'), set), 4);
  assert.ok(set.has(key('2001:db8:77::7')) && set.has(key('::1')));
  assert.equal(parseIfInet6('nonsense\n0123 zz\n', new Set()), 0);
});

test('loopback and addresses given as bytes', () => {
  assert.ok(isLoopback(4, words('127.9.9.9').w) && isLoopback(6, words('::1').w));
  assert.ok(!isLoopback(4, words('128.0.0.1').w) && !isLoopback(6, words('::2').w));
  const set = new Set<string>();
  addBytes(Uint8Array.of(198, 51, 100, 7), set);
  addBytes(new Uint8Array(16).fill(0).map((_, i) => (i === 15 ? 1 : 0)), set);
  assert.deepEqual([...set].sort(), [key('198.51.100.7'), key('::1')].sort());
});
