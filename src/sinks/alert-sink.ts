// Alerts as a sink: evaluates the rules at every tick (before the slot closes) and hands the events to the sinks after it.
import type { AlertWatch } from '../app/alert-watch.js';
import type { Sink, TickContext } from '../app/run/sink.js';
import type { Monitor } from '../core/monitor.js';

/** Runs first among a source's sinks: text mode prints its events before the block, a check counts them. */
export class AlertSink implements Sink {
  readonly name = 'the alerts';

  constructor(
    private readonly watch: AlertWatch,
    private readonly monitor: Monitor,
  ) {}

  tick(t: TickContext): void {
    // The part-slot at the end of a file is judged like a tick, so a short attack still raises its
    // alert; a run that is stopped ends without judging half a slot.
    if (t.snapshot.partial && t.end !== 'file') return;
    t.alerts.push(...this.watch.tick(this.monitor, t.snapshot.ts, t.snapshot.partial));
  }
}
