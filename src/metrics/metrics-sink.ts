// The --metrics output: every snapshot (of every source) and alert event into one registry, bounded whatever the traffic.
import type { AlertEvent } from '../alerts/alert-engine.js';
import type { TickSnapshot } from '../core/tick-snapshot.js';
import { inert } from '../format/inert.js';
import type { FlowOwner } from '../ports/flow-owner.js';
import type { MetricsRegistry } from '../ports/metrics-registry.js';
import type { SnapshotSink } from '../ports/snapshot-sink.js';
import { AlertGauge } from './alert-gauge.js';
import { InterfaceMetrics } from './interface-metrics.js';
import { BUILD_INFO } from './metric-families.js';
import { DEFAULT_MAX_OWNER_KEYS, DEFAULT_OWNER_IDLE_SECONDS, OwnerSeries } from './owner-series.js';
import { TickTally } from './tick-tally.js';

export interface MetricsOptions {
  /** wiretop's version and Node's (process.version), for wiretop_build_info. */
  readonly version: string;
  readonly nodeVersion: string;
  /** --metrics-max-hosts: local hosts with their own series (default 100). */
  readonly maxHosts: number;
  /** --metrics-top-remote: remote hosts with their own series (default 20). */
  readonly topRemote: number;
  /** Evicted hosts whose counters are remembered per interface (default 10 000). */
  readonly rememberedHosts?: number;
  /** Seed of the address hashing (a per-run random number, so crafted addresses cannot aim at one chain). */
  readonly seed: number;
}

export const DEFAULT_MAX_HOSTS = 100;
export const DEFAULT_TOP_REMOTE = 20;
export const DEFAULT_REMEMBERED_HOSTS = 10_000;

/** The `interface` label of a snapshot's source: the interface name, or the file path (made inert). */
export function interfaceLabel(s: TickSnapshot): string {
  return inert(s.source.kind === 'interface' ? s.source.name : s.source.path);
}

export class MetricsSink implements SnapshotSink {
  private readonly interfaces = new Map<string, InterfaceMetrics>();
  private readonly tally: TickTally;
  private readonly alertGauge: AlertGauge;
  private readonly ownerSeries = new Map<string, OwnerSeries>();
  private owner: FlowOwner | null = null;
  private closed = false;

  constructor(private readonly registry: MetricsRegistry, private readonly options: MetricsOptions) {
    registry.set(BUILD_INFO.name, { version: inert(options.version), nodejs_version: inert(options.nodeVersion) }, 1);
    this.tally = new TickTally(options.seed);
    this.alertGauge = new AlertGauge(registry);
  }

  /** Every counter grows by the snapshot's slot (the last, partial snapshot too). */
  tick(s: TickSnapshot): void {
    if (this.closed) return;
    const name = interfaceLabel(s);
    let m = this.interfaces.get(name);
    if (m === undefined) {
      const o = this.options;
      m = new InterfaceMetrics(this.registry, name, {
        maxLocal: o.maxHosts, topRemote: o.topRemote, remembered: o.rememberedHosts ?? DEFAULT_REMEMBERED_HOSTS, seed: o.seed,
      });
      this.interfaces.set(name, m);
    }
    this.tally.run(s);
    m.tick(s, this.tally);
    if (this.owner !== null) this.ownersOf(name).update(s, this.owner);
  }

  /** Attribution is on: per-program and per-unit series from now on. */
  attributeWith(owner: FlowOwner): void {
    this.owner = owner;
  }

  /** The interface's program and unit series (tests); undefined before attribution's first tick. */
  owners(name: string): OwnerSeries | undefined {
    return this.ownerSeries.get(name);
  }

  private ownersOf(name: string): OwnerSeries {
    let o = this.ownerSeries.get(name);
    if (o === undefined) {
      o = new OwnerSeries(this.registry, name, {
        maxKeys: DEFAULT_MAX_OWNER_KEYS, idleSeconds: DEFAULT_OWNER_IDLE_SECONDS, remembered: this.options.rememberedHosts ?? DEFAULT_REMEMBERED_HOSTS,
      });
      this.ownerSeries.set(name, o);
    }
    return o;
  }

  /** The alert events of a tick (firing and resolved), from any source. */
  alerts(events: readonly AlertEvent[]): void {
    if (!this.closed) this.alertGauge.apply(events);
  }

  /** The interface's state (tests, a future web view); undefined before its first snapshot. */
  interface(name: string): InterfaceMetrics | undefined {
    return this.interfaces.get(name);
  }

  /** Later snapshots are ignored; the registry keeps its values for a last scrape. */
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}
