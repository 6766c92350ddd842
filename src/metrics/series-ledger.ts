// The exposed series of one bounded dimension (hosts, programs, units): their counters, __other__, and evicted keys remembered.
import type { LabelValues, MetricsRegistry } from '../ports/metrics-registry.js';
import type { KeyFamilies } from './metric-families.js';
import { OTHER } from './metric-families.js';

interface Entry {
  readonly labels: LabelValues;
  /** Cumulative sent bytes, received bytes, sent packets, received packets. */
  readonly sums: Float64Array;
}

/**
 * Every byte of an interface goes to exactly one series of the dimension: an exposed key's or
 * __other__, so the sum over the family grows by the interface's traffic at every tick. A key that
 * leaves the exposed set loses its series (remove()), and its counters are remembered (the `memory`
 * most recently evicted keys) so that if it comes back its series resumes where it stopped instead
 * of restarting at 0, which Prometheus would read as a counter reset.
 */
export class SeriesLedger {
  /** Series removed so far. */
  evictions = 0;
  private readonly live = new Map<string, Entry>();
  private readonly remembered = new Map<string, Float64Array>();
  private readonly other: Entry;
  private readonly interfaceLabels: LabelValues;

  constructor(
    private readonly registry: MetricsRegistry,
    private readonly families: KeyFamilies,
    private readonly interfaceName: string,
    /** Evicted keys whose counters are kept (least recently evicted forgotten first). */
    private readonly memory: number,
  ) {
    this.interfaceLabels = { interface: interfaceName };
    this.other = this.create(OTHER, new Float64Array(4));
    registry.inc(families.evicted.name, this.interfaceLabels, 0);
  }

  get exposedCount(): number {
    return this.live.size;
  }

  get rememberedCount(): number {
    return this.remembered.size;
  }

  has(key: string): boolean {
    return this.live.has(key);
  }

  /** Starts the key's series, at its remembered counters if it was evicted before. */
  expose(key: string): void {
    if (key === OTHER || this.live.has(key)) return;
    const sums = this.remembered.get(key) ?? new Float64Array(4);
    this.remembered.delete(key);
    this.live.set(key, this.create(key, sums));
  }

  /** Removes the key's series and remembers its counters. */
  evict(key: string): void {
    const e = this.live.get(key);
    if (e === undefined) return;
    this.live.delete(key);
    const f = this.families;
    for (const fam of [f.sentBytes, f.receivedBytes, f.sentPackets, f.receivedPackets]) this.registry.remove(fam.name, e.labels);
    if (this.memory > 0) {
      this.remembered.set(key, e.sums);
      if (this.remembered.size > this.memory) this.remembered.delete(this.remembered.keys().next().value!);
    }
    this.evictions++;
    this.registry.inc(f.evicted.name, this.interfaceLabels, 1);
  }

  /** This tick's traffic of an exposed key. */
  add(key: string, sentBytes: number, receivedBytes: number, sentPackets: number, receivedPackets: number): void {
    const e = this.live.get(key);
    if (e !== undefined) this.addTo(e, sentBytes, receivedBytes, sentPackets, receivedPackets);
  }

  /** This tick's traffic of everything not exposed. */
  addOther(sentBytes: number, receivedBytes: number, sentPackets: number, receivedPackets: number): void {
    this.addTo(this.other, sentBytes, receivedBytes, sentPackets, receivedPackets);
  }

  /** Cumulative counters of an exposed key, or of __other__ (for tests and the web view). */
  sums(key: string): readonly number[] | undefined {
    const e = key === OTHER ? this.other : this.live.get(key);
    return e === undefined ? undefined : [...e.sums];
  }

  private create(key: string, sums: Float64Array): Entry {
    const labels: LabelValues = { interface: this.interfaceName, [this.families.dimension]: key };
    const f = this.families;
    this.registry.inc(f.sentBytes.name, labels, sums[0]!);
    this.registry.inc(f.receivedBytes.name, labels, sums[1]!);
    this.registry.inc(f.sentPackets.name, labels, sums[2]!);
    this.registry.inc(f.receivedPackets.name, labels, sums[3]!);
    return { labels, sums };
  }

  private addTo(e: Entry, sb: number, rb: number, sp: number, rp: number): void {
    const f = this.families, s = e.sums;
    if (sb > 0) {
      s[0]! += sb;
      this.registry.inc(f.sentBytes.name, e.labels, sb);
    }
    if (rb > 0) {
      s[1]! += rb;
      this.registry.inc(f.receivedBytes.name, e.labels, rb);
    }
    if (sp > 0) {
      s[2]! += sp;
      this.registry.inc(f.sentPackets.name, e.labels, sp);
    }
    if (rp > 0) {
      s[3]! += rp;
      this.registry.inc(f.receivedPackets.name, e.labels, rp);
    }
  }
}
