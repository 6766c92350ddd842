// iftop's full-screen view as a presenter: frames on ticks, keys, resizes and hints; a file is browsed once read.
import type { Configuration } from '../../cli/configuration.js';
import type { Monitor } from '../../core/monitor.js';
import type { ServiceTable } from '../../format/services.js';
import type { Clock } from '../../ports/clock.js';
import type { Schedule } from '../../ports/schedule.js';
import type { ScreenHost } from '../../ports/terminal.js';
import type { Glyphs } from '../../render/screen/screen-input.js';
import type { AlertWatch } from '../alert-watch.js';
import { labellerFactory, serviceNames } from '../labelling.js';
import type { NameService } from '../name-service.js';
import type { KeyEffect } from '../screen/screen-keys.js';
import { ScreenSession } from '../screen/screen-session.js';
import type { ScreenStatus } from '../screen/screen-session.js';
import { initialUiState, showHint } from '../screen/ui-state.js';
import { viewOptionsFrom } from '../view-settings.js';
import { NO_OWNERS } from '../owner-rows.js';
import type { RunOwners } from '../owner-rows.js';
import type { FileReplay } from './file-driver.js';
import type { LinkEvent } from './live-input.js';
import { LiveDriver } from './live-driver.js';
import type { LiveDriverHooks } from './live-driver.js';
import type { CaptureControls, FileHooks, Presenter, RunControl, RunOutcome } from './presenter.js';

export interface ScreenPresenterDeps {
  readonly version: string;
  readonly clock: Clock;
  readonly schedule: Schedule;
  readonly services: ServiceTable;
  readonly glyphs: Glyphs;
  readonly clockText: (ts: number) => string;
  /** Lets the event loop run (signals, keys) between chunks of a file. */
  readonly yieldToEvents: () => Promise<void>;
}

/** While a file is read on the screen, redraw at most this often (reading runs far faster than real time). */
const REPLAY_REDRAW_MS = 100;
/** How often a showing hint is checked for expiry (iftop's UI loop wakes every 0.2 s). */
const HINT_POLL_MS = 200;

export class ScreenPresenter implements Presenter {
  readonly sinks: readonly ScreenSession[];
  readonly session: ScreenSession;
  private banner: string | null = null;
  /** Where work from the terminal goes: the live loop, or the browsing loop after a file. */
  private driver: LiveDriver | null = null;
  private input: CaptureControls | null = null;
  private lastDraw = -Infinity;

  constructor(
    private readonly deps: ScreenPresenterDeps,
    config: Configuration,
    private readonly monitor: Monitor,
    private readonly screen: ScreenHost,
    names: (onNames: () => void) => NameService,
    alerts: AlertWatch | null,
    linkBits: number | null,
    private readonly control: RunControl,
    private readonly kernelDropped: () => number,
    owners: RunOwners = NO_OWNERS,
  ) {
    const { settings, extras } = config;
    const service = names(() => this.driver?.later(() => this.draw(false)));
    this.session = new ScreenSession(monitor, initialUiState(settings, viewOptionsFrom(settings)), {
      version: deps.version,
      glyphs: deps.glyphs,
      fixedMaxBits: settings.maxBandwidth,
      useBytes: settings.useBytes,
      labeller: labellerFactory(deps.services, service),
      alerts,
      clockText: deps.clockText,
      linkBits,
      services: serviceNames(deps.services),
      owners: 'rows' in owners ? owners.rows : null,
    });
    this.session.ui.labels = extras.labels;
    this.session.ui.ownersOff = 'off' in owners ? owners.off : null;
    // --by on the screen opens that view first.
    if ('rows' in owners && extras.by !== null) this.session.ui.panel = extras.by === 'process' ? 'processes' : extras.by === 'unit' ? 'units' : 'containers';
    this.sinks = [this.session];
    screen.attach(() => control.stop(screen.status()));
  }

  /** Problems of the notifiers show as hints: stderr is hidden behind the screen. */
  problem(message: string): void {
    showHint(this.session.ui, message, this.deps.clock.epochSeconds());
  }

  liveHooks(): LiveDriverHooks {
    return this.hooks();
  }

