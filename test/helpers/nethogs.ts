// nethogs in trace mode as an oracle: start it on an interface inside a namespace, parse its refresh blocks.
import type { ChildProcess } from 'node:child_process';
import { inert } from '../../src/format/inert.js';
import type { NetnsPair } from './netns.js';

/** One line of a refresh: a program (nethogs prints the path, pid and uid) or its "unknown TCP/UDP" bucket. */
export interface NethogsRow {
  /** Program path as nethogs printed it, inert (nethogs itself prints names raw). */
  readonly program: string;
  readonly pid: number;
  readonly uid: number;
  /** Bytes since nethogs started (with -v 2). */
  readonly sent: number;
  readonly received: number;
  /** "TCP"/"UDP" for nethogs' unknown buckets, else null. */
  readonly unknown: 'TCP' | 'UDP' | null;
}

/** Parses `nethogs -t -v 2` output into refresh blocks (lines after each "Refreshing:"); odd lines are skipped. */
export function parseNethogsTrace(text: string): NethogsRow[][] {
  const blocks: NethogsRow[][] = [];
  let current: NethogsRow[] | null = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('Refreshing:')) {
      current = [];
      blocks.push(current);
      continue;
    }
    if (current === null) continue;
    const fields = line.split('\t');
    if (fields.length !== 3) continue;
    const [id, sent, received] = fields as [string, string, string];
    // "PROGRAM/PID/UID": the program may itself contain slashes, so split from the right.
    const uidAt = id.lastIndexOf('/');
    const pidAt = id.lastIndexOf('/', uidAt - 1);
    if (pidAt < 0 || !/^\d+$/.test(id.slice(pidAt + 1, uidAt)) || !/^\d+$/.test(id.slice(uidAt + 1))) continue;
    const program = id.slice(0, pidAt);
    const m = /^unknown (TCP|UDP)$/.exec(program);
    current.push({
      program: inert(program), pid: Number(id.slice(pidAt + 1, uidAt)), uid: Number(id.slice(uidAt + 1)),
      sent: Number(sent), received: Number(received), unknown: m === null ? null : (m[1] as 'TCP' | 'UDP'),
    });
  }
  return blocks;
}

export interface NethogsRun {
  readonly child: ChildProcess;
  /** Resolves with every refresh block once nethogs has exited (after `stop()` or its -c count). */
  readonly done: Promise<NethogsRow[][]>;
  /** Ends it (SIGINT, as a user would; nethogs prints nothing more). */
  stop(): void;
}

/**
 * Starts `nethogs -t -v 2 -d DELAY [-C] IFACE` in a namespace (trace mode, cumulative bytes; -C adds
 * UDP, which nethogs mostly files under "unknown UDP"). Run it in the namespace that owns the
 * processes: nethogs maps sockets through its own /proc/net.
 */
export function startNethogs(net: NetnsPair, ns: string, iface: string, opts: { udp?: boolean; delaySeconds?: number } = {}): NethogsRun {
  const args = ['-t', '-v', '2', '-d', String(opts.delaySeconds ?? 1), ...(opts.udp === true ? ['-C'] : []), iface];
  const child = net.spawn(ns, 'nethogs', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const done = new Promise<NethogsRow[][]>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', () => resolve(parseNethogsTrace(out)));
  });
  return { child, done, stop: () => child.kill('SIGINT') };
}

/** The last refresh that lists a pid (nethogs keeps cumulative totals per process). */
export function lastRowOf(blocks: readonly NethogsRow[][], pid: number): NethogsRow | undefined {
  for (let i = blocks.length - 1; i >= 0; i--) {
    const row = blocks[i]!.find((r) => r.pid === pid && r.unknown === null);
    if (row !== undefined) return row;
  }
  return undefined;
}
