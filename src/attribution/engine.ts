// The attribution engine: new flows in, owners out, in batches at most every ~100 ms, with a CPU budget for /proc scans.
import type { Clock } from '../ports/clock.js';
import type { KernelSockets, ProcFs } from '../ports/attribution.js';
import { ClosedNotices } from './closed-notices.js';
import type { Resolution, SocketsFound } from './flow-resolver.js';
import { FlowResolver } from './flow-resolver.js';
import type { AddressSet } from './local-addresses.js';
import { addBytes } from './local-addresses.js';
import { NetnsRegistry } from './netns-registry.js';
import type { GapOwner, Owner } from './owner.js';
import { OwnerDirectory } from './owner-directory.js';
import { ProcessIndex } from './process-index.js';
import { RecentSockets } from './recent-sockets.js';
import { SearchBook } from './search-book.js';

import type { Schedule } from '../ports/schedule.js';
export type { Schedule } from '../ports/schedule.js';

export interface AttributionPorts {
  /** sock_diag in our namespace; null when netlink is unavailable (then /proc/net text tables are read). */
  readonly kernel: KernelSockets | null;
  readonly proc: ProcFs;
  readonly clock: Clock;
  readonly schedule: Schedule;
  /** Host byte order, for /proc/net's hex words. */
  readonly littleEndian: boolean;
}

export interface AttributionOptions {
  /** Shortest time between two batches (ms). */
  readonly batchIntervalMs: number;
  /** /proc/PID/fd scanning time allowed per second of run time, sustained (ms): the CPU budget. */
  readonly scanMsPerSecond: number;
  /** Most scanning time one batch may use once the budget has built up (ms). */
  readonly scanBurstMs: number;
  /** Scanning time available at start, to index the processes already running (ms). */
  readonly initialScanMs: number;
}

export const DEFAULT_ATTRIBUTION_OPTIONS: AttributionOptions = {
  batchIntervalMs: 100,
  scanMsPerSecond: 10,
  scanBurstMs: 50,
  initialScanMs: 400,
};

const OWN_ADDRESS_REFRESH_MS = 10_000;
const EXIT_CHECK_MS = 1_000;
/** How long the start-up scanning allowance lasts at most (it is for indexing what already runs). */
const INITIAL_ALLOWANCE_MS = 2_000;

export interface AttributionStats {
  batches: number;
  flows: number;
  lookups: number;
  processScans: number;
  scanMs: number;
  /** Flows attributed to a process / to a gap. */
  attributed: number;
  gaps: number;
}

export class AttributionEngine {
  private pending: { serial: number; key: Uint32Array }[] = [];
  private readonly pendingSerials = new Set<number>();
  private readonly owners = new Map<number, Owner>();
  private readonly index: ProcessIndex;
  private readonly directory: OwnerDirectory;
  private readonly resolver: FlowResolver;
  private readonly netns: NetnsRegistry;
  private readonly closed = new ClosedNotices();
  private readonly book: SearchBook;
  /** Memory of whole-table dumps, on hosts where a dump is cheap (null without netlink). */
  private readonly recent: RecentSockets | null;
  private ownAddresses: AddressSet = new Set();
  private ownAddressesAt = -Infinity;
  private lastBatch = -Infinity;
  private lastRefresh = -Infinity;
  private cancel: (() => void) | null = null;
  private tokens: number;
  private tokensAt: number;
  private readonly startedAt: number;
  private readonly notices: string[] = [];
  private deniedNoticed = false;
  readonly pendingOwner: GapOwner;
  readonly stats: AttributionStats = { batches: 0, flows: 0, lookups: 0, processScans: 0, scanMs: 0, attributed: 0, gaps: 0 };

