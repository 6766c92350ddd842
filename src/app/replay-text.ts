// -r FILE in text/NDJSON mode: blocks per 2 s of capture time, a final block, deterministic output.
import type { FrameSink } from '../capture-file/frame-sink.js';
import type { Monitor } from '../core/monitor.js';
import type { TextOutput } from '../ports/text-output.js';
import { ReplayDriver } from './replay-driver.js';
import type { TextSession } from './text-session.js';
import type { BpfCompiler } from './filtered-sink.js';
import { FilteredSink } from './filtered-sink.js';

export interface ReplayRead {
  /** Why reading ended early, already phrased for the user (every frame before it was delivered). */
  error: { message: string } | null;
  /** Link types seen in the file. */
  linktypes: readonly number[];
}

export interface ReplayDeps {
  /** Reads the file into the sink; awaits `between` after each chunk and stops when `shouldStop` says so. */
  readFile(sink: FrameSink, between: () => Promise<void>, shouldStop: () => boolean): Promise<ReplayRead>;
  readonly out: TextOutput;
  /** Lets signals and output drain between chunks. */
  pause(): Promise<void>;
  /** Compiles -f for a link type; absent when there is no filter. */
  readonly filter?: BpfCompiler;
}

/**
 * Reads the whole file (or up to the -s block) and prints as it goes. Without -s the last block
 * shows the partial slot at the end of the file; with -s and a file shorter than N seconds, that
 * final block is the one block printed.
 */
export async function runReplayText(
  monitor: Monitor,
  session: TextSession,
  deps: ReplayDeps,
  timedSeconds: number,
  quitRequested: () => boolean,
): Promise<ReplayRead> {
  // Time comes from every frame, filtered or not, as it would on a live link; the filter sits after the clock.
  const filter = deps.filter === undefined ? null : new FilteredSink(monitor, deps.filter);
  const driver = new ReplayDriver(
    filter ?? monitor,
    (ts, print) => {
      const text = session.tick(ts, print);
      if (text !== '') deps.out.write(text);
    },
    timedSeconds,
  );
  const result = await deps.readFile(
    driver,
    async () => {
      await deps.out.drained();
      await deps.pause();
    },
    () => driver.done || quitRequested() || filter?.error != null,
  );
  if (filter?.error != null) return { ...result, error: { message: `bad filter: ${filter.error}` } };
  if (!driver.done && !quitRequested()) deps.out.write(session.final(driver.lastTs));
  await deps.out.drained();
  return result;
}
