// Alerts for a session: evaluates the rules at every tick (before the slot closes) and hands events to the notifiers.
import { AlertEngine, MAX_TRACKED } from '../alerts/alert-engine.js';
import type { AlertEvent } from '../alerts/alert-engine.js';
import { evaluate } from '../alerts/conditions.js';
import type { RuleContext } from '../alerts/conditions.js';
import type { Rule } from '../alerts/rules.js';
import type { Monitor } from '../core/monitor.js';

/** Where events go: the log file, the command, the webhook (each adapter queues and never blocks). */
export type AlertListener = (event: AlertEvent) => void;

export class AlertWatch {
  private readonly engine: AlertEngine;
  private readonly listeners: AlertListener[] = [];
  private saidUntracked = false;

  constructor(
    private rules: readonly Rule[],
    source: string,
    private readonly context: RuleContext,
    /** Local hour of day for a timestamp (for `hours` rules); injected so tests can fix the zone. */
    private readonly hourOf: (ts: number) => number,
    /** Told once when alerts go untracked (a scan of a whole network). */
    private readonly onProblem: (message: string) => void = () => {},
  ) {
    this.engine = new AlertEngine(source);
  }

  /**
   * New rules (the daemon's SIGHUP): alerts of rules that stay keep their state, those of rules that
   * went resolve at the next tick like any condition that is gone.
   */
  replaceRules(rules: readonly Rule[]): void {
    this.rules = rules;
  }

  get enabled(): boolean {
    return this.rules.length > 0;
  }

  onEvent(listener: AlertListener): void {
    this.listeners.push(listener);
  }

  /** One tick, analysed but not yet rotated; returns (and announces) the events. `partial`: see AlertEngine.tick. */
  tick(monitor: Monitor, ts: number, partial = false): AlertEvent[] {
    if (!this.enabled) return [];
    const events = this.engine.tick(evaluate(this.rules, monitor, this.context, this.hourOf(ts)), ts, partial);
    for (const e of events) for (const l of this.listeners) l(e);
    if (this.engine.untracked > 0 && !this.saidUntracked) {
      this.saidUntracked = true;
      this.onProblem(`more than ${MAX_TRACKED} alerts at once: the rest are not tracked (${this.engine.untracked} so far)`);
    }
    return events;
  }

  active(): AlertEvent[] {
    return this.engine.active();
  }
}

/** The one-line form of an event for text mode and the screen banner. */
export function alertLine(e: AlertEvent): string {
  return `ALERT ${e.state === 'firing' ? 'FIRING' : 'RESOLVED'} ${e.severity}: ${e.subject}: ${e.detail} (${e.rule})`;
}
