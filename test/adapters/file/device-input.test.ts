// Character devices given as -r: a terminal is refused with one line, other devices are read without a blocking read (so a quiet one cannot hold a stop or the exit).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { constants, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { deviceSource } from '../../../src/adapters/file/device-source.js';
import { NO_DNS, run, WIRETOP } from '../../helpers/run-wiretop.js';
import { scratchDir } from '../../helpers/scratch-dir.js';

const NODE = process.execPath;

test('-r /dev/tty on a terminal (script(1) gives it a pty): one line saying it is a terminal, status 1, no wait for input', async () => {
  const r = await run('script', ['-qec', `${NODE} ${WIRETOP} ${NO_DNS.join(' ')} -t -n -r /dev/tty`, '/dev/null'], { timeoutMs: 15_000 });
  assert.equal(r.code, 1, r.stdout);
  assert.equal(r.stdout.replace(/\r/g, ''),
    'wiretop: /dev/tty: is a terminal, not a capture: give a capture file, or pipe one in (tcpdump -w - … | wiretop -r -)\n');
});

test('character devices that hold no capture: /dev/zero, /dev/null and standard input from /dev/zero each end with one line, status 1', async () => {
  const zero = await run(NODE, [WIRETOP, ...NO_DNS, '-t', '-n', '-r', '/dev/zero'], { timeoutMs: 15_000 });
  assert.equal(zero.code, 1);
  assert.equal(zero.stderr, 'wiretop: /dev/zero: not a pcap or pcapng file (first bytes 00 00 00 00)\n');
  const empty = await run(NODE, [WIRETOP, ...NO_DNS, '-t', '-n', '-r', '/dev/null'], { timeoutMs: 15_000 });
  assert.equal(empty.code, 1);
  assert.equal(empty.stderr, 'wiretop: /dev/null: the file is empty\n');
  const stdin = await run('sh', ['-c', `exec ${NODE} ${WIRETOP} ${NO_DNS.join(' ')} -t -n -r - < /dev/zero`], { timeoutMs: 15_000 });
  assert.equal(stdin.code, 1);
  assert.equal(stdin.stderr, 'wiretop: -: not a pcap or pcapng file (first bytes 00 00 00 00)\n');
});

test('the device source: "nothing yet" (-1) while the descriptor is quiet, its bytes once there, close() twice is harmless', async () => {
  // A FIFO opened read-write and non-blocking behaves as a quiet device: no end, EAGAIN until written.
  const path = join(scratchDir('wt-device-'), 'quiet');
  execFileSync('mkfifo', [path]);
  const fd = openSync(path, constants.O_RDWR | constants.O_NONBLOCK);
  const source = deviceSource(fd, 60);
  const buf = new Uint8Array(16);
  assert.equal(await source.read(buf, 0, 16), -1, 'quiet: nothing yet, and the read returned');
  writeSync(fd, Buffer.from('abcde'));
  assert.equal(await source.read(buf, 2, 10), 5);
  assert.deepEqual([...buf.subarray(2, 7)], [...Buffer.from('abcde')]);
  assert.equal(await source.read(buf, 0, 16), -1, 'quiet again');
  source.close();
  source.close();
});

test('a read error of the device (not EAGAIN) comes back as the error', async () => {
  // A descriptor opened write-only: read(2) fails with EBADF at once.
  const path = join(scratchDir('wt-device-'), 'out');
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_NONBLOCK);
  const source = deviceSource(fd, 60);
  await assert.rejects(source.read(new Uint8Array(4), 0, 4), /EBADF/);
  source.close();
});
