// Rules and detectors against a real Monitor fed with packets: what each pattern needs, and the look-alikes it must ignore.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate, inHours } from '../../src/alerts/conditions.js';
import type { Condition, RuleContext } from '../../src/alerts/conditions.js';
import { parseRules } from '../../src/alerts/rule-parser.js';
import { parseCidr } from '../../src/config/net-filter.js';
import { inNetwork, NO_LOCAL_NETWORK } from '../../src/core/local-network.js';
import { Monitor } from '../../src/core/monitor.js';
import { hostTable } from '../../src/core/host-table.js';
import { ipv4, ipv4Address, ipv6, tcp, udp } from '../helpers/frames.js';

const INTERNAL = ['10.0.0.0/8', 'fd00::/8'].map((n) => parseCidr(n)!);
const SERVICES = new Set([22, 53, 80, 443, 445]);

function context(linkBits: number | null = null): RuleContext {
  const bytes = new Uint8Array(16);
  const view = new DataView(bytes.buffer);
  return {
    linkBitsPerSecond: linkBits,
    isService: (port) => SERVICES.has(port),
    isInternal: (family, words) => {
      for (let i = 0; i < 4; i++) view.setUint32(i * 4, words[i]!);
      return INTERNAL.some((n) => n.family === family && inNetwork(n, bytes));
    },
  };
}

function monitor(): Monitor {
  return new Monitor({ local: { ...NO_LOCAL_NETWORK, ipv4: [ipv4Address('10.0.0.5')] }, maxFlows: 100_000, hashSeed: 7 });
}

/** One raw-IP packet whose IP length is `size` (only the headers are stored). */
function pkt(m: Monitor, src: string, dst: string, sport: number, dport: number, size: number, proto: 'tcp' | 'udp' = 'tcp'): void {
  const v6 = src.includes(':');
  const l4 = proto === 'tcp' ? tcp({ srcPort: sport, dstPort: dport }) : udp({ srcPort: sport, dstPort: dport });
  const frame = v6
    ? ipv6({ src, dst, nextHeader: proto, payload: l4, payloadLength: size - 40 })
    : ipv4({ src, dst, proto, payload: l4, totalLength: size });
  m.frame(101, frame, 0, frame.length, size);
}

function run(rules: string, m: Monitor, ctx = context(), hour = 12): Condition[] {
  const parsed = parseRules(rules, 'test');
  assert.deepEqual(parsed.errors, []);
  return evaluate(parsed.rules, m, ctx, hour);
}

const subjects = (c: Condition[]) => c.map((x) => `${x.rule.kind === 'detect' ? x.rule.detector : x.rule.kind}: ${x.subject}`);

test('hours wrap past midnight', () => {
  assert.deepEqual([23, 2, 5, 6, 12, 21, 22].map((h) => inHours([22, 6], h)), [true, true, true, false, false, false, true]);
  assert.deepEqual([8, 9, 16, 17].map((h) => inHours([9, 17], h)), [false, true, true, false]);
  const m = monitor();
  for (let i = 0; i < 100; i++) pkt(m, '10.0.0.5', '203.0.113.9', 40000, 443, 20000);
  assert.deepEqual(subjects(run('rate interface > 100KB/s hours 22-6', m, context(), 14)), []);
  assert.deepEqual(subjects(run('rate interface > 100KB/s hours 22-6', m, context(), 3)), ['rate: interface']);
});

test('interface, host and port rates over the chosen window, and utilisation of the busier direction', () => {
  const m = monitor();
  // 2 MB in the open slot: 1 MB/s over 2 s, and (first slot) the same over 10 s and 40 s.
  for (let i = 0; i < 100; i++) pkt(m, '10.0.0.5', '203.0.113.9', 40000, 443, 20000);
  for (let i = 0; i < 10; i++) pkt(m, '203.0.113.9', '10.0.0.5', 443, 40000, 1000);
  assert.deepEqual(subjects(run('rate interface total > 1000KB/s window 2s', m)), []);
  assert.deepEqual(subjects(run('rate interface total > 900KB/s window 2s', m)), ['rate: interface']);
  assert.deepEqual(subjects(run('rate host 10.0.0.5 sent > 900KB/s', m)), ['rate: 10.0.0.5']);
  assert.deepEqual(subjects(run('rate host 10.0.0.5 received > 900KB/s', m)), []);
  assert.deepEqual(subjects(run('rate host 203.0.113.0/24 received > 900KB/s', m)), ['rate: 203.0.113.0/24'], 'from the host\'s point of view');
  assert.deepEqual(subjects(run('rate port 443 sent > 900KB/s', m)), ['rate: port 443'], 'port: from the interface\'s point of view');
  assert.deepEqual(subjects(run('rate port 80 > 1B/s', m)), []);
  // 1 000 000 B/s sent is 8 Mbit/s: 80 % of a 10 Mbit/s link (1 Gbit/s = 125 MB/s, the guide's conversion).
  const util = run('util total > 75%', m, context(10_000_000));
  assert.deepEqual(util.map((c) => [c.value, c.unit]), [[80, 'percent']]);
  assert.deepEqual(run('util total > 80%', m, context(10_000_000)), [], 'above, not at');
  assert.deepEqual(run('util total > 75%', m, context(null)), [], 'no link speed, no utilisation');
  assert.deepEqual(run('util received > 1%', m, context(10_000_000)), []);
});

