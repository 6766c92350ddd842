// Main side of the fuzz harness: runs a target in a worker and fails it when the heartbeat stops (a hang).
import { Worker } from 'node:worker_threads';
import { HEADER_WORDS } from './fuzz-protocol.js';
import type { FuzzJob, FuzzTarget } from './fuzz-protocol.js';

export interface FuzzOutcome {
  readonly ok: boolean;
  /** Frames checked. */
  readonly frames: number;
  readonly message: string;
}

/**
 * fast-check cannot interrupt a synchronous loop, so the property runs in a worker that bumps a
 * shared counter before each frame; when the counter stands still for `stallMs`, the worker is
 * terminated and the frame it was on is reported (link type, lengths, bytes in hex).
 */
export function runFuzz(target: FuzzTarget, seed: number, runs: number, stallMs = 2000): Promise<FuzzOutcome> {
  const shared = new SharedArrayBuffer(HEADER_WORDS * 4 + 65536);
  const meta = new Int32Array(shared, 0, HEADER_WORDS);
  const bytes = new Uint8Array(shared, HEADER_WORDS * 4);
  const worker = new Worker(new URL('./fuzz-worker.js', import.meta.url), { workerData: { target, seed, runs, shared } satisfies FuzzJob });
  return new Promise((resolve) => {
    let last = -1;
    const watch = setInterval(() => {
      const now = Atomics.load(meta, 0);
      if (now !== last) {
        last = now;
        return;
      }
      clearInterval(watch);
      const hex = Buffer.from(bytes.subarray(0, meta[4]!)).toString('hex');
      void worker.terminate();
      resolve({ ok: false, frames: 0, message: `${target} seed ${seed}: no progress for ${stallMs} ms on linktype ${meta[1]} caplen ${meta[2]} wirelen ${meta[3]} bytes ${hex}` });
    }, stallMs);
    worker.once('message', (m: { ok: boolean; frames: number; message?: string }) => {
      clearInterval(watch);
      void worker.terminate();
      resolve({ ok: m.ok, frames: m.frames, message: m.message ?? '' });
    });
    worker.once('error', (e) => {
      clearInterval(watch);
      resolve({ ok: false, frames: 0, message: `${target} seed ${seed}: worker crashed: ${e.message}` });
    });
  });
}
