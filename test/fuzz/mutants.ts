// editcap -E copies of the golden captures through the CLI: the one check shared by the short and the long fuzz pass.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { NO_DNS, run, WIRETOP } from '../helpers/run-wiretop.js';

export const CAPTURES = fileURLToPath(new URL('../../../test/golden/captures/', import.meta.url));

/**
 * Writes a mutated copy of `capture` (2 % of bytes changed, this seed) to `mutant` and reads it with
 * `-r -t -P`. Returns null when wiretop behaved — exit 0 with nothing on stderr (an unsupported link
 * type line aside), or exit 1 with one line — else what went wrong: a crash, a stack trace, a hang.
 */
export async function mutantProblem(capture: string, mutant: string, seed: number): Promise<string | null> {
  try {
    execFileSync('editcap', ['-E', '0.02', '--seed', String(seed), join(CAPTURES, capture), mutant], { stdio: 'pipe' });
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') throw new Error('editcap is not installed: apt-get install wireshark-common');
    throw e;
  }
  const r = await run(process.execPath, [WIRETOP, ...NO_DNS, '-r', mutant, '-t', '-P'], { timeoutMs: 20_000 });
  const what = `${capture} mutant seed ${seed}: exit ${r.code} ${r.signal ?? ''}\n${r.stderr}`;
  if (r.code !== 0 && r.code !== 1) return what;
  if (/internal error|\n\s+at /.test(r.stderr)) return `stack trace or internal error: ${what}`;
  if (r.code === 1 && r.stderr.trim().split('\n').length !== 1) return `more than one line: ${what}`;
  if (r.code === 0 && r.stderr.replace(/^wiretop: .*link type .* is not supported.*\n/gm, '') !== '') return `stderr not empty: ${what}`;
  return null;
}
