// Per-tick rows by process, unit and container plus the labelled gaps; every byte of the snapshot in exactly one row.
import type { Rates } from '../core/screen-model.js';
import type { FlowView, RateWindow, TickSnapshot } from '../core/tick-snapshot.js';
import type { ContainerRef, GapOwner, GapReason, Owner, ProcessOwner } from './owner.js';
import { shortContainerId } from './owner.js';

/** What the accounts need from the engine. */
export interface OwnerSource {
  /** The owner of a flow; undefined when it was never submitted. */
  ownerOf(serial: number): Owner | undefined;
  submit(serial: number, key: Uint32Array): void;
  /** The flow's record ended: the engine may drop its owner. */
  forget(serial: number): void;
  readonly pendingOwner: GapOwner;
}

export type RowView = 'process' | 'unit' | 'container';

export interface AttributionRow {
  /** process/unit/container: attributed; gap: unattributed (see `unattributed`); exited: processes gone longer than the retention. */
  readonly kind: 'process' | 'unit' | 'container' | 'gap' | 'exited';
  /** Stable across ticks (sorting ties, selection). */
  readonly key: string;
  readonly pid: number | null;
  /** Process name (comm), unit name, or the short container id; null for gaps. All inert. */
  readonly name: string | null;
  readonly cmdline: string | null;
  readonly user: string | null;
  readonly uid: number | null;
  readonly unit: string | null;
  readonly container: ContainerRef | null;
  readonly unattributed: GapReason | null;
  /** A process row whose process has exited (kept with its totals for the retention time). */
  readonly exited: boolean;
  /** Processes behind a unit/container row (1 for a process row, 0 for gaps). */
  readonly processes: number;
  /** Flows in the table now. */
  readonly flows: number;
  readonly sentRate: Rates;
  readonly recvRate: Rates;
  readonly cumulativeSentBytes: number;
  readonly cumulativeRecvBytes: number;
}

export interface AccountsOptions {
  /** How long an exited process keeps its own row (seconds). */
  readonly exitedRetentionSeconds: number;
}

/** Exited processes keep their own row for 5 minutes (then their bytes stay in "exited processes" and their unit/container). */
export const DEFAULT_ACCOUNTS_OPTIONS: AccountsOptions = { exitedRetentionSeconds: 300 };

interface Sum {
  sent: Rates;
  recv: Rates;
  cumSent: number;
  cumRecv: number;
  flows: number;
}

const zeroSum = (): Sum => ({ sent: [0, 0, 0], recv: [0, 0, 0], cumSent: 0, cumRecv: 0, flows: 0 });

const TABLE_FULL: GapOwner = { kind: 'gap', reason: 'table-full', uid: null, user: null, unit: null, container: null };

/**
 * Rows are rebuilt at every tick from the snapshot's flows (rates, and cumulative counters since each
 * flow began) plus what is retained: the final counters of flows that expired, per owner, and of
 * exited processes past the retention, per unit/container. So rows add up to the snapshot's totals.
 */
export class AttributionAccounts {
  private readonly retained = new Map<Owner, { sent: number; recv: number }>();
  private readonly retired = new Map<string, { unit: string | null; container: ContainerRef | null; sent: number; recv: number }>();
  private serials = new Float64Array(0);
  private cached: (Owner | undefined)[] = [];
  private readonly key = new Uint32Array(10);
  private current = new Map<Owner, Sum>();
  private overflow: Sum = zeroSum();
  private ending: { owner: Owner; sent: number; recv: number; serial: number }[] = [];

  constructor(private readonly source: OwnerSource, private readonly options: AccountsOptions) {}

