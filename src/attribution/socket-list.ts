// A socket table read as text (another namespace, ping and raw sockets) and the kernel's matching rules over it.
import type { SocketKindValue, SocketRecord } from './socket-record.js';
import { SocketKind, TcpState } from './socket-record.js';

/** What a match found: list positions of the best candidates (several only when truly tied). */
export interface ListMatch {
  /** Best-scoring entries (positions into the list); empty when nothing matched. */
  readonly hits: number[];
  /** The matched TCP socket is gone (time-wait/closing) or never had a file: no owner to find. */
  closed: boolean;
}

const INITIAL = 256;

/**
 * Struct-of-arrays storage (no object per socket) with a chain per local port, rebuilt per read.
 * Matching follows the kernel: an exact connected socket beats a bound one, a bound address beats
 * a wildcard one, and an IPv6 socket on :: (not IPV6_V6ONLY) or ::ffff:a.b.c.d takes IPv4 traffic.
 */
export class SocketList {
  count = 0;
  kind = new Uint8Array(INITIAL);
  family = new Uint8Array(INITIAL);
  proto = new Uint8Array(INITIAL);
  state = new Uint8Array(INITIAL);
  v6only = new Int8Array(INITIAL);
  localPort = new Uint16Array(INITIAL);
  remotePort = new Uint16Array(INITIAL);
  inode = new Uint32Array(INITIAL);
  uid = new Uint32Array(INITIAL);
  local = new Uint32Array(INITIAL * 4);
  remote = new Uint32Array(INITIAL * 4);
  private readonly head = new Int32Array(65536).fill(-1);
  private next = new Int32Array(INITIAL);
  private readonly used: number[] = [];

  clear(): void {
    for (const p of this.used) this.head[p] = -1;
    this.used.length = 0;
    this.count = 0;
  }

  push(r: SocketRecord): void {
    if (this.count === this.inode.length) this.grow();
    const i = this.count++;
    this.kind[i] = r.kind;
    this.family[i] = r.family;
    this.proto[i] = r.proto;
    this.state[i] = r.state;
    this.v6only[i] = r.v6only;
    this.localPort[i] = r.localPort;
    this.remotePort[i] = r.remotePort;
    this.inode[i] = r.inode;
    this.uid[i] = r.uid;
    this.local.set(r.local, i * 4);
    this.remote.set(r.remote, i * 4);
    const p = r.localPort;
    if (this.head[p] === -1) this.used.push(p);
    this.next[i] = this.head[p]!;
    this.head[p] = i;
  }

  /**
   * The socket(s) that own traffic of `kind` between local (family, words, port) and remote. Other
   * kinds (ICMP, raw protocols) match ping and raw sockets of `proto` by address only, unless
   * `echoId` is given: then only the ping socket with that id (raw sockets still see everything);
   * a ping socket beats a raw one.
   */
  match(kind: SocketKindValue, family: 4 | 6, proto: number, local: Uint32Array, localPort: number, remote: Uint32Array, remotePort: number, echoId: number, out: ListMatch): void {
    out.hits.length = 0;
    out.closed = false;
    let best = 0;
    const consider = (i: number, score: number) => {
      if (score > best) {
        best = score;
        out.hits.length = 0;
      }
      if (score === best && score > 0) out.hits.push(i);
    };
    if (kind === SocketKind.TCP || kind === SocketKind.UDP) {
      for (let i = this.head[localPort]!; i >= 0; i = this.next[i]!) {
        if (this.kind[i] !== kind) continue;
        const l = this.addressScore(i, this.local, family, local);
        if (l === 0) continue;
        const connected = this.remotePort[i] !== 0;
        if (connected) {
          if (this.remotePort[i] !== remotePort || this.addressScore(i, this.remote, family, remote) !== 2) continue;
          if (kind === SocketKind.TCP && this.inode[i] === 0 && isGone(this.state[i]!)) {
            out.closed = true;
            out.hits.length = 0;
            return;
          }
          // A connection not accepted yet has no file: its listener owns it (scored below).
          if (this.inode[i] === 0) continue;
          consider(i, 8 + l);
        } else if (kind === SocketKind.UDP || this.state[i] === TcpState.LISTEN) consider(i, 2 + l);
      }
      return;
    }
    for (let i = 0; i < this.count; i++) {
      const k = this.kind[i]!;
      if ((k !== SocketKind.PING && k !== SocketKind.RAW) || this.proto[i] !== proto) continue;
      // A ping socket answers to its own echo id; a raw socket sees every packet of its protocol.
      if (k === SocketKind.PING && echoId !== 0 && this.localPort[i] !== echoId) continue;
      const l = this.addressScore(i, this.local, family, local);
      if (l === 0) continue;
      const r = this.isWildcard(i, this.remote) ? 1 : this.addressScore(i, this.remote, family, remote) === 2 ? 2 : 0;
      if (r === 0) continue;
      consider(i, l + r + (k === SocketKind.PING ? 4 : 0));
    }
  }

  /** 2: the entry's address (at base) equals addr; 1: the entry is a wildcard that takes this family; 0: no. */
  private addressScore(i: number, words: Uint32Array, family: 4 | 6, addr: Uint32Array): number {
    const o = i * 4;
    const f = this.family[i]!;
    if (f === family) {
      if (words[o] === addr[0] && words[o + 1] === addr[1] && words[o + 2] === addr[2] && words[o + 3] === addr[3]) return 2;
      return this.isWildcard(i, words) ? 1 : 0;
    }
    if (f !== 6 || family !== 4) return 0;
    // IPv4 traffic on an IPv6 socket: ::ffff:a.b.c.d, or :: without IPV6_V6ONLY.
    if (words[o] === 0 && words[o + 1] === 0 && words[o + 2] === 0xffff) return words[o + 3] === addr[0] ? 2 : 0;
    return this.isWildcard(i, words) && this.v6only[i] !== 1 ? 1 : 0;
  }

  private isWildcard(i: number, words: Uint32Array): boolean {
    const o = i * 4;
    return words[o] === 0 && words[o + 1] === 0 && words[o + 2] === 0 && words[o + 3] === 0;
  }

  private grow(): void {
    const n = this.inode.length * 2;
    const g = <T extends Uint8Array | Int8Array | Uint16Array | Uint32Array | Int32Array>(a: T, size: number): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    this.kind = g(this.kind, n);
    this.family = g(this.family, n);
    this.proto = g(this.proto, n);
    this.state = g(this.state, n);
    this.v6only = g(this.v6only, n);
    this.localPort = g(this.localPort, n);
    this.remotePort = g(this.remotePort, n);
    this.inode = g(this.inode, n);
    this.uid = g(this.uid, n);
    this.local = g(this.local, n * 4);
    this.remote = g(this.remote, n * 4);
    this.next = g(this.next, n);
  }
}

/** TCP states in which the socket's process has let go of it. */
export function isGone(state: number): boolean {
  return state === TcpState.TIME_WAIT || state === TcpState.FIN_WAIT2 || state === TcpState.LAST_ACK ||
    state === TcpState.CLOSING || state === TcpState.FIN_WAIT1 || state === TcpState.CLOSE;
}
