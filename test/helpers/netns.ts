// Two network namespaces joined by a veth pair, nothing in the root namespace; removed again on every way out.
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';

/** Documentation ranges only (RFC 5737, RFC 3849): the machine's own 192.0.2.0/24 and fd00::/64 are avoided. */
export interface NetnsPair {
  readonly nsA: string;
  readonly nsB: string;
  readonly ifA: string;
  readonly ifB: string;
  readonly ipA: string;
  readonly ipB: string;
  readonly ip6A: string;
  readonly ip6B: string;
  readonly macA: string;
  readonly macB: string;
  /** Runs a command inside a namespace and returns its stdout. */
  exec(ns: string, cmd: string, args: readonly string[]): string;
  /** Starts a command inside a namespace. */
  spawn(ns: string, cmd: string, args: readonly string[], opts?: SpawnOptions): ChildProcess;
  /** Makes the veth pair again (same names, MACs, addresses, neighbours) after it was deleted. */
  recreateLink(): void;
  /** Deletes both namespaces (and with them the veth pair); safe to call twice. */
  destroy(): void;
}

const live = new Set<NetnsPair>();
let hooked = false;

function ip(args: readonly string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Fails loudly (never skips) when the suite is not root or iproute2 is missing: CI runs as root. */
export function requireRoot(): void {
  if (process.getuid?.() !== 0) throw new Error('live capture tests must run as root (CI does); run: sudo npm test');
  try {
    ip(['-V']);
  } catch {
    throw new Error('iproute2 is missing: apt-get install iproute2');
  }
}

/**
 * Creates nsA/nsB with vethA/vethB: 198.51.100.1/24 + 2001:db8:77::1/64 on A, .2 / ::2 on B; static
 * neighbours and no DAD, router solicitations or IPv6 autoconf, so the link carries only what tests send.
 */
export function createNetnsPair(): NetnsPair {
  requireRoot();
  const tag = randomBytes(3).toString('hex');
  const nsA = `wt-${tag}-a`;
  const nsB = `wt-${tag}-b`;
  const ifA = `wt${tag}a`;
  const ifB = `wt${tag}b`;
  const macA = '02:77:00:00:00:01';
  const macB = '02:77:00:00:00:02';
  const pair: NetnsPair = {
    nsA, nsB, ifA, ifB, macA, macB,
    ipA: '198.51.100.1', ipB: '198.51.100.2', ip6A: '2001:db8:77::1', ip6B: '2001:db8:77::2',
    exec: (ns, cmd, args) => execFileSync('ip', ['netns', 'exec', ns, cmd, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
    spawn: (ns, cmd, args, opts = {}) => spawn('ip', ['netns', 'exec', ns, cmd, ...args], opts),
    recreateLink: () => linkUp(pair),
    destroy: () => {
      live.delete(pair);
      for (const ns of [nsA, nsB]) {
        try {
          ip(['netns', 'del', ns]);
        } catch {
          /* already gone */
        }
      }
    },
  };
  live.add(pair);
  hookExit();
  try {
    ip(['netns', 'add', nsA]);
    ip(['netns', 'add', nsB]);
    for (const ns of [nsA, nsB]) {
      for (const [k, v] of [['net.ipv6.conf.all.accept_dad', '0'], ['net.ipv6.conf.default.accept_dad', '0'],
        ['net.ipv6.conf.all.router_solicitations', '0'], ['net.ipv6.conf.default.router_solicitations', '0'],
        ['net.ipv6.conf.default.accept_ra', '0'], ['net.ipv6.conf.default.autoconf', '0']] as const) {
        pair.exec(ns, 'sysctl', ['-qw', `${k}=${v}`]);
      }
      pair.exec(ns, 'ip', ['link', 'set', 'lo', 'up']);
    }
    linkUp(pair);
  } catch (e) {
    pair.destroy();
    throw e;
  }
  return pair;
}

/** The veth pair with its addresses and static neighbours, both ends up. */
function linkUp(pair: NetnsPair): void {
  const { nsA, nsB, ifA, ifB, macA, macB } = pair;
  // Create the pair inside nsA so no interface ever exists in the root namespace.
  pair.exec(nsA, 'ip', ['link', 'add', ifA, 'address', macA, 'type', 'veth', 'peer', 'name', ifB, 'address', macB, 'netns', nsB]);
  pair.exec(nsA, 'ip', ['addr', 'add', `${pair.ipA}/24`, 'dev', ifA]);
  pair.exec(nsB, 'ip', ['addr', 'add', `${pair.ipB}/24`, 'dev', ifB]);
  pair.exec(nsA, 'ip', ['-6', 'addr', 'add', `${pair.ip6A}/64`, 'dev', ifA, 'nodad']);
  pair.exec(nsB, 'ip', ['-6', 'addr', 'add', `${pair.ip6B}/64`, 'dev', ifB, 'nodad']);
  pair.exec(nsA, 'ip', ['link', 'set', ifA, 'up']);
  pair.exec(nsB, 'ip', ['link', 'set', ifB, 'up']);
  pair.exec(nsA, 'ip', ['neigh', 'replace', pair.ipB, 'lladdr', macB, 'dev', ifA, 'nud', 'permanent']);
  pair.exec(nsB, 'ip', ['neigh', 'replace', pair.ipA, 'lladdr', macA, 'dev', ifB, 'nud', 'permanent']);
  pair.exec(nsA, 'ip', ['-6', 'neigh', 'replace', pair.ip6B, 'lladdr', macB, 'dev', ifA, 'nud', 'permanent']);
  pair.exec(nsB, 'ip', ['-6', 'neigh', 'replace', pair.ip6A, 'lladdr', macA, 'dev', ifB, 'nud', 'permanent']);
}

/** Cleans up on normal exit and on the signals a test runner sends when it gives up. */
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  const cleanup = () => {
    for (const p of [...live]) p.destroy();
  };
  process.on('exit', cleanup);
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(s, () => {
      cleanup();
      process.exit(128 + (s === 'SIGINT' ? 2 : s === 'SIGTERM' ? 15 : 1));
    });
  }
}
