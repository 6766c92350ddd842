// What run() needs from the way a run is shown (text blocks, the full screen, a check): its sinks and its part in the loop.
import type { FileReplay } from './file-driver.js';
import type { LinkEvent } from './live-input.js';
import type { LiveDriver, LiveDriverHooks, LiveEnd } from './live-driver.js';
import type { Sink } from './sink.js';

/** How the loop ended: the live loop's reason, or what reading the file gave. */
export type RunOutcome = { readonly live: LiveEnd } | { readonly file: FileReplay };

/** How a presenter ends the run (q, a signal, a closed stdout) with the exit status it decided. */
export interface RunControl {
  stop(status: number): void;
  readonly stopping: boolean;
}

/** What a presenter may do with the live capture: name it, change its filter (the `f` key). */
export interface CaptureControls {
  /** The interface name made safe to print. */
  readonly shown: string;
  /** Installs `(text) and (ip or ip6)`; resolves to libpcap's error, or null when installed. */
  setFilter(userFilter: string): Promise<string | null>;
}

export interface FileHooks {
  /** Awaited between chunks of the file. */
  pause(): Promise<void>;
  afterTick?(): void;
}

export interface Presenter {
  /** This presenter's sinks (they run after the alert sink, before the shared outputs). */
  readonly sinks: readonly Sink[];
  /** Live: what the loop calls besides ticking (the screen draws, polls hints). */
  liveHooks(): LiveDriverHooks;
  /** Live: before the loop runs (terminal entered, keys queued on the driver). */
  startLive(driver: LiveDriver, input: CaptureControls): void;
  /** Live: the interface went down or away, or came back. */
  linkEvent(e: LinkEvent): void;
  /** File: before the first chunk. */
  startFile(): FileHooks;
  /** File: after the last tick (the screen stays on the final state to browse). */
  afterFile(replay: FileReplay): Promise<void>;
  /**
   * After the loop: the exit status the presenter decided (0, 128+n for a signal, a check's verdict),
   * or an error to report instead.
   */
  finish(end: RunOutcome): Promise<{ status: number; error: string | null }>;
}
