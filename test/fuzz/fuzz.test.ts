// The short fixed-seed fuzz pass of `npm test` (`npm run fuzz` runs the long one): decoder, ingest path, mutated captures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFuzz } from './fuzz-runner.js';
import { CAPTURES, mutantProblem } from './mutants.js';

test('the harness catches a hang: a target that loops forever is reported with the frame it was on', async () => {
  const r = await runFuzz('hang-self-test', 1, 1, 500);
  assert.equal(r.ok, false);
  assert.match(r.message, /no progress for 500 ms on linktype 1 caplen 2 wirelen 2 bytes dead/);
});

for (const [target, runs] of [['decode', 20_000], ['ingest', 1_500], ['mutate', 300_000]] as const) {
  test(`fuzz ${target}: ${runs} generated inputs (seed 42) never throw, hang or break an invariant`, async (t) => {
    const r = await runFuzz(target, 42, runs);
    t.diagnostic(`${r.frames} frames checked`);
    assert.ok(r.ok, r.message);
  });
}

test('mutated copies of every golden capture (editcap -E 0.02): exit 0, or 1 with one message; never a crash or a hang', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wt-mutants-'));
  try {
    for (const capture of readdirSync(CAPTURES)) {
      for (let i = 0; i < 8; i++) {
        const problem = await mutantProblem(capture, join(dir, `${i}-${capture}`), 1000 + i);
        assert.equal(problem, null);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
