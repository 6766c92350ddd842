// Runs the full-screen view: drains the capture, rotates every 2 s, redraws on ticks, keys, resizes and hints.
import type { Monitor } from '../../core/monitor.js';
import type { Clock } from '../../ports/clock.js';
import type { LiveSource } from '../../ports/live-source.js';
import type { Terminal } from '../../ports/terminal.js';
import type { LiveEnd } from '../live-text.js';
import { SLOT_SECONDS } from '../replay-driver.js';
import type { KeyEffect } from './screen-keys.js';
import type { ScreenSession, ScreenStatus } from './screen-session.js';

export interface ScreenLoopDeps {
  /** The live capture, or null when showing a file that has been read to the end. */
  readonly capture: LiveSource | null;
  readonly clock: Clock;
  readonly terminal: Terminal;
  /** Capture loss, malformed count and link banner for the current frame. */
  status(): ScreenStatus;
  /** Full BPF program text for a user filter (the user's text wrapped as iftop does). */
  programFor(userFilter: string): string;
}

const SLOT_MS = SLOT_SECONDS * 1000;
/**
 * A rotation more than this late (a suspended process, a stalled event loop) restarts the 2 s grid
 * from now, as iftop does at every rotation, instead of following with a short slot or a burst.
 */
const LATE_MS = 100;
/** How often a showing hint is checked for expiry (iftop's UI loop wakes every 0.2 s). */
const HINT_POLL_MS = 200;

export class ScreenLoop {
  private stopped: LiveEnd | null = null;
  private wakeUp: () => void = () => {};
  private pending: (() => void)[] = [];

  constructor(
    private readonly monitor: Monitor,
    private readonly session: ScreenSession,
    private readonly deps: ScreenLoopDeps,
  ) {
    deps.capture?.onFailure((message) => this.end({ reason: 'failed', message }));
    deps.terminal.onKey((k) => this.later(() => this.key(k)));
    deps.terminal.onResize(() =>
      this.later(() => {
        this.session.key('resize', this.deps.clock.epochSeconds());
        this.draw(true);
      }),
    );
  }

  /** Draws again soon (names arrived); safe to call from any event handler. */
  redraw(): void {
    this.later(() => this.draw(false));
  }

  end(why: LiveEnd): void {
    if (this.stopped === null) this.stopped = why;
    this.wakeUp();
  }

  async run(): Promise<LiveEnd> {
    const { capture, clock, terminal } = this.deps;
    terminal.enter();
    this.draw(true);
    let next = clock.monotonicMs() + SLOT_MS;
    while (this.stopped === null) {
      const untilTick = capture === null ? Infinity : Math.max(0, next - clock.monotonicMs());
      const wait = this.session.ui.hint !== null ? Math.min(untilTick, HINT_POLL_MS) : untilTick;
      const woken = new Promise<void>((r) => (this.wakeUp = r));
      await Promise.race([capture === null ? sleepOrWake(wait, woken) : capture.waitForData(wait), woken]);
      for (const job of this.pending.splice(0)) job();
      if (this.stopped !== null) break;
      if (capture !== null) {
        capture.drain(this.monitor);
        const now = clock.monotonicMs();
        if (now >= next) {
          this.session.tick(clock.epochSeconds());
          this.draw(false);
          next = now - next > LATE_MS ? now + SLOT_MS : next + SLOT_MS;
          continue;
        }
      }
      if (this.session.expireHint(clock.epochSeconds())) this.draw(false);
    }
    return this.stopped;
  }

  /** Runs work on the loop (keys and resizes arrive from event handlers). */
  private later(job: () => void): void {
    this.pending.push(job);
    this.wakeUp();
  }

  private key(k: string): void {
    const effects = this.session.key(k, this.deps.clock.epochSeconds());
    for (const e of effects) this.apply(e);
  }

  private apply(e: KeyEffect): void {
    switch (e.type) {
      case 'quit':
        this.end({ reason: 'quit' });
        return;
      case 'redraw':
        this.draw(false);
        return;
      case 'repaint':
        this.draw(true);
        return;
      case 'beep':
        this.deps.terminal.beep();
        return;
      case 'reanalyse':
        // Live, the new grouping shows at the next tick (iftop); a finished file has no next tick.
        if (this.deps.capture === null) {
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
    const capture = this.deps.capture;
    const now = () => this.deps.clock.epochSeconds();
    if (capture === null) {
      this.session.filterInstalled(text, 'a file is filtered with -f when it is read', now());
      this.draw(false);
      return;
    }
    void capture.setFilter(this.deps.programFor(text)).then((error) =>
      this.later(() => {
        this.session.filterInstalled(text, error, now());
        this.draw(true);
      }),
    );
  }

  private draw(full: boolean): void {
    const { cols, rows } = this.deps.terminal.size();
    this.deps.terminal.draw(this.session.frame(cols, rows, this.deps.status()), full);
  }
}

function sleepOrWake(ms: number, woken: Promise<void>): Promise<void> {
  if (ms === Infinity) return woken;
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    void woken.then(() => clearTimeout(t));
  });
}
