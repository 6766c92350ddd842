// Scenario captures through `wiretop -r`: every attack raises its alert within 5 s of capture time, benign traffic raises none.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writePcap } from '../helpers/pcap-writer.js';
import { NO_DNS, run, WIRETOP } from '../helpers/run-wiretop.js';
import { assertAlertEvent } from './alert-schema.js';
import type { Pkt } from './scenario-traffic.js';
import { bulk, busyServer, dnsQueries, hostSweep, portScan, sshSession, toRecords, udpFlood, webMix } from './scenario-traffic.js';

/** 2026-11-20 14:00:00 UTC (the tests run wiretop with TZ=UTC, so hours rules see 14). */
const DAY = Date.UTC(2026, 10, 20, 14) / 1000;
const NIGHT = Date.UTC(2026, 10, 20, 2) / 1000;
/** Every attack starts here, after 10 s of ordinary browsing. */
const ATTACK = 10;
const END = 30;
const CLIENT = '10.0.0.5', RESOLVER = '10.0.0.1', SERVER = '10.0.0.80';

const background = (seed: number): Pkt[] => webMix({ client: CLIENT, resolver: RESOLVER, start: 0, end: END, seed });

interface Scenario {
  readonly name: string;
  readonly packets: () => Pkt[];
  readonly base?: number;
  /** Rules and options besides the file (default: every detector). */
  readonly args?: readonly string[];
  /** Alerts that must fire: the rule's text (or detector) and the subject, within `within` s of the attack. */
  readonly expect: readonly { readonly match: string; readonly subject?: string; readonly within?: number }[];
}

const DETECT_ALL = ['--alert', 'detect all'];

const BENIGN: readonly Scenario[] = [
  { name: 'web browsing mix', packets: () => background(1), expect: [] },
  { name: 'file upload over HTTPS (5 MB/s for 20 s)', packets: () => [...background(2), ...bulk({ from: CLIENT, to: '203.0.113.40', sport: 44000, dport: 443, start: ATTACK, end: END, rate: 5_000_000 })], expect: [] },
  { name: 'video-like download (QUIC, 4 MB/s in 2 s chunks)', packets: () => [...background(3), ...videoChunks()], expect: [] },
  { name: 'SSH session with an scp', packets: () => [...background(4), ...sshSession({ client: CLIENT, server: '203.0.113.22', start: 0, end: END, seed: 4 })], expect: [] },
  { name: 'busy HTTPS server (hundreds of clients, large packets)', packets: () => busyServer({ server: SERVER, start: 0, end: END, seed: 5 }), expect: [] },
  { name: 'late-night upload rule, by day', packets: () => nightUpload(), base: DAY, args: ['-F', '10.0.0.0/8', '--alert', 'rate interface sent > 1MB/s hours 22-6 window 2s'], expect: [] },
];

const ATTACKS: readonly Scenario[] = [
  { name: 'UDP flood from 400 sources to one port', packets: () => [...background(11), ...udpFlood({ target: SERVER, port: 80, sources: 400, start: ATTACK, end: END, perSourcePps: 10, seed: 11 })],
    expect: [{ match: 'detect flood', subject: '10.0.0.80:80/udp' }] },
  { name: 'SYN port scan of one host', packets: () => [...background(12), ...portScan({ scanner: '203.0.113.66', target: SERVER, ports: 1000, perSecond: 100, start: ATTACK, open: [22, 80, 443] })],
    expect: [{ match: 'detect scan', subject: '203.0.113.66' }] },
  { name: 'IPv6 sweep of port 22 over many hosts', packets: () => [...background(13), ...hostSweep({ scanner: '2001:db8:66::66', prefix: '2001:db8:1::', hosts: 200, port: 22, perSecond: 40, start: ATTACK })],
    expect: [{ match: 'detect scan', subject: '2001:db8:66::66' }] },
  { name: 'exfiltration: sustained upload to an external odd port', packets: () => [...background(14), ...bulk({ from: CLIENT, to: '203.0.113.99', sport: 45000, dport: 4444, start: ATTACK, end: END, rate: 3_000_000 })],
    expect: [{ match: 'detect exfiltration', subject: '10.0.0.5 → 203.0.113.99:4444/tcp' }, { match: 'detect nonstandard-port' }] },
  { name: 'exfiltration over IPv6 from a ULA host', packets: () => [...background(15), ...bulk({ from: 'fd12:3456::5', to: '2001:db8:99::99', sport: 45000, dport: 4444, start: ATTACK, end: END, rate: 3_000_000 })],
    expect: [{ match: 'detect exfiltration', subject: 'fd12:3456::5 → [2001:db8:99::99]:4444/tcp' }, { match: 'detect nonstandard-port' }] },
  { name: 'DNS flood (1500 queries/s)', packets: () => [...background(16), ...dnsQueries({ client: '10.0.0.7', resolver: RESOLVER, qps: 1500, start: ATTACK, end: END, seed: 16 })],
    expect: [{ match: 'detect dns-flood', subject: '10.0.0.1:53/udp' }] },
  { name: 'heavy download on non-standard ports', packets: () => [...background(17), ...bulk({ from: '203.0.113.50', to: CLIENT, sport: 31337, dport: 40000, start: ATTACK, end: END, rate: 3_000_000 })],
    expect: [{ match: 'detect nonstandard-port', subject: '10.0.0.5:40000/tcp ↔ 203.0.113.50:31337/tcp' }] },
  { name: 'lateral: 30 MB/s between two internal hosts', packets: () => [...background(18), ...bulk({ from: CLIENT, to: '10.0.0.6', sport: 50000, dport: 445, start: ATTACK, end: END, rate: 30_000_000, segment: 60000 })],
    expect: [{ match: 'detect lateral', subject: '10.0.0.5 ↔ 10.0.0.6' }] },
  { name: 'late-night outbound traffic (hours rule)', packets: () => nightUpload(), base: NIGHT, args: ['-F', '10.0.0.0/8', '--alert', 'rate interface sent > 1MB/s hours 22-6 window 2s critical'],
    expect: [{ match: 'rate interface sent > 1MB/s', subject: 'interface' }] },
  { name: 'host rate threshold', packets: () => nightUpload(), args: ['--alert', 'rate host 10.0.0.5 sent > 2MB/s window 2s'],
    expect: [{ match: 'rate host 10.0.0.5', subject: '10.0.0.5' }] },
  { name: 'port rate threshold', packets: () => [...background(19), ...bulk({ from: '203.0.113.40', to: CLIENT, sport: 443, dport: 44000, start: ATTACK, end: END, rate: 8_000_000 })], args: ['-F', '10.0.0.0/8', '--alert', 'rate port 443 received > 5MB/s window 2s'],
    expect: [{ match: 'rate port 443', subject: 'port 443' }] },
  { name: 'home preset: 60 MB/s backup (warning, not critical)', packets: () => [...background(20), ...bulk({ from: CLIENT, to: '203.0.113.41', sport: 44001, dport: 443, start: ATTACK, end: END, rate: 65_000_000, segment: 60000 })],
    args: ['--alert-preset', 'home'], expect: [{ match: 'rate interface total > 50MB/s warning', subject: 'interface', within: 12 }] },
  { name: 'link utilisation over 80 % of a 100 Mbit/s link', packets: () => [...background(21), ...bulk({ from: '203.0.113.42', to: CLIENT, sport: 443, dport: 44002, start: ATTACK, end: END, rate: 11_500_000, segment: 16000 })],
    args: ['--link-speed', '100M', '--alert', 'util total > 80% window 2s'], expect: [{ match: 'util total > 80%', subject: 'interface' }] },
];