  constructor(private readonly ports: AttributionPorts, private readonly options: AttributionOptions = DEFAULT_ATTRIBUTION_OPTIONS) {
    const now = () => ports.clock.monotonicMs();
    this.directory = new OwnerDirectory(ports.proc, now);
    this.index = new ProcessIndex(ports.proc, now, (pid, start) => {
      const o = this.directory.knownProcess(pid, start);
      if (o !== undefined && o.exitedAt === null) o.exitedAt = ports.clock.epochSeconds();
    });
    this.netns = new NetnsRegistry(ports.proc, now, ports.proc.netnsOf(0), ports.littleEndian);
    this.recent = ports.kernel === null ? null : new RecentSockets(ports.kernel, now);
    this.resolver = new FlowResolver(ports.kernel, ports.proc, () => this.ownAddressSet(), this.netns, this.closed, ports.littleEndian, now, this.recent);
    this.book = new SearchBook(this.index, this.directory, ports.proc, now);
    this.pendingOwner = this.directory.gap('pending');
    this.tokens = options.initialScanMs;
    this.tokensAt = now();
    this.startedAt = now();
    if (ports.kernel === null) {
      this.notices.push('netlink sock_diag is unavailable: socket tables are read from /proc/net instead (slower on hosts with many sockets)');
    }
  }

  /**
   * A flow the flow table just created: its serial and 10-word key (copied; src first, as the flow
   * table orients it). O(1); the lookup happens in the next batch (at once if none ran for a while).
   */
  submit(serial: number, key: Uint32Array, offset = 0): void {
    if (this.owners.has(serial) || this.pendingSerials.has(serial)) return;
    this.pending.push({ serial, key: key.slice(offset, offset + 10) });
    this.pendingSerials.add(serial);
    this.stats.flows++;
    this.scheduleBatch();
  }

  /** The owner of a flow: a process, a gap, `pendingOwner` while looking, undefined if never submitted. */
  ownerOf(serial: number): Owner | undefined {
    return this.owners.get(serial) ?? (this.book.isWaiting(serial) || this.pendingSerials.has(serial) ? this.pendingOwner : undefined);
  }

  /** Drops what is kept for a flow whose record ended (its totals live on in the rows). */
  forget(serial: number): void {
    this.owners.delete(serial);
  }

  /** Scans per search phase: recently active/cgroup, new or young processes, everyone else. */
  get phaseScans(): readonly number[] {
    return this.book.phaseScans;
  }

  /** Messages to show once (missing capabilities, fallbacks); each is returned a single time. */
  takeNotices(): string[] {
    return this.notices.splice(0);
  }

  /** Whether flows wait for a lookup or a search. */
  get hasWork(): boolean {
    return this.pending.length > 0 || this.book.size > 0;
  }

  /** Runs a batch now (tests, or before a final report); normally the timer does. */
  flush(): void {
    this.cancel?.();
    this.cancel = null;
    this.runBatch();
  }

  /** Periodic upkeep from the tick: notices exited processes (once a second at most). */
  maintain(): void {
    if (this.ports.clock.monotonicMs() - this.lastRefresh >= EXIT_CHECK_MS) this.refreshProcesses();
  }

  close(): void {
    this.cancel?.();
    this.cancel = null;
    this.ports.kernel?.close();
  }

  private scheduleBatch(): void {
    if (this.cancel !== null) return;
    const wait = Math.max(0, this.lastBatch + this.options.batchIntervalMs - this.ports.clock.monotonicMs());
    this.cancel = this.ports.schedule(() => {
      this.cancel = null;
      this.runBatch();
    }, wait);
  }

  private refreshProcesses(): void {
    this.index.refresh();
    this.lastRefresh = this.ports.clock.monotonicMs();
  }

  private ownAddressSet(): AddressSet {
    const now = this.ports.clock.monotonicMs();
    if (now - this.ownAddressesAt >= OWN_ADDRESS_REFRESH_MS) {
      const set: AddressSet = new Set();
      for (const a of this.ports.proc.ownAddresses()) addBytes(a, set);
      this.ownAddresses = set;
      this.ownAddressesAt = now;
    }
    return this.ownAddresses;
  }

