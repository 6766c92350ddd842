// Sockets the kernel reported destroyed (sock_diag destroy notices), remembered for a while, bounded.
import type { SocketRecord } from './socket-record.js';
import { SocketKind } from './socket-record.js';
import { addressKey } from './local-addresses.js';

const RETENTION_MS = 120_000;
const LIMIT = 65_536;
const ZERO = new Uint32Array(4);

/** An IPv4-mapped IPv6 address (::ffff:a.b.c.d) carries IPv4 traffic: keyed as IPv4. */
function endpoint(family: 4 | 6, w: Uint32Array, port: number): string {
  if (family === 6 && w[0] === 0 && w[1] === 0 && w[2] === 0xffff) return `4:${w[3]!}|${port}`;
  return `${addressKey(family, w)}|${port}`;
}

function isZero(w: Uint32Array): boolean {
  return w[0] === 0 && w[1] === 0 && w[2] === 0 && w[3] === 0;
}

/**
 * "Was there a socket for this traffic that is gone now?": the evidence behind the "closed" gap
 * for sockets that closed between the packet and the lookup (UDP has no time-wait to tell).
 */
export class ClosedNotices {
  private readonly seen = new Map<string, number>();

  add(r: SocketRecord, now: number): void {
    if (r.kind !== SocketKind.TCP && r.kind !== SocketKind.UDP) return;
    const key = `${r.proto}|${endpoint(r.family, r.local, r.localPort)}|${isZero(r.remote) && r.remotePort === 0 ? '*' : endpoint(r.family, r.remote, r.remotePort)}`;
    this.seen.delete(key);
    this.seen.set(key, now);
    if (this.seen.size > LIMIT) {
      const oldest = this.seen.keys().next();
      if (oldest.done !== true) this.seen.delete(oldest.value);
    }
  }

  /** Whether a socket with this local end (or a wildcard one on its port, for UDP) was destroyed lately. */
  has(family: 4 | 6, proto: number, local: Uint32Array, localPort: number, remote: Uint32Array, remotePort: number, now: number): boolean {
    this.expire(now);
    const l = endpoint(family, local, localPort);
    if (this.seen.has(`${proto}|${l}|${endpoint(family, remote, remotePort)}`)) return true;
    if (proto !== 17) return false;
    return this.seen.has(`${proto}|${l}|*`) || this.seen.has(`${proto}|${endpoint(family, ZERO, localPort)}|*`) ||
      (family === 4 && this.seen.has(`${proto}|${endpoint(6, ZERO, localPort)}|*`));
  }

  get size(): number {
    return this.seen.size;
  }

  private expire(now: number): void {
    for (const [k, t] of this.seen) {
      if (now - t <= RETENTION_MS) break;
      this.seen.delete(k);
    }
  }
}