let dir: string;
before(() => (dir = mkdtempSync(join(tmpdir(), 'wiretop-scenarios-'))));
after(() => rmSync(dir, { recursive: true, force: true }));

/** 4 MB/s of QUIC video in 2-second chunks (a player filling its buffer). */
function videoChunks(): Pkt[] {
  const out: Pkt[] = [];
  for (let t = ATTACK; t < END; t += 2) out.push(...bulk({ from: '203.0.113.30', to: CLIENT, sport: 443, dport: 50443, start: t, end: t + 1, rate: 8_000_000, segment: 1350, proto: 'udp' }));
  return out;
}

/** 3 MB/s upload to an HTTPS host from ATTACK on: benign by day, the guide's suspicious case at night. */
function nightUpload(): Pkt[] {
  return [...background(22), ...bulk({ from: CLIENT, to: '203.0.113.43', sport: 44003, dport: 443, start: ATTACK, end: END, rate: 3_000_000 })];
}

interface AlertRecord {
  type: 'alert'; state: string; rule: string; detector: string | null; subject: string; ts: number; severity: string;
}

async function replay(s: Scenario): Promise<AlertRecord[]> {
  const base = s.base ?? DAY;
  const file = join(dir, `${s.name.replace(/[^a-z0-9]+/gi, '-')}.pcap`);
  writeFileSync(file, writePcap(toRecords(s.packets(), base), { snaplen: 96 }));
  const args = s.args ?? [];
  const r = await run(process.execPath, [WIRETOP, '-r', file, '-t', '--ndjson', '-n', '-N', ...NO_DNS, ...DETECT_ALL, '--alert-preset', 'home', ...args], { env: { ...process.env, TZ: 'UTC' }, timeoutMs: 60_000 });
  assert.equal(r.code, 0, `wiretop failed: ${r.stderr}`);
  assert.equal(r.stderr, '');
  const alerts = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).filter((x) => x['type'] === 'alert');
  for (const a of alerts) assertAlertEvent(a);
  return (alerts as unknown as AlertRecord[]).map((a) => ({ ...a, ts: a.ts - base }));
}

const describe = (alerts: readonly AlertRecord[]) => alerts.map((a) => `${a.ts.toFixed(1)} s ${a.state} ${a.rule} [${a.subject}]`).join('\n');

for (const s of BENIGN) {
  test(`benign: ${s.name} raises no alert`, async () => {
    const alerts = await replay(s);
    assert.deepEqual(alerts, [], `unexpected alerts:\n${describe(alerts)}`);
  });
}

for (const s of ATTACKS) {
  test(`attack: ${s.name} raises its alert within 5 s`, async () => {
    const alerts = await replay(s);
    const firing = alerts.filter((a) => a.state === 'firing');
    for (const e of s.expect) {
      const hit = firing.find((a) => a.rule.includes(e.match) && (e.subject === undefined || a.subject === e.subject));
      assert.ok(hit !== undefined, `no "${e.match}" alert for ${e.subject ?? 'any subject'}; got:\n${describe(alerts)}`);
      assert.ok(hit.ts >= ATTACK, `fired before the attack began: ${describe([hit])}`);
      assert.ok(hit.ts - ATTACK <= (e.within ?? 5), `fired ${hit.ts - ATTACK} s after the attack began (limit ${e.within ?? 5} s)`);
    }
    // Nothing else fires: each pattern is recognised for what it is, not also as something it is not.
    const unexpected = firing.filter((a) => !s.expect.some((e) => a.rule.includes(e.match)));
    assert.deepEqual(unexpected, [], `other alerts fired:\n${describe(unexpected)}`);
  });
}
