// Socket inode → process: each process's socket fds indexed incrementally, scanned in resumable, budgeted steps.
import type { ProcFs } from '../ports/attribution.js';
import { parseStat, parseStatusUid, socketInodeOfLink } from './proc-parse.js';

/** One process as the index knows it. */
export interface ProcEntry {
  readonly pid: number;
  /** From /proc/PID/stat at the last scan; -1 before the first. */
  startTime: number;
  /** Effective uid; -1 before the first scan. */
  uid: number;
  netns: number;
  /** Socket inodes held at the last completed scan. */
  sockets: Set<number>;
  /** Monotonic ms when the last completed scan started; -1 never scanned. */
  lastScan: number;
  /** Monotonic ms of the last scan that found a socket new to the index (busy processes are scanned first); -Infinity: never. */
  activity: number;
  /** Monotonic ms when the index first saw this pid: young processes are likely owners of new sockets. */
  readonly seenAt: number;
  /** Its fds could not be listed (another user's process without the capabilities). */
  denied: boolean;
}

/** What the scanner is asked to look for, and hints where to look first. */
export interface ScanHints {
  /** Socket uids of the sockets sought: processes of these users go first. */
  readonly uids: ReadonlySet<number>;
  /** PIDs of the cgroups the sought sockets were created in (cgroup.procs): they go before everyone. */
  readonly pids: ReadonlySet<number>;
}

interface ScanJob {
  readonly entry: ProcEntry;
  readonly fds: readonly string[];
  pos: number;
  readonly found: number[];
  readonly startedAt: number;
}

/** Processes gone from /proc since the last refresh (pid, start time), for marking owners as exited. */
export type GoneListener = (pid: number, startTime: number) => void;

const CLOCK_CHECK_EVERY = 32;
/** More new PIDs than this since the last look: the whole list is read instead. */
const NEW_PID_PROBES = 64;
const GRAVEYARD_MS = 120_000;
const GRAVEYARD_LIMIT = 100_000;
/** A denied process is tried again this often: it may have changed its uid. */
const DENIED_RETRY_MS = 60_000;

export class ProcessIndex {
  readonly entries = new Map<number, ProcEntry>();
  /** Socket inode → pid of the process found holding it. */
  readonly inodeOwner = new Map<number, number>();
  /** Socket inodes let go of lately (closed, or the process exited) → who held them, for flows looked up late. */
  readonly graveyard = new Map<number, { readonly pid: number; readonly startTime: number; readonly at: number }>();
  private job: ScanJob | null = null;
  private readonly pidScratch: number[] = [];
  private generation = new Map<number, number>();
  private refreshes = 0;
  private lastPid = 0;
  /** Whether some process's fds could not be read at the last try. */
  deniedCount = 0;

  constructor(
    private readonly proc: ProcFs,
    private readonly now: () => number,
    private readonly onGone: GoneListener,
  ) {}

  /**
   * New processes only, cheaply: the PIDs handed out since the last look (from /proc/loadavg) are
   * probed one by one; a long gap or a wrap falls back to refresh().
   */
  refreshNew(): void {
    const last = this.proc.lastPid();
    if (last === 0 || this.lastPid === 0 || last < this.lastPid || last - this.lastPid > NEW_PID_PROBES) {
      this.refresh();
      return;
    }
    for (let pid = this.lastPid + 1; pid <= last; pid++) {
      if (!this.entries.has(pid) && this.proc.isProcess(pid)) {
        this.entries.set(pid, { pid, startTime: -1, uid: -1, netns: 0, sockets: new Set(), lastScan: -1, activity: -Infinity, denied: false, seenAt: this.now() });
        this.generation.set(pid, this.refreshes);
      }
    }
    this.lastPid = last;
  }

  /** Re-reads the PID list: new processes enter unscanned, vanished ones leave (with their inodes). */
  refresh(): void {
    const gen = ++this.refreshes;
    this.lastPid = this.proc.lastPid();
    this.proc.listPids(this.pidScratch);
    for (const pid of this.pidScratch) {
      if (!this.entries.has(pid)) {
        this.entries.set(pid, { pid, startTime: -1, uid: -1, netns: 0, sockets: new Set(), lastScan: -1, activity: -Infinity, denied: false, seenAt: this.now() });
      }
      this.generation.set(pid, gen);
    }
    for (const [pid, e] of this.entries) {
      if (this.generation.get(pid) === gen) continue;
      this.remove(e);
    }
  }

  private remove(e: ProcEntry): void {
    this.entries.delete(e.pid);
    this.generation.delete(e.pid);
    this.dropInodes(e, e.sockets);
    if (this.job?.entry === e) this.job = null;
    if (e.denied) this.deniedCount--;
    if (e.startTime >= 0) this.onGone(e.pid, e.startTime);
  }

  /** The process let go of these sockets (closed, or it exited): who held them goes to the graveyard. */
  private dropInodes(e: ProcEntry, inodes: Iterable<number>): void {
    const now = this.now();
    for (const ino of inodes) {
      if (this.inodeOwner.get(ino) !== e.pid) continue;
      this.inodeOwner.delete(ino);
      if (e.startTime >= 0) this.graveyard.set(ino, { pid: e.pid, startTime: e.startTime, at: now });
    }
    for (const [ino, g] of this.graveyard) {
      if (now - g.at <= GRAVEYARD_MS && this.graveyard.size <= GRAVEYARD_LIMIT) break;
      this.graveyard.delete(ino);
    }
  }

