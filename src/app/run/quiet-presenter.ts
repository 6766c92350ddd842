// No display: standard output belongs to an output (--json, --csv -, --ndjson-file -); signals end the run, link events go to stderr.
import type { HandledSignal, ProcessPort } from '../../ports/process-port.js';
import { SIGNAL_NUMBERS } from '../../ports/process-port.js';
import { linkEventLine } from './live-input.js';
import type { LinkEvent } from './live-input.js';
import type { LiveDriverHooks } from './live-driver.js';
import type { FileHooks, Presenter, RunControl } from './presenter.js';

export interface QuietPresenterDeps {
  readonly process: ProcessPort;
  readonly writeStderr: (text: string) => void;
  readonly yieldToEvents: () => Promise<void>;
}

export class QuietPresenter implements Presenter {
  readonly sinks = [];
  private status = 0;

  constructor(
    private readonly deps: QuietPresenterDeps,
    /** The interface or file, made inert. */
    private readonly shown: string,
    control: RunControl,
  ) {
    // As in text mode: Ctrl+C ends with 0, the other signals with 128+n; the outputs still flush.
    deps.process.onSignal((s: HandledSignal) => {
      this.status = s === 'SIGINT' ? 0 : 128 + SIGNAL_NUMBERS[s];
      control.stop(this.status);
    });
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

  async finish(): Promise<{ status: number; error: string | null }> {
    return { status: this.status, error: null };
  }
}
