// The golden cases (capture + options → expected/NAME.txt) and how one is run; run it to write expected files.
//
//   node dist/test/golden/golden-cases.js --write [NAME…]
//
// Writing is only the first step: every expected file must then be checked by hand against the spec
// (README.md says how the committed ones were checked). The test never writes.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { finish, WIRETOP } from '../helpers/run-wiretop.js';
import type { Finished } from '../helpers/run-wiretop.js';
import { startFakeDns } from '../helpers/fake-dns.js';
import type { PtrBehaviour } from '../helpers/fake-dns.js';

export interface GoldenCase {
  /** expected/<name>.txt */
  readonly name: string;
  /** A file in captures/. */
  readonly capture: string;
  /** Options after `-r captures/<capture> -t`. */
  readonly args: readonly string[];
  /**
   * PTR answers of the test's own DNS server (test/helpers/fake-dns.ts on 127.0.0.1). Every case gets
   * `--dns-server` pointing at one — with no table it answers "no such name" — so no case ever asks
   * the machine's real resolver or depends on its /etc/hosts.
   */
  readonly dns?: Readonly<Record<string, PtrBehaviour>>;
}

/** test/golden/ of the source tree: wiretop runs here so the output says `Reading from captures/…`. */
export const GOLDEN_DIR = fileURLToPath(new URL('../../../test/golden/', import.meta.url));

export const CASES: readonly GoldenCase[] = [
  // hosts.pcap: two slots, four host pairs.
  { name: 'hosts-default', capture: 'hosts.pcap', args: [] },
  { name: 'hosts-ports', capture: 'hosts.pcap', args: ['-P'] },
  { name: 'hosts-ports-numeric', capture: 'hosts.pcap', args: ['-n', '-N', '-P'] },
  { name: 'hosts-bytes-sort-source', capture: 'hosts.pcap', args: ['-B', '-o', 'source'] },
  { name: 'hosts-sort-2s-two-lines', capture: 'hosts.pcap', args: ['-o', '2s', '-L', '2'] },
  { name: 'hosts-net-filter', capture: 'hosts.pcap', args: ['-P', '-F', '192.0.2.0/24'] },
  { name: 'hosts-timed-past-end', capture: 'hosts.pcap', args: ['-s', '100'] },
  // Names from reverse DNS: a normal one, one too long for the column (cut to 39), a hostile one with
  // escape sequences (c-ares hands it over escaped as \027…, shown inert), one that never answers (numeric
  // after the timeout), and -P service names next to host names.
  {
    name: 'hosts-dns-names', capture: 'hosts.pcap', args: ['-P'],
    dns: {
      '198.51.100.20': { name: 'web.example' },
      '192.0.2.10': { name: 'a-very-long-host-name-for-truncation-testing.subdomain.example.org', delayMs: 200 },
      '203.0.113.5': { name: [Buffer.from('a\x1b]0;PWNED\x07', 'latin1'), Buffer.from('example')] },
      '10.1.1.1': { silent: true },
    },
  },
  { name: 'hosts-ndjson', capture: 'hosts.pcap', args: ['--ndjson'] },
  // ticks.pcap: 26 rotations, warm-up divisors and expiry.
  { name: 'ticks-bytes', capture: 'ticks.pcap', args: ['-B'] },
  { name: 'ticks-ndjson', capture: 'ticks.pcap', args: ['--ndjson', '-P'] },
  { name: 'ticks-timed-7', capture: 'ticks.pcap', args: ['-B', '-s', '7'] },
  // gap.pcap: 97 s without packets.
  { name: 'gap-bytes', capture: 'gap.pcap', args: ['-B', '-L', '2'] },
  // Address families and link layers.
  { name: 'ipv6-hosts', capture: 'ipv6.pcap', args: [] },
  { name: 'ipv6-ports', capture: 'ipv6.pcap', args: ['-P'] },
  { name: 'ipv6-link-local-numeric', capture: 'ipv6.pcap', args: ['-P', '-N', '-l'] },
  { name: 'third-party', capture: 'third-party.pcap', args: ['-n', '-P', '-B'] },
  { name: 'malformed', capture: 'malformed.pcap', args: ['-n', '-P', '-B'] },
  { name: 'malformed-ndjson', capture: 'malformed.pcap', args: ['--ndjson'] },
  { name: 'vlan-ports', capture: 'vlan.pcap', args: ['-P'] },
  { name: 'cooked-ports-bytes', capture: 'cooked.pcap', args: ['-P', '-B'] },
  { name: 'two-links-ports', capture: 'two-links.pcapng', args: ['-P'] },
  { name: 'two-links-udp-filter', capture: 'two-links.pcapng', args: ['-P', '-f', 'udp'] },
  // Radio and serial link types (make-link-captures.ts); byte totals checked against tshark in link-totals.test.ts.
  { name: 'radiotap-ports-bytes', capture: 'radiotap.pcap', args: ['-n', '-P', '-B'] },
  { name: 'radiotap-ndjson', capture: 'radiotap.pcap', args: ['--ndjson'] },
  { name: 'wlan-ports-bytes', capture: 'wlan.pcap', args: ['-n', '-P', '-B'] },
  { name: 'ppi-ports-bytes', capture: 'ppi.pcap', args: ['-n', '-P', '-B'] },
  { name: 'token-ring-ports-bytes', capture: 'token-ring.pcap', args: ['-n', '-P', '-B'] },
  { name: 'pflog-ports-bytes', capture: 'pflog.pcap', args: ['-n', '-P', '-B'] },
  { name: 'ppp-hdlc-ports-bytes', capture: 'ppp-hdlc.pcap', args: ['-n', '-P', '-B'] },
  { name: 'frame-relay-ports-bytes', capture: 'frame-relay.pcap', args: ['-n', '-P', '-B'] },
  { name: 'slip-ports-bytes', capture: 'slip.pcap', args: ['-n', '-P', '-B'] },
  // Recorded by tcpdump (make-real-capture.ts).
  { name: 'tcpdump-veth', capture: 'tcpdump-veth.pcap', args: ['-n', '-P', '-B'] },
  { name: 'tcpdump-veth-net-filters', capture: 'tcpdump-veth.pcap', args: ['-N', '-P', '-F', '198.51.100.1/32', '-G', '2001:db8:77::1/128'] },
];

