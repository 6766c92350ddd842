// `wiretop check` as a sink: keeps the alerts that fired and the latest 10 s rates for the one status line at the end.
import type { AlertEvent } from '../alerts/alert-engine.js';
import type { Sink, TickContext } from '../app/run/sink.js';
import { checkStatus } from '../app/check-status.js';
import type { CheckResult } from '../app/check-status.js';
import type { Rates } from '../core/screen-model.js';

export class CheckSink implements Sink {
  readonly name = 'the check';
  private readonly fired: AlertEvent[] = [];
  private sent: Rates = [0, 0, 0];
  private recv: Rates = [0, 0, 0];

  tick(t: TickContext): void {
    // Only firing events count, so a long file keeps no more than it needs.
    for (const e of t.alerts) if (e.state === 'firing') this.fired.push(e);
    // The verdict reads the rates of the last slot judged: the last tick, or a file's final part-slot.
    if (t.snapshot.partial && t.end !== 'file') return;
    this.sent = t.snapshot.totals.sentRate;
    this.recv = t.snapshot.totals.recvRate;
  }

  /** The status line and exit code (0 OK, 1 WARNING, 2 CRITICAL). */
  result(source: string, warning: number | null, critical: number | null): CheckResult {
    return checkStatus(this.fired, { totalSent: this.sent, totalRecv: this.recv }, source, warning, critical);
  }
}
