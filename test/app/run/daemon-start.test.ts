// The daemon's start line: said only once its signals are handled, since whoever reads it (a supervisor, a test) may signal at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { daemon } from '../../../src/app/run/daemon.js';
import { parseDaemonArgs } from '../../../src/cli/daemon-args.js';
import type { HandledSignal } from '../../../src/ports/process-port.js';
import { fakeWorld } from '../../helpers/fake-deps.js';

test('"started on" comes after the signal handler is in place (a SIGHUP sent on reading it must not end the daemon)', async () => {
  const parsed = parseDaemonArgs(['-i', 'test0', '--alert', 'rate interface total > 1GB/s'], () => ({ error: { code: 'ENOENT', message: 'none' } }));
  assert.ok(parsed.kind === 'run');
  const w = fakeWorld();
  let stderrWhenHandled: string | null = null;
  const process = {
    ...w.deps.process,
    onSignal: (h: (s: HandledSignal) => void) => {
      stderrWhenHandled ??= w.stderr.text;
      return w.deps.process.onSignal(h);
    },
  };
  const done = daemon({ ...w.deps, process, stderrIsJournal: false }, parsed.options);
  try {
    for (let i = 0; i < 200 && !w.stderr.text.includes('started on'); i++) await new Promise((r) => setTimeout(r, 10));
    assert.match(w.stderr.text, /started on test0/);
    assert.notEqual(stderrWhenHandled, null, 'the daemon handles signals');
    assert.doesNotMatch(stderrWhenHandled!, /started on/, 'the start line was written before the signals were handled');
    w.signal('SIGHUP');
    assert.match(w.stderr.text, /SIGHUP: reloaded the alert rules: 1 rule/);
  } finally {
    w.signal('SIGTERM');
  }
  assert.equal(await done, 0);
});
