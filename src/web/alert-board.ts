// The page's alerts panel: what is firing now (from the events, keyed by alert id) and the most recent events, both bounded.
import type { AlertEvent } from '../alerts/alert-engine.js';
import { inert } from '../format/inert.js';

/** Recent events kept for the page. */
export const RECENT_ALERTS = 50;
/** Firing alerts shown at most (the engine tracks up to its own cap; a scan of a /16 must not make a 10 MB tick). */
export const FIRING_SHOWN = 200;

/** An alert as the page shows it: texts made inert (a subject can hold a PTR name), numbers as they are. */
export interface WebAlert {
  readonly id: string;
  readonly state: 'firing' | 'resolved';
  readonly severity: string;
  readonly rule: string;
  readonly subject: string;
  readonly detail: string;
  readonly ts: number;
  readonly since: number;
  readonly source: string;
}

export class AlertBoard {
  private readonly firing = new Map<string, WebAlert>();
  private readonly recent: WebAlert[] = [];
  /** Bumped at every change, so an unchanged board is not sent again. */
  version = 0;

  /** The tick's events, in the order they happened. */
  add(events: readonly AlertEvent[]): void {
    for (const e of events) {
      const a = webAlert(e);
      if (e.state === 'firing') this.firing.set(e.id, a);
      else this.firing.delete(e.id);
      this.recent.push(a);
      if (this.recent.length > RECENT_ALERTS) this.recent.shift();
      this.version++;
    }
  }

  /** Firing (longest-standing first, at most FIRING_SHOWN) and recent (newest first). */
  view(): { firing: WebAlert[]; firingCount: number; recent: WebAlert[] } {
    const firing = [...this.firing.values()].sort((a, b) => a.since - b.since || (a.id < b.id ? -1 : 1)).slice(0, FIRING_SHOWN);
    return { firing, firingCount: this.firing.size, recent: [...this.recent].reverse() };
  }
}

function webAlert(e: AlertEvent): WebAlert {
  return {
    id: inert(e.id), state: e.state, severity: inert(e.severity), rule: inert(e.rule), subject: inert(e.subject), detail: inert(e.detail),
    ts: e.ts, since: e.since, source: inert(e.source),
  };
}
