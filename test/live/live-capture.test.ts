// Live capture on a real veth between two namespaces: cumulative totals equal the IP bytes sent (UDP/TCP, v4/v6).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNetnsPair } from '../helpers/netns.js';
import type { NetnsPair } from '../helpers/netns.js';
import { finish, run, waitForOutput, WIRETOP } from '../helpers/run-wiretop.js';
import { tsharkBytes } from '../helpers/tshark.js';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const TRAFFIC = fileURLToPath(new URL('./traffic.js', import.meta.url));
const NODE = process.execPath;

let net: NetnsPair;
const sinks: ChildProcess[] = [];
let dir: string;

before(async () => {
  net = createNetnsPair();
  dir = mkdtempSync(join(tmpdir(), 'wiretop-live-'));
  for (const [mode, port, bind] of [
    ['udp-sink', 5001, net.ipA], ['udp-sink', 5002, net.ip6A], ['tcp-sink', 5003, net.ipA], ['tcp-sink', 5004, net.ip6A],
  ] as const) {
    const child = net.spawn(net.nsA, NODE, [TRAFFIC, mode, '--port', String(port), '--bind', bind], { stdio: ['ignore', 'pipe', 'inherit'] });
    sinks.push(child);
    await waitForOutput(child, 'ready');
  }
});

after(() => {
  for (const s of sinks) s.kill('SIGKILL');
  net?.destroy();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

interface NdjsonFlow { src: string; src_port: number; dst: string; dst_port: number; cumulative_sent_bytes: number; cumulative_received_bytes: number }

/** The flows and totals of the last tick in an NDJSON stream. */
function lastTick(stdout: string) {
  const records = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const lastTotals = records.map((r) => r['type']).lastIndexOf('totals');
  assert.ok(lastTotals >= 0, `no totals record in: ${stdout}`);
  return {
    totals: records[lastTotals] as { cumulative_bytes: { sent: number; received: number }; capture: Record<string, number> },
    flows: records.slice(lastTotals + 1).filter((r) => r['type'] === 'flow') as unknown as NdjsonFlow[],
  };
}

test('cumulative per-flow and total bytes equal the IP bytes on the wire (UDP and TCP, IPv4 and IPv6)', async () => {
  const pcap = join(dir, 'oracle.pcap');
  const tcpdump = net.spawn(net.nsB, 'tcpdump', ['-i', net.ifB, '-w', pcap, '-s', '128', '-U', '--immediate-mode', 'port 5001 or port 5002 or port 5003 or port 5004'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const wiretop = net.spawn(net.nsA, NODE, [WIRETOP, '-t', '--ndjson', '-i', net.ifA, '-n', '-N', '-P', '-s', '6', '-L', '100',
    '-f', 'port 5001 or port 5002 or port 5003 or port 5004'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const done = finish(wiretop, 20_000);
  await waitForOutput(wiretop, '"type":"header"');
  await sleep(500); // let tcpdump start
  const send = (args: string[]) => run('ip', ['netns', 'exec', net.nsB, NODE, TRAFFIC, ...args]);
  const results = await Promise.all([
    send(['udp-send', '--to', net.ipA, '--port', '5001', '--src-port', '40001', '--count', '100', '--size', '500', '--interval-ms', '5']),
    send(['udp-send', '--to', net.ip6A, '--port', '5002', '--src-port', '40002', '--count', '60', '--size', '700', '--interval-ms', '5']),
    send(['tcp-send', '--to', net.ipA, '--port', '5003', '--src-port', '40003', '--bytes', '300000']),
    send(['tcp-send', '--to', net.ip6A, '--port', '5004', '--src-port', '40004', '--bytes', '150000']),
  ]);
  for (const r of results) assert.equal(r.code, 0, r.stderr);
  const out = await done;
  assert.equal(out.code, 0, out.stderr);
  tcpdump.kill('SIGINT');
  await finish(tcpdump);
  const { totals, flows } = lastTick(out.stdout);
  const wire = await tsharkBytes(pcap);

  // UDP bytes are known exactly from what was sent: payload + 8 (UDP) + 20 (IPv4) or 40 (IPv6).
  assert.equal(wire.get('40001>5001'), 100 * (500 + 28));
  assert.equal(wire.get('40002>5002'), 60 * (700 + 48));
  const flow = (port: number) => flows.find((f) => f.src_port === port);
  for (const [local, remote] of [[5001, 40001], [5002, 40002], [5003, 40003], [5004, 40004]] as const) {
    const f = flow(local);
    assert.ok(f !== undefined, `no line for port ${local}: ${JSON.stringify(flows)}`);
    assert.equal(f.dst_port, remote);
    assert.equal(f.cumulative_received_bytes, wire.get(`${remote}>${local}`) ?? 0, `bytes into ${local}`);
    assert.equal(f.cumulative_sent_bytes, wire.get(`${local}>${remote}`) ?? 0, `bytes out of ${local}`);
  }
  assert.equal(flow(5001)!.src, net.ipA, 'the local address is on the left');
  assert.equal(flow(5004)!.src, net.ip6A);
  const all = [...wire.values()].reduce((a, b) => a + b, 0);
  assert.equal(totals.cumulative_bytes.sent + totals.cumulative_bytes.received, all);
  assert.equal(totals.capture['malformed'], 0);
  assert.equal(totals.capture['kernel_dropped'], 0);
});

test('-s ends on time on an idle link (iftop never prints there)', async () => {
  const r = await run('ip', ['netns', 'exec', net.nsA, NODE, WIRETOP, '-t', '-i', net.ifA, '-s', '2', '-n'], { timeoutMs: 15_000 });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.ms < 5000, `took ${r.ms} ms`);
  assert.match(r.stdout, /^Listening on wt\w+a\n {3}# Host name/);
  assert.match(r.stdout, /Cumulative \(sent\/received\/total\): {24}0B {9}0B {9}0B\n={92}\n\n$/);
  assert.match(r.stderr, new RegExp(`^interface: ${net.ifA}\nIP address is: 198\\.51\\.100\\.1\nIPv6 address is: 2001:db8:77::1\nMAC address is: 02:77:00:00:00:01\n$`));
});

test('without -i the first up, non-loopback interface is used', async () => {
  const r = await run('ip', ['netns', 'exec', net.nsA, NODE, WIRETOP, '-t', '-s', '1', '-n'], { timeoutMs: 15_000 });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.stdout.startsWith(`Listening on ${net.ifA}\n`), r.stdout);
});

test('wiretop -t | head -1 exits quietly', async () => {
  const errors = join(dir, 'head-stderr');
  const script = `("${NODE}" "${WIRETOP}" -t -i ${net.ifA} -n 2>"${errors}"; echo "wiretop exit $?" >&2) | head -1`;
  const r = await run('ip', ['netns', 'exec', net.nsA, 'sh', '-c', script], { timeoutMs: 15_000 });
  assert.equal(r.stdout, `Listening on ${net.ifA}\n`);
  assert.equal(r.stderr, 'wiretop exit 0\n');
  assert.equal(readFileSync(errors, 'utf8').split('\n')[0], `interface: ${net.ifA}`);
  assert.doesNotMatch(readFileSync(errors, 'utf8'), /Error|EPIPE|\bat /, 'no stack trace');
});
