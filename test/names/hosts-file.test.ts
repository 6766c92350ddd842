// /etc/hosts parsing: first name of the first line wins, comments, IPv6 canonical keys, junk ignored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHostsFile } from '../../src/names/hosts-file.js';

test('address → first name, keyed by canonical numeric text', () => {
  const hosts = parseHostsFile('127.0.0.1\tlocalhost loopback\n# comment\n127.0.0.1 other\n0:0::1 ip6-localhost # tail\nnot-an-address x\n\n10.0.0.1\n192.0.2.7   two   spaces\n');
  assert.deepEqual([...hosts], [['127.0.0.1', 'localhost'], ['::1', 'ip6-localhost'], ['192.0.2.7', 'two']]);
});