  /** Once per tick: folds in the flows that ended at the last tick, then sums this tick's flows by owner. */
  update(s: TickSnapshot): void {
    this.foldEnded();
    const sums = new Map<Owner, Sum>();
    const flows = s.flows;
    for (let i = 0; i < flows.count; i++) {
      const id = flows.at(i);
      const owner = this.ownerOf(flows, id);
      let sum = sums.get(owner);
      if (sum === undefined) sums.set(owner, (sum = zeroSum()));
      for (let w = 0; w < 3; w++) {
        sum.sent[w]! += flows.sentRate(id, w as RateWindow);
        sum.recv[w]! += flows.recvRate(id, w as RateWindow);
      }
      sum.cumSent += flows.cumulativeSentBytes(id);
      sum.cumRecv += flows.cumulativeRecvBytes(id);
      sum.flows++;
    }
    this.retire(s.ts, sums);
    const o = s.overflow;
    this.overflow = { sent: [...o.sentRate], recv: [...o.recvRate], cumSent: o.cumulativeSentBytes, cumRecv: o.cumulativeRecvBytes, flows: 0 };
    this.current = sums;
    // Still in this tick's rows; from the next tick on they are gone from the table: keep their final counters then.
    const expired = s.expired;
    for (let i = 0; i < expired.count; i++) {
      const id = expired.at(i);
      this.ending.push({ owner: this.ownerOf(expired, id), sent: expired.cumulativeSentBytes(id), recv: expired.cumulativeRecvBytes(id), serial: expired.serial(id) });
      if (id < this.serials.length) this.serials[id] = -1;
    }
  }

  /** Folds the flows that ended at the previous tick into their owners' retained totals. */
  private foldEnded(): void {
    for (const e of this.ending) {
      const r = this.retained.get(e.owner) ?? { sent: 0, recv: 0 };
      r.sent += e.sent;
      r.recv += e.recv;
      this.retained.set(e.owner, r);
      this.source.forget(e.serial);
    }
    this.ending = [];
  }

  /** Processes gone longer than the retention, with no flow left, give up their row to their unit/container. */
  private retire(ts: number, live: Map<Owner, Sum>): void {
    for (const [owner, r] of this.retained) {
      if (owner.kind !== 'process' || owner.exitedAt === null || ts - owner.exitedAt < this.options.exitedRetentionSeconds || live.has(owner)) continue;
      const k = `${owner.unit ?? ''}|${owner.container?.id ?? ''}`;
      const bucket = this.retired.get(k) ?? { unit: owner.unit, container: owner.container, sent: 0, recv: 0 };
      bucket.sent += r.sent;
      bucket.recv += r.recv;
      this.retired.set(k, bucket);
      this.retained.delete(owner);
    }
  }

  private ownerOf(view: FlowView, id: number): Owner {
    const serial = view.serial(id);
    if (id < this.serials.length && this.serials[id] === serial) return this.cached[id]!;
    let owner = this.source.ownerOf(serial);
    if (owner === undefined) {
      view.copyKey(id, this.key);
      this.source.submit(serial, this.key);
      owner = this.source.pendingOwner;
    }
    if (owner !== this.source.pendingOwner) {
      if (id >= this.serials.length) this.growCache(id);
      this.serials[id] = serial;
      this.cached[id] = owner;
    }
    return owner;
  }

  private growCache(id: number): void {
    const next = new Float64Array(Math.max(1024, (id + 1) * 2)).fill(-1);
    next.set(this.serials);
    this.serials = next;
  }

