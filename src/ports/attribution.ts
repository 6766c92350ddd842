// What attribution needs from the host: the kernel's socket lookups and /proc, behind two small interfaces.
import type { SocketRecord } from '../attribution/socket-record.js';

/** This process's network namespace as the kernel's sock_diag sees it (netlink; no rescan of whole tables). */
export interface KernelSockets {
  /**
   * The socket the kernel would hand this traffic to (TCP: established, time-wait, request or
   * listening; UDP: connected or bound, wildcards and SO_REUSEPORT as the kernel scores them),
   * local side first; fills `out` and returns true when there is one.
   */
  lookup(family: 4 | 6, proto: 6 | 17, local: Uint32Array, localPort: number, remote: Uint32Array, remotePort: number, out: SocketRecord): boolean;
  /** Every TCP and UDP socket (both families), visited; false when dumping is not possible. */
  dump(visit: (r: SocketRecord) => void): boolean;
  /** TCP/UDP sockets destroyed since the last call (sock_diag destroy notices), visited; -1 when not subscribed. */
  drainClosed(visit: (r: SocketRecord) => void): number;
  close(): void;
}

/** The files of /proc/PID/net read by attribution (pid 0: this process's own namespace). */
export type NetFile = 'tcp' | 'tcp6' | 'udp' | 'udp6' | 'icmp' | 'icmp6' | 'raw' | 'raw6' | 'fib_trie' | 'if_inet6';

/** Reads /proc (and the cgroup v2 tree); every call is bounded and returns null/'gone'/'denied' instead of throwing. */
export interface ProcFs {
  /** PIDs now in /proc (processes, not threads), into out. */
  listPids(out: number[]): void;
  /** The last PID the kernel handed out (/proc/loadavg's last field), 0 when unknown: tells whether processes were created. */
  lastPid(): number;
  /** Whether a PID is a process (thread group leader), not a thread's id nor gone. */
  isProcess(pid: number): boolean;
  /** A small text file of a process; null when the process is gone or the file unreadable. */
  readText(pid: number, name: 'stat' | 'status' | 'cgroup'): string | null;
  /** /proc/PID/cmdline, at most `limit` bytes; null when gone or unreadable. */
  readCmdline(pid: number, limit: number): Uint8Array | null;
  /** The fd numbers of a process, or why not ('denied': another user's process without CAP_SYS_PTRACE/CAP_DAC_READ_SEARCH). */
  listFds(pid: number): readonly string[] | 'gone' | 'denied';
  /**
   * What /proc/PID/fd/N points to ("socket:[123]", a path, …); null when closed meanwhile; 'denied'
   * when listing worked but reading links does not (CAP_DAC_READ_SEARCH without CAP_SYS_PTRACE).
   */
  readFdLink(pid: number, fd: string): string | 'denied' | null;
  /** A network namespace's id (an inode number, readable without privileges); pid 0: this process's; 0 when unknown. */
  netnsOf(pid: number): number;
  /** A /proc/PID/net file, at most `limit` bytes (pid 0: this process's namespace); null when gone or unreadable. */
  readNet(pid: number, name: NetFile, limit: number): Uint8Array | null;
  /** The addresses of this process's own network namespace (4 or 16 bytes each). */
  ownAddresses(): Uint8Array[];
  /** cgroup v2 directories (relative paths such as "/system.slice/nginx.service") by id (directory inode), at most `limit`. */
  cgroupDirectories(limit: number): Map<number, string>;
  /** PIDs in a cgroup v2 directory (cgroup.procs); null when unreadable or gone. */
  cgroupProcs(path: string): number[] | null;
  /** /etc/passwd text, or null. */
  readPasswd(): string | null;
}

/** What the host gives attribution: the kernel's socket lookups (null without netlink) and /proc. */
export interface AttributionHost {
  readonly kernel: KernelSockets | null;
  readonly proc: ProcFs;
  /** Host byte order, for /proc/net's hex words. */
  readonly littleEndian: boolean;
}

export interface AttributionPort {
  /** Opens what attribution reads, in the captured network namespace, before privileges go; never throws. */
  open(): AttributionHost | { readonly error: string };
}
