// ProcFs over the real /proc and cgroup v2 tree: bounded reads, errors turned into null/'gone'/'denied'.
import { closeSync, openSync, readdirSync, readFileSync, readlinkSync, readSync, statSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import type { NetFile, ProcFs } from '../../ports/attribution.js';
import { pidsOf } from '../../attribution/proc-parse.js';
import { parseAddress } from '../../format/inet-ntop.js';

const SMALL = 64 << 10;

const scratch = new Uint8Array(64 << 10);

/** At most `limit` bytes of a file (procfs files report size 0, so read until EOF); null when unreadable. */
export function readBounded(path: string, limit: number): Uint8Array | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    // Most reads (stat, status, cgroup) fit the shared scratch buffer: one copy out, no 64 KB garbage each.
    let buf = limit <= scratch.length ? scratch : new Uint8Array(Math.min(limit, 256 << 10));
    let len = 0;
    for (;;) {
      if (len === buf.length) {
        if (buf.length >= limit) break;
        const bigger = new Uint8Array(Math.min(limit, buf.length * 2));
        bigger.set(buf);
        buf = bigger;
      }
      const n = readSync(fd, buf, len, Math.min(buf.length, limit) - len, null);
      if (n <= 0) break;
      len += n;
    }
    return buf === scratch ? scratch.slice(0, len) : buf.subarray(0, len);
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

const decoder = new TextDecoder();

function errno(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? '';
}

/** The cgroup v2 mount point from /proc/self/mountinfo (/sys/fs/cgroup, or /sys/fs/cgroup/unified on hybrid hosts). */
export function cgroup2Mount(): string | null {
  let text: string;
  try {
    text = readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return null;
  }
  for (const line of text.split('\n')) {
    const sep = line.indexOf(' - ');
    if (sep < 0 || !line.slice(sep + 3).startsWith('cgroup2 ')) continue;
    const mount = line.split(' ')[4];
    if (mount !== undefined) return mount.replace(/\\040/g, ' ');
  }
  return null;
}

export function createProcFs(): ProcFs {
  let mount: string | null | undefined;
  const cgroupMount = () => (mount === undefined ? (mount = cgroup2Mount()) : mount);
  const procDir = (pid: number) => (pid === 0 ? '/proc/self' : `/proc/${pid}`);
  return {
    listPids(out) {
      try {
        pidsOf(readdirSync('/proc'), out);
      } catch {
        out.length = 0;
      }
    },
    lastPid() {
      const b = readBounded('/proc/loadavg', 256);
      const last = b === null ? NaN : Number(decoder.decode(b).trim().split(' ').pop());
      return Number.isInteger(last) && last > 0 ? last : 0;
    },
    isProcess(pid) {
      const b = readBounded(`/proc/${pid}/status`, 4096);
      return b !== null && new RegExp(`\nTgid:\t${pid}\n`).test(decoder.decode(b));
    },
    readText(pid, name) {
      const b = readBounded(`${procDir(pid)}/${name}`, SMALL);
      return b === null ? null : decoder.decode(b);
    },
    readCmdline(pid, limit) {
      return readBounded(`${procDir(pid)}/cmdline`, limit);
    },
    listFds(pid) {
      try {
        return readdirSync(`${procDir(pid)}/fd`);
      } catch (e) {
        const code = errno(e);
        return code === 'EACCES' || code === 'EPERM' ? 'denied' : 'gone';
      }
    },
    readFdLink(pid, fd) {
      try {
        return readlinkSync(`${procDir(pid)}/fd/${fd}`);
      } catch (e) {
        const code = errno(e);
        return code === 'EACCES' || code === 'EPERM' ? 'denied' : null;
      }
    },
    netnsOf(pid) {
      // Every /proc/PID/net/tcp of one namespace shares an inode number, and stat needs no privilege.
      try {
        return statSync(`${procDir(pid)}/net/tcp`).ino;
      } catch {
        return 0;
      }
    },
    readNet(pid, name: NetFile, limit) {
      return readBounded(`${procDir(pid)}/net/${name}`, limit);
    },
    ownAddresses() {
      const out: Uint8Array[] = [];
      for (const list of Object.values(networkInterfaces())) {
        for (const a of list ?? []) {
          const parsed = parseAddress(a.address.replace(/%.*$/, ''));
          if (parsed !== null) out.push(parsed.bytes);
        }
      }
      return out;
    },
    cgroupDirectories(limit) {
      const root = cgroupMount();
      const map = new Map<number, string>();
      if (root === null) return map;
      const queue: string[] = [''];
      for (let at = 0; at < queue.length && map.size < limit; at++) {
        const rel = queue[at]!;
        try {
          map.set(statSync(root + rel).ino, rel === '' ? '/' : rel);
          for (const d of readdirSync(root + rel, { withFileTypes: true })) if (d.isDirectory()) queue.push(`${rel}/${d.name}`);
        } catch {
          /* removed meanwhile */
        }
      }
      return map;
    },
    cgroupProcs(path) {
      const root = cgroupMount();
      if (root === null || path.includes('..')) return null;
      const b = readBounded(`${root}${path}/cgroup.procs`, 1 << 20);
      if (b === null) return null;
      return decoder.decode(b).split('\n').filter((l) => l !== '').map(Number).filter((n) => Number.isInteger(n) && n > 0);
    },
    readPasswd() {
      const b = readBounded('/etc/passwd', 4 << 20);
      return b === null ? null : decoder.decode(b);
    },
  };
}
