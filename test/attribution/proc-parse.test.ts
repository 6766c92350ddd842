// /proc/PID/stat, status, cmdline and fd links: hostile names kept inert, odd input refused without throwing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCmdline, parseStat, parseStatusUid, pidsOf, socketInodeOfLink } from '../../src/attribution/proc-parse.js';
import { uidNames } from '../../src/config/passwd.js';

const STAT = '16765 (sleep) S 16763 16763 5827 0 -1 4194560 261 0 0 0 0 0 0 0 20 0 1 0 102975 2990080 410 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0';

test('stat: comm, state, ppid and start time (field 22), counted from the last ")"', () => {
  assert.deepEqual(parseStat(STAT), { comm: 'sleep', state: 'S', ppid: 16763, startTime: 102975 });
  const tricky = STAT.replace('(sleep)', '(a) S 1 (b)');
  assert.deepEqual(parseStat(tricky), { comm: 'a) S 1 (b', state: 'S', ppid: 16763, startTime: 102975 });
  assert.equal(parseStat(STAT.replace('(sleep)', '(z\u001b]0;pwn\u0007)'))?.comm, 'z\\x1b]0;pwn\\x07');
  assert.equal(parseStat('garbage'), null);
  assert.equal(parseStat('1 (x) S'), null);
});

test('status: the effective uid, as ps shows the user', () => {
  assert.equal(parseStatusUid('Name:\tping\nUmask:\t0022\nUid:\t1000\t0\t0\t0\nGid:\t1000\t1000\t1000\t1000\n'), 0);
  assert.equal(parseStatusUid('Uid:\t65534\t65534\t65534\t65534\n'), 65534);
  assert.equal(parseStatusUid('Name:\tx\n'), null);
});

test('cmdline: arguments joined, bounded, control characters made visible', () => {
  assert.equal(parseCmdline(new TextEncoder().encode('nginx: worker process\0\0')), 'nginx: worker process');
  assert.equal(parseCmdline(new TextEncoder().encode('/usr/bin/python3\0-c\0print(1)\0')), '/usr/bin/python3 -c print(1)');
  assert.equal(parseCmdline(new TextEncoder().encode('a\u001b[31mb\0')), 'a\\x1b[31mb');
  assert.equal(parseCmdline(new Uint8Array(100_000).fill(0x41)).length, 4096);
  assert.equal(parseCmdline(new Uint8Array(0)), '');
});

test('fd links: only socket:[N] counts', () => {
  assert.equal(socketInodeOfLink('socket:[2653884]'), 2653884);
  assert.equal(socketInodeOfLink('pipe:[2653884]'), -1);
  assert.equal(socketInodeOfLink('/tmp/socket:[1]'), -1);
  assert.equal(socketInodeOfLink('socket:[]'), -1);
  assert.equal(socketInodeOfLink('socket:[99999999999999999999]'), -1);
});

test('pids among /proc names; uid → name from passwd (first name wins)', () => {
  const out: number[] = [];
  pidsOf(['1', 'self', '42', 'net', '007', '4194304', 'thread-self'], out);
  assert.deepEqual(out, [1, 42, 4194304]);
  const names = uidNames('root:x:0:0:root:/root:/bin/bash\n# comment\nnobody:x:65534:65534::/:/usr/sbin/nologin\ntoor:x:0:0::/:/bin/sh\nbad\n');
  assert.deepEqual([...names], [[0, 'root'], [65534, 'nobody']]);
});
