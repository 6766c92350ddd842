// Outputs of a run ("sinks"): what each tick hands them, their lifecycle, and the guard that keeps one failing sink from stopping the rest.
import type { AlertEvent } from '../../alerts/alert-engine.js';
import type { TickSnapshot } from '../../core/tick-snapshot.js';
import type { SnapshotSink } from '../../ports/snapshot-sink.js';

/** How a run ends, for the final part-slot snapshot. */
export type RunEnd = 'file' | 'stop';

/** One tick as every sink sees it. */
export interface TickContext {
  readonly snapshot: TickSnapshot;
  /**
   * Alert events that fired or resolved at this tick. The alert sink runs first and fills this in
   * for the sinks after it (text mode prints them before its block, a check counts them).
   */
  readonly alerts: AlertEvent[];
  /** Whether text mode lists the flows at this tick: every tick, or under -s only the deadline tick. */
  readonly due: boolean;
  /** For the final part-slot (snapshot.partial): the end of the file, or the run being stopped. */
  readonly end: RunEnd | null;
}

export interface Sink {
  /** Named in messages ("the NDJSON file", "the history"). */
  readonly name: string;
  /** Called at every tick before the slot closes; must not keep the snapshot (its view is reused). */
  tick(t: TickContext): void;
  /** After the last tick: flush and let go. Bounded by the caller. */
  close?(): Promise<void> | void;
}

/** A sink that reads only the snapshot (and, if it wants them, the tick's alert events). */
export function fromSnapshotSink(name: string, s: SnapshotSink & { alerts?(events: readonly AlertEvent[]): void }): Sink {
  return {
    name,
    tick: (t) => {
      s.tick(t.snapshot);
      s.alerts?.(t.alerts);
    },
    close: () => s.close(),
  };
}

/** After this many failures in a row a sink is switched off for the rest of the run. */
export const SINK_FAILURE_LIMIT = 5;

/**
 * Runs one sink so that its failure is reported once and costs nothing else: it is retried at the
 * next tick and switched off after SINK_FAILURE_LIMIT failures in a row (said once too); a success
 * after a failure says it recovered.
 */
export class GuardedSink {
  private failures = 0;
  private disabled = false;

  constructor(
    readonly sink: Sink,
    private readonly report: (message: string) => void,
  ) {}

  get enabled(): boolean {
    return !this.disabled;
  }

  tick(t: TickContext): void {
    if (this.disabled) return;
    try {
      this.sink.tick(t);
      if (this.failures > 0) this.report(`${this.sink.name} works again`);
      this.failures = 0;
    } catch (e) {
      this.failed(e);
    }
  }

  async close(): Promise<void> {
    if (this.disabled || this.sink.close === undefined) return;
    try {
      await this.sink.close();
    } catch (e) {
      this.report(`${this.sink.name} failed while closing: ${messageOf(e)}`);
    }
  }

  private failed(e: unknown): void {
    this.failures++;
    if (this.failures === 1) this.report(`${this.sink.name} failed: ${messageOf(e)}; retrying at the next tick`);
    if (this.failures >= SINK_FAILURE_LIMIT) {
      this.disabled = true;
      this.report(`${this.sink.name} failed ${this.failures} times in a row and is switched off`);
    }
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
