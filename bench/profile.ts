// Where wiretop spends an offline run: node --cpu-prof, summarised as self time per function.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, NODE, timed, WIRETOP } from './measure.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The thread number in a --cpu-prof file name (0 = the main thread). */
function threadOf(name: string): number {
  return Number(/\.(\d+)\.\d+\.cpuprofile$/.exec(name)?.[1] ?? 0);
}

/** Self time per function of one profile, the `top` largest. */
function selfTimes(p: Profile, top: number): { total: number; rows: [string, number][] } {
  const frameOf = new Map(p.nodes.map((n) => [n.id, n.callFrame]));
  const self = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const f = frameOf.get(id);
    const dt = p.timeDeltas[i] ?? 0;
    if (f === undefined) return;
    // src/… path and line: enough to find the function; "(garbage collector)" and friends have no url.
    const where = f.url === '' ? '' : ` (${f.url.replace(/^.*\/dist\//, '')}:${f.lineNumber + 1})`;
    const key = `${f.functionName || '(anonymous)'}${where}`;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  return { total, rows: [...self].sort((a, b) => b[1] - a[1]).slice(0, top) };
}

/** Runs `wiretop -r file -t -n -N` under the V8 profiler and returns a markdown table of the top functions by self time. */
export async function profileOffline(file: string, top = 12): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'wt-prof-'));
  try {
    // -Z root: wiretop would otherwise drop to nobody, who cannot write the profile into this directory.
    const t = await timed(NODE, ['--cpu-prof', `--cpu-prof-dir=${dir}`, WIRETOP, '-Z', 'root', '-r', file, '-t', '-n', '-N']);
    if (t.code !== 0) throw new Error(`profiled wiretop failed: ${t.stderr}`);
    // One profile per thread (CPU.<date>.<pid>.<thread>.<seq>.cpuprofile): the main thread (0) accounts
    // and ticks; a large file is read and decoded by the decode worker (the other one).
    const names = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).sort((a, b) => threadOf(a) - threadOf(b));
    if (names.length === 0) throw new Error('node --cpu-prof wrote no profile');
    const parts: string[] = [];
    for (const name of names) {
      const p = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Profile;
      const { total, rows } = selfTimes(p, top);
      const what = threadOf(name) === 0 ? 'main thread' : 'decode worker';
      parts.push(
        `\`node --cpu-prof bin/wiretop.js -Z root -r FILE -t -n -N\` on this file, ${what}: ${fmt(total / 1000)} ms sampled. Self time per function (compiled JS paths and lines):`,
        '',
        '| self ms | share | function |',
        '|---:|---:|---|',
        ...rows.map(([k, us]) => `| ${fmt(us / 1000)} | ${((100 * us) / total).toFixed(1)} % | ${k.replace(/\|/g, '\\|')} |`),
        '',
      );
    }
    return parts.join('\n').trimEnd();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
