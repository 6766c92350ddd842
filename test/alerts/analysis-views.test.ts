// The guide's reading aids: trends from the three windows, service labels, hosts by connections, and the alerts/hosts panels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlertEvent } from '../../src/alerts/alert-engine.js';
import { hostTable } from '../../src/core/host-table.js';
import { NO_LOCAL_NETWORK } from '../../src/core/local-network.js';
import { Monitor } from '../../src/core/monitor.js';
import type { FlowLine } from '../../src/core/screen-model.js';
import { trendMark, trendOf } from '../../src/core/trend.js';
import { formatAddress } from '../../src/format/inet-ntop.js';
import { HEAVY_ODD_PORT, lineLabel, serviceLabel } from '../../src/render/labels.js';
import { alertsPanel, hostsPanel } from '../../src/render/screen/panels.js';
import { ipv4, ipv4Address, udp } from '../helpers/frames.js';

const KiB = 1024, MiB = 1024 * 1024;

test('trends: the README\'s thresholds on (2 s, 10 s, 40 s)', () => {
  const cases: [number, number, number, string][] = [
    [100, 500, 1000, 'idle'], // all under 1 KiB/s
    [40 * MiB, 10 * MiB, 5 * MiB, 'burst'], // 2 s ≥ 4 × 40 s and ≥ 2 × 10 s: the guide's spike
    [12 * MiB, 10 * MiB, 8 * MiB, 'growing'], // each shorter window ≥ 1.2 × the longer
    [30 * MiB, 45 * MiB, 60 * MiB, 'falling'], // the guide's "30, 45, 60": newer is lower
    [50 * MiB, 48 * MiB, 45 * MiB, 'steady'], // within 25 %: sustained
    [10 * MiB, 2 * MiB, 20 * MiB, 'mixed'],
    [4 * MiB, 1 * MiB, 1 * MiB, 'burst'],
    [3.9 * MiB, 1 * MiB, 1 * MiB, 'mixed'], // just short of 4 × 40 s, and 3.9 > 1.25 × 1
  ];
  for (const [r2, r10, r40, want] of cases) assert.equal(trendOf([r2, r10, r40]), want, `${r2} ${r10} ${r40}`);
  assert.equal(trendOf([2 * KiB, 2 * KiB, 2 * KiB], 4 * KiB), 'idle', 'the floor is a parameter');
  assert.deepEqual((['burst', 'growing', 'falling', 'steady', 'mixed', 'idle'] as const).map((t) => trendMark(t, true)), ['!', '↑', '↓', '=', ' ', ' ']);
  assert.deepEqual((['growing', 'falling'] as const).map((t) => trendMark(t, false)), ['^', 'v']);
});

test('service labels: the named port (lower if both), else the lower port marked non-standard; protocols without ports', () => {
  const names = new Map([[22, 'ssh'], [53, 'domain'], [443, 'https'], [80, 'http']]);
  const svc = (port: number) => names.get(port);
  assert.deepEqual(serviceLabel({ proto: 6, srcPort: 51022, dstPort: 22 }, svc), { text: 'tcp/ssh', nonStandard: false });
  assert.deepEqual(serviceLabel({ proto: 17, srcPort: 53, dstPort: 40000 }, svc), { text: 'udp/domain', nonStandard: false });
  assert.deepEqual(serviceLabel({ proto: 6, srcPort: 443, dstPort: 80 }, svc), { text: 'tcp/http', nonStandard: false });
  assert.deepEqual(serviceLabel({ proto: 6, srcPort: 45000, dstPort: 4444 }, svc), { text: 'tcp/4444', nonStandard: true });
  assert.deepEqual(serviceLabel({ proto: 1, srcPort: 0, dstPort: 0 }, svc), { text: 'icmp', nonStandard: false });
  assert.deepEqual(serviceLabel({ proto: 47, srcPort: 0, dstPort: 0 }, svc), { text: 'gre', nonStandard: false });
  assert.deepEqual(serviceLabel({ proto: 132, srcPort: 0, dstPort: 0 }, svc), { text: 'sctp', nonStandard: false });
  const line = (rate: number, dominant: FlowLine['dominant']): FlowLine => ({
    family: 4, src: new Uint8Array(16), dst: new Uint8Array(16), proto: 6, srcPort: 0, dstPort: 0,
    sent: [rate, rate, rate], recv: [0, 0, 0], totalSent: 0, totalRecv: 0, dominant,
  } as unknown as FlowLine);
  assert.deepEqual(lineLabel(line(HEAVY_ODD_PORT, { proto: 6, srcPort: 45000, dstPort: 4444 }), svc), { text: 'tcp/4444', trend: 'steady', oddHeavy: true });
  assert.equal(lineLabel(line(HEAVY_ODD_PORT - 1, { proto: 6, srcPort: 45000, dstPort: 4444 }), svc).oddHeavy, false);
  assert.equal(lineLabel(line(10 * MiB, { proto: 6, srcPort: 45000, dstPort: 443 }), svc).text, 'tcp/https', 'a merged line is labelled by its busiest flow');
});

