// Captures from a pipe: -r - reads standard input like a file, and a FIFO whose writer goes quiet neither blocks a stop nor the exit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openCaptureFile } from '../../../src/adapters/file/read-capture-file.js';
import { PIPE_IDLE_MS } from '../../../src/adapters/file/pipe-source.js';
import { finish, NO_DNS, REPO, run, WIRETOP } from '../../helpers/run-wiretop.js';
import { scratchDir } from '../../helpers/scratch-dir.js';

const NODE = process.execPath;
const CAPTURE = join(REPO, 'test/golden/captures/ticks.pcap');

/** A new FIFO (its directory goes when the test process exits). */
function fifo(): string {
  const path = join(scratchDir('wt-pipe-'), 'capture.pcap');
  execFileSync('mkfifo', [path]);
  return path;
}

test('-r - reads a capture piped into standard input: the same blocks as -r FILE', async () => {
  const args = [...NO_DNS, '-t', '-n', '-N'];
  const fromFile = await run(NODE, [WIRETOP, ...args, '-r', CAPTURE]);
  assert.equal(fromFile.code, 0, fromFile.stderr);
  const child = spawn(NODE, [WIRETOP, ...args, '-r', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const done = finish(child);
  child.stdin!.end(readFileSync(CAPTURE));
  const fromPipe = await done;
  assert.equal(fromPipe.code, 0, fromPipe.stderr);
  assert.match(fromPipe.stdout, /^Reading from -\n/);
  assert.equal(fromPipe.stdout.replace('Reading from -\n', ''), fromFile.stdout.replace(`Reading from ${CAPTURE}\n`, ''));
  assert.ok(fromFile.stdout.split('=====').length > 3, 'several blocks compared');
});

test('-r - with nothing piped in: one line about an empty file, status 1', async () => {
  const r = await run(NODE, [WIRETOP, ...NO_DNS, '-t', '-n', '-r', '-'], { input: '' });
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'wiretop: -: the file is empty\n');
});

test('-r - on a terminal (script(1) gives it a pty): one line saying to pipe a capture in, status 1', async () => {
  // -e: script exits with the command's status; the command's stdin, stdout and stderr are the pty.
  const r = await run('script', ['-qec', `${NODE} ${WIRETOP} ${NO_DNS.join(' ')} -t -n -r -`, '/dev/null'], { timeoutMs: 15_000 });
  assert.equal(r.code, 1, r.stdout);
  assert.equal(r.stdout.replace(/\r/g, ''), 'wiretop: standard input is a terminal, not a capture: pipe one in (tcpdump -w - … | wiretop -r -)\n');
});

test('a FIFO whose writer has gone quiet: SIGTERM ends the run at once and the process exits', async () => {
  const path = fifo();
  const child = spawn(NODE, [WIRETOP, ...NO_DNS, '-t', '-n', '-N', '-r', path], { stdio: ['ignore', 'pipe', 'pipe'] });
  const done = finish(child, 20_000);
  const writer = await open(path, 'w');
  const head = readFileSync(CAPTURE).subarray(0, 2000);
  await writer.write(head);
  await sleep(1000);
  const sent = Date.now();
  child.kill('SIGTERM');
  const r = await done;
  const took = Date.now() - sent;
  await writer.close();
  assert.equal(r.signal, null, 'ended by itself, not killed by the deadline');
  assert.equal(r.code, 143, r.stderr);
  assert.ok(took < 5000, `ended ${took} ms after SIGTERM with the writer still open (a blocking read waits for the writer)`);
});

test('the pipe source: bytes as they come, "nothing yet" (-1) while the writer is quiet, 0 at its end', async () => {
  const path = fifo();
  const opening = openCaptureFile(path);
  const writer = await open(path, 'w');
  const opened = await opening;
  assert.ok(!('error' in opened));
  assert.equal(opened.size, null);
  const buf = new Uint8Array(100);
  await writer.write(Uint8Array.of(1, 2, 3));
  assert.equal(await opened.source.read(buf, 0, 100), 3);
  assert.deepEqual([...buf.subarray(0, 3)], [1, 2, 3]);
  const t = Date.now();
  assert.equal(await opened.source.read(buf, 0, 100), -1);
  assert.ok(Date.now() - t >= PIPE_IDLE_MS - 20, 'waited a moment first');
  await writer.write(Uint8Array.of(4, 5));
  await writer.close();
  assert.equal(await opened.source.read(buf, 10, 1), 1, 'no more than asked');
  assert.equal(await opened.source.read(buf, 11, 100), 1);
  assert.deepEqual([...buf.subarray(10, 12)], [4, 5]);
  assert.equal(await opened.source.read(buf, 0, 100), 0);
  await opened.close();
});
