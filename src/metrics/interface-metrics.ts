// The series of one interface: capture and drop counters, traffic by direction and protocol, bounded hosts, hosts and flows gauges.
import type { TickSnapshot } from '../core/tick-snapshot.js';
import type { LabelValues, MetricsRegistry } from '../ports/metrics-registry.js';
import { HostSeries } from './host-series.js';
import type { HostSeriesOptions } from './host-series.js';
import { CAPTURE_DROPPED, CAPTURE_PACKETS, FLOWS_ACTIVE, HOSTS_TRACKED, INTERFACE, PROTOCOLS } from './metric-families.js';
import type { TickTally } from './tick-tally.js';
import { PCAP_STAT_WRAP, TotalDelta } from './total-delta.js';

const OTHER_PROTOCOL = PROTOCOLS.length - 1;

export class InterfaceMetrics {
  readonly hosts: HostSeries;
  private readonly labels: LabelValues;
  private readonly protocolLabels: readonly LabelValues[];
  private readonly kernelLabels: LabelValues;
  private readonly interfaceDropLabels: LabelValues;
  private readonly frames = new TotalDelta();
  private readonly kernelDropped = new TotalDelta(PCAP_STAT_WRAP);
  private readonly ifDropped = new TotalDelta(PCAP_STAT_WRAP);

  constructor(private readonly registry: MetricsRegistry, readonly name: string, hosts: HostSeriesOptions) {
    this.labels = { interface: name };
    this.protocolLabels = PROTOCOLS.map((protocol) => ({ interface: name, protocol }));
    this.kernelLabels = { interface: name, reason: 'kernel' };
    this.interfaceDropLabels = { interface: name, reason: 'interface' };
    registry.inc(CAPTURE_PACKETS.name, this.labels, 0);
    // Every series exists from the first scrape on, so rate() and increase() see the first bytes too.
    for (const fam of [INTERFACE.receiveBytes, INTERFACE.transmitBytes, INTERFACE.receivePackets, INTERFACE.transmitPackets]) {
      for (const l of this.protocolLabels) registry.inc(fam.name, l, 0);
    }
    this.hosts = new HostSeries(registry, name, hosts);
  }

  /** Adds this tick's slot to every counter; `tally` holds the snapshot's flows, already counted. */
  tick(s: TickSnapshot, tally: TickTally): void {
    const r = this.registry;
    r.inc(CAPTURE_PACKETS.name, this.labels, this.frames.next(s.counters.frames));
    if (s.kernel !== null) {
      r.inc(CAPTURE_DROPPED.name, this.kernelLabels, this.kernelDropped.next(s.kernel.dropped));
      r.inc(CAPTURE_DROPPED.name, this.interfaceDropLabels, this.ifDropped.next(s.kernel.ifDropped));
    }
    const p = tally.protocols, t = s.totals;
    this.byProtocol(INTERFACE.transmitBytes.name, p.sentBytes, t.slotSentBytes);
    this.byProtocol(INTERFACE.receiveBytes.name, p.recvBytes, t.slotRecvBytes);
    this.byProtocol(INTERFACE.transmitPackets.name, p.sentPackets, t.slotSentPackets);
    this.byProtocol(INTERFACE.receivePackets.name, p.recvPackets, t.slotRecvPackets);
    this.hosts.update(tally, s);
    r.set(HOSTS_TRACKED.name, this.labels, tally.hostCount);
    r.set(FLOWS_ACTIVE.name, this.labels, Math.max(0, s.flows.count - s.expired.count));
  }

  /**
   * The four named protocols from the flows; "other" is the rest of the totals: flows of other
   * protocols plus the overflow line (whose protocols are not known), so the five sum to the totals.
   */
  private byProtocol(family: string, sums: Float64Array, total: number): void {
    let named = 0;
    for (let i = 0; i < OTHER_PROTOCOL; i++) {
      const v = sums[i]!;
      named += v;
      if (v > 0) this.registry.inc(family, this.protocolLabels[i]!, v);
    }
    const rest = total - named;
    if (rest > 0) this.registry.inc(family, this.protocolLabels[OTHER_PROTOCOL]!, rest);
  }
}
