// One flow key → the socket(s) that own it, or the labelled reason there is none; no process lookup here.
import type { KernelSockets, ProcFs } from '../ports/attribution.js';
import type { ClosedNotices } from './closed-notices.js';
import type { AddressSet } from './local-addresses.js';
import { addressKey, isLoopback } from './local-addresses.js';
import type { NetnsRegistry } from './netns-registry.js';
import type { RecentSockets } from './recent-sockets.js';
import { readTables } from './netns-registry.js';
import type { GapReason } from './owner.js';
import type { SocketKindValue } from './socket-record.js';
import { newSocketRecord, SocketKind, TcpState } from './socket-record.js';
import type { ListMatch } from './socket-list.js';
import { isGone, SocketList } from './socket-list.js';

/** Sockets found for a flow: their inodes (several only for true ties), with the socket table's uid and cgroup. */
export interface SocketsFound {
  readonly kind: 'sockets';
  readonly inodes: readonly number[];
  readonly uid: number;
  /** cgroup v2 id from sock_diag (0 from text tables). */
  readonly cgroupId: number;
  /** Namespace the sockets were found in (0: ours). */
  readonly netns: number;
}

export interface GapFound {
  readonly kind: 'gap';
  readonly reason: GapReason;
  readonly uid: number | null;
  readonly cgroupId: number;
}

export type Resolution = SocketsFound | GapFound;

const ZERO = new Uint32Array(4);

function gap(reason: GapReason, uid: number | null = null, cgroupId = 0): GapFound {
  return { kind: 'gap', reason, uid, cgroupId };
}

function kindOf(proto: number): SocketKindValue {
  return proto === 6 ? SocketKind.TCP : proto === 17 ? SocketKind.UDP : proto === 1 || proto === 58 ? SocketKind.PING : SocketKind.RAW;
}

/** What one side of a flow gave: a socket, evidence of a closed one, or nothing. */
type SideResult = Resolution | null;

export class FlowResolver {
  private readonly rec = newSocketRecord();
  private readonly listener = newSocketRecord();
  private readonly match: ListMatch = { hits: [], closed: false };
  private readonly src = new Uint32Array(4);
  private readonly dst = new Uint32Array(4);
  /** Our own namespace's text tables, read once per batch (ICMP/raw always; TCP/UDP without netlink). */
  private readonly ownTables = new Map<string, SocketList>();
  readonly stats = { malformed: 0 };

  constructor(
    private readonly kernel: KernelSockets | null,
    private readonly proc: ProcFs,
    private readonly own: () => AddressSet,
    private readonly netns: NetnsRegistry,
    private readonly closed: ClosedNotices,
    private readonly littleEndian: boolean,
    private readonly now: () => number,
    private readonly recent: RecentSockets | null = null,
  ) {}

  /** Whether memory of earlier dumps is consulted (off when checking that a socket is still open). */
  private remember = true;

  /** resolve() from the kernel's tables as they are now, without the memory of earlier dumps. */
  resolveLive(key: Uint32Array): Resolution {
    this.remember = false;
    try {
      return this.resolve(key);
    } finally {
      this.remember = true;
    }
  }

  newBatch(): void {
    this.ownTables.clear();
    this.netns.newBatch();
  }

  /** Resolves a 10-word flow key [family<<8|proto, src×4, dst×4, srcPort<<16|dstPort]; src is tried first. */
  resolve(key: Uint32Array, off = 0): Resolution {
    const family = (key[off]! >>> 8) === 6 ? 6 : 4;
    const proto = key[off]! & 0xff;
    for (let w = 0; w < 4; w++) {
      this.src[w] = key[off + 1 + w]!;
      this.dst[w] = key[off + 5 + w]!;
    }
    const srcPort = key[off + 9]! >>> 16, dstPort = key[off + 9]! & 0xffff;
    const own = this.own();
    const srcOwn = isLoopback(family, this.src) || own.has(addressKey(family, this.src));
    const dstOwn = isLoopback(family, this.dst) || own.has(addressKey(family, this.dst));
    let evidence: Resolution | null = null;
    const keep = (r: SideResult): r is SocketsFound => {
      if (r === null) return false;
      if (r.kind === 'sockets') return true;
      if (evidence === null || r.reason === 'closed') evidence = r;
      return false;
    };
    if (srcOwn || dstOwn) {
      if (srcOwn) {
        const r = this.ownSide(family, proto, this.src, srcPort, this.dst, dstPort);
        if (keep(r)) return r;
      }
      if (dstOwn) {
        const r = this.ownSide(family, proto, this.dst, dstPort, this.src, srcPort);
        if (keep(r)) return r;
      }
      return evidence ?? gap('no-socket');
    }
    let otherNetns = false;
    for (const [local, lport, remote, rport] of [[this.src, srcPort, this.dst, dstPort], [this.dst, dstPort, this.src, srcPort]] as const) {
      for (const ns of this.netns.holders(addressKey(family, local))) {
        otherNetns = true;
        const r = this.listSide(this.netns.table(ns, kindOf(proto), family), ns, family, proto, local, lport, remote, rport);
        if (keep(r)) return r;
      }
    }
    if (evidence !== null) return evidence;
    return otherNetns ? gap('other-netns') : gap('forwarded');
  }

