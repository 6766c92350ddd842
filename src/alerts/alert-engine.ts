// Turns per-tick conditions into alert events: fire once after the hold time, stay active, resolve when gone.
import { SLOT_SECONDS } from '../core/screen-model.js';
import type { Condition } from './conditions.js';
import type { Severity } from './rules.js';

export const ALERT_SCHEMA_VERSION = 1;

/** The JSON every notifier receives (documented in the README). */
export interface AlertEvent {
  readonly type: 'alert';
  readonly schema_version: number;
  readonly state: 'firing' | 'resolved';
  /** Stable per rule and subject: the same alert firing again has the same id. */
  readonly id: string;
  readonly rule: string;
  readonly kind: 'rate' | 'util' | 'detect';
  /** The detector for `detect` rules, else null. */
  readonly detector: string | null;
  readonly severity: Severity;
  readonly subject: string;
  /** At this tick (firing) or at the last tick the condition held (resolved). */
  readonly value: number;
  readonly threshold: number;
  readonly unit: Condition['unit'];
  readonly detail: string;
  /** Seconds since the epoch (capture time when reading a file). */
  readonly ts: number;
  /** When the condition started to hold. */
  readonly since: number;
  /** The interface or file watched. */
  readonly source: string;
}

interface State {
  firstSeen: number;
  lastSeen: number;
  /** Ticks in a row the condition held (counting from 1) / has been absent. */
  present: number;
  absent: number;
  active: boolean;
  last: Condition;
}

/** More subjects than this (a scan of a whole network, say) are not tracked one by one. */
export const MAX_TRACKED = 10_000;

export class AlertEngine {
  private readonly states = new Map<string, State>();
  /** Conditions not tracked because MAX_TRACKED was reached. */
  untracked = 0;

  constructor(private readonly source: string) {}

  /**
   * Feeds one tick's conditions; returns the alerts that fired or resolved at this tick. A `partial`
   * tick (the part-slot at the end of a file) may fire but resolves nothing: its slot is short, so a
   * condition missing from it has not gone.
   */
  tick(conditions: readonly Condition[], ts: number, partial = false): AlertEvent[] {
    const events: AlertEvent[] = [];
    const seen = new Map<string, Condition>();
    for (const c of conditions) {
      const key = `${c.rule.id}|${c.subject}`;
      const had = seen.get(key);
      if (had === undefined || c.value > had.value) seen.set(key, c);
    }
    for (const [key, c] of seen) {
      let s = this.states.get(key);
      if (s === undefined) {
        if (this.states.size >= MAX_TRACKED) {
          this.untracked++;
          continue;
        }
        this.states.set(key, (s = { firstSeen: ts, lastSeen: ts, present: 0, absent: 0, active: false, last: c }));
      }
      s.lastSeen = ts;
      s.last = c;
      s.present++;
      s.absent = 0;
      // Holds are counted in ticks, so a late timer or a clock step cannot stretch them.
      if (!s.active && (s.present - 1) * SLOT_SECONDS >= c.rule.holdSeconds) {
        s.active = true;
        events.push(this.event(key, s, 'firing', ts));
      }
    }
    if (partial) return events;
    for (const [key, s] of this.states) {
      if (seen.has(key)) continue;
      // Gone: a pending alert starts over; an active one resolves once absent for the hold time too.
      s.absent++;
      if (!s.active || s.absent * SLOT_SECONDS >= s.last.rule.holdSeconds) {
        if (s.active) events.push(this.event(key, s, 'resolved', ts));
        this.states.delete(key);
      }
    }
    return events;
  }

  /** Alerts currently firing, most severe first. */
  active(): AlertEvent[] {
    const out: AlertEvent[] = [];
    for (const [key, s] of this.states) if (s.active) out.push(this.event(key, s, 'firing', s.lastSeen));
    return out.sort((a, b) => (a.severity === b.severity ? b.since - a.since : a.severity === 'critical' ? -1 : 1));
  }

  private event(key: string, s: State, state: AlertEvent['state'], ts: number): AlertEvent {
    const c = s.last;
    return {
      type: 'alert', schema_version: ALERT_SCHEMA_VERSION, state, id: key, rule: c.rule.text, kind: c.rule.kind,
      detector: c.rule.kind === 'detect' ? c.rule.detector : null, severity: c.rule.severity, subject: c.subject,
      value: c.value, threshold: c.threshold, unit: c.unit, detail: c.detail, ts, since: s.firstSeen, source: this.source,
    };
  }
}
