// One socket as the kernel's socket tables describe it (sock_diag or /proc/net/*), in flow-key words.

/** Which kernel table a socket came from: decides how it matches flows. */
export const SocketKind = {
  TCP: 0,
  UDP: 1,
  /** ICMP "ping" sockets (SOCK_DGRAM, IPPROTO_ICMP/ICMPV6): the port is the echo identifier. */
  PING: 2,
  /** SOCK_RAW: the port is the IP protocol the socket receives. */
  RAW: 3,
} as const;
export type SocketKindValue = (typeof SocketKind)[keyof typeof SocketKind];

/** TCP states as the kernel numbers them (include/net/tcp_states.h); UDP uses 1 (connected) and 7 (not). */
export const TcpState = {
  ESTABLISHED: 1,
  SYN_SENT: 2,
  SYN_RECV: 3,
  FIN_WAIT1: 4,
  FIN_WAIT2: 5,
  TIME_WAIT: 6,
  CLOSE: 7,
  CLOSE_WAIT: 8,
  LAST_ACK: 9,
  LISTEN: 10,
  CLOSING: 11,
  NEW_SYN_RECV: 12,
} as const;

/**
 * A parser's reusable scratch record (one per parse, handed to a visitor per socket, never kept).
 * Addresses are four big-endian words as in flow keys; IPv4 sits in word 0, words 1–3 zero. An IPv6
 * socket with an IPv4-mapped address (::ffff:a.b.c.d) stays family 6 here: matching maps it.
 */
export interface SocketRecord {
  kind: SocketKindValue;
  family: 4 | 6;
  /** IP protocol: 6, 17, 1, 58, or the raw socket's protocol (255 = any). */
  proto: number;
  state: number;
  readonly local: Uint32Array;
  localPort: number;
  readonly remote: Uint32Array;
  remotePort: number;
  /** Socket inode (0: no file — TIME_WAIT, request sockets, or already closed). */
  inode: number;
  uid: number;
  /** 1 IPV6_V6ONLY, 0 dual-stack, -1 not known (/proc/net does not say; Linux defaults to dual-stack). */
  v6only: number;
  /** cgroup v2 id of the socket's creator (the cgroup directory's inode), 0 when not known. */
  cgroupId: number;
}

export function newSocketRecord(): SocketRecord {
  return {
    kind: SocketKind.TCP, family: 4, proto: 6, state: 0,
    local: new Uint32Array(4), localPort: 0, remote: new Uint32Array(4), remotePort: 0,
    inode: 0, uid: 0, v6only: -1, cgroupId: 0,
  };
}

/** The IP protocol of a kind in a family (the raw kind keeps the socket's own). */
export function kindProto(kind: SocketKindValue, family: 4 | 6): number {
  if (kind === SocketKind.TCP) return 6;
  if (kind === SocketKind.UDP) return 17;
  return family === 4 ? 1 : 58;
}
