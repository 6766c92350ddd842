// Other network namespaces on this host: their addresses and socket tables, read through a process inside each.
import type { NetFile, ProcFs } from '../ports/attribution.js';
import type { AddressSet } from './local-addresses.js';
import { parseFibTrieLocals, parseIfInet6 } from './local-addresses.js';
import type { ProcEntry } from './process-index.js';
import { parseProcNet } from './proc-net-parse.js';
import type { SocketKindValue } from './socket-record.js';
import { newSocketRecord, SocketKind } from './socket-record.js';
import { SocketList } from './socket-list.js';

const REFRESH_MS = 10_000;
const NEW_NETNS_REFRESH_MS = 1_000;
const FIB_LIMIT = 4 << 20;
const IF_INET6_LIMIT = 1 << 20;
/** Socket tables of one namespace can be big; beyond this a read is cut (and the rest unseen). */
export const TABLE_LIMIT = 64 << 20;

/** Which /proc/net files hold the sockets of a kind (IPv4 traffic may sit on IPv6 dual-stack sockets). */
export function tableFiles(kind: SocketKindValue, family: 4 | 6): readonly (readonly [NetFile, 4 | 6, SocketKindValue])[] {
  const pairs = (v4: NetFile, v6: NetFile, k: SocketKindValue) =>
    family === 4 ? [[v4, 4, k], [v6, 6, k]] as const : [[v6, 6, k]] as const;
  if (kind === SocketKind.TCP) return pairs('tcp', 'tcp6', SocketKind.TCP);
  if (kind === SocketKind.UDP) return pairs('udp', 'udp6', SocketKind.UDP);
  return family === 4 ? [['icmp', 4, SocketKind.PING], ['raw', 4, SocketKind.RAW]] : [['icmp6', 6, SocketKind.PING], ['raw6', 6, SocketKind.RAW]];
}

/** Reads /proc/net tables of one namespace (pid 0: our own) into a SocketList; null when the process is gone. */
export function readTables(proc: ProcFs, pid: number, kind: SocketKindValue, family: 4 | 6, littleEndian: boolean, into: SocketList, stats: { malformed: number }): boolean {
  const rec = newSocketRecord();
  let any = false;
  for (const [file, fam, k] of tableFiles(kind, family)) {
    const bytes = proc.readNet(pid, file, TABLE_LIMIT);
    if (bytes === null) continue;
    any = true;
    parseProcNet(bytes, bytes.length, k, fam, littleEndian, rec, (r) => into.push(r), stats);
  }
  return any;
}

export class NetnsRegistry {
  /** Address → namespaces holding it (other than ours). */
  private addresses = new Map<string, number[]>();
  /** Namespace → a pid inside it. */
  private readonly members = new Map<number, number>();
  private refreshedAt = -Infinity;
  private readonly tables = new Map<string, SocketList | null>();
  readonly stats = { malformed: 0 };

  constructor(
    private readonly proc: ProcFs,
    private readonly now: () => number,
    private readonly ownNetns: number,
    private readonly littleEndian: boolean,
  ) {}

  /** Learns namespaces from the processes (reading the id where unknown) and re-reads addresses when stale. */
  update(entries: ReadonlyMap<number, ProcEntry>): void {
    let fresh = false;
    const alive = new Set<number>();
    for (const e of entries.values()) {
      if (e.netns === 0) e.netns = this.proc.netnsOf(e.pid);
      if (e.netns === 0 || e.netns === this.ownNetns) continue;
      alive.add(e.netns);
      const rep = this.members.get(e.netns);
      if (rep === undefined) fresh = true;
      if (rep === undefined || !entries.has(rep)) this.members.set(e.netns, e.pid);
    }
    for (const ns of [...this.members.keys()]) if (!alive.has(ns)) this.members.delete(ns);
    const age = this.now() - this.refreshedAt;
    if (age < REFRESH_MS && !(fresh && age >= NEW_NETNS_REFRESH_MS)) return;
    this.refreshedAt = this.now();
    const next = new Map<string, number[]>();
    const text = new TextDecoder();
    for (const [ns, pid] of this.members) {
      const set: AddressSet = new Set();
      const fib = this.proc.readNet(pid, 'fib_trie', FIB_LIMIT);
      if (fib !== null) parseFibTrieLocals(text.decode(fib), set);
      const v6 = this.proc.readNet(pid, 'if_inet6', IF_INET6_LIMIT);
      if (v6 !== null) parseIfInet6(text.decode(v6), set);
      for (const a of set) {
        const list = next.get(a);
        if (list === undefined) next.set(a, [ns]);
        else list.push(ns);
      }
    }
    this.addresses = next;
  }

  /** Namespaces (other than ours) that have this address ("4:w" / "6:…" key). */
  holders(address: string): readonly number[] {
    return this.addresses.get(address) ?? [];
  }

  /** Forgets the tables read in the previous batch. */
  newBatch(): void {
    this.tables.clear();
  }

  /** The sockets of a kind in a namespace, read once per batch; null when unreadable. */
  table(netns: number, kind: SocketKindValue, family: 4 | 6): SocketList | null {
    const key = `${netns}|${kind}|${family}`;
    if (this.tables.has(key)) return this.tables.get(key)!;
    const pid = this.members.get(netns);
    let list: SocketList | null = null;
    if (pid !== undefined) {
      list = new SocketList();
      if (!readTables(this.proc, pid, kind, family, this.littleEndian, list, this.stats)) list = null;
    }
    this.tables.set(key, list);
    return list;
  }

  /** The pid through which a namespace is read (tests and diagnostics). */
  member(netns: number): number | undefined {
    return this.members.get(netns);
  }
}