  /** The rows of a view (unsorted): attributed groups, one row per gap owner, exited processes, the table-full row. */
  rows(view: RowView): AttributionRow[] {
    const groups = new Map<string, { row: Partial<AttributionRow> & { kind: AttributionRow['kind'] }; sum: Sum; procs: Set<Owner> }>();
    const add = (key: string, make: () => Partial<AttributionRow> & { kind: AttributionRow['kind'] }, owner: Owner | null, sum: Sum | undefined, retainedSent: number, retainedRecv: number) => {
      let g = groups.get(key);
      if (g === undefined) groups.set(key, (g = { row: make(), sum: zeroSum(), procs: new Set() }));
      if (sum !== undefined) addSum(g.sum, sum);
      g.sum.cumSent += retainedSent;
      g.sum.cumRecv += retainedRecv;
      if (owner !== null && owner.kind === 'process') g.procs.add(owner);
    };
    const owners = new Set<Owner>([...this.current.keys(), ...this.retained.keys()]);
    for (const owner of owners) {
      const sum = this.current.get(owner);
      const r = this.retained.get(owner);
      const [key, make] = owner.kind === 'gap' ? gapRow(owner) : groupRow(view, owner);
      add(key, make, owner, sum, r?.sent ?? 0, r?.recv ?? 0);
    }
    for (const b of this.retired.values()) {
      const key = view === 'process' ? 'exited' : view === 'unit' ? `u:${b.unit ?? ''}` : `c:${b.container?.id ?? ''}`;
      const make = view === 'process'
        ? () => ({ kind: 'exited' as const, name: 'exited processes' })
        : () => (view === 'unit' ? { kind: 'unit' as const, name: b.unit, unit: b.unit } : { kind: 'container' as const, name: b.container === null ? null : shortContainerId(b.container), container: b.container });
      add(key, make, null, undefined, b.sent, b.recv);
    }
    if (this.overflow.cumSent + this.overflow.cumRecv > 0 || this.overflow.sent.some((x) => x > 0) || this.overflow.recv.some((x) => x > 0)) {
      add('g:table-full', () => ({ kind: 'gap', unattributed: 'table-full' }), TABLE_FULL, this.overflow, 0, 0);
    }
    return [...groups].map(([key, g]) => finish(key, g.row, g.sum, g.procs));
  }
}

function addSum(into: Sum, s: Sum): void {
  for (let w = 0; w < 3; w++) {
    into.sent[w]! += s.sent[w]!;
    into.recv[w]! += s.recv[w]!;
  }
  into.cumSent += s.cumSent;
  into.cumRecv += s.cumRecv;
  into.flows += s.flows;
}

type Make = () => Partial<AttributionRow> & { kind: AttributionRow['kind'] };

function gapRow(g: GapOwner): [string, Make] {
  const key = `g:${g.reason}:${g.uid ?? ''}:${g.unit ?? ''}:${g.container?.id ?? ''}`;
  return [key, () => ({ kind: 'gap', unattributed: g.reason, uid: g.uid, user: g.user, unit: g.unit, container: g.container })];
}

function groupRow(view: RowView, p: ProcessOwner): [string, Make] {
  if (view === 'unit') return [`u:${p.unit ?? ''}`, () => ({ kind: 'unit', name: p.unit, unit: p.unit })];
  if (view === 'container') {
    return [`c:${p.container?.id ?? ''}`, () => ({ kind: 'container', name: p.container === null ? null : shortContainerId(p.container), container: p.container })];
  }
  return [`p:${p.pid}:${p.startTime}`, () => ({
    kind: 'process', pid: p.pid, name: p.name, cmdline: p.cmdline, user: p.user, uid: p.uid, unit: p.unit, container: p.container,
  })];
}

function finish(key: string, r: Partial<AttributionRow> & { kind: AttributionRow['kind'] }, s: Sum, procs: Set<Owner>): AttributionRow {
  const exited = r.kind === 'process' && [...procs].every((o) => o.kind === 'process' && o.exitedAt !== null);
  return {
    kind: r.kind, key, pid: r.pid ?? null, name: r.name ?? null, cmdline: r.cmdline ?? null, user: r.user ?? null, uid: r.uid ?? null,
    unit: r.unit ?? null, container: r.container ?? null, unattributed: r.unattributed ?? null, exited,
    processes: procs.size, flows: s.flows, sentRate: s.sent, recvRate: s.recv,
    cumulativeSentBytes: s.cumSent, cumulativeRecvBytes: s.cumRecv,
  };
}

/** Sorted as iftop sorts with 1/2/3 (by the 2 s, 10 s or 40 s total, sent + received), or by cumulative bytes; ties by key. */
export function sortRows(rows: readonly AttributionRow[], by: RateWindow | 'cumulative'): AttributionRow[] {
  const value = (r: AttributionRow) => (by === 'cumulative' ? r.cumulativeSentBytes + r.cumulativeRecvBytes : r.sentRate[by] + r.recvRate[by]);
  return [...rows].sort((a, b) => value(b) - value(a) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
