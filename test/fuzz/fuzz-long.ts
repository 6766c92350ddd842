// `npm run fuzz`: the long fuzz pass — many seeds of every target until FUZZ_FRAMES frames (default 10 M), plus mutated captures.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFuzz } from './fuzz-runner.js';
import { CAPTURES, mutantProblem } from './mutants.js';

const target = Number(process.env['FUZZ_FRAMES'] ?? 10_000_000);
const mutantsPerCapture = Number(process.env['FUZZ_MUTANTS'] ?? 100);
const firstSeed = Number(process.env['FUZZ_SEED'] ?? Date.now() % 100_000);

async function main(): Promise<number> {
  const started = Date.now();
  let frames = 0;
  let seed = firstSeed;
  for (; frames < target; seed++) {
    for (const [name, runs] of [['decode', 100_000], ['ingest', 5_000], ['mutate', 2_000_000]] as const) {
      const r = await runFuzz(name, seed, runs);
      if (!r.ok) {
        process.stderr.write(`fuzz: FAILED after ${frames} frames: ${r.message}\n`);
        return 1;
      }
      frames += r.frames;
    }
    process.stdout.write(`fuzz: seed ${seed} done, ${frames} frames so far\n`);
  }
  const mutants = await mutatedCaptures(seed);
  if (mutants < 0) return 1;
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  process.stdout.write(`fuzz: ${frames} frames (seeds ${firstSeed}–${seed - 1}) and ${mutants} mutated capture files in ${minutes} min, no failure\n`);
  return 0;
}

/** editcap -E copies of every golden capture through the CLI; returns how many, or -1 on a failure. */
async function mutatedCaptures(seed: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'wt-fuzz-'));
  let count = 0;
  try {
    for (const capture of readdirSync(CAPTURES)) {
      for (let i = 0; i < mutantsPerCapture; i++) {
        const problem = await mutantProblem(capture, join(dir, 'm.pcap'), seed * 1000 + i);
        if (problem !== null) {
          process.stderr.write(`fuzz: FAILED on ${problem}\n`);
          return -1;
        }
        count++;
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return count;
}

main().then((code) => process.exit(code));
