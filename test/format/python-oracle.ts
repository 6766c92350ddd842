// Runs python3 (whose socket and %-formatting call glibc or match it exactly) as a test oracle.
import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';

/**
 * Run `script` with `lines` on stdin (one per line) and return its stdout lines.
 * python3 is a CI requirement: if it is missing the calling test FAILS instead of skipping,
 * so a broken environment can never look like a pass.
 */
export function runPython(script: string, lines: readonly string[]): string[] {
  const result = spawnSync('python3', ['-c', script], {
    input: lines.join('\n') + '\n',
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error !== undefined) assert.fail(`python3 could not be run: ${result.error.message}`);
  assert.equal(result.status, 0, `python3 failed: ${result.stderr}`);
  const out = result.stdout.split('\n');
  out.pop(); // the final newline
  assert.equal(out.length, lines.length, 'python3 must answer one line per input line');
  return out;
}

/** Small deterministic PRNG (mulberry32) so random cases are the same on every run. */
export { mulberry32 as seededRandom } from '../helpers/random.js';