function feed(m: Monitor, src: string, dst: string, sport: number, dport: number, size: number): void {
  const frame = ipv4({ src, dst, proto: 'udp', payload: udp({ srcPort: sport, dstPort: dport }), totalLength: size });
  m.frame(101, frame, 0, frame.length, size);
}

test('hosts by connections put the flooded host first; by rate the busiest; peers are distinct hosts, flows are port pairs', () => {
  const m = new Monitor({ local: { ...NO_LOCAL_NETWORK, ipv4: [ipv4Address('10.0.0.80')] }, maxFlows: 10_000, hashSeed: 3 });
  for (let s = 1; s <= 40; s++) feed(m, `198.51.100.${s}`, '10.0.0.80', 2000 + s, 80, 60);
  for (let p = 0; p < 5; p++) feed(m, '10.0.0.5', '203.0.113.9', 40000 + p, 443, 60000);
  const byConn = hostTable(m, 'connections', 3);
  assert.equal(byConn.count, 43);
  const text = (i: number) => formatAddress(byConn.rows[i]!.family, byConn.rows[i]!.addr);
  assert.deepEqual([text(0), byConn.rows[0]!.peers, byConn.rows[0]!.flows], ['10.0.0.80', 40, 40]);
  assert.deepEqual([text(1), byConn.rows[1]!.peers, byConn.rows[1]!.flows], ['10.0.0.5', 1, 5]);
  const byRate = hostTable(m, 'rate', 2);
  assert.deepEqual(byRate.rows.map((h) => formatAddress(h.family, h.addr)), ['10.0.0.5', '203.0.113.9']);
  assert.equal(byRate.rows[0]!.sent[0], 150_000, '300 000 B in the first 2 s slot');
  const panel = hostsPanel(byConn.rows, byConn.count, 80, false, true, (h) => formatAddress(h.family, h.addr));
  assert.match(panel[0]!, /^Hosts by connections \(43; c: next view\) +peers  flows   sent 10s   recv 10s$/);
  assert.match(panel[1]!, /^10\.0\.0\.80 +40 +40 +0B +1\.17KB$/);
  assert.ok(panel.every((l) => l.length <= 80), 'fits 80 columns');
});

test('alerts panel: firing alerts first, then recent events newest first; names made inert; no rules says how to add some', () => {
  const ev = (subject: string, state: AlertEvent['state'], ts: number, severity: AlertEvent['severity'] = 'warning'): AlertEvent => ({
    type: 'alert', schema_version: 1, state, id: subject, rule: 'detect scan', kind: 'detect', detector: 'scan', severity, subject,
    value: 60, threshold: 50, unit: 'ports', detail: '60 ports of 10.0.0.80 in 10 s', ts, since: ts - 4, source: 'eth0',
  });
  const clock = (ts: number) => `T${ts}`;
  const lines = alertsPanel([ev('203.0.113.66', 'firing', 100, 'critical')], [ev('a\x1b]0;x\x07', 'firing', 90), ev('a\x1b]0;x\x07', 'resolved', 94)], true, clock);
  assert.deepEqual(lines, [
    'Alerts firing: 1   (a: back to the flows)',
    '  since T96 critical 203.0.113.66: 60 ports of 10.0.0.80 in 10 s (detect scan)',
    '',
    'Recent events:',
    '  T94 RESOLVED warning  a\\x1b]0;x\\x07: 60 ports of 10.0.0.80 in 10 s (detect scan)',
    '  T90 FIRING   warning  a\\x1b]0;x\\x07: 60 ports of 10.0.0.80 in 10 s (detect scan)',
  ]);
  assert.match(alertsPanel([], [], false, clock)[0]!, /^No alert rules \(--alerts FILE, --alert RULE, --alert-preset NAME\)/);
});
