// Flows waiting for a socket's process: which inodes are sought, where to look first, and when to give up.
import type { ProcFs } from '../ports/attribution.js';
import type { Resolution, SocketsFound } from './flow-resolver.js';
import type { GapOwner, Owner, ProcessOwner } from './owner.js';
import type { OwnerDirectory } from './owner-directory.js';
import type { ProcEntry, ProcessIndex } from './process-index.js';

interface Search {
  readonly inode: number;
  readonly uid: number;
  readonly cgroupId: number;
  readonly startedAt: number;
  /** A key of a flow on this socket, to look the socket up again when no process has it. */
  readonly key: Uint32Array;
}

interface Wait {
  readonly serial: number;
  readonly inodes: readonly number[];
}

/** How long "no process holds this socket" is believed before searching again. */
const VERDICT_MS = 60_000;

/**
 * A search ends when the inode turns up in a process, or when every process that could hold it has
 * been scanned since the search began (then: no permission, a kernel socket, or closed meanwhile).
 * A socket whose uid is only that of processes we cannot read needs no full pass: no permission.
 */
export class SearchBook {
  private readonly searches = new Map<number, Search>();
  private readonly waits = new Map<number, Wait>();
  private readonly verdicts = new Map<number, { readonly owner: GapOwner; readonly at: number }>();

  constructor(
    private readonly index: ProcessIndex,
    private readonly directory: OwnerDirectory,
    private readonly proc: ProcFs,
    private readonly now: () => number,
  ) {}

  get size(): number {
    return this.waits.size;
  }

  isWaiting(serial: number): boolean {
    return this.waits.has(serial);
  }

  /** The owner when every socket's process (or verdict) is already known, else null. */
  ownerNow(r: SocketsFound): Owner | null {
    return this.combine(r.inodes);
  }

  wait(serial: number, key: Uint32Array, r: SocketsFound): void {
    this.waits.set(serial, { serial, inodes: r.inodes });
    const now = this.now();
    for (const inode of r.inodes) {
      const v = this.verdicts.get(inode);
      if (v !== undefined && now - v.at <= VERDICT_MS) continue;
      if (!this.searches.has(inode)) this.searches.set(inode, { inode, uid: r.uid, cgroupId: r.cgroupId, startedAt: now, key });
    }
  }

  /** Scans processes for the sought inodes until `until`; returns the scans completed. */
  scan(until: number): number {
    const wanted = new Set<number>();
    const uids = new Set<number>();
    const pids = new Set<number>();
    const cgroups = new Set<number>();
    for (const s of this.searches.values()) {
      if (this.index.inodeOwner.has(s.inode)) continue;
      wanted.add(s.inode);
      uids.add(s.uid);
      if (s.cgroupId !== 0) cgroups.add(s.cgroupId);
    }
    if (wanted.size === 0) return 0;
    for (const id of cgroups) {
      const path = this.directory.cgroupPath(id);
      // The root cgroup holds everything on hosts without systemd: no hint there.
      if (path === null || path === '/' || path === '') continue;
      for (const pid of this.proc.cgroupProcs(path) ?? []) pids.add(pid);
    }
    const { slow, fast } = this.horizons();
    const wants = (e: ProcEntry) => e.lastScan < 0 || e.lastScan < slow || e.lastScan < (fast.get(e.uid) ?? -Infinity);
    return this.index.scan(wanted, { uids, pids }, wants, until);
  }

  /** Newest search start among searches needing a full pass, and per uid among those needing only that uid's processes. */
  private horizons(): { slow: number; fast: Map<number, number> } {
    const denied = this.deniedUids();
    let slow = -Infinity;
    const fast = new Map<number, number>();
    for (const s of this.searches.values()) {
      if (denied.has(s.uid)) fast.set(s.uid, Math.max(fast.get(s.uid) ?? -Infinity, s.startedAt));
      else slow = Math.max(slow, s.startedAt);
    }
    return { slow, fast };
  }

  private deniedUids(): Set<number> {
    const uids = new Set<number>();
    if (this.index.deniedCount > 0) for (const e of this.index.entries.values()) if (e.denied) uids.add(e.uid);
    return uids;
  }

  /** Flows whose owner is now decided, removed from the book. `lookAgain` re-resolves a key (was the socket closed?). */
  *settled(lookAgain: (key: Uint32Array) => Resolution): Iterable<readonly [number, Owner]> {
    const now = this.now();
    for (const [inode, v] of this.verdicts) if (now - v.at > VERDICT_MS && !this.searches.has(inode)) this.verdicts.delete(inode);
    if (this.waits.size === 0) return;
    const denied = this.deniedUids();
    // Oldest scan among readable processes, overall and per uid (uid -1: never scanned, so unknown).
    let oldest = Infinity;
    const oldestByUid = new Map<number, number>();
    for (const e of this.index.entries.values()) {
      if (e.denied) continue;
      oldest = Math.min(oldest, e.lastScan);
      oldestByUid.set(e.uid, Math.min(oldestByUid.get(e.uid) ?? Infinity, e.lastScan));
    }
    for (const s of this.searches.values()) {
      if (this.index.inodeOwner.has(s.inode)) {
        this.searches.delete(s.inode);
        continue;
      }
      const horizon = denied.has(s.uid) ? Math.min(oldestByUid.get(s.uid) ?? Infinity, oldestByUid.get(-1) ?? Infinity) : oldest;
      if (horizon < s.startedAt) continue;
      // Nobody readable holds it. Still open? Then it is another user's, or the kernel's.
      const again = lookAgain(s.key);
      const open = again.kind === 'sockets' && again.inodes.includes(s.inode);
      const reason = !open ? 'closed' : this.index.deniedCount > 0 ? 'no-permission' : 'kernel-socket';
      const owner = this.directory.gap(reason, s.uid, s.cgroupId);
      if (open) this.verdicts.set(s.inode, { owner, at: now });
      else this.verdicts.set(s.inode, { owner, at: now - VERDICT_MS + 5_000 });
      this.searches.delete(s.inode);
    }
    for (const w of this.waits.values()) {
      const owner = this.combine(w.inodes);
      if (owner === null) continue;
      this.waits.delete(w.serial);
      yield [w.serial, owner];
    }
  }

  /** One owner for a set of sockets: the process if they agree, "ambiguous" if processes differ. */
  private combine(inodes: readonly number[]): Owner | null {
    let process: ProcessOwner | null = null;
    let gap: GapOwner | null = null;
    const now = this.now();
    for (const inode of inodes) {
      const pid = this.index.inodeOwner.get(inode);
      const entry = pid === undefined ? undefined : this.index.entries.get(pid);
      if (entry !== undefined) {
        const p = this.directory.process(entry);
        if (process !== null && process !== p) return this.directory.gap('ambiguous');
        process = p;
        continue;
      }
      const v = this.verdicts.get(inode);
      if (v === undefined || now - v.at > VERDICT_MS) return null;
      gap ??= v.owner;
    }
    return process ?? gap;
  }
}
