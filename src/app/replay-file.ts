// Reading a capture file through the replay clock (and -f), for any presenter: text blocks, NDJSON or the screen.
import type { FrameSink } from '../capture-file/frame-sink.js';
import type { Monitor } from '../core/monitor.js';
import type { TextOutput } from '../ports/text-output.js';
import type { BpfCompiler } from './filtered-sink.js';
import { FilteredSink } from './filtered-sink.js';
import { ReplayDriver } from './replay-driver.js';
import type { RotationHandler } from './replay-driver.js';
import type { Block, TextSession } from './text-session.js';

export interface ReplayRead {
  /** Why reading ended early, already phrased for the user (every frame before it was delivered). */
  error: { message: string } | null;
  /** Link types seen in the file. */
  linktypes: readonly number[];
}

export interface ReplayDeps {
  /** Reads the file into the sink; awaits `between` after each chunk and stops when `shouldStop` says so. */
  readFile(sink: FrameSink, between: () => Promise<void>, shouldStop: () => boolean): Promise<ReplayRead>;
  /** Awaited between chunks: lets signals, keys and output drain. */
  pause(): Promise<void>;
  /** Compiles -f for a link type; absent when there is no filter. */
  readonly filter?: BpfCompiler;
}

/**
 * Reads the whole file (or up to the -s block). Time comes from every frame, filtered or not, as it
 * would on a live link, so the filter sits after the replay clock.
 */
export async function replayFile(
  monitor: Monitor,
  onRotation: RotationHandler,
  deps: ReplayDeps,
  timedSeconds: number,
  quitRequested: () => boolean,
): Promise<{ read: ReplayRead; driver: ReplayDriver; filterFailed: boolean }> {
  const filter = deps.filter === undefined ? null : new FilteredSink(monitor, deps.filter);
  const driver = new ReplayDriver(filter ?? monitor, onRotation, timedSeconds);
  const read = await deps.readFile(driver, () => deps.pause(), () => driver.done || quitRequested() || filter?.error != null);
  if (filter?.error != null) return { read: { ...read, error: { message: `bad filter: ${filter.error}` } }, driver, filterFailed: true };
  return { read, driver, filterFailed: false };
}

/**
 * -r FILE in text/NDJSON mode: a block per 2 s of capture time as it goes, and a final block for the
 * part-slot at the end of the file (with -s and a file shorter than N seconds, that final block is the
 * one block printed). Output drains between chunks, so nothing is dropped. With `settleNames`, each
 * block waits until the names it shows have been looked up, so a file prints the same every time.
 */
export async function replayText(
  monitor: Monitor,
  session: TextSession,
  out: TextOutput,
  deps: ReplayDeps & { readonly settleNames?: (addresses: readonly string[]) => Promise<void> },
  timedSeconds: number,
  quitRequested: () => boolean,
): Promise<ReplayRead> {
  const queue: Block[] = [];
  const flush = async () => {
    for (const block of queue.splice(0)) {
      if (deps.settleNames !== undefined) await deps.settleNames(session.shownAddresses(block));
      out.write(session.render(block));
    }
  };
  const paced: ReplayDeps = {
    ...deps,
    pause: async () => {
      await flush();
      await out.drained();
      await deps.pause();
    },
  };
  const { read, driver, filterFailed } = await replayFile(
    monitor,
    (ts, print) => {
      const block = session.tickBlock(ts, print);
      if (block !== null) queue.push(block);
    },
    paced,
    timedSeconds,
    quitRequested,
  );
  // No final block when the file could not be read at all (bad magic, empty): just the error.
  const nothingRead = driver.firstTs === null && read.error !== null;
  if (!filterFailed && !nothingRead && !driver.done && !quitRequested()) queue.push(session.finalBlock(driver.lastTs));
  await flush();
  await out.drained();
  return read;
}
