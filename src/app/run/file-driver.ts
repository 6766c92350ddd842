// Replaying a capture file: time from packet timestamps through the replay clock (then -f), a tick per 2 s of capture time.
import type { FrameSink } from '../../capture-file/frame-sink.js';
import type { Monitor } from '../../core/monitor.js';
import type { RecordSink } from '../../core/packet-records.js';
import { RECORD_WORDS } from '../../core/packet-records.js';
import type { CaptureFile, FileReadResult } from '../../ports/capture-port.js';
import type { BpfCompiler } from '../filtered-sink.js';
import { FilteredSink } from '../filtered-sink.js';
import { ReplayDriver } from '../replay-driver.js';
import type { Ticker } from './ticker.js';

export interface FileDriverDeps {
  readonly file: CaptureFile;
  /** Compiles -f for a link type; null when there is no filter. */
  readonly filter: BpfCompiler | null;
  /** Awaited between chunks: lets signals, keys and output drain (text mode writes its blocks here). */
  pause(): Promise<void>;
  /** After each tick (the screen redraws, at most every 100 ms). */
  afterTick?(): void;
}

export interface FileReplay {
  readonly read: FileReadResult;
  /** Capture time of the first and the latest frame (null/0 when nothing was read). */
  readonly firstTs: number | null;
  readonly lastTs: number;
  /** Frames read in all (filtered or not). */
  readonly frames: number;
}

/**
 * Reads the whole file (or up to the -s tick), then hands the part-slot at the end to the sinks as
 * the final snapshot, unless the -s tick came first, reading was stopped, the filter failed or
 * nothing could be read at all. Time comes from every frame, filtered or not, as it would on a live
 * link, so the filter sits after the replay clock.
 */
export async function replayFile(
  monitor: Monitor,
  ticker: Ticker,
  deps: FileDriverDeps,
  timedSeconds: number,
  quitRequested: () => boolean,
): Promise<FileReplay> {
  const filter = deps.filter === null ? null : new FilteredSink(monitor, deps.filter);
  const next: FrameSink = filter ?? monitor;
  let frames = 0;
  let started = false;
  const counted: FrameSink & RecordSink = {
    frame(linktype, data, offset, caplen, wirelen, ts) {
      frames++;
      if (!started) {
        started = true;
        // The first slot starts at the first packet: packet times are stored relative to it.
        monitor.setTimeBase(ts);
      }
      next.frame(linktype, data, offset, caplen, wirelen, ts);
    },
    recordRun(words, f64, from, to) {
      frames += (to - from) / RECORD_WORDS;
      if (!started) {
        started = true;
        monitor.setTimeBase(f64[from >> 1]!);
      }
      monitor.recordRun(words, f64, from, to);
    },
    prefetch(words, from, to) {
      return monitor.prefetch(words, from, to);
    },
  };
  const driver = new ReplayDriver(counted, (ts, print) => {
    ticker.tick(ts, print);
    deps.afterTick?.();
  }, timedSeconds, counted);
  const shouldStop = () => driver.done || quitRequested() || filter?.error != null;
  const options = { betweenChunks: () => deps.pause(), shouldStop };
  let read: FileReadResult;
  try {
    // Without a filter the file can be decoded as records, off the main thread for a large file;
    // a filter needs each frame's bytes here.
    read = filter === null && deps.file.readRecords !== undefined
      ? await deps.file.readRecords(monitor.recordSpec, driver, options)
      : await deps.file.read(driver, options);
  } finally {
    await deps.file.close();
  }
  const filterFailed = filter?.error != null;
  if (filterFailed) read = { ...read, error: { message: `bad filter: ${filter!.error}` } };
  // No final snapshot when the file could not be read at all (bad magic, empty): just the error.
  const nothingRead = driver.firstTs === null && read.error !== null;
  if (!filterFailed && !nothingRead && !driver.done && !quitRequested()) ticker.finish(driver.lastTs, 'file');
  return { read, firstTs: driver.firstTs, lastTs: driver.lastTs, frames };
}
