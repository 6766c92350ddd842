// `wiretop check` as a presenter: no output while it watches, then one Nagios status line and its exit code.
import type { Configuration } from '../../cli/configuration.js';
import type { HandledSignal, ProcessPort } from '../../ports/process-port.js';
import { CheckSink } from '../../sinks/check-sink.js';
import type { FileHooks, Presenter, RunControl, RunOutcome } from './presenter.js';
import { linkEventLine } from './live-input.js';
import type { LinkEvent } from './live-input.js';
import type { LiveDriverHooks } from './live-driver.js';

export interface CheckPresenterDeps {
  readonly process: ProcessPort;
  readonly writeStdout: (text: string) => void;
  readonly writeStderr: (text: string) => void;
  readonly yieldToEvents: () => Promise<void>;
}

export class CheckPresenter implements Presenter {
  readonly sinks: readonly CheckSink[];
  private readonly check = new CheckSink();
  private interrupted: HandledSignal | null = null;
  private readonly removeSignals: () => void;

  constructor(
    private readonly deps: CheckPresenterDeps,
    private readonly config: Configuration,
    /** The interface or file, made inert. */
    private readonly shown: string,
    control: RunControl,
  ) {
    this.sinks = [this.check];
    // A monitoring system's timeout: the check says it did not finish, in its own terms.
    this.removeSignals = deps.process.onSignal((s) => {
      this.interrupted = s;
      control.stop(3);
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

  async finish(end: RunOutcome): Promise<{ status: number; error: string | null }> {
    this.removeSignals();
    if (this.interrupted !== null) {
      // Half a capture is no verdict.
      this.deps.writeStdout(`WIRETOP UNKNOWN - interrupted by ${this.interrupted}\n`);
      return { status: 3, error: null };
    }
    // A failed capture or an unreadable file is reported by the run (UNKNOWN in a check).
    if ('live' in end ? end.live.reason === 'failed' : end.file.read.error !== null) return { status: 0, error: null };
    const { extras } = this.config;
    const result = this.check.result(this.shown, extras.checkWarning, extras.checkCritical);
    this.deps.writeStdout(`${result.line}\n`);
    return { status: result.code, error: null };
  }
}
