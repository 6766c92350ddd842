// Scratch cgroup v2 directories for tests (named like runtimes name theirs), removed on every way out.
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { cgroup2Mount } from '../../src/adapters/sockets/proc-fs.js';

const made: string[] = [];
let hooked = false;

/** The cgroup v2 mount point; fails loudly (never skips) when cgroup v2 is not mounted. */
export function requireCgroup2(): string {
  const mount = cgroup2Mount();
  if (mount === null) throw new Error('cgroup v2 is not mounted (mount -t cgroup2 none /sys/fs/cgroup)');
  return mount;
}

/** Creates MOUNT/<relative> (e.g. "/wt-test.slice/docker-<id>.scope"); returns its absolute path. */
export function makeCgroup(relative: string): string {
  const dir = requireCgroup2() + relative;
  mkdirSync(dir, { recursive: true });
  // Remember every level we created, deepest first, so cleanup removes only ours.
  const parts = relative.split('/').filter((p) => p !== '');
  for (let i = parts.length; i > 0; i--) {
    const d = requireCgroup2() + '/' + parts.slice(0, i).join('/');
    if (!made.includes(d)) made.push(d);
  }
  made.sort((a, b) => b.length - a.length);
  hook();
  return dir;
}

export function moveToCgroup(dir: string, pid: number): void {
  writeFileSync(`${dir}/cgroup.procs`, String(pid));
}

/** Moves any process left in our cgroups back to the root and removes the directories. */
export function removeCgroups(): void {
  const root = cgroup2Mount();
  for (const d of made.splice(0)) {
    if (!existsSync(d)) continue;
    try {
      for (const pid of readFileSync(`${d}/cgroup.procs`, 'utf8').split('\n').filter((l) => l !== '')) {
        try {
          writeFileSync(`${root}/cgroup.procs`, pid);
        } catch {
          /* exited meanwhile */
        }
      }
      // A process killed a moment ago may still be exiting in there: the directory is busy until it is reaped.
      for (let tries = 0; ; tries++) {
        try {
          rmdirSync(d);
          break;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EBUSY' || tries >= 100) throw e;
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
        }
      }
    } catch {
      /* already gone */
    }
  }
}

function hook(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', removeCgroups);
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, removeCgroups);
}
