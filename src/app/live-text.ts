// Live text mode: drains the capture, rotates every 2 s on the monotonic clock (so -s ends on time even when idle).
import type { Monitor } from '../core/monitor.js';
import type { Clock } from '../ports/clock.js';
import type { LiveSource } from '../ports/live-source.js';
import type { TextOutput } from '../ports/text-output.js';
import { SLOT_SECONDS } from './replay-driver.js';
import type { TextSession } from './text-session.js';

export interface LiveTextDeps {
  readonly capture: LiveSource;
  readonly clock: Clock;
  readonly out: TextOutput;
}

export interface LiveTextConfig {
  /** -s N: one block at the first rotation at or after N seconds, then stop (0: run until stopped). */
  readonly timedSeconds: number;
}

/** Why the loop ended, for the caller's exit status. */
export type LiveEnd = { reason: 'timed' | 'quit' } | { reason: 'failed'; message: string };

const SLOT_MS = SLOT_SECONDS * 1000;
/**
 * A rotation more than this late (a suspended process, a stalled event loop) restarts the 2 s grid
 * from now, as iftop does at every rotation, instead of following with a short slot or a burst.
 */
const LATE_MS = 100;

/**
 * Runs until -s completes, quit() is called (q key, signals, a closed stdout) or the capture fails.
 * Frames are drained whenever the worker publishes a batch and always just before a rotation, so a
 * slot holds everything captured before its boundary.
 */
export class LiveTextLoop {
  private stopped: LiveEnd | null = null;
  private wakeUp: () => void = () => {};
  /** Blocks not written because stdout's reader fell behind. */
  droppedBlocks = 0;

  constructor(
    private readonly monitor: Monitor,
    private readonly session: TextSession,
    private readonly deps: LiveTextDeps,
    private readonly config: LiveTextConfig,
  ) {
    deps.capture.onFailure((message) => this.end({ reason: 'failed', message }));
  }

  /** Ends the loop at its next step. */
  end(why: LiveEnd): void {
    if (this.stopped === null) this.stopped = why;
    this.wakeUp();
  }

  /** A key from stdin: prints the message and the current list; `q` ends the loop. */
  key(k: string): void {
    const { text, quit } = this.session.key(k, this.deps.clock.epochSeconds());
    this.deps.capture.drain(this.monitor);
    if (text !== '') this.write(text);
    if (quit) this.end({ reason: 'quit' });
  }

  async run(): Promise<LiveEnd> {
    const { capture, clock } = this.deps;
    const start = clock.monotonicMs();
    let next = start + SLOT_MS;
    while (this.stopped === null) {
      const wait = Math.max(0, next - clock.monotonicMs());
      await Promise.race([capture.waitForData(wait), new Promise<void>((r) => (this.wakeUp = r))]);
      capture.drain(this.monitor);
      const now = clock.monotonicMs();
      if (this.stopped !== null || now < next) continue;
      const elapsed = (now - start) / 1000;
      const timed = this.config.timedSeconds !== 0;
      const print = !timed || elapsed >= this.config.timedSeconds;
      const text = this.session.tick(clock.epochSeconds(), print);
      if (text !== '') this.write(text);
      if (timed && print) this.end({ reason: 'timed' });
      next = now - next > LATE_MS ? now + SLOT_MS : next + SLOT_MS;
    }
    return this.stopped;
  }

  private write(text: string): void {
    if (!this.deps.out.write(text)) this.droppedBlocks++;
  }
}
