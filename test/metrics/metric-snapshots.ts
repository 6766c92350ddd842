// Snapshots for the metrics tests: random flows whose totals are the flows plus the overflow line, and a sink scraped through prom-client.
import { PromRegistry } from '../../src/adapters/metrics/prom-registry.js';
import type { TickSnapshot } from '../../src/core/tick-snapshot.js';
import { MetricsSink } from '../../src/metrics/metrics-sink.js';
import type { MetricsOptions } from '../../src/metrics/metrics-sink.js';
import { fakeSnapshot } from '../helpers/fake-snapshot.js';
import type { FakeFlow, FakeSnapshotOptions } from '../helpers/fake-snapshot.js';
import { parseExposition } from '../helpers/prom-text.js';
import type { Sample } from '../helpers/prom-text.js';

export interface Overflow {
  sentBytes: number;
  recvBytes: number;
  sentPackets: number;
  recvPackets: number;
}

/** A snapshot whose totals are its flows' slots plus the overflow line (the TickSnapshot invariant). */
export function consistentSnapshot(o: Omit<FakeSnapshotOptions, 'totals' | 'overflow'> & { overflow?: Overflow }): TickSnapshot {
  const flows = o.flows ?? [];
  const ov = o.overflow ?? { sentBytes: 0, recvBytes: 0, sentPackets: 0, recvPackets: 0 };
  const sum = (pick: (f: FakeFlow) => number | undefined) => flows.reduce((a, f) => a + (pick(f) ?? 0), 0);
  return fakeSnapshot({
    ...o,
    overflow: { slotSentBytes: ov.sentBytes, slotRecvBytes: ov.recvBytes, slotSentPackets: ov.sentPackets, slotRecvPackets: ov.recvPackets },
    totals: {
      slotSentBytes: sum((f) => f.slotSentBytes) + ov.sentBytes,
      slotRecvBytes: sum((f) => f.slotRecvBytes) + ov.recvBytes,
      slotSentPackets: sum((f) => f.slotSentPackets) + ov.sentPackets,
      slotRecvPackets: sum((f) => f.slotRecvPackets) + ov.recvPackets,
    },
  });
}

export interface SinkUnderTest {
  readonly sink: MetricsSink;
  readonly registry: PromRegistry;
  scrape(): Promise<Sample[]>;
  text(): Promise<string>;
}

export function sinkUnderTest(o: Partial<MetricsOptions> = {}, processMetrics = false): SinkUnderTest {
  const registry = new PromRegistry({ processMetrics });
  const sink = new MetricsSink(registry, { version: '0.1.0', nodeVersion: 'v20.20.2', maxHosts: 100, topRemote: 20, seed: 7, ...o });
  return {
    sink,
    registry,
    text: () => registry.render(),
    scrape: async () => parseExposition(await registry.render()),
  };
}

/** The counter families of the host dimension. */
export const HOST_COUNTERS = [
  'wiretop_host_sent_bytes_total', 'wiretop_host_received_bytes_total', 'wiretop_host_sent_packets_total', 'wiretop_host_received_packets_total',
] as const;

/**
 * Follows the host series across scrapes: the growth of each family over one tick, counting a series
 * that reappears from where it was last seen (its counters are remembered), and failing when any
 * series would go back.
 */
export class HostGrowth {
  private readonly last = new Map<string, number>();

  /** The growth of each family since the previous scrape, in HOST_COUNTERS order. */
  step(all: readonly Sample[], iface: string): number[] {
    return HOST_COUNTERS.map((name) => {
      let growth = 0;
      for (const s of all) {
        if (s.name !== name || s.labels['interface'] !== iface) continue;
        const key = `${name} ${s.labels['host']}`;
        const before = this.last.get(key) ?? 0;
        if (s.value < before) throw new Error(`${key} went back from ${before} to ${s.value}`);
        growth += s.value - before;
        this.last.set(key, s.value);
      }
      return growth;
    });
  }
}
