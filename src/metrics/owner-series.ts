// Per-program and per-unit series of one interface (attribution on): bounded, idle ones evicted, the rest in __other__.
import type { TickSnapshot } from '../core/tick-snapshot.js';
import type { FlowOwner } from '../ports/flow-owner.js';
import { UNATTRIBUTED } from '../ports/flow-owner.js';
import type { MetricsRegistry } from '../ports/metrics-registry.js';
import type { KeyFamilies } from './metric-families.js';
import { PROGRAM, UNIT } from './metric-families.js';
import { SeriesLedger } from './series-ledger.js';

export interface OwnerSeriesOptions {
  /** Programs (and, separately, units) with a series of their own at once; the rest go to __other__. */
  readonly maxKeys: number;
  /** A key without traffic for this long loses its series (its counters are remembered). */
  readonly idleSeconds: number;
  /** Evicted keys whose counters are remembered for when they come back. */
  readonly remembered: number;
}

export const DEFAULT_MAX_OWNER_KEYS = 50;
export const DEFAULT_OWNER_IDLE_SECONDS = 300;

/**
 * Program and unit names come from this host's processes, not from the wire, so they cannot be
 * flooded the way addresses can; still, a host that runs thousands of distinct programs must not make
 * thousands of series. A key is exposed when it first moves bytes while there is room, and evicted
 * after idleSeconds without traffic. __unattributed__ always has its series (it does not take room).
 */
class OwnerDimension {
  readonly ledger: SeriesLedger;
  private readonly lastActive = new Map<string, number>();
  private readonly tickSums = new Map<string, Float64Array>();
  /** Float64Arrays of finished ticks, reused (no allocation per key and tick in a steady state). */
  private readonly spare: Float64Array[] = [];

  constructor(registry: MetricsRegistry, families: KeyFamilies, interfaceName: string, private readonly o: OwnerSeriesOptions) {
    this.ledger = new SeriesLedger(registry, families, interfaceName, o.remembered);
    this.ledger.expose(UNATTRIBUTED);
  }

  add(key: string, sb: number, rb: number, sp: number, rp: number): void {
    let sums = this.tickSums.get(key);
    if (sums === undefined) {
      sums = this.spare.pop() ?? new Float64Array(4);
      sums.fill(0);
      this.tickSums.set(key, sums);
    }
    sums[0]! += sb;
    sums[1]! += rb;
    sums[2]! += sp;
    sums[3]! += rp;
  }

  /** Books the tick: exposed keys get their traffic, the rest of the interface's goes to __other__. */
  finish(now: number, totals: readonly [number, number, number, number]): void {
    for (const [key, last] of this.lastActive) {
      if (now - last >= this.o.idleSeconds && !this.tickSums.has(key)) {
        this.ledger.evict(key);
        this.lastActive.delete(key);
      }
    }
    const rest = [...totals];
    for (const [key, s] of this.tickSums) {
      if (key !== UNATTRIBUTED && !this.ledger.has(key) && this.lastActive.size < this.o.maxKeys) this.ledger.expose(key);
      if (this.ledger.has(key)) {
        if (key !== UNATTRIBUTED) this.lastActive.set(key, now);
        this.ledger.add(key, s[0]!, s[1]!, s[2]!, s[3]!);
        for (let i = 0; i < 4; i++) rest[i]! -= s[i]!;
      }
      this.spare.push(s);
    }
    this.tickSums.clear();
    this.ledger.addOther(Math.max(0, rest[0]!), Math.max(0, rest[1]!), Math.max(0, rest[2]!), Math.max(0, rest[3]!));
  }
}

export class OwnerSeries {
  readonly programs: OwnerDimension;
  readonly units: OwnerDimension;

  constructor(registry: MetricsRegistry, interfaceName: string, o: OwnerSeriesOptions) {
    this.programs = new OwnerDimension(registry, PROGRAM, interfaceName, o);
    this.units = new OwnerDimension(registry, UNIT, interfaceName, o);
  }

  /**
   * The slot's traffic of every flow by its owner. "Sent" is what this host transmitted (the flow's
   * sent direction), so each family sums to the interface's transmit and receive counters.
   */
  update(s: TickSnapshot, owner: FlowOwner): void {
    const view = s.flows;
    for (let i = 0; i < view.count; i++) {
      const id = view.at(i);
      const sb = view.slotSentBytes(id), rb = view.slotRecvBytes(id);
      const sp = view.slotSentPackets(id), rp = view.slotRecvPackets(id);
      if (sb === 0 && rb === 0 && sp === 0 && rp === 0) continue;
      this.programs.add(owner.program(view, id) ?? UNATTRIBUTED, sb, rb, sp, rp);
      this.units.add(owner.unit(view, id) ?? UNATTRIBUTED, sb, rb, sp, rp);
    }
    const t = s.totals;
    const totals = [t.slotSentBytes, t.slotRecvBytes, t.slotSentPackets, t.slotRecvPackets] as const;
    this.programs.finish(s.ts, totals);
    this.units.finish(s.ts, totals);
  }
}
