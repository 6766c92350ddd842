// The link-type golden captures' byte totals against tshark's outermost-IP totals (tcpdump's for SLIP, which Wireshark 4.0 does not dissect).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { CAPTURES_DIR } from './make-captures.js';
import { linkCaptures } from './make-link-captures.js';
import { NO_DNS, run, WIRETOP } from '../helpers/run-wiretop.js';

/** Runs a tool; a missing binary fails the test (CI installs tshark and tcpdump), it never skips. */
function tool(name: string, args: string[]): string {
  try {
    return execFileSync(name, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') assert.fail(`${name} is not installed (Debian: apt-get install ${name})`);
    throw err;
  }
}

/**
 * tshark's IP packets: outermost IPv4 Total Length or IPv6 Payload Length + 40 per frame. Frames
 * the receiver flagged as failing their FCS are left out: wiretop deliberately counts them as
 * malformed (tshark still dissects them).
 */
function tsharkPackets(path: string): number[] {
  const text = tool('tshark', ['-r', path, '-Y', '!(radiotap.flags.badfcs == 1)', '-T', 'fields', '-E', 'occurrence=f', '-e', 'ip.len', '-e', 'ipv6.plen']);
  return text.replace(/\n$/, '').split('\n').flatMap((line) => {
    const [len4, plen6] = line.split('\t');
    if (len4) return [Number(len4)];
    if (plen6) return [Number(plen6) + 40];
    return [];
  });
}

/** tcpdump's IP packets: "IP (… length N)" and "IP6 (… payload length: N)". */
function tcpdumpPackets(path: string): number[] {
  const text = tool('tcpdump', ['-nn', '-v', '-r', path]);
  return [...text.matchAll(/ IP \(.*?, length (\d+)\)| IP6 \(.*?payload length: (\d+)\)/g)].map((m) => (m[1] !== undefined ? Number(m[1]) : Number(m[2]) + 40));
}

interface Totals { cumulative_bytes: { sent: number; received: number }; capture: { accounted: number; frames: number } }

for (const [name] of linkCaptures()) {
  test(`${name}: wiretop's cumulative bytes and accounted packets equal ${name === 'slip.pcap' ? 'tcpdump' : 'tshark'}'s IP totals`, async () => {
    const path = join(CAPTURES_DIR, name);
    const r = await run(process.execPath, [WIRETOP, ...NO_DNS, '-r', path, '-t', '--ndjson'], { timeoutMs: 20_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const totals = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string }).filter((o) => o.type === 'totals') as unknown as Totals[];
    const last = totals.at(-1)!;
    const packets = name === 'slip.pcap' ? tcpdumpPackets(path) : tsharkPackets(path);
    assert.ok(packets.length >= 4, `${name}: the oracle saw ${packets.length} IP packets`);
    assert.equal(last.capture.accounted, packets.length, 'one accounted packet per IP packet the oracle saw');
    assert.equal(last.cumulative_bytes.sent + last.cumulative_bytes.received, packets.reduce((a, b) => a + b, 0), 'bytes');
  });
}
