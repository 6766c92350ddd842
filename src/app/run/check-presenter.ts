// `wiretop check` as a presenter: no output while it watches, then one Nagios status line and its exit code.
import type { Configuration } from '../../cli/configuration.js';
import type { HandledSignal } from '../../ports/process-port.js';
import { CheckSink } from '../../sinks/check-sink.js';
import type { RunControl, RunOutcome } from './presenter.js';
import { QuietPresenter } from './quiet-presenter.js';
import type { QuietPresenterDeps } from './quiet-presenter.js';

export interface CheckPresenterDeps extends QuietPresenterDeps {
  readonly writeStdout: (text: string) => void;
}

export class CheckPresenter extends QuietPresenter {
  override readonly sinks: readonly CheckSink[];
  private readonly check = new CheckSink();
  private interrupted: HandledSignal | null = null;

  constructor(
    protected override readonly deps: CheckPresenterDeps,
    private readonly config: Configuration,
    shown: string,
    control: RunControl,
  ) {
    super(deps, shown, control);
    this.sinks = [this.check];
  }

  /** A monitoring system's timeout: the check says it did not finish, in its own terms. */
  protected override signalled(s: HandledSignal): void {
    this.interrupted = s;
    this.control.stop(3);
  }

  override async finish(end: RunOutcome): Promise<{ status: number; error: string | null }> {
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
