// wiretop_alerts_firing{alertname,severity}: alert events (firing/resolved) turned into counts of alerts firing per rule.
import type { AlertEvent } from '../alerts/alert-engine.js';
import { inert } from '../format/inert.js';
import type { LabelValues, MetricsRegistry } from '../ports/metrics-registry.js';
import { ALERTS_FIRING, OTHER } from './metric-families.js';

/** Distinct rules with a series at most (rules come from configuration; this only guards against a huge rule file). */
export const MAX_ALERT_SERIES = 256;
/** Alerts tracked as firing at once (the alert engine itself tracks at most 10 000 subjects). */
export const MAX_FIRING = 20_000;

/**
 * One gauge series per (rule, severity), counting that rule's subjects firing now. Series stay at 0
 * once their alerts resolve, so `wiretop_alerts_firing > 0` alerting rules see the change to 0.
 */
export class AlertGauge {
  /** Firing events not tracked because MAX_FIRING were firing. */
  untracked = 0;
  private readonly firing = new Map<string, LabelValues>();
  private readonly series = new Map<string, LabelValues>();

  constructor(private readonly registry: MetricsRegistry) {}

  apply(events: readonly AlertEvent[]): void {
    for (const e of events) {
      // The id is stable per rule and subject within one source; several sources may share rules.
      const key = `${e.source}\u0000${e.id}`;
      if (e.state === 'firing') {
        if (this.firing.has(key)) continue;
        if (this.firing.size >= MAX_FIRING) {
          this.untracked++;
          continue;
        }
        const labels = this.labelsOf(e);
        this.firing.set(key, labels);
        this.registry.add(ALERTS_FIRING.name, labels, 1);
      } else {
        const labels = this.firing.get(key);
        if (labels === undefined) continue;
        this.firing.delete(key);
        this.registry.add(ALERTS_FIRING.name, labels, -1);
      }
    }
  }

  private labelsOf(e: AlertEvent): LabelValues {
    const id = `${e.rule}\u0000${e.severity}`;
    let labels = this.series.get(id);
    if (labels === undefined) {
      if (this.series.size >= MAX_ALERT_SERIES) {
        labels = this.series.get(`${OTHER}\u0000${e.severity}`);
        if (labels !== undefined) return labels;
        labels = { alertname: OTHER, severity: e.severity };
        this.series.set(`${OTHER}\u0000${e.severity}`, labels);
      } else {
        labels = { alertname: inert(e.rule), severity: e.severity };
        this.series.set(id, labels);
      }
      this.registry.set(ALERTS_FIRING.name, labels, 0);
    }
    return labels;
  }
}
