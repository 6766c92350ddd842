// Builds and interns owners: a process's name, command line, user, unit and container; gaps with what is known.
import type { ProcFs } from '../ports/attribution.js';
import { uidNames } from '../config/passwd.js';
import { inert } from '../format/inert.js';
import { cgroupPathOf, describeCgroup } from './cgroup-names.js';
import type { ContainerRef, GapOwner, GapReason, ProcessOwner } from './owner.js';
import { ownerKey } from './owner.js';
import type { ProcEntry } from './process-index.js';
import { CMDLINE_LIMIT, parseCmdline, parseStat } from './proc-parse.js';

const PASSWD_REFRESH_MS = 60_000;
const PASSWD_MISS_RETRY_MS = 10_000;
const CGROUP_WALK_RETRY_MS = 5_000;
const CGROUP_DIRS_LIMIT = 50_000;

/** Owners are interned: one object per process (pid + start time) and per gap, so rows can key on them. */
export class OwnerDirectory {
  private readonly processes = new Map<string, ProcessOwner>();
  private readonly gaps = new Map<string, GapOwner>();
  private names = new Map<number, string>();
  private namesAt = -Infinity;
  private namesMissAt = -Infinity;
  private cgroups = new Map<number, string>();
  private cgroupsAt = -Infinity;

  constructor(
    private readonly proc: ProcFs,
    private readonly now: () => number,
  ) {}

  /** The owner for an indexed process (read once per process: cmdline, cgroup). */
  process(e: ProcEntry): ProcessOwner {
    const key = `p:${e.pid}:${e.startTime}`;
    const known = this.processes.get(key);
    if (known !== undefined) return known;
    const stat = this.proc.readText(e.pid, 'stat');
    const parsed = stat === null ? null : parseStat(stat);
    const cmd = this.proc.readCmdline(e.pid, CMDLINE_LIMIT);
    const cgroupText = this.proc.readText(e.pid, 'cgroup');
    const cgroup = cgroupText === null ? '' : cgroupPathOf(cgroupText);
    const facts = describeCgroup(cgroup);
    const owner: ProcessOwner = {
      kind: 'process',
      pid: e.pid,
      startTime: e.startTime,
      name: parsed?.comm ?? '?',
      cmdline: cmd === null ? '' : parseCmdline(cmd),
      uid: e.uid,
      user: this.userName(e.uid),
      unit: facts.unit,
      container: facts.container,
      cgroup,
      netns: e.netns,
      exitedAt: null,
    };
    this.processes.set(key, owner);
    return owner;
  }

  /** The interned owner of a process, if one was built. */
  knownProcess(pid: number, startTime: number): ProcessOwner | undefined {
    return this.processes.get(`p:${pid}:${startTime}`);
  }

  /** Forgets a process owner (after it exited and its rows were retired). */
  forgetProcess(o: ProcessOwner): void {
    this.processes.delete(ownerKey(o));
  }

  /** A gap, with the uid and the socket's cgroup (id from sock_diag) when known. */
  gap(reason: GapReason, uid: number | null = null, cgroupId = 0): GapOwner {
    let unit: string | null = null;
    let container: ContainerRef | null = null;
    if (cgroupId !== 0) {
      const path = this.cgroupPath(cgroupId);
      if (path !== null) ({ unit, container } = describeCgroup(path));
    }
    const draft: GapOwner = { kind: 'gap', reason, uid, user: uid === null ? null : this.userName(uid), unit, container };
    const key = ownerKey(draft);
    const known = this.gaps.get(key);
    if (known !== undefined) return known;
    this.gaps.set(key, draft);
    return draft;
  }

  /** The cgroup v2 path of a cgroup id, walking the tree again on a miss at most every few seconds. */
  cgroupPath(id: number): string | null {
    const known = this.cgroups.get(id);
    if (known !== undefined) return known;
    const now = this.now();
    if (now - this.cgroupsAt < CGROUP_WALK_RETRY_MS) return null;
    this.cgroupsAt = now;
    this.cgroups = this.proc.cgroupDirectories(CGROUP_DIRS_LIMIT);
    return this.cgroups.get(id) ?? null;
  }

  /** uid → name from /etc/passwd (re-read every minute, or soon after an unknown uid), else the number. */
  userName(uid: number): string {
    if (uid < 0) return '?';
    const now = this.now();
    const stale = now - this.namesAt > PASSWD_REFRESH_MS;
    const miss = !this.names.has(uid) && now - this.namesMissAt > PASSWD_MISS_RETRY_MS;
    if (stale || miss) {
      if (miss) this.namesMissAt = now;
      this.namesAt = now;
      const text = this.proc.readPasswd();
      if (text !== null) this.names = uidNames(text);
    }
    const name = this.names.get(uid);
    return name === undefined ? String(uid) : inert(name);
  }
}