test('flood: many sources with small packets to one port; not a busy server with large packets, not too few sources', () => {
  const flood = monitor();
  for (let s = 1; s <= 150; s++) for (let k = 0; k < 3; k++) pkt(flood, `198.51.100.${s}`, '10.0.0.80', 1024 + s, 80, 60, 'udp');
  const hit = run('detect flood', flood);
  assert.deepEqual(subjects(hit), ['flood: 10.0.0.80:80/udp']);
  assert.equal(hit[0]!.value, 150);
  const busy = monitor();
  for (let s = 1; s <= 150; s++) {
    pkt(busy, `198.51.100.${s}`, '10.0.0.80', 40000 + s, 443, 60);
    for (let k = 0; k < 4; k++) pkt(busy, '10.0.0.80', `198.51.100.${s}`, 443, 40000 + s, 1500);
  }
  assert.deepEqual(subjects(run('detect flood', busy)), []);
  const few = monitor();
  for (let s = 1; s <= 99; s++) pkt(few, `198.51.100.${s}`, '10.0.0.80', 1024 + s, 80, 60, 'udp');
  assert.deepEqual(subjects(run('detect flood', few)), [], 'below 100 sources');
  assert.deepEqual(subjects(run('detect flood sources 50', few)), ['flood: 10.0.0.80:80/udp'], 'unless the rule says fewer');
});

test('scan: many ports of one host, or one port on many hosts; not a DNS server answering random ports', () => {
  const ports = monitor();
  for (let p = 1; p <= 60; p++) {
    pkt(ports, '203.0.113.66', '10.0.0.80', 54321, p, 44);
    pkt(ports, '10.0.0.80', '203.0.113.66', p, 54321, 40);
  }
  assert.deepEqual(subjects(run('detect scan', ports)), ['scan: 203.0.113.66']);
  const sweep = monitor();
  for (let h = 1; h <= 60; h++) pkt(sweep, 'fd12::66', `fd12::1:${h.toString(16)}`, 40123, 22, 64);
  assert.deepEqual(subjects(run('detect scan', sweep)), ['scan: fd12::66']);
  const dns = monitor();
  for (let q = 0; q < 300; q++) {
    const port = 1024 + q * 97;
    pkt(dns, '10.0.0.5', '10.0.0.1', port, 53, 70, 'udp');
    pkt(dns, '10.0.0.1', '10.0.0.5', 53, port, 150, 'udp');
  }
  assert.deepEqual(subjects(run('detect scan', dns)), []);
  const reflection = monitor();
  for (let h = 1; h <= 60; h++) pkt(reflection, `198.51.100.${h}`, '10.0.0.80', 53, 20000 + h, 60, 'udp');
  assert.deepEqual(subjects(run('detect scan', reflection)), [], 'the target of a reflection sent nothing: it is not scanning');
});

test('dns-flood counts packets to and from port 53 in the slot', () => {
  const m = monitor();
  for (let q = 0; q < 600; q++) pkt(m, '10.0.0.7', '10.0.0.1', 1024 + q, 53, 70, 'udp');
  assert.deepEqual(subjects(run('detect dns-flood', m)), []);
  for (let q = 0; q < 400; q++) pkt(m, '10.0.0.7', '10.0.0.1', 30000 + q, 53, 70, 'udp');
  const hit = run('detect dns-flood', m);
  assert.deepEqual(subjects(hit), ['dns-flood: 10.0.0.1:53/udp']);
  assert.equal(hit[0]!.value, 500);
});