  private ownSide(family: 4 | 6, proto: number, local: Uint32Array, lport: number, remote: Uint32Array, rport: number): SideResult {
    if ((proto === 6 || proto === 17) && this.kernel !== null) {
      const r = this.kernelSide(family, proto, local, lport, remote, rport);
      if (r !== null) return r;
    } else {
      const r = this.listSide(this.ownTable(kindOf(proto), family), 0, family, proto, local, lport, remote, rport);
      if (r !== null) return r;
    }
    if ((proto === 6 || proto === 17) && this.closed.has(family, proto, local, lport, remote, rport, this.now())) return gap('closed');
    return null;
  }

  private kernelSide(family: 4 | 6, proto: 6 | 17, local: Uint32Array, lport: number, remote: Uint32Array, rport: number): SideResult {
    const k = this.kernel!;
    const r = this.rec;
    if (!k.lookup(family, proto, local, lport, remote, rport, r)) return this.remembered(family, proto, local, lport, remote, rport);
    if (r.inode !== 0) return { kind: 'sockets', inodes: [r.inode], uid: r.uid, cgroupId: r.cgroupId, netns: 0 };
    if (proto === 6 && isGone(r.state)) return this.remembered(family, proto, local, lport, remote, rport) ?? gap('closed');
    if (proto === 6 && (r.state === TcpState.SYN_RECV || r.state === TcpState.NEW_SYN_RECV || r.state === TcpState.ESTABLISHED)) {
      // Not accepted yet (a request socket, or one waiting in the accept queue): the listener owns it.
      const l = this.listener;
      if (k.lookup(family, 6, local, lport, ZERO, 0, l) && l.inode !== 0 && l.state === TcpState.LISTEN) {
        return { kind: 'sockets', inodes: [l.inode], uid: l.uid, cgroupId: l.cgroupId, netns: 0 };
      }
      return null;
    }
    return gap('kernel-socket', r.uid, r.cgroupId);
  }

  /** A socket seen alive in a recent dump for this traffic (closed now, or the lookup missed it). */
  private remembered(family: 4 | 6, proto: number, local: Uint32Array, lport: number, remote: Uint32Array, rport: number): SocketsFound | null {
    if (!this.remember || this.recent === null) return null;
    const s = this.recent.find(family, proto, local, lport, remote, rport);
    return s === undefined ? null : { kind: 'sockets', inodes: [s.inode], uid: s.uid, cgroupId: s.cgroupId, netns: 0 };
  }

  private ownTable(kind: SocketKindValue, family: 4 | 6): SocketList {
    const key = `${kind}|${family}`;
    let list = this.ownTables.get(key);
    if (list === undefined) {
      list = new SocketList();
      readTables(this.proc, 0, kind, family, this.littleEndian, list, this.stats);
      this.ownTables.set(key, list);
    }
    return list;
  }

  private listSide(list: SocketList | null, netns: number, family: 4 | 6, proto: number, local: Uint32Array, lport: number, remote: Uint32Array, rport: number): SideResult {
    if (list === null) return null;
    const kind = kindOf(proto);
    // ICMP keys carry ports only if the decoder put the echo id there (iftop's keys have 0).
    const echo = kind === SocketKind.PING ? lport : 0;
    list.match(kind, family, proto, local, lport, remote, rport, echo, this.match);
    if (this.match.closed) return gap('closed');
    const hits = this.match.hits;
    if (hits.length === 0) return null;
    const inodes = hits.map((i) => list.inode[i]!).filter((ino) => ino !== 0);
    if (inodes.length === 0) return gap('kernel-socket', list.uid[hits[0]!]!);
    return { kind: 'sockets', inodes: [...new Set(inodes)], uid: list.uid[hits[0]!]!, cgroupId: 0, netns };
  }

}
