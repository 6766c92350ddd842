// No display: standard output belongs to an output (--json, --csv -, --ndjson-file -); signals end the run, link events go to stderr.
import type { HandledSignal, ProcessPort } from '../../ports/process-port.js';
import { SIGNAL_NUMBERS } from '../../ports/process-port.js';
import { linkEventLine } from './live-input.js';
import type { LinkEvent } from './live-input.js';
import type { LiveDriverHooks } from './live-driver.js';
import type { FileHooks, Presenter, RunControl, RunOutcome } from './presenter.js';
import type { Sink } from './sink.js';

export interface QuietPresenterDeps {
  readonly process: ProcessPort;
  readonly writeStderr: (text: string) => void;
  readonly yieldToEvents: () => Promise<void>;
}

/**
 * What draws nothing while it runs: link events on stderr, files read with a turn of the event loop
 * between chunks. `signalled` decides what a signal means (the check presenter builds on this).
 */
export class QuietPresenter implements Presenter {
  readonly sinks: readonly Sink[] = [];
  protected status = 0;

  constructor(
    protected readonly deps: QuietPresenterDeps,
    /** The interface or file, made inert. */
    protected readonly shown: string,
    protected readonly control: RunControl,
  ) {
    deps.process.onSignal((s) => this.signalled(s));
  }

  /** As in text mode: Ctrl+C ends with 0, the other signals with 128+n; the outputs still flush. */
  protected signalled(s: HandledSignal): void {
    this.status = s === 'SIGINT' ? 0 : 128 + SIGNAL_NUMBERS[s];
    this.control.stop(this.status);
  }

  liveHooks(): LiveDriverHooks {
    return {};
  }

  startLive(): void {}

  linkEvent(e: LinkEvent): void {
    this.deps.writeStderr(`wiretop: ${linkEventLine(this.shown, e)}\n`);
  }

  startFile(): FileHooks {
    return { pause: () => this.deps.yieldToEvents() };
  }

  async afterFile(): Promise<void> {}

  async finish(_end: RunOutcome): Promise<{ status: number; error: string | null }> {
    return { status: this.status, error: null };
  }
}