test('exfiltration, odd ports and lateral traffic', () => {
  const m = monitor();
  for (let i = 0; i < 200; i++) {
    pkt(m, '10.0.0.5', '203.0.113.99', 45000, 4444, 16000); // 1.5 MB/s up to an odd port
    pkt(m, '10.0.0.5', '203.0.113.40', 45001, 443, 16000); // the same to HTTPS: fine
    pkt(m, '203.0.113.50', '10.0.0.5', 31337, 40000, 16000); // odd-port download: not exfiltration
    pkt(m, '10.0.0.5', '10.0.0.6', 50000, 445, 60000); // 5.7 MB/s internal
  }
  assert.deepEqual(subjects(run('detect exfiltration', m)), ['exfiltration: 10.0.0.5 → 203.0.113.99:4444/tcp']);
  assert.deepEqual(subjects(run('detect nonstandard-port', m)).sort(), [
    'nonstandard-port: 10.0.0.5:40000/tcp ↔ 203.0.113.50:31337/tcp', 'nonstandard-port: 10.0.0.5:45000/tcp ↔ 203.0.113.99:4444/tcp',
  ]);
  assert.deepEqual(subjects(run('detect lateral', m)), [], 'below 10 MB/s');
  assert.deepEqual(subjects(run('detect lateral rate 5MB/s', m)), ['lateral: 10.0.0.5 ↔ 10.0.0.6']);
});

test('look-alikes: a service sending to many silent peers is no flood; answered lookups to many servers are no sweep', () => {
  const dht = monitor();
  for (let s = 1; s <= 150; s++) pkt(dht, '10.0.0.5', `198.51.100.${s}`, 6881, 6881, 80, 'udp');
  assert.deepEqual(subjects(run('detect flood', dht)), []);
  const resolver = monitor();
  for (let h = 1; h <= 60; h++) {
    pkt(resolver, '10.0.0.1', `203.0.113.${h}`, 40000 + h, 53, 80, 'udp');
    pkt(resolver, `203.0.113.${h}`, '10.0.0.1', 53, 40000 + h, 400, 'udp');
  }
  assert.deepEqual(subjects(run('detect scan', resolver)), [], 'the servers answered: they were asked, not probed');
});

test('scans that hide: from source port 53 to low ports, and ICMP echo sweeps', () => {
  const g53 = monitor();
  for (let p = 1; p <= 60; p++) {
    pkt(g53, '203.0.113.66', '10.0.0.80', 53, p, 44);
    pkt(g53, '10.0.0.80', '203.0.113.66', p, 53, 40);
  }
  assert.deepEqual(subjects(run('detect scan', g53)), ['scan: 203.0.113.66']);
  const ping = monitor();
  for (let h = 1; h <= 60; h++) {
    const frame = ipv4({ src: '10.0.0.66', dst: `10.0.1.${h}`, proto: 'icmp', dataLength: 56 });
    ping.frame(101, frame, 0, frame.length, frame.length);
  }
  const hit = run('detect scan', ping);
  assert.deepEqual(subjects(hit), ['scan: 10.0.0.66']);
  assert.equal(hit[0]!.detail, '60 hosts on icmp in 10 s');
});

test('parallel streams add up: exfiltration per inside host and outside address:port, lateral per host pair', () => {
  const m = monitor();
  for (let stream = 0; stream < 8; stream++) {
    for (let i = 0; i < 20; i++) {
      pkt(m, '10.0.0.5', '203.0.113.99', 45000 + stream, 4444, 16000); // 8 × 160 kB/s = 1.28 MB/s
      pkt(m, '10.0.0.5', '10.0.0.6', 46000 + stream, 873, 64000); // 8 × 640 kB/s = 4.9 MiB/s
    }
  }
  assert.deepEqual(subjects(run('detect exfiltration', m)), ['exfiltration: 10.0.0.5 → 203.0.113.99:4444/tcp']);
  assert.deepEqual(subjects(run('detect lateral rate 4MB/s', m)), ['lateral: 10.0.0.5 ↔ 10.0.0.6']);
  assert.deepEqual(subjects(run('detect lateral rate 1MB/s', m)).length, 1, 'one alert for the pair, not one per stream');
  assert.deepEqual(subjects(run('detect nonstandard-port', m)), [], 'no single flow is heavy');
});

test('hosts view: a host talking to itself is one host with one flow', () => {
  const m = monitor();
  pkt(m, '127.0.0.1', '127.0.0.1', 40000, 6379, 1000);
  const t = hostTable(m, 'connections', 10);
  assert.deepEqual([t.count, t.rows[0]!.peers, t.rows[0]!.flows, t.rows[0]!.sent[0] + t.rows[0]!.recv[0]], [1, 0, 1, 500]);
});
