// Process helpers for the benchmarks: tool checks, runs timed by /usr/bin/time, /proc CPU and memory samples, medians.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** bin/wiretop.js of the tree this file was compiled into (the repo, or a private copy such as /tmp/wt-bench). */
export const WIRETOP = fileURLToPath(new URL('../../bin/wiretop.js', import.meta.url));
/** The root of that tree. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const NODE = process.execPath;
const TIME = '/usr/bin/time';

/** Debian package of each external tool, for the error message. */
const PACKAGES: Record<string, string> = {
  tcpdump: 'tcpdump', tshark: 'tshark', capinfos: 'wireshark-common', tcpreplay: 'tcpreplay', iftop: 'iftop',
  ip: 'iproute2', stdbuf: 'coreutils', [TIME]: 'time', '/usr/bin/chromium': 'chromium',
};

/** Fails with one clear message naming every missing tool and the package that provides it. */
export function requireTools(tools: readonly string[]): void {
  const missing = tools.filter((t) => spawnSync('sh', ['-c', `command -v ${t}`], { stdio: 'ignore' }).status !== 0);
  if (missing.length > 0) {
    const pkgs = [...new Set(missing.map((t) => PACKAGES[t] ?? t))].join(' ');
    throw new Error(`missing tool${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}; install with: apt-get install ${pkgs}`);
  }
}

export interface Timed {
  /** Wall-clock seconds measured here (hrtime around the run). */
  wallS: number;
  /** CPU seconds of the process and its children (threads included), from /usr/bin/time. */
  userS: number;
  sysS: number;
  maxRssKiB: number;
  code: number | null;
  stderr: string;
}

/**
 * Runs cmd under /usr/bin/time (its report goes to a file, so the tool's stderr stays clean).
 * stdout goes to `onStdout` when given, else is read and thrown away (like a terminal would consume it).
 */
export function timed(cmd: string, args: readonly string[], onStdout?: (chunk: string) => void): Promise<Timed> {
  const dir = mkdtempSync(join(tmpdir(), 'wt-time-'));
  const report = join(dir, 'time');
  const started = process.hrtime.bigint();
  const child = spawn(TIME, ['-f', '%e %U %S %M', '-o', report, cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => onStdout?.(d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const wallS = Number(process.hrtime.bigint() - started) / 1e9;
      try {
        // A non-zero exit adds a "Command exited with non-zero status" line before the numbers.
        const last = readFileSync(report, 'utf8').trim().split('\n').pop() ?? '';
        const [, user, sys, rss] = last.split(' ').map(Number);
        resolve({ wallS, userS: user ?? NaN, sysS: sys ?? NaN, maxRssKiB: rss ?? NaN, code, stderr });
      } catch (e) {
        reject(e);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

let clockTicks = 0;
/** utime + stime in seconds from a /proc stat file. */
function statCpuS(path: string): number {
  if (clockTicks === 0) clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  const stat = readFileSync(path, 'utf8');
  // Fields after the ")" that closes the command name: state is field 3, utime 14, stime 15.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(rest[11]) + Number(rest[12])) / clockTicks;
}

/** CPU seconds of a process, all its threads included (worker threads, iftop's pcap thread). */
export function processCpuS(pid: number): number {
  return statCpuS(`/proc/${pid}/stat`);
}

/** CPU seconds this process used plus those of its children already reaped (every tcpreplay, ip, … run). */
export function ownCpuS(): number {
  statCpuS('/proc/self/stat'); // sets clockTicks
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(rest[11]) + Number(rest[12]) + Number(rest[13]) + Number(rest[14])) / clockTicks;
}

/** CPU seconds used by every process on the machine (user + nice + system of all cores, /proc/stat). */
export function systemBusyS(): number {
  statCpuS('/proc/self/stat');
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return ((f[0] ?? 0) + (f[1] ?? 0) + (f[2] ?? 0)) / clockTicks;
}

/** CPU seconds per thread id: which thread would saturate first. */
export function threadCpuS(pid: number): Map<number, number> {
  const m = new Map<number, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      m.set(Number(tid), statCpuS(`/proc/${pid}/task/${tid}/stat`));
    } catch {
      /* the thread ended meanwhile */
    }
  }
  return m;
}

/** Peak resident set (VmHWM) in KiB. */
export function peakRssKiB(pid: number): number {
  const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m === null ? NaN : Number(m[1]);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** First line of a command's output (stdout or stderr), for version strings; '?' when it fails. */
export function firstLine(cmd: string, args: readonly string[], match?: RegExp): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  const text = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return (match === undefined ? lines[0] : lines.find((l) => match.test(l))) ?? '?';
}

/** Human numbers for tables. */
export function fmt(n: number, digits = 0): string {
  if (!Number.isFinite(n)) return 'n/a';
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Share of all cores' time spent idle over `ms`, from /proc/stat (iowait counts as idle). */
export async function idleShare(ms = 1000): Promise<number> {
  const sample = () => {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    return { idle: (f[3] ?? 0) + (f[4] ?? 0), total: f.reduce((a, b) => a + b, 0) };
  };
  const a = sample();
  await sleep(ms);
  const b = sample();
  return b.total === a.total ? 1 : (b.idle - a.idle) / (b.total - a.total);
}

/** How often the benchmark had to wait for other work, and how often it gave up waiting. */
export const quiet = { waits: 0, waitedS: 0, timeouts: 0 };

/**
 * The cores may be shared (other builds and tests): wait until they are mostly idle before a
 * measurement, so it measures the tools rather than the neighbours. Gives up after maxMs.
 */
export async function waitForQuiet(minIdle = 0.8, maxMs = 180_000): Promise<void> {
  const start = Date.now();
  let idle = await idleShare();
  if (idle >= minIdle) return;
  quiet.waits++;
  while (idle < minIdle && Date.now() - start < maxMs) idle = await idleShare(2000);
  quiet.waitedS += (Date.now() - start) / 1000;
  if (idle < minIdle) quiet.timeouts++;
}