  private runBatch(): void {
    const clock = this.ports.clock;
    const now = clock.monotonicMs();
    this.lastBatch = now;
    this.stats.batches++;
    this.tokens = Math.min(Math.max(this.tokens, this.options.scanBurstMs), this.tokens + ((now - this.tokensAt) * this.options.scanMsPerSecond) / 1000);
    this.tokensAt = now;
    this.drainClosed(now);
    this.resolver.newBatch();
    const work = this.pending;
    this.pending = [];
    this.pendingSerials.clear();
    // The PID list is re-read lazily: by the search when the usual suspects did not hold a socket.
    if (this.lastRefresh === -Infinity) this.refreshProcesses();
    // Where the table is small, a dump each batch finds new sockets before they close.
    this.recent?.refresh((inode, uid, cgroupId) => this.book.watch(inode, uid, cgroupId));
    let netnsUpdated = false;
    for (const { serial, key } of work) {
      // Other namespaces only matter for traffic off our own addresses: learn them then.
      if (!netnsUpdated && !this.isOwn(key)) {
        this.netns.update(this.index.entries);
        netnsUpdated = true;
      }
      this.stats.lookups++;
      this.settle(serial, key, this.resolver.resolve(key));
    }
    if (this.book.searching > 0 && this.tokens > 0) {
      const before = clock.monotonicMs();
      this.stats.processScans += this.book.scan(before + this.tokens, () => this.index.refreshNew(), (key) => this.resolver.resolveLive(key));
      const used = clock.monotonicMs() - before;
      // A scan may run past its deadline by a few fds; no debt beyond that is carried.
      this.tokens = Math.max(0, this.tokens - used);
      this.stats.scanMs += used;
      // The start-up allowance is for indexing what already runs; once done, the steady budget applies.
      if (this.tokens > this.options.scanBurstMs && (this.index.unscanned() === 0 || now - this.startedAt > INITIAL_ALLOWANCE_MS)) this.tokens = this.options.scanBurstMs;
    }
    for (const [serial, owner] of this.book.settled((key) => this.resolver.resolveLive(key))) this.setOwner(serial, owner);
    if (this.index.deniedCount > 0 && !this.deniedNoticed) {
      this.deniedNoticed = true;
      this.notices.push("cannot read other users' /proc/PID/fd (needs CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH): their traffic is shown as \"no permission\", with the socket's user");
    }
    if (this.book.size > 0) this.scheduleBatch();
  }

  /** Whether either end is one of our namespace's addresses (a cheap pre-check; the resolver decides). */
  private isOwn(key: Uint32Array): boolean {
    const set = this.ownAddressSet();
    const family = key[0]! >>> 8 === 6 ? 6 : 4;
    const k = (o: number) => (family === 4 ? `4:${key[o]!}` : `6:${key[o]!}:${key[o + 1]!}:${key[o + 2]!}:${key[o + 3]!}`);
    const loop = (o: number) => (family === 4 ? key[o]! >>> 24 === 127 : key[o] === 0 && key[o + 1] === 0 && key[o + 2] === 0 && key[o + 3] === 1);
    return set.has(k(1)) || set.has(k(5)) || loop(1) || loop(5);
  }

  private settle(serial: number, key: Uint32Array, r: Resolution): void {
    if (r.kind === 'gap') {
      this.setOwner(serial, this.directory.gap(r.reason, r.uid, r.cgroupId));
      return;
    }
    const known = this.book.ownerNow(r);
    if (known !== null) this.setOwner(serial, known);
    else this.book.wait(serial, key, r as SocketsFound);
  }

  private setOwner(serial: number, owner: Owner): void {
    this.owners.set(serial, owner);
    if (owner.kind === 'process') this.stats.attributed++;
    else this.stats.gaps++;
  }

  private drainClosed(now: number): void {
    const k = this.ports.kernel;
    if (k === null) return;
    k.drainClosed((r) => this.closed.add(r, now));
  }
}
