// KernelSockets over netlink sock_diag: one exact lookup per flow (no table dumps), destroy notices drained.
import { endianness } from 'node:os';
import type { KernelSockets } from '../../ports/attribution.js';
import { DESTROY_GROUPS, dumpRequest, NETLINK_SOCK_DIAG, parseDiagDatagram, writeLookupRequest } from '../../attribution/sock-diag-codec.js';
import type { DiagParseStats } from '../../attribution/sock-diag-codec.js';
import type { SocketRecord } from '../../attribution/socket-record.js';
import { newSocketRecord } from '../../attribution/socket-record.js';
import type { NetlinkSocket } from './netlink-ffi.js';
import { NetlinkError, openNetlink } from './netlink-ffi.js';

const ENOBUFS = 105;
const TCP4 = { family: 4, proto: 6 } as const;
const TCP6 = { family: 6, proto: 6 } as const;
const UDP4 = { family: 4, proto: 17 } as const;
const UDP6 = { family: 6, proto: 17 } as const;
/** Destroy notices handled per drain at most (the rest waits for the next batch, or the kernel drops it). */
const DRAIN_LIMIT = 20_000;

export interface KernelSocketStats extends DiagParseStats {
  /** Kernel answers that were not the one asked for (skipped). */
  stale: number;
  /** Times the kernel dropped destroy notices because we read too slowly. */
  noticeOverflows: number;
}

/** Opens sock_diag in this thread's network namespace; null when netlink is unavailable (seccomp, no AF_NETLINK). */
export function openKernelSockets(): { sockets: KernelSockets; stats: KernelSocketStats } | { error: string } {
  let query: NetlinkSocket;
  try {
    query = openNetlink(NETLINK_SOCK_DIAG);
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  let notices: NetlinkSocket | null = null;
  try {
    notices = openNetlink(NETLINK_SOCK_DIAG, DESTROY_GROUPS);
  } catch {
    notices = null;
  }
  const le = endianness() === 'LE';
  const buf = new Uint8Array(64 << 10);
  const request = new Uint8Array(72);
  const view = new DataView(buf.buffer);
  const stats: KernelSocketStats = { malformed: 0, stale: 0, noticeOverflows: 0 };
  let seq = 1;
  let found = false;
  const mark = () => {
    found = true;
  };
  const sockets: KernelSockets = {
    lookup(family, proto, local, localPort, remote, remotePort, out: SocketRecord) {
      const s = ++seq >>> 0;
      // udp_dump_one looks up "from src to dst" (the kernel's own comment: swapped for historical reasons).
      const q = family === 4 ? (proto === 6 ? TCP4 : UDP4) : proto === 6 ? TCP6 : UDP6;
      const req = proto === 17
        ? writeLookupRequest(request, q, remote, remotePort, local, localPort, s, le)
        : writeLookupRequest(request, q, local, localPort, remote, remotePort, s, le);
      query.send(req);
      for (let tries = 0; tries < 8; tries++) {
        // The kernel answers within sendto(): the reply is queued already, never wait.
        const n = query.receive(buf, false);
        if (n < 16) return false;
        if (view.getUint32(8, le) !== s) {
          stats.stale++;
          continue;
        }
        found = false;
        // The record describes the socket itself (its local end first), whichever way we asked.
        parseDiagDatagram(buf, n, proto, le, out, mark, stats);
        return found;
      }
      return false;
    },
    dump(visit) {
      const rec = newSocketRecord();
      for (const q of [TCP4, TCP6, UDP4, UDP6]) {
        const s = ++seq >>> 0;
        query.send(dumpRequest(q, 0xffffffff, s, le));
        // A dump is produced as we read it: each receive has the kernel fill the next part.
        for (let parts = 0; parts < 100_000; parts++) {
          const n = query.receive(buf, true);
          if (n < 16) break;
          if (view.getUint32(8, le) !== s) {
            stats.stale++;
            continue;
          }
          if (parseDiagDatagram(buf, n, q.proto, le, rec, visit, stats).kind !== 'more') break;
        }
      }
      return true;
    },
    drainClosed(visit) {
      if (notices === null) return -1;
      let count = 0;
      const rec = newSocketRecord();
      while (count < DRAIN_LIMIT) {
        let n: number;
        try {
          n = notices.receive(buf, false);
        } catch (e) {
          if (e instanceof NetlinkError && e.errno === ENOBUFS) {
            stats.noticeOverflows++;
            continue;
          }
          throw e;
        }
        if (n === 0) break;
        parseDiagDatagram(buf, n, 0, le, rec, (r) => {
          count++;
          visit(r);
        }, stats);
      }
      return count;
    },
    close() {
      query.close();
      notices?.close();
    },
  };
  return { sockets, stats };
}
