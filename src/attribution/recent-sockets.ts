// Sockets seen in recent whole-table dumps (only where a dump is cheap): they outlive a socket that closed before its flow was looked up.
import type { KernelSockets } from '../ports/attribution.js';
import { addressKey } from './local-addresses.js';
import type { SocketRecord } from './socket-record.js';

export interface RecentSocket {
  readonly inode: number;
  readonly uid: number;
  readonly cgroupId: number;
  at: number;
}

/** A dump longer than this (ms) means the table is too big to dump every batch: exact lookups only. */
const MAX_DUMP_MS = 2;
/** How long dumping stays off once it was too slow, before one more try (ms). */
const RETRY_MS = 60_000;
const RETENTION_MS = 120_000;
const LIMIT = 200_000;

function endpoint(family: 4 | 6, w: Uint32Array, port: number): string {
  if (family === 6 && w[0] === 0 && w[1] === 0 && w[2] === 0xffff) return `4:${w[3]!}|${port}`;
  return `${addressKey(family, w)}|${port}`;
}

/** proto|local|remote, remote "*" for an unconnected socket. */
function socketKey(r: SocketRecord): string {
  const unconnected = r.remotePort === 0 && r.remote[0] === 0 && r.remote[1] === 0 && r.remote[2] === 0 && r.remote[3] === 0;
  return `${r.proto}|${endpoint(r.family, r.local, r.localPort)}|${unconnected ? '*' : endpoint(r.family, r.remote, r.remotePort)}`;
}

const ZERO = new Uint32Array(4);

/**
 * On hosts with a small socket table (a dump well under MAX_DUMP_MS: desktops, most servers) every
 * batch dumps TCP and UDP, so a socket alive at any batch is remembered with its inode: the process
 * found for it then still owns a flow that is looked up after the socket closed. Big tables switch
 * this off by themselves (measured), leaving the per-flow exact lookups.
 */
export class RecentSockets {
  private readonly byKey = new Map<string, RecentSocket>();
  private readonly keyOf = new Map<number, string>();
  private retryAt = 0;
  enabled = true;
  lastDumpMs = 0;
  lastCount = 0;
  private dumps = 0;

  constructor(private readonly kernel: KernelSockets, private readonly clock: () => number) {}

  /**
   * Dumps if worth it; reports the sockets new since the previous dump (inode not seen before) —
   * not at the first dump (everything is new then; processes get indexed as flows ask), and not
   * when this dump turned out too slow.
   */
  refresh(onNew: (inode: number, uid: number, cgroupId: number) => void): void {
    const start = this.clock();
    if (!this.enabled) {
      if (start < this.retryAt) return;
      this.enabled = true;
    }
    let count = 0;
    const fresh: number[] = [];
    const visit = (r: SocketRecord) => {
      count++;
      if (r.inode === 0) return;
      const key = this.keyOf.get(r.inode);
      if (key !== undefined) {
        const known = this.byKey.get(key);
        if (known !== undefined) known.at = start;
        return;
      }
      const k = socketKey(r);
      this.byKey.delete(k);
      this.byKey.set(k, { inode: r.inode, uid: r.uid, cgroupId: r.cgroupId, at: start });
      this.keyOf.set(r.inode, k);
      fresh.push(r.inode, r.uid, r.cgroupId);
    };
    if (!this.kernel.dump(visit)) {
      this.enabled = false;
      this.retryAt = Infinity;
      return;
    }
    this.lastDumpMs = this.clock() - start;
    this.lastCount = count;
    if (this.lastDumpMs > MAX_DUMP_MS) {
      this.enabled = false;
      this.retryAt = start + RETRY_MS;
    } else if (this.dumps > 0) {
      for (let i = 0; i < fresh.length; i += 3) onNew(fresh[i]!, fresh[i + 1]!, fresh[i + 2]!);
    }
    this.dumps++;
    this.expire(start);
  }

  /** The socket last seen for this traffic (exact, or for UDP the unconnected socket on the local port). */
  find(family: 4 | 6, proto: number, local: Uint32Array, localPort: number, remote: Uint32Array, remotePort: number): RecentSocket | undefined {
    const l = endpoint(family, local, localPort);
    const exact = this.byKey.get(`${proto}|${l}|${endpoint(family, remote, remotePort)}`);
    if (exact !== undefined || proto !== 17) return exact;
    return this.byKey.get(`${proto}|${l}|*`) ?? this.byKey.get(`${proto}|${endpoint(family, ZERO, localPort)}|*`) ??
      (family === 4 ? this.byKey.get(`${proto}|${endpoint(6, ZERO, localPort)}|*`) : undefined);
  }

  private expire(now: number): void {
    for (const [k, s] of this.byKey) {
      if (now - s.at <= RETENTION_MS && this.byKey.size <= LIMIT) break;
      this.byKey.delete(k);
      this.keyOf.delete(s.inode);
    }
  }
}
