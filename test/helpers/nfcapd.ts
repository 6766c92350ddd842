// A real nfcapd (Debian nfdump) on 127.0.0.1 for a test, and what nfdump reads back: flows, totals, sequence failures.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { run } from './run-wiretop.js';

export interface NfdumpFlow {
  readonly src: string;
  readonly dst: string;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly proto: number;
  readonly packets: number;
  readonly bytes: number;
  /** Epoch ms. */
  readonly firstMs: number;
  readonly lastMs: number;
  readonly direction: number;
}

export interface Nfcapd {
  readonly port: number;
  readonly dir: string;
  /** Every flow in the rotated files (nfcapd publishes a file per -t 2 rotation). */
  flows(): Promise<NfdumpFlow[]>;
  /** `nfdump -I -R DIR`: Flows, Packets, Bytes, Sequence failures … as numbers. */
  summary(): Promise<Map<string, number>>;
  /** `nfdump -E FILE` lines ("SysID: 1, IP: 127.0.0.1, version: 10, ID: 7, Sequence failures: 0, …") of every file. */
  exporters(): Promise<string[]>;
  /** Stops nfcapd (the current file is closed and published). */
  stop(): Promise<void>;
  /** Stops it if running and removes the directory. */
  cleanup(): Promise<void>;
}

/** nfdump's local times as UTC, and a missing tool as a clear failure. */
const ENV = { ...process.env, TZ: 'UTC' };

async function tool(cmd: string, args: string[]): Promise<string> {
  const r = await run(cmd, args, { env: ENV, timeoutMs: 60_000 });
  if (r.code === null && r.stderr === '' && r.stdout === '') throw new Error(`${cmd} did not run (Debian: apt-get install nfdump)`);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

/** A UDP port free on 127.0.0.1 right now. */
async function freePort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/**
 * Starts `nfcapd -w DIR -b 127.0.0.1 -p PORT -t 2 -B 4194304` in the foreground and waits until its
 * socket is bound. The 4 MB receive buffer (Linux's default rmem_max) holds a whole burst while the
 * shared test machine keeps nfcapd off the CPU; with the default 212 KB, datagrams that arrive
 * during such a pause are dropped by the kernel, which the exporter cannot see (UDP).
 */
export async function startNfcapd(netns: string | null = null): Promise<Nfcapd> {
  const dir = await mkdtemp(join(tmpdir(), 'wiretop-nfcapd-'));
  // In a namespace of the test's own every port is free; in the root one, ask the kernel.
  const port = netns === null ? await freePort() : 20000 + Math.floor(Math.random() * 20000);
  const inNs = (cmd: string, args: string[]): [string, string[]] => (netns === null ? [cmd, args] : ['ip', ['netns', 'exec', netns, cmd, ...args]]);
  const child: ChildProcess = spawn(...inNs('nfcapd', ['-w', dir, '-b', '127.0.0.1', '-p', String(port), '-t', '2', '-B', '4194304']), { stdio: ['ignore', 'pipe', 'pipe'], env: ENV });
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.on('error', () => resolve());
    child.on('exit', () => resolve());
  }).then(() => void (exited = true));
  const stop = async () => {
    if (!exited) child.kill('SIGTERM');
    await Promise.race([exit, sleep(10_000)]);
    if (!exited) {
      child.kill('SIGKILL');
      await exit;
    }
  };
  for (let i = 0; ; i++) {
    if (exited) {
      await rm(dir, { recursive: true, force: true });
      throw new Error(`nfcapd did not start (Debian: apt-get install nfdump): ${log}`);
    }
    const ss = await run(...inNs('ss', ['-Hlun', `sport = :${port}`]));
    if (ss.stdout.includes(`127.0.0.1:${port}`)) break;
    if (i > 100) {
      await stop();
      await rm(dir, { recursive: true, force: true });
      throw new Error(`nfcapd never bound 127.0.0.1:${port}: ${log}`);
    }
    await sleep(50);
  }
  const files = async () => (await readdir(dir)).filter((f) => /^nfcapd\.\d+$/.test(f)).sort().map((f) => join(dir, f));
  return {
    port,
    dir,
    async flows() {
      if ((await files()).length === 0) return [];
      // 1.7.1 prints "[", "No matching flows", "]" for files without flows.
      const text = (await tool('nfdump', ['-R', dir, '-o', 'json'])).replace(/^No matching flows$/m, '');
      const rows = JSON.parse(text.trim() === '' ? '[]' : text) as Record<string, string | number>[];
      return rows.filter((r) => r['type'] === 'FLOW').map((r) => ({
        src: String(r['src4_addr'] ?? r['src6_addr']),
        dst: String(r['dst4_addr'] ?? r['dst6_addr']),
        srcPort: Number(r['src_port'] ?? 0), // ICMP records have icmp_type/icmp_code instead
        dstPort: Number(r['dst_port'] ?? 0),
        proto: Number(r['proto']),
        packets: Number(r['in_packets']),
        bytes: Number(r['in_bytes']),
        firstMs: Date.parse(`${String(r['first'])}Z`),
        lastMs: Date.parse(`${String(r['last'])}Z`),
        direction: Number(r['direction']),
      }));
    },
    async summary() {
      const text = await tool('nfdump', ['-I', '-R', dir]);
      const m = new Map<string, number>();
      for (const line of text.split('\n')) {
        const kv = /^([A-Za-z_ ]+): (\d+)$/.exec(line.trim());
        if (kv !== null) m.set(kv[1]!, Number(kv[2]));
      }
      return m;
    },
    async exporters() {
      const out: string[] = [];
      for (const f of await files()) {
        for (const line of (await tool('nfdump', ['-E', f])).split('\n')) if (line.startsWith('SysID')) out.push(line.replace(/\s+/g, ' '));
      }
      return out;
    },
    stop,
    async cleanup() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
