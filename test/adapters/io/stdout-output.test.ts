// Text output on stdout: drained() resolves once what was written has been taken, also below the stream's high-water mark.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { StdoutOutput } from '../../../src/adapters/io/stdout-output.js';

/** A stream that takes each chunk a little later, as a pipe whose reader is busy does. */
function slowStream(taken: string[]): NodeJS.WriteStream {
  const w = new Writable({
    write(chunk: Buffer, _enc, cb) {
      setTimeout(() => {
        taken.push(chunk.toString());
        cb();
      }, 20);
    },
  });
  return w as unknown as NodeJS.WriteStream;
}

test('drained() waits for a small backlog (no drain event comes for it) and then resolves', async () => {
  const taken: string[] = [];
  const out = new StdoutOutput(slowStream(taken), true);
  assert.equal(out.write('a block\n'), true);
  assert.equal(out.write('another\n'), true);
  // Whatever the order, drained() must resolve; before, it waited for a 'drain' that never came.
  const result = await Promise.race([out.drained().then(() => 'drained'), sleep(2000).then(() => 'still waiting')]);
  assert.equal(result, 'drained');
  assert.deepEqual(taken, ['a block\n', 'another\n']);
});

test('drained() with nothing written, and after everything was taken, resolves at once', async () => {
  const taken: string[] = [];
  const out = new StdoutOutput(slowStream(taken), true);
  await out.drained();
  out.write('x');
  await out.drained();
  await out.drained();
  assert.deepEqual(taken, ['x']);
});

test('a stream that fails: drained() resolves, and the failure is reported once', async () => {
  const w = new Writable({ write: (_c, _e, cb) => setTimeout(() => cb(Object.assign(new Error('EPIPE'), { code: 'EPIPE' })), 10) });
  const out = new StdoutOutput(w as unknown as NodeJS.WriteStream, true);
  const errors: string[] = [];
  out.onClosed((e) => errors.push(e.code ?? e.message));
  out.write('x');
  const result = await Promise.race([out.drained().then(() => 'drained'), sleep(2000).then(() => 'still waiting')]);
  assert.equal(result, 'drained');
  assert.deepEqual(errors, ['EPIPE']);
});
