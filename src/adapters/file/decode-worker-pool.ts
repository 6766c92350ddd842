// The decode worker of a records read, started as early as the command line allows so its start-up overlaps the main thread's.
import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { STDIN_PATH } from './read-capture-file.js';

/**
 * Files from this size on are decoded by a worker thread: starting one costs about 45 ms of a core
 * (less when started early, see prewarmDecodeWorker), which a file of about 100 000 packets pays back.
 */
export const WORKER_MIN_BYTES = 8 * 1024 * 1024;

const SCRIPT = new URL('./decode-worker.js', import.meta.url);

interface Started {
  readonly worker: Worker;
  /** Set when the worker failed or ended before it was handed out. */
  gone: boolean;
}

let early: Started | null = null;

function start(): Started {
  const started: Started = { worker: new Worker(SCRIPT), gone: false };
  const gone = () => (started.gone = true);
  started.worker.once('error', gone).once('exit', gone);
  return started;
}

/**
 * Starts the worker now when `path` is a regular file large enough to be read by one (a worker
 * waits for its job, so nothing of the file is read yet: privileges may still be dropped before).
 * Idle, it does not keep the process alive. Never throws.
 */
export function prewarmDecodeWorker(path: string, minBytes = WORKER_MIN_BYTES): void {
  // Standard input is never read by a worker, even with a file named "-" in the working directory.
  if (early !== null || path === STDIN_PATH) return;
  try {
    const st = statSync(path);
    if (!st.isFile() || st.size < minBytes) return;
    early = start();
    early.worker.unref();
  } catch {
    // Not there, not readable: the run reports it when it opens the file.
  }
}

/** A decode worker waiting for its job: the early one if it is still fine, else a new one. */
export function takeDecodeWorker(): Worker {
  const e = early;
  early = null;
  if (e !== null && !e.gone) {
    e.worker.ref();
    return e.worker;
  }
  return start().worker;
}
