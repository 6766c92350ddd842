// The metric store behind --metrics: a dedicated prom-client Registry holding wiretop's families (and Node's process metrics).
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { MetricFamily } from '../../metrics/metric-families.js';
import { ALL_FAMILIES } from '../../metrics/metric-families.js';
import type { LabelValues, MetricsRegistry } from '../../ports/metrics-registry.js';

/**
 * prom-client's default metrics whose names end in _total without being counters: `promtool check
 * metrics` flags them (ecosystem-conventions §1.3). Their gauge twins without the suffix stay.
 */
const NOT_COUNTERS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

export interface PromRegistryOptions {
  /** Node's process_* and nodejs_* metrics, unprefixed so stock Node.js dashboards work (default true). */
  readonly processMetrics?: boolean;
  /** Families to register (default: all of wiretop's). */
  readonly families?: readonly MetricFamily[];
}

export class PromRegistry implements MetricsRegistry {
  /** prom-client's registry (its own, never the global one, so nothing else can add to it). */
  readonly registry = new Registry();
  private readonly counters = new Map<string, Counter>();
  private readonly gauges = new Map<string, Gauge>();

  constructor(options: PromRegistryOptions = {}) {
    for (const f of options.families ?? ALL_FAMILIES) {
      const config = { name: f.name, help: f.help, labelNames: [...f.labels], registers: [this.registry] };
      if (f.type === 'counter') this.counters.set(f.name, new Counter(config));
      else this.gauges.set(f.name, new Gauge(config));
    }
    if (options.processMetrics ?? true) {
      collectDefaultMetrics({ register: this.registry });
      for (const name of NOT_COUNTERS) this.registry.removeSingleMetric(name);
    }
  }

  /** The Content-Type of render()'s text (Prometheus text format 0.0.4). */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** The exposition text of every series. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  inc(family: string, labels: LabelValues, value: number): void {
    this.counter(family).inc(labels, value);
  }

  set(family: string, labels: LabelValues, value: number): void {
    this.gauge(family).set(labels, value);
  }

  add(family: string, labels: LabelValues, value: number): void {
    this.gauge(family).inc(labels, value);
  }

  remove(family: string, labels: LabelValues): void {
    const m = this.counters.get(family) ?? this.gauges.get(family);
    if (m === undefined) throw new Error(`no metric family ${family}`);
    m.remove(labels);
  }

  private counter(name: string): Counter {
    const c = this.counters.get(name);
    if (c === undefined) throw new Error(`no counter family ${name}`);
    return c;
  }

  private gauge(name: string): Gauge {
    const g = this.gauges.get(name);
    if (g === undefined) throw new Error(`no gauge family ${name}`);
    return g;
  }
}
