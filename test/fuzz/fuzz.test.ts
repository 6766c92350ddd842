// The short fixed-seed fuzz pass of `npm test` (`npm run fuzz` runs the long one): decoder, ingest path, mutated captures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NO_DNS, run, WIRETOP } from '../helpers/run-wiretop.js';
import { runFuzz } from './fuzz-runner.js';

const CAPTURES = fileURLToPath(new URL('../../../test/golden/captures/', import.meta.url));

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
        const mutant = join(dir, `${i}-${capture}`);
        try {
          execFileSync('editcap', ['-E', '0.02', '--seed', String(1000 + i), join(CAPTURES, capture), mutant], { stdio: 'pipe' });
        } catch (e) {
          if ((e as { code?: string }).code === 'ENOENT') assert.fail('editcap is not installed: apt-get install wireshark-common');
          throw e;
        }
        const r = await run(process.execPath, [WIRETOP, ...NO_DNS, '-r', mutant, '-t', '-P'], { timeoutMs: 20_000 });
        assert.ok(r.code === 0 || r.code === 1, `${capture} mutant ${i}: exit ${r.code} ${r.signal ?? ''}\n${r.stderr}`);
        assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, `${capture} mutant ${i}`);
        if (r.code === 1) assert.equal(r.stderr.trim().split('\n').length, 1, `${capture} mutant ${i}: one line`);
        else assert.equal(r.stderr.replace(/^wiretop: .*link type .* is not supported.*\n/gm, ''), '', `${capture} mutant ${i}: nothing on stderr`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