/** A HOME that does not exist (wiretop then reads no ~/.iftoprc, silently). */
export const NO_HOME = '/nonexistent/wiretop-test-home';

/** The command line of a case, relative to GOLDEN_DIR. */
export function caseArgs(c: GoldenCase, capturePath = join('captures', c.capture)): string[] {
  return ['-r', capturePath, '-t', ...c.args];
}

/** Runs the built wiretop from `cwd` (GOLDEN_DIR by default) with the case's options. */
export async function runCase(c: GoldenCase, capturePath?: string, cwd = GOLDEN_DIR): Promise<Finished> {
  // HOME without an .iftoprc: a developer's own ~/.iftoprc must not change the output.
  const env = { ...process.env, HOME: NO_HOME };
  const dns = await startFakeDns(new Map(Object.entries(c.dns ?? {})));
  try {
    const args = [...caseArgs(c, capturePath), '--dns-server', dns.server];
    const child = spawn(process.execPath, [WIRETOP, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    return await finish(child, 30_000);
  } finally {
    await dns.close();
  }
}

export function expectedPath(c: GoldenCase): string {
  return join(GOLDEN_DIR, 'expected', `${c.name}.txt`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv[2] !== '--write') {
    process.stderr.write('usage: node dist/test/golden/golden-cases.js --write [NAME…]  (then check every file by hand)\n');
    process.exit(2);
  }
  const only = new Set(process.argv.slice(3));
  for (const c of CASES) {
    if (only.size > 0 && !only.has(c.name)) continue;
    const r = await runCase(c);
    if (r.code !== 0 || r.stderr !== '') throw new Error(`${c.name}: exit ${r.code}, stderr: ${r.stderr}`);
    writeFileSync(expectedPath(c), r.stdout);
    process.stdout.write(`wrote ${expectedPath(c)}: wiretop ${caseArgs(c).join(' ')}\n`);
  }
}
