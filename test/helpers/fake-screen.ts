// Fakes for driving the ScreenLoop: a terminal that records frames and lifecycle, a clock to advance, a scripted live source.
import type { FrameSink } from '../../src/capture-file/frame-sink.js';
import type { KernelCounters } from '../../src/core/screen-model.js';
import type { Clock } from '../../src/ports/clock.js';
import type { LiveSource } from '../../src/ports/live-source.js';
import type { Terminal } from '../../src/ports/terminal.js';
import type { RenderedScreen } from '../../src/render/screen/render-screen.js';

export interface RecordedFrame {
  readonly lines: string[];
  readonly masks: string[];
  readonly full: boolean;
  readonly cursor: RenderedScreen['cursor'];
}

/** Records every frame (plain rows, reverse masks) and the lifecycle: enter, draw, beep, restore. */
export class FakeTerminal implements Terminal {
  readonly frames: RecordedFrame[] = [];
  readonly log: string[] = [];
  private keyListener: (key: string) => void = () => {};
  private resizeListener: () => void = () => {};

  constructor(
    public cols = 80,
    public rows = 24,
  ) {}

  size(): { cols: number; rows: number } {
    return { cols: this.cols, rows: this.rows };
  }
  enter(): void {
    this.log.push('enter');
  }
  draw(screen: RenderedScreen, full: boolean): void {
    const c = screen.canvas;
    this.log.push(full ? 'draw-full' : 'draw');
    this.frames.push({ lines: c.lines(), masks: c.lines().map((_, r) => c.reverseMask(r)), full, cursor: screen.cursor });
  }
  beep(): void {
    this.log.push('beep');
  }
  restore(): void {
    this.log.push('restore');
  }
  onKey(listener: (key: string) => void): void {
    this.keyListener = listener;
  }
  onResize(listener: () => void): void {
    this.resizeListener = listener;
  }

  /** Types keys, as the TTY adapter delivers them. */
  press(...keys: string[]): void {
    for (const k of keys) this.keyListener(k);
  }
  /** The window changes size (SIGWINCH). */
  resize(cols: number, rows: number): void {
    this.cols = cols;
    this.rows = rows;
    this.resizeListener();
  }
  get last(): RecordedFrame {
    const f = this.frames.at(-1);
    if (f === undefined) throw new Error('no frame drawn yet');
    return f;
  }
}

/** Monotonic and wall time that move only when the test says so. */
export class FakeClock implements Clock {
  private ms = 0;
  constructor(private readonly epoch0 = 1_700_000_000) {}
  monotonicMs(): number {
    return this.ms;
  }
  epochSeconds(): number {
    return this.epoch0 + this.ms / 1000;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface ScriptedFrame {
  readonly linktype: number;
  readonly data: Uint8Array;
}

/** A capture whose frames the test queues; waitForData resolves only on pulse() (no timers at all). */
export class FakeSource implements LiveSource {
  readonly linktype = 101;
  readonly filters: string[] = [];
  /** What setFilter answers next: null = installed, a string = libpcap's error. */
  filterAnswer: string | null = null;
  stopped = false;
  private queue: ScriptedFrame[] = [];
  private waiter: (() => void) | null = null;
  private failure: (message: string) => void = () => {};

  constructor(private readonly clock: FakeClock) {}

  push(...frames: ScriptedFrame[]): void {
    this.queue.push(...frames);
  }
  /** Wakes the loop as if data arrived (or its wait timed out). */
  pulse(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }
  fail(message: string): void {
    this.failure(message);
  }

  drain(sink: FrameSink): number {
    const frames = this.queue.splice(0);
    for (const f of frames) sink.frame(f.linktype, f.data, 0, f.data.length, f.data.length, this.clock.epochSeconds());
    return frames.length;
  }
  waitForData(): Promise<void> {
    return new Promise((resolve) => (this.waiter = resolve));
  }
  kernelStats(): KernelCounters {
    return { received: 0, dropped: 0, ifDropped: 0 };
  }
  onFailure(listener: (message: string) => void): void {
    this.failure = listener;
  }
  setFilter(filter: string): Promise<string | null> {
    this.filters.push(filter);
    return Promise.resolve(this.filterAnswer);
  }
  stop(): Promise<void> {
    this.stopped = true;
    return Promise.resolve();
  }
}

/** Lets promise chains and queued loop jobs run: a few event-loop turns, no real waiting. */
export async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((r) => setImmediate(r));
}

/** What a screen-loop test does to the fakes: a rotation falls due (2 s pass and the capture wakes the loop), keys are typed; each settles the loop. */
export function loopControls(clock: FakeClock, source: FakeSource, terminal: FakeTerminal) {
  return {
    rotate: async () => {
      clock.advance(2000);
      source.pulse();
      await settle();
    },
    press: async (...keys: string[]) => {
      terminal.press(...keys);
      await settle();
    },
  };
}
