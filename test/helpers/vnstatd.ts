// vnstat as an oracle for interface totals: vnstatd in the foreground inside a test namespace, its own database and config.
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Link-layer bytes vnstat counts (kernel interface counters) for what wiretop counts as IP bytes on Ethernet. */
export function ethernetBytes(ipBytes: number, packets: number): number {
  return ipBytes + 14 * packets;
}

export interface VnstatTraffic {
  readonly rx: number;
  readonly tx: number;
}

export interface Vnstatd {
  /** The database directory and the config file (also for `vnstat --config FILE …` by hand). */
  readonly dir: string;
  readonly conf: string;
  /** Totals and per-day buckets from `vnstat --json` (the database; run stop() first for everything). */
  totals(): VnstatTraffic;
  days(): { readonly date: string; readonly rx: number; readonly tx: number }[];
  /** SIGTERM: vnstatd saves its cache and exits. Then the files are still there for reading; remove() deletes them. */
  stop(): Promise<void>;
  remove(): void;
}

/**
 * Starts `vnstatd --nodaemon --config DIR/vnstat.conf` in network namespace `ns` watching `iface`
 * only: its own DatabaseDir, no log file, no pid file in /run, reading counters every 2 s. Resolves
 * once it says it is monitoring the interface. Needs root and the vnstat package.
 *
 *   ip netns exec NS vnstatd --initdb --config DIR/vnstat.conf
 *   ip netns exec NS vnstat --config DIR/vnstat.conf --add -i IFACE
 *   ip netns exec NS vnstatd --nodaemon --config DIR/vnstat.conf
 *   … traffic …
 *   kill -TERM PID; vnstat --config DIR/vnstat.conf -i IFACE --json d
 */
export async function startVnstatd(ns: string, iface: string): Promise<Vnstatd> {
  const dir = mkdtempSync(join(tmpdir(), 'wt-vnstatd-'));
  const conf = join(dir, 'vnstat.conf');
  writeFileSync(conf, [
    `DatabaseDir "${dir}"`, `PidFile "${join(dir, 'vnstatd.pid')}"`, 'UseLogging 0', 'UpdateInterval 2', 'PollInterval 2',
    'SaveInterval 1', 'TimeSyncWait 0', 'BandwidthDetection 0', 'MaxBandwidth 10000', 'AlwaysAddNewInterfaces 0', `Interface "${iface}"`, '',
  ].join('\n'));
  const inNs = (cmd: string, args: string[]) => execFileSync('ip', ['netns', 'exec', ns, cmd, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  inNs('vnstatd', ['--initdb', '--config', conf]);
  inNs('vnstat', ['--config', conf, '--add', '-i', iface]);
  const child: ChildProcess = spawn('ip', ['netns', 'exec', ns, 'vnstatd', '--nodaemon', '--config', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = once(child, 'exit');
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`vnstatd did not start: ${out}`)), 10_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes(`Monitoring (1): ${iface}`)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', () => reject(new Error(`vnstatd exited: ${out}`)));
  });
  const json = (mode: string) => JSON.parse(execFileSync('vnstat', ['--config', conf, '-i', iface, '--json', mode], { encoding: 'utf8' })) as {
    interfaces: { traffic: { total: VnstatTraffic; day?: { date: { year: number; month: number; day: number }; rx: number; tx: number }[] } }[];
  };
  let stopped = false;
  return {
    dir, conf,
    totals: () => json('d').interfaces[0]!.traffic.total,
    days: () => (json('d').interfaces[0]!.traffic.day ?? []).map((d) => ({
      date: `${d.date.year}-${String(d.date.month).padStart(2, '0')}-${String(d.date.day).padStart(2, '0')}`, rx: d.rx, tx: d.tx,
    })),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      child.kill('SIGTERM');
      await exited;
    },
    remove: () => {
      if (!stopped) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
