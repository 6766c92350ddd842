// A scripted host for engine tests: processes with fds, sockets by namespace, a clock that scans advance, manual timers.
import type { KernelSockets, NetFile, ProcFs } from '../../src/ports/attribution.js';
import type { Clock } from '../../src/ports/clock.js';
import type { Schedule } from '../../src/attribution/engine.js';
import type { SocketRecord } from '../../src/attribution/socket-record.js';
import { SocketKind } from '../../src/attribution/socket-record.js';
import { words } from '../helpers/flow-keys.js';

export interface FakeSocket {
  readonly kind: number;
  readonly proto: number;
  readonly family: 4 | 6;
  readonly local: string;
  readonly localPort: number;
  readonly remote: string;
  readonly remotePort: number;
  state: number;
  inode: number;
  readonly uid: number;
  readonly cgroupId?: number;
  /** Namespace id (0: ours). */
  readonly netns?: number;
}

export interface FakeProcess {
  startTime: number;
  uid: number;
  comm: string;
  cmdline: string;
  cgroup: string;
  netns: number;
  /** fd number → link text. */
  fds: Map<string, string>;
  denied?: boolean;
}

const hex8 = (n: number) => (n >>> 0).toString(16).toUpperCase().padStart(8, '0');
const swap = (x: number) => (((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) >>> 0;

function procNetLine(i: number, s: FakeSocket): string {
  const addr = (a: string) => {
    const w = words(a).w;
    return s.family === 4 ? hex8(swap(w[0]!)) : [0, 1, 2, 3].map((k) => hex8(swap(w[k]!))).join('');
  };
  const port = (p: number) => p.toString(16).toUpperCase().padStart(4, '0');
  return `${String(i).padStart(4)}: ${addr(s.local)}:${port(s.localPort)} ${addr(s.remote)}:${port(s.remotePort)} ${s.state.toString(16).toUpperCase().padStart(2, '0')} 00000000:00000000 00:00000000 00000000 ${String(s.uid).padStart(5)}        0 ${s.inode} 1`;
}

const FILES: Record<string, [number, 4 | 6]> = {
  tcp: [SocketKind.TCP, 4], tcp6: [SocketKind.TCP, 6], udp: [SocketKind.UDP, 4], udp6: [SocketKind.UDP, 6],
  icmp: [SocketKind.PING, 4], icmp6: [SocketKind.PING, 6], raw: [SocketKind.RAW, 4], raw6: [SocketKind.RAW, 6],
};

export class FakeHost {
  now = 0;
  /** Clock cost of one fd link read (ms): makes scanning take time. */
  linkCostMs = 0.002;
  readonly processes = new Map<number, FakeProcess>();
  sockets: FakeSocket[] = [];
  /** Addresses per namespace (0: ours). */
  readonly addresses = new Map<number, string[]>([[0, ['198.51.100.1', '2001:db8:77::1']]]);
  readonly closedNotices: FakeSocket[] = [];
  readonly cgroupDirs = new Map<number, string>();
  readonly timers: { fn: () => void; ms: number; at: number; cancelled: boolean }[] = [];
  passwd = 'root:x:0:0::/:/bin/sh\nann:x:1000:1000::/home/ann:/bin/sh\nwww-data:x:33:33::/:/bin/sh\n';
  readonly calls = { linkReads: 0, lookups: 0, netReads: 0 };
  /** Clock cost of a whole-table dump (ms); null: dumping unavailable. */
  dumpCostMs: number | null = 0.1;

  readonly clock: Clock = { monotonicMs: () => this.now, epochSeconds: () => 1_700_000_000 + this.now / 1000 };
  readonly schedule: Schedule = (fn, ms) => {
    const t = { fn, ms, at: this.now + ms, cancelled: false };
    this.timers.push(t);
    return () => {
      t.cancelled = true;
    };
  };

  /** Runs due timers (advancing the clock to each), until none is left or `limit` ms passed. */
  runTimers(limit = 10_000): void {
    const end = this.now + limit;
    for (;;) {
      const live = this.timers.filter((t) => !t.cancelled);
      this.timers.length = 0;
      this.timers.push(...live);
      const next = live.sort((a, b) => a.at - b.at)[0];
      if (next === undefined || next.at > end) return;
      this.timers.splice(this.timers.indexOf(next), 1);
      this.now = Math.max(this.now, next.at);
      next.fn();
    }
  }

  /** Runs the next due timer, if any (advancing the clock to it); returns whether one ran. */
  runNext(): boolean {
    const live = this.timers.filter((t) => !t.cancelled).sort((a, b) => a.at - b.at);
    const next = live[0];
    this.timers.length = 0;
    this.timers.push(...live.slice(1));
    if (next === undefined) return false;
    this.now = Math.max(this.now, next.at);
    next.fn();
    return true;
  }

  addProcess(pid: number, p: Partial<FakeProcess> & { sockets?: number[] }): FakeProcess {
    const fds = p.fds ?? new Map<string, string>([['0', '/dev/null'], ['1', 'pipe:[77]']]);
    (p.sockets ?? []).forEach((ino, i) => fds.set(String(3 + i), `socket:[${ino}]`));
    const proc: FakeProcess = { startTime: p.startTime ?? pid * 100, uid: p.uid ?? 0, comm: p.comm ?? `proc${pid}`, cmdline: p.cmdline ?? `proc${pid}\0--flag\0`,
      cgroup: p.cgroup ?? '0::/', netns: p.netns ?? 0, fds, ...(p.denied === undefined ? {} : { denied: p.denied }) };
    this.processes.set(pid, proc);
    return proc;
  }

  private match(s: FakeSocket, family: 4 | 6, proto: number, local: Uint32Array, lport: number, remote: Uint32Array, rport: number, exact: boolean): boolean {
    const eq = (a: string, w: Uint32Array) => {
      const x = words(a).w;
      return x.every((v, i) => v === w[i]);
    };
    const zero = (a: string) => words(a).w.every((v) => v === 0);
    if ((s.netns ?? 0) !== 0 || s.family !== family || s.proto !== proto || s.localPort !== lport) return false;
    if (exact) return eq(s.local, local) && eq(s.remote, remote) && s.remotePort === rport;
    return (eq(s.local, local) || zero(s.local)) && zero(s.remote) && s.remotePort === 0;
  }

  readonly kernel: KernelSockets = {
    lookup: (family, proto, local, lport, remote, rport, out: SocketRecord) => {
      this.calls.lookups++;
      const s = this.sockets.find((x) => this.match(x, family, proto, local, lport, remote, rport, true)) ??
        this.sockets.find((x) => this.match(x, family, proto, local, lport, remote, rport, false));
      if (s === undefined) return false;
      out.kind = s.kind as SocketRecord['kind'];
      out.family = s.family;
      out.proto = s.proto;
      out.state = s.state;
      out.local.set(words(s.local).w);
      out.remote.set(words(s.remote).w);
      out.localPort = s.localPort;
      out.remotePort = s.remotePort;
      out.inode = s.inode;
      out.uid = s.uid;
      out.cgroupId = s.cgroupId ?? 0;
      return true;
    },
    dump: (visit) => {
      if (this.dumpCostMs === null) return false;
      this.now += this.dumpCostMs;
      for (const s of this.sockets) {
        if ((s.netns ?? 0) !== 0 || (s.kind !== SocketKind.TCP && s.kind !== SocketKind.UDP)) continue;
        visit({ kind: s.kind as SocketRecord['kind'], family: s.family, proto: s.proto, state: s.state, local: words(s.local).w, localPort: s.localPort,
          remote: words(s.remote).w, remotePort: s.remotePort, inode: s.inode, uid: s.uid, v6only: -1, cgroupId: s.cgroupId ?? 0 });
      }
      return true;
    },
    drainClosed: (visit) => {
      const n = this.closedNotices.length;
      for (const s of this.closedNotices.splice(0)) {
        visit({ kind: s.kind as SocketRecord['kind'], family: s.family, proto: s.proto, state: 7, local: words(s.local).w, localPort: s.localPort,
          remote: words(s.remote).w, remotePort: s.remotePort, inode: 0, uid: 0, v6only: -1, cgroupId: 0 });
      }
      return n;
    },
    close: () => {},
  };

  readonly proc: ProcFs = {
    listPids: (out) => {
      out.length = 0;
      out.push(...this.processes.keys());
    },
    lastPid: () => Math.max(0, ...this.processes.keys()),
    isProcess: (pid) => this.processes.has(pid),
    readText: (pid, name) => {
      const p = this.processes.get(pid);
      if (p === undefined) return null;
      if (name === 'stat') return `${pid} (${p.comm}) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 ${p.startTime} 1000 10 0`;
      if (name === 'status') return `Name:\t${p.comm}\nUid:\t${p.uid}\t${p.uid}\t${p.uid}\t${p.uid}\n`;
      return `${p.cgroup}\n`;
    },
    readCmdline: (pid) => {
      const p = this.processes.get(pid);
      return p === undefined ? null : new TextEncoder().encode(p.cmdline);
    },
    listFds: (pid) => {
      const p = this.processes.get(pid);
      if (p === undefined) return 'gone';
      return p.denied === true ? 'denied' : [...p.fds.keys()];
    },
    readFdLink: (pid, fd) => {
      this.calls.linkReads++;
      this.now += this.linkCostMs;
      return this.processes.get(pid)?.fds.get(fd) ?? null;
    },
    netnsOf: (pid) => (pid === 0 ? 1 : (this.processes.get(pid)?.netns ?? -1) + 1),
    readNet: (pid, name: NetFile) => {
      this.calls.netReads++;
      const ns = pid === 0 ? 0 : this.processes.get(pid)?.netns;
      if (ns === undefined) return null;
      if (name === 'fib_trie') {
        const v4 = (this.addresses.get(ns) ?? []).filter((a) => !a.includes(':'));
        return new TextEncoder().encode(`Main:\n${v4.map((a) => `     |-- ${a}\n        /32 host LOCAL\n`).join('')}`);
      }
      if (name === 'if_inet6') {
        const v6 = (this.addresses.get(ns) ?? []).filter((a) => a.includes(':'));
        return new TextEncoder().encode(v6.map((a) => `${[...words(a).w].map((x) => x.toString(16).padStart(8, '0')).join('')} 02 40 00 80 eth0\n`).join(''));
      }
      const [kind, family] = FILES[name]!;
      const lines = this.sockets.filter((s) => (s.netns ?? 0) === ns && s.kind === kind && s.family === family).map((s, i) => procNetLine(i, s));
      return new TextEncoder().encode(['  sl  local_address rem_address   st …', ...lines, ''].join('\n'));
    },
    ownAddresses: () => (this.addresses.get(0) ?? []).map((a) => {
      const w = words(a);
      const b = new Uint8Array(w.family === 4 ? 4 : 16);
      const v = new DataView(b.buffer);
      for (let i = 0; i < b.length / 4; i++) v.setUint32(i * 4, w.w[i]!);
      return b;
    }),
    cgroupDirectories: () => new Map(this.cgroupDirs),
    cgroupProcs: (path) => [...this.processes].filter(([, p]) => p.cgroup === `0::${path}`).map(([pid]) => pid),
    readPasswd: () => this.passwd,
  };
}
