// The real iftop (Debian 1.0pre4) and wiretop side by side on the same namespace traffic: same rows, totals, format.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createNetnsPair } from '../helpers/netns.js';
import type { NetnsPair } from '../helpers/netns.js';
import { run, waitForOutput, WIRETOP } from '../helpers/run-wiretop.js';
import { setTimeout as sleep } from 'node:timers/promises';

const TRAFFIC = fileURLToPath(new URL('./traffic.js', import.meta.url));
const NODE = process.execPath;

let net: NetnsPair;
const children: ChildProcess[] = [];

before(async () => {
  const which = await run('sh', ['-c', 'command -v iftop']);
  assert.equal(which.code, 0, 'iftop is not installed (apt-get install iftop); the compatibility test cannot run');
  net = createNetnsPair();
  for (const [mode, port, bind] of [['udp-sink', 6001, net.ipA], ['udp-sink', 6002, net.ip6A], ['tcp-sink', 6003, net.ipA]] as const) {
    const child = net.spawn(net.nsA, NODE, [TRAFFIC, mode, '--port', String(port), '--bind', bind], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    await waitForOutput(child, 'ready');
  }
});

after(() => {
  for (const c of children) c.kill('SIGKILL');
  net?.destroy();
});

interface Block {
  header: string[];
  rows: { left: string; right: string; sent: string[]; recv: string[] }[];
  totals: Map<string, string[]>;
}

/** Splits an iftop -t block into its fixed lines, flow rows (host text, value fields) and labelled totals. */
function parseBlock(stdout: string): Block {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => l.startsWith('   # Host name'));
  assert.ok(start >= 0, `no block in: ${stdout}`);
  const block = lines.slice(start, lines.indexOf('='.repeat(92), start) + 1);
  const rows: Block['rows'] = [];
  const totals = new Map<string, string[]>();
  for (let i = 0; i < block.length; i++) {
    const l = block[i]!;
    if (/^ {0,3}\d+ /.test(l) && l.slice(46, 48) === '=>') {
      const next = block[i + 1]!;
      rows.push({ left: l.slice(5, 45).trim(), right: next.slice(5, 45).trim(), sent: fields(l.slice(48)), recv: fields(next.slice(48)) });
      i++;
    } else if (/^[A-Z][a-z]+ .*:/.test(l)) {
      totals.set(l.slice(0, 48).trim(), fields(l.slice(48)));
    }
  }
  return { header: block.filter((l) => /^( {3}#|-+$|=+$)/.test(l)), rows, totals };
}

function fields(s: string): string[] {
  return s.trim().split(/\s+/);
}

/** A formatted iftop number ("1.53Mb", "996b", "44.9KB") in bits or bytes as printed. */
function value(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([KMG]?)([bB])$/.exec(text);
  assert.ok(m !== null, `not an iftop number: "${text}"`);
  return Number(m[1]) * 1024 ** ['', 'K', 'M', 'G'].indexOf(m[2]!);
}

function near(a: string, b: string, tolerance: number, what: string): void {
  const x = value(a), y = value(b);
  const scale = Math.max(x, y);
  assert.ok(scale === 0 || Math.abs(x - y) / scale <= tolerance, `${what}: iftop ${a} vs wiretop ${b}`);
}

test('iftop -t and wiretop -t agree on the same traffic (rows, order, totals within sampling tolerance, format)', async () => {
  // Steady traffic for 10 s with clearly separated rates: TCP ~800 KB/s, UDP/IPv4 ~200 KB/s, UDP/IPv6 ~25 KB/s.
  const send = (args: string[]) => run('ip', ['netns', 'exec', net.nsB, NODE, TRAFFIC, ...args], { timeoutMs: 30_000 });
  const traffic = Promise.all([
    send(['tcp-send', '--to', net.ipA, '--port', '6003', '--src-port', '41003', '--bytes', '8000000', '--chunk', '8000', '--interval-ms', '10']),
    send(['udp-send', '--to', net.ipA, '--port', '6001', '--src-port', '41001', '--count', '2000', '--size', '972', '--interval-ms', '5']),
    send(['udp-send', '--to', net.ip6A, '--port', '6002', '--src-port', '41002', '--count', '1000', '--size', '202', '--interval-ms', '10']),
  ]);
  await sleep(1500);
  const args = ['-t', '-s', '6', '-n', '-N', '-P', '-L', '20', '-i', net.ifA];
  const [iftop, wiretop] = await Promise.all([
    run('ip', ['netns', 'exec', net.nsA, 'iftop', ...args], { timeoutMs: 20_000 }),
    run('ip', ['netns', 'exec', net.nsA, NODE, WIRETOP, ...args], { timeoutMs: 20_000 }),
  ]);
  for (const r of await traffic) assert.equal(r.code, 0, r.stderr);
  assert.equal(iftop.code, 0, iftop.stderr);
  assert.equal(wiretop.code, 0, wiretop.stderr);
  const a = parseBlock(iftop.stdout);
  const b = parseBlock(wiretop.stdout);

  assert.deepEqual(b.header, a.header, 'header and separator lines identical');
  assert.deepEqual(b.rows.map((r) => [r.left, r.right]), a.rows.map((r) => [r.left, r.right]), 'same rows in the same order');
  assert.ok(a.rows.length >= 3, 'the three flows are there');
  assert.deepEqual([...b.totals.keys()], [...a.totals.keys()], 'same totals labels');
  // Steady traffic: a full 2 s slot must agree closely. The longer windows and the cumulative column depend on
  // when each program started counting: iftop's first slot is partial (it anchors slots to whole seconds and
  // divides that slot by 2 s anyway), wiretop's is a full 2 s, so those may differ by a slot's share.
  const tolerance = (column: number) => (column === 0 ? 0.1 : 0.3);
  for (const [i, ra] of a.rows.entries()) {
    const rb = b.rows[i]!;
    for (let j = 0; j < 4; j++) {
      if (value(ra.recv[j]!) > 50_000) near(ra.recv[j]!, rb.recv[j]!, tolerance(j), `${ra.left} recv column ${j}`);
    }
  }
  for (const label of ['Total receive rate:', 'Total send and receive rate:']) {
    const x = a.totals.get(label)!, y = b.totals.get(label)!;
    for (let j = 0; j < 3; j++) near(x[j]!, y[j]!, tolerance(j), `${label} column ${j}`);
  }
  const peaks = [a.totals.get('Peak rate (sent/received/total):')!, b.totals.get('Peak rate (sent/received/total):')!];
  near(peaks[0]![1]!, peaks[1]![1]!, 0.1, 'peak received');
  const cumulative = [a.totals.get('Cumulative (sent/received/total):')!, b.totals.get('Cumulative (sent/received/total):')!];
  near(cumulative[0]![1]!, cumulative[1]![1]!, 0.3, 'cumulative received');
  // Same number formatting: every field of every row is a well-formed iftop number in the same unit family.
  for (const r of b.rows) for (const f of [...r.sent, ...r.recv]) value(f);
});
