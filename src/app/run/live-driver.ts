// The live loop: drains the capture, ticks every 2 s on the monotonic clock (so -s ends on time even when idle), runs queued UI work.
import type { Monitor } from '../../core/monitor.js';
import { SLOT_SECONDS } from '../../core/screen-model.js';
import type { Clock } from '../../ports/clock.js';
import type { LiveSource } from '../../ports/live-source.js';
import type { Schedule } from '../../ports/schedule.js';
import type { Ticker } from './ticker.js';

/** Why the loop ended, for the caller's exit status. */
export type LiveEnd = { reason: 'timed' | 'quit' } | { reason: 'failed'; message: string };

export interface LiveDriverDeps {
  /** The capture; null when there is nothing to capture (a finished file on the screen: keys only). */
  readonly source: LiveSource | null;
  readonly clock: Clock;
  readonly schedule: Schedule;
}

export interface LiveDriverHooks {
  /** How long the loop may sleep between wake-ups besides the tick (a hint to expire); Infinity if no limit. */
  pollMs?(): number;
  /** After each tick (the screen draws). */
  afterTick?(): void;
  /** After each drain of the capture (new flows are looked up by attribution). */
  afterDrain?(): void;
  /** A wake-up without a tick (the screen lets a hint expire). */
  idle?(): void;
}

const SLOT_MS = SLOT_SECONDS * 1000;
/**
 * A tick more than this late (a suspended process, a stalled event loop) restarts the 2 s grid from
 * now, as iftop does at every rotation, instead of following with a short slot or a burst.
 */
const LATE_MS = 100;

/**
 * Runs until -s completes, end() is called (q, signals, a closed stdout) or the capture fails.
 * Frames are drained whenever the worker publishes a batch and always just before a tick, so a slot
 * holds everything captured before its boundary. Work from event handlers (keys, resizes, names)
 * is queued with later() and runs on the loop, between drains, never inside a tick.
 */
export class LiveDriver {
  private stopped: LiveEnd | null = null;
  private wakeUp: () => void = () => {};
  private readonly pending: (() => void)[] = [];
  private source: LiveSource | null;

  constructor(
    private readonly monitor: Monitor,
    private readonly ticker: Ticker | null,
    private readonly deps: LiveDriverDeps,
    /** -s N: the run ends at the first tick at or after N seconds (0: not timed). */
    private readonly timedSeconds: number,
    private readonly hooks: LiveDriverHooks = {},
  ) {
    this.source = deps.source;
  }

  /** Ends the loop at its next step (the first reason given wins). */
  end(why: LiveEnd): void {
    if (this.stopped === null) this.stopped = why;
    this.wakeUp();
  }

  /** Runs work on the loop soon; safe to call from any event handler. */
  later(job: () => void): void {
    this.pending.push(job);
    this.wakeUp();
  }

  /** Swaps the capture (an interface that came back was opened anew); null while there is none. */
  replaceSource(source: LiveSource | null): void {
    this.source = source;
    this.wakeUp();
  }

  async run(): Promise<LiveEnd> {
    const { clock } = this.deps;
    const start = clock.monotonicMs();
    let next = start + SLOT_MS;
    const ticker = this.ticker;
    while (this.stopped === null) {
      const untilTick = ticker !== null ? Math.max(0, next - clock.monotonicMs()) : Infinity;
      const wait = Math.min(untilTick, this.hooks.pollMs?.() ?? Infinity);
      const woken = new Promise<void>((r) => (this.wakeUp = r));
      const source = this.source;
      await Promise.race([source !== null ? source.waitForData(wait) : this.sleep(wait, woken), woken]);
      for (const job of this.pending.splice(0)) job();
      if (this.stopped !== null) break;
      this.source?.drain(this.monitor);
      this.hooks.afterDrain?.();
      if (ticker !== null) {
        const now = clock.monotonicMs();
        if (now >= next) {
          const timed = this.timedSeconds !== 0;
          const due = !timed || (now - start) / 1000 >= this.timedSeconds;
          ticker.tick(clock.epochSeconds(), due);
          this.hooks.afterTick?.();
          if (timed && due) this.end({ reason: 'timed' });
          next = now - next > LATE_MS ? now + SLOT_MS : next + SLOT_MS;
          continue;
        }
      }
      this.hooks.idle?.();
    }
    return this.stopped;
  }

  private sleep(ms: number, woken: Promise<void>): Promise<void> {
    if (ms === Infinity) return woken;
    return new Promise((resolve) => {
      const cancel = this.deps.schedule(resolve, ms);
      void woken.then(cancel);
    });
  }
}