  startLive(driver: LiveDriver, input: CaptureControls): void {
    this.driver = driver;
    this.input = input;
    this.session.ui.hint = { text: `Listening on ${input.shown}`.slice(0, 19), since: Math.floor(this.deps.clock.epochSeconds()), persistent: false };
    this.wireTerminal();
    this.screen.terminal.enter();
    this.draw(true);
  }

  linkEvent(e: LinkEvent): void {
    const shown = this.input?.shown ?? '';
    this.banner = e.kind === 'down' ? `${shown} is down` : e.kind === 'gone' ? `${shown} went away; waiting for it` : null;
    this.driver?.later(() => this.draw(false));
  }

  startFile(): FileHooks {
    // While the file is read only q counts (and the signals and control keys the screen host handles).
    this.screen.terminal.onKey((k) => {
      if (k === 'q') this.control.stop(0);
    });
    this.screen.terminal.enter();
    return {
      pause: () => this.deps.yieldToEvents(),
      afterTick: () => {
        if (this.deps.clock.monotonicMs() - this.lastDraw >= REPLAY_REDRAW_MS) {
          this.lastDraw = this.deps.clock.monotonicMs();
          this.draw(false);
        }
      },
    };
  }

  async afterFile(replay: FileReplay): Promise<void> {
    this.session.reanalyse();
    const seconds = Math.max(0, replay.lastTs - (replay.firstTs ?? replay.lastTs));
    showHint(this.session.ui, `End of file: ${this.monitor.counters.frames} packets, ${seconds.toFixed(1)} s`, this.deps.clock.epochSeconds(), true);
    if (this.control.stopping || this.screen.status() !== 0) return;
    // No more data comes: keys that regroup or re-sort take effect at once.
    const driver = new LiveDriver(this.monitor, null, { source: null, clock: this.deps.clock, schedule: this.deps.schedule }, 0, this.hooks());
    this.driver = driver;
    this.wireTerminal();
    this.draw(true);
    await driver.run();
  }

  async finish(_end: RunOutcome): Promise<{ status: number; error: string | null }> {
    this.screen.terminal.restore();
    return { status: this.screen.status(), error: null };
  }

  /** The browsing loop ends with the run. */
  end(): void {
    this.driver?.end({ reason: 'quit' });
  }

  private hooks(): LiveDriverHooks {
    return {
      pollMs: () => (this.session.ui.hint !== null ? HINT_POLL_MS : Infinity),
      afterTick: () => this.draw(false),
      idle: () => {
        if (this.session.expireHint(this.deps.clock.epochSeconds())) this.draw(false);
      },
    };
  }

  private wireTerminal(): void {
    const t = this.screen.terminal;
    t.onKey((k) => this.driver?.later(() => this.key(k)));
    t.onResize(() =>
      this.driver?.later(() => {
        this.session.key('resize', this.deps.clock.epochSeconds());
        this.draw(true);
      }),
    );
  }

  private key(k: string): void {
    for (const e of this.session.key(k, this.deps.clock.epochSeconds())) this.apply(e);
  }

  private apply(e: KeyEffect): void {
    switch (e.type) {
      case 'quit':
        this.control.stop(this.screen.status());
        return;
      case 'redraw':
        this.draw(false);
        return;
      case 'repaint':
        this.draw(true);
        return;
      case 'beep':
        this.screen.terminal.beep();
        return;
      case 'reanalyse':
        // Live, the new grouping shows at the next tick (iftop); a finished file has no next tick.
        if (this.input === null) {
          this.session.reanalyse();
          this.draw(false);
        }
        return;
      case 'set-capture-filter':
        this.setFilter(e.text);
        return;
    }
  }

  private setFilter(text: string): void {
    const now = () => this.deps.clock.epochSeconds();
    const input = this.input;
    if (input === null) {
      this.session.filterInstalled(text, 'a file is filtered with -f when it is read', now());
      this.draw(false);
      return;
    }
    void input.setFilter(text).then((error) =>
      this.driver?.later(() => {
        this.session.filterInstalled(text, error, now());
        this.draw(true);
      }),
    );
  }

  private status(): ScreenStatus {
    return { dropped: this.kernelDropped(), malformed: this.monitor.counters.malformed, banner: this.banner };
  }

  private draw(full: boolean): void {
    const { cols, rows } = this.screen.terminal.size();
    this.screen.terminal.draw(this.session.frame(cols, rows, this.status()), full);
  }
}