  /** Processes never scanned yet. */
  unscanned(): number {
    let n = 0;
    for (const e of this.entries.values()) if (e.lastScan < 0) n++;
    return n;
  }

  /**
   * Scans processes until `until` (monotonic ms) or until `wanted` (inodes sought, removed as they are
   * found) is empty. Order: a scan in progress, never-scanned processes, the hinted cgroups' pids,
   * the hinted users' processes, then the rest; busy ones first, least recently scanned first.
   * Only processes `wants` accepts are scanned. Returns the scans completed.
   */
  scan(wanted: Set<number>, hints: ScanHints, wants: (e: ProcEntry) => boolean, until: number): number {
    let completed = 0;
    if (this.job !== null && wanted.size > 0) {
      if (!this.step(this.job, wanted, until)) return completed;
      completed++;
    }
    if (wanted.size === 0) return completed;
    const queue = this.queue(hints, wants);
    for (const e of queue) {
      if (wanted.size === 0 || this.now() >= until) break;
      const job = this.start(e);
      if (job === null) continue;
      if (!this.step(job, wanted, until)) break;
      completed++;
    }
    return completed;
  }

  private queue(hints: ScanHints, wants: (e: ProcEntry) => boolean): ProcEntry[] {
    const now = this.now();
    const tier = (e: ProcEntry) => (e.lastScan < 0 ? 0 : hints.pids.has(e.pid) ? 1 : hints.uids.has(e.uid) ? 2 : 3);
    const list: ProcEntry[] = [];
    for (const e of this.entries.values()) {
      if (e.denied ? now - e.lastScan < DENIED_RETRY_MS : !wants(e)) continue;
      list.push(e);
    }
    list.sort((a, b) => tier(a) - tier(b) || b.activity - a.activity || b.seenAt - a.seenAt || a.lastScan - b.lastScan || b.pid - a.pid);
    return list;
  }

  private start(e: ProcEntry): ScanJob | null {
    const startedAt = this.now();
    const stat = this.proc.readText(e.pid, 'stat');
    const parsed = stat === null ? null : parseStat(stat);
    if (parsed === null) {
      this.remove(e);
      return null;
    }
    if (e.startTime >= 0 && parsed.startTime !== e.startTime) {
      // The pid was reused: the process we knew is gone, this is a new one.
      this.remove(e);
      const fresh: ProcEntry = { pid: e.pid, startTime: -1, uid: -1, netns: 0, sockets: new Set(), lastScan: -1, activity: -Infinity, denied: false, seenAt: this.now() };
      this.entries.set(e.pid, fresh);
      this.generation.set(e.pid, this.refreshes);
      e = fresh;
    }
    if (e.startTime < 0) {
      e.startTime = parsed.startTime;
      const status = this.proc.readText(e.pid, 'status');
      e.uid = (status === null ? null : parseStatusUid(status)) ?? -1;
    }
    const fds = this.proc.listFds(e.pid);
    if (fds === 'gone') {
      this.remove(e);
      return null;
    }
    const wasDenied = e.denied;
    e.denied = fds === 'denied';
    if (e.denied !== wasDenied) this.deniedCount += e.denied ? 1 : -1;
    if (fds === 'denied') {
      e.lastScan = startedAt;
      return null;
    }
    this.job = { entry: e, fds, pos: 0, found: [], startedAt };
    return this.job;
  }

  /** Reads fd links until done (true) or until the deadline (false: resumed next time). */
  private step(job: ScanJob, wanted: Set<number>, until: number): boolean {
    const e = job.entry;
    while (job.pos < job.fds.length) {
      const link = this.proc.readFdLink(e.pid, job.fds[job.pos++]!);
      if (link === 'denied') {
        // Listing was allowed (CAP_DAC_READ_SEARCH) but reading links is not (no CAP_SYS_PTRACE).
        this.job = null;
        if (!e.denied) this.deniedCount++;
        e.denied = true;
        e.lastScan = job.startedAt;
        return true;
      }
      const ino = link === null ? -1 : socketInodeOfLink(link);
      if (ino > 0) {
        job.found.push(ino);
        const holder = this.inodeOwner.get(ino);
        if (holder === undefined || !this.entries.has(holder)) {
          this.inodeOwner.set(ino, e.pid);
          // Busy = opened a socket since an earlier scan (a first scan finds only what it always had).
          if (!e.sockets.has(ino) && e.lastScan >= 0) e.activity = job.startedAt;
          e.sockets.add(ino);
        }
        wanted.delete(ino);
      }
      if (job.pos % CLOCK_CHECK_EVERY === 0 && this.now() >= until) return false;
    }
    const now = new Set(job.found);
    const dropped: number[] = [];
    for (const ino of e.sockets) if (!now.has(ino)) dropped.push(ino);
    this.dropInodes(e, dropped);
    e.sockets = now;
    e.lastScan = job.startedAt;
    this.job = null;
    return true;
  }
}
