// Starting wiretop, iftop and tcpreplay inside the benchmark namespaces and reading what they report.
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { NetnsPair } from '../test/helpers/netns.js';
import { NODE, sleep, WIRETOP } from './measure.js';

export type ToolName = 'wiretop' | 'iftop';

/** Children still running; killed if the benchmark exits early (signal, error) so none outlives it. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of running) c.kill('SIGKILL');
});
function track(c: ChildProcess): ChildProcess {
  running.add(c);
  c.once('close', () => running.delete(c));
  return c;
}

/** A running capture tool and the latest figures it printed. */
export interface Capturer {
  readonly name: ToolName;
  readonly child: ChildProcess;
  readonly pid: number;
  ready: boolean;
  /** Cumulative IP bytes (sent + received) of the latest block; exact for wiretop, ~3 digits for iftop. */
  bytes: number;
  /** Half a unit of the last printed digit (iftop's rounding), 0 for wiretop. */
  bytesResolution: number;
  /** wiretop only: frames seen and kernel drops in the latest block. */
  frames: number;
  kernelDropped: number;
  /** Date.now() when the latest block arrived. */
  lastBlockAt: number;
  stderr: string;
}

/** Text mode without name lookups; -L lines per block, the same for both tools so neither skips work the other does. */
export function startCapturer(net: NetnsPair, name: ToolName, lines: number, pinCpu: string | null): Capturer {
  const COMMON = ['-t', '-n', '-N', '-L', String(lines)];
  const pin = pinCpu === null ? [] : ['taskset', '-c', pinCpu];
  // `ip netns exec`, taskset and stdbuf all exec in place, so the child's pid is the tool's pid.
  const argv = name === 'wiretop'
    ? [...pin, NODE, WIRETOP, ...COMMON, '--ndjson', '-i', net.ifA]
    // iftop block-buffers a pipe and would print its block late; stdbuf makes it line-buffered.
    : [...pin, 'stdbuf', '-oL', 'iftop', ...COMMON, '-i', net.ifA];
  // stdin stays an open pipe: iftop's text mode spins at 100 % CPU on a closed stdin.
  const child = track(spawn('ip', ['netns', 'exec', net.nsA, ...argv], { stdio: ['pipe', 'pipe', 'pipe'] }));
  const c: Capturer = { name, child, pid: child.pid ?? -1, ready: false, bytes: 0, bytesResolution: 0, frames: 0, kernelDropped: 0, lastBlockAt: 0, stderr: '' };
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (c.stderr = (c.stderr + d).slice(-2000)));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (name === 'wiretop') {
      if (line.startsWith('{"type":"header"')) c.ready = true;
      else if (line.startsWith('{"type":"totals"')) {
        const t = JSON.parse(line) as { cumulative_bytes: { sent: number; received: number }; capture: { frames: number; kernel_dropped?: number } };
        c.bytes = t.cumulative_bytes.sent + t.cumulative_bytes.received;
        c.frames = t.capture.frames;
        c.kernelDropped = t.capture.kernel_dropped ?? 0;
        c.lastBlockAt = Date.now();
      }
    } else if (line.startsWith('Listening on')) {
      c.ready = true;
    } else if (line.startsWith('Cumulative (sent/received/total):')) {
      const total = line.trim().split(/\s+/).pop() ?? '';
      const v = iftopValue(total);
      c.bytes = v.value;
      c.bytesResolution = v.resolution;
      c.lastBlockAt = Date.now();
    }
  });
  return c;
}

/** "1.23GB" → bytes, with half a unit of the last digit printed (K = 1024, as iftop's readable_size). */
export function iftopValue(text: string): { value: number; resolution: number } {
  const m = /^(\d+)(?:\.(\d+))?([KMG]?)B$/.exec(text);
  if (m === null) return { value: NaN, resolution: NaN };
  const unit = 1024 ** ['', 'K', 'M', 'G'].indexOf(m[3]!);
  const decimals = m[2]?.length ?? 0;
  return { value: Number(`${m[1]}.${m[2] ?? '0'}`) * unit, resolution: 0.5 * 10 ** -decimals * unit };
}

/** Waits until every tool has opened its capture: its start line, then its packet socket in the namespace. */
export async function waitReady(net: NetnsPair, tools: readonly Capturer[], timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const sockets = () => net.exec(net.nsA, 'cat', ['/proc/net/packet']).trim().split('\n').length - 1;
  while (!tools.every((t) => t.ready) || sockets() < tools.length) {
    for (const t of tools) if (t.child.exitCode !== null) throw new Error(`${t.name} exited early (status ${t.child.exitCode}): ${t.stderr.trim()}`);
    if (Date.now() > deadline) throw new Error(`capture tools not ready after ${timeoutMs} ms: ${tools.map((t) => `${t.name} ${t.ready ? 'ready' : t.stderr.trim()}`).join('; ')}`);
    await sleep(100);
  }
  await sleep(500); // filter and ring set up after the socket exists
}

/** Resolves once the tool printed a block after `since` (Date.now() ms). */
export async function waitBlock(t: Capturer, since: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (t.lastBlockAt <= since) {
    if (Date.now() > deadline || t.child.exitCode !== null) return false;
    await sleep(50);
  }
  return true;
}

/** SIGTERM by pid, SIGKILL after 3 s; resolves when the process is gone. */
export async function stopCapturer(t: Capturer): Promise<void> {
  if (t.child.exitCode !== null || t.child.signalCode !== null) return;
  const closed = new Promise<void>((r) => t.child.once('close', () => r()));
  t.child.kill('SIGTERM');
  const timer = setTimeout(() => t.child.kill('SIGKILL'), 3000);
  await closed;
  clearTimeout(timer);
}

export interface Replay {
  packets: number;
  failed: number;
  seconds: number;
  /** tcpreplay's own "Rated: … pps". */
  pps: number;
}

/** tcpreplay from nsB onto its veth end: top speed, or a packet rate; loops the file until `limit` packets. */
export async function replay(net: NetnsPair, file: string, limit: number, pps: number | null, pinCpu: string | null): Promise<Replay> {
  const rate = pps === null ? ['--topspeed'] : [`--pps=${pps}`, `--pps-multi=${Math.max(1, Math.round(pps / 20_000))}`];
  const pin = pinCpu === null ? [] : ['taskset', '-c', pinCpu];
  const args = ['netns', 'exec', net.nsB, ...pin, 'tcpreplay', '-i', net.ifB, ...rate, '--preload-pcap', '--no-flow-stats', '--loop=0', `--limit=${limit}`, file];
  const child = track(spawn('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] }));
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  const num = (re: RegExp) => Number(re.exec(out)?.[1] ?? NaN);
  const r = { packets: num(/Successful packets:\s+(\d+)/), failed: num(/Failed packets:\s+(\d+)/), seconds: num(/sent in ([\d.]+) seconds/), pps: num(/Rated: .*?, ([\d.]+) pps/) };
  if (code !== 0 || !Number.isFinite(r.packets)) throw new Error(`tcpreplay failed (status ${code}): ${out.trim()}`);
  return r;
}

/** Packets received by an interface (kernel counter), to tell link loss from capture loss. */
export function rxPackets(ns: string, dev: string): number {
  const j = JSON.parse(execFileSync('ip', ['netns', 'exec', ns, 'ip', '-j', '-s', 'link', 'show', 'dev', dev], { encoding: 'utf8' })) as { stats64: { rx: { packets: number } } }[];
  return j[0]?.stats64.rx.packets ?? NaN;
}
