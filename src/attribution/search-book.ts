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
  /** A key of a flow on this socket, to look the socket up again when no process has it; null for a watch (no flow yet). */
  readonly key: Uint32Array | null;
}

interface Wait {
  readonly serial: number;
  readonly inodes: readonly number[];
}

/** How long "no process holds this socket" is believed before searching again. */
const VERDICT_MS = 60_000;
/** A process first seen this recently is looked at early (it may have opened its socket after its first scan). */
const YOUNG_MS = 5_000;
/** A process that opened a socket this recently is looked at first. */
const RECENT_ACTIVITY_MS = 10_000;

/**
 * A search ends when the inode turns up in a process, or when every process that could hold it has
 * been scanned since the search began (then: no permission, a kernel socket, or closed meanwhile).
 * A socket whose uid is only that of processes we cannot read needs no full pass: no permission.
 */
export class SearchBook {
  private readonly searches = new Map<number, Search>();
  /** Scans completed in each phase (see scan()), for diagnostics and benchmarks. */
  readonly phaseScans = [0, 0, 0];
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
      const known = this.searches.get(inode);
      // A watch becomes a search with a flow: it now needs a verdict if nobody holds the socket.
      if (known === undefined || known.key === null) this.searches.set(inode, { inode, uid: r.uid, cgroupId: r.cgroupId, startedAt: known?.startedAt ?? now, key });
    }
  }

  /** Sockets being sought, flows waiting or not. */
  get searching(): number {
    return this.searches.size;
  }

  /**
   * Looks for a socket's process before any flow asks (a socket new in a dump): found while it is
   * open, its owner survives its close. Dropped without a verdict if nobody readable holds it.
   */
  watch(inode: number, uid: number, cgroupId: number): void {
    if (this.searches.has(inode) || this.index.inodeOwner.has(inode)) return;
    this.searches.set(inode, { inode, uid, cgroupId, startedAt: this.now(), key: null });
  }

  /**
   * Scans processes for the sought inodes until `until`, cheapest bet first: (1) the sockets'
   * cgroups and the processes that recently opened sockets; (2) processes new since the last look, or young
   * (found here, via `refresh`, only when (1) did not find everything); (3) everyone else, for the
   * sockets `lookAgain` still finds open. Returns the scans completed.
   */
  scan(until: number, refresh: () => void, lookAgain: (key: Uint32Array) => Resolution): number {
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
    const hints = { uids, pids };
    const recent = this.now() - RECENT_ACTIVITY_MS, veryRecent = this.now() - RECENT_ACTIVITY_MS / 10;
    const sought = [...wanted];
    let done = this.index.scan(wanted, hints, (e) => e.lastScan >= 0 && (pids.has(e.pid) || (e.activity >= recent && e.sockets.size > 0) || e.activity >= veryRecent) && wants(e), until);
    this.phaseScans[0]! += done;
    if (wanted.size > 0) {
      refresh();
      const young = this.now() - YOUNG_MS;
      const n = this.index.scan(wanted, hints, (e) => e.lastScan < 0 || (e.seenAt >= young && wants(e)), until);
      this.phaseScans[1]! += n;
      done += n;
    }
    // Everyone else is worth scanning only for sockets still open, and sought for a flow.
    for (const ino of [...wanted]) {
      const s = this.searches.get(ino);
      if (s === undefined || s.key === null) wanted.delete(ino);
      else {
        const again = lookAgain(s.key);
        if (again.kind !== 'sockets' || !again.inodes.includes(ino)) wanted.delete(ino);
      }
    }
    if (wanted.size > 0) {
      const n = this.index.scan(wanted, hints, wants, until);
      this.phaseScans[2]! += n;
      done += n;
    }
    // Who holds a found socket is read now, while the process runs: it may be gone by the time a flow asks.
    for (const ino of sought) {
      if (wanted.has(ino)) continue;
      const entry = this.index.entries.get(this.index.inodeOwner.get(ino) ?? -1);
      if (entry !== undefined) this.directory.process(entry);
    }
    return done;
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
    if (this.searches.size === 0 && this.waits.size === 0) return;
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
      if (s.key === null) {
        if (horizon >= s.startedAt || now - s.startedAt > VERDICT_MS) this.searches.delete(s.inode);
        continue;
      }
      // Still open? A socket closed before its process was found needs no full pass to say so.
      const again = lookAgain(s.key);
      const open = again.kind === 'sockets' && again.inodes.includes(s.inode);
      if (open && horizon < s.startedAt) continue;
      // Nobody readable holds it, and it is open: another user's, or the kernel's.
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
      // Held by a process that has let go of it since, or exited (found while it held it).
      const g = this.index.graveyard.get(inode);
      const gone = g === undefined ? undefined : this.directory.knownProcess(g.pid, g.startTime);
      if (gone !== undefined) {
        if (process !== null && process !== gone) return this.directory.gap('ambiguous');
        process = gone;
        continue;
      }
      const v = this.verdicts.get(inode);
      if (v === undefined || now - v.at > VERDICT_MS) return null;
      gap ??= v.owner;
    }
    return process ?? gap;
  }
}
