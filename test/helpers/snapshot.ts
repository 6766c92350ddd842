// Snapshot files for rendered screens: plain rows (optionally reverse-video masks) checked against __snapshots__ in the source tree.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Canvas } from '../../src/render/screen/canvas.js';

/**
 * The repository root: this file runs as <root>/dist/test/helpers/snapshot.js, its source is
 * <root>/test/helpers/snapshot.ts, and snapshots live next to the test sources, never in dist/.
 */
export const SOURCE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** One rendered canvas as snapshot text: a size line, each row between bars, then the reverse-video masks if asked. */
export function canvasText(c: Canvas, o: { masks?: boolean; title?: string } = {}): string {
  const out = [`${o.title ?? 'screen'} ${c.cols}x${c.rows}`];
  for (let r = 0; r < c.rows; r++) out.push(`|${c.line(r)}|`);
  if (o.masks === true) {
    // Only rows with reverse video are listed, each with its row number.
    out.push('reverse video:');
    for (let r = 0; r < c.rows; r++) {
      const mask = c.reverseMask(r);
      if (mask.includes('#')) out.push(`${String(r).padStart(2)} |${mask}|`);
    }
  }
  return out.join('\n') + '\n';
}

/**
 * Compares `text` with `<dir>/__snapshots__/<name>.txt` (dir relative to the repository, e.g.
 * 'test/render/screen'). A missing or different snapshot fails; with UPDATE_SNAPSHOTS=1 (refused when
 * CI is set) it is written instead, to be reviewed by eye before committing.
 */
export function matchSnapshot(dir: string, name: string, text: string): void {
  const sourceDir = join(SOURCE_ROOT, 'test', 'helpers');
  if (!existsSync(join(sourceDir, 'snapshot.ts'))) {
    assert.fail(`snapshots resolve the source tree from the compiled file; ${sourceDir}/snapshot.ts does not exist ` +
      '(run the tests from <repo>/dist, or link <build>/test to the repository\'s test directory)');
  }
  const file = join(SOURCE_ROOT, dir, '__snapshots__', `${name}.txt`);
  const shown = relative(SOURCE_ROOT, file);
  const update = process.env['UPDATE_SNAPSHOTS'] === '1';
  if (update && (process.env['CI'] ?? '') !== '') assert.fail('UPDATE_SNAPSHOTS=1 is refused under CI: snapshots are written and reviewed by hand');
  const expected = existsSync(file) ? readFileSync(file, 'utf8') : null;
  if (expected === text) return;
  if (update) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return;
  }
  if (expected === null) assert.fail(`snapshot ${shown} is missing: run with UPDATE_SNAPSHOTS=1 to write it, review it against the spec, commit it`);
  assert.equal(text, expected, `snapshot ${shown} differs (after reviewing the change, UPDATE_SNAPSHOTS=1 rewrites it)`);
}
