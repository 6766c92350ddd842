// The screen with alerts and analysis on: the banner while a flood lasts, the a/c/x views, labels, utilisation in the totals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRules } from '../../../src/alerts/rule-parser.js';
import { AlertWatch } from '../../../src/app/alert-watch.js';
import { NO_LOCAL_NETWORK } from '../../../src/core/local-network.js';
import { settle } from '../../helpers/fake-screen.js';
import { screenHarness } from '../../helpers/screen-harness.js';
import type { ScriptedFrame } from '../../helpers/fake-screen.js';
import { ipv4, ipv4Address, tcp, udp } from '../../helpers/frames.js';

const RAW_IP = 101;
const SERVICES = new Map([[443, 'https'], [80, 'http']]);

function frame(src: string, dst: string, sport: number, dport: number, size: number, proto: 'tcp' | 'udp' = 'udp'): ScriptedFrame {
  // Whole packets: the fake capture reports what it holds as the wire length.
  const l4 = proto === 'tcp' ? tcp({ srcPort: sport, dstPort: dport, dataLength: size - 40 }) : udp({ srcPort: sport, dstPort: dport, dataLength: size - 28 });
  return { linktype: RAW_IP, data: ipv4({ src, dst, proto, payload: l4 }) };
}

function harness(cols: number, rows: number) {
  const rules = parseRules('detect flood critical', 'test').rules;
  const alerts = new AlertWatch(rules, 'test0', {
    linkBitsPerSecond: 100_000_000, isService: (p) => SERVICES.has(p), isInternal: () => false,
  }, () => 12);
  const h = screenHarness({
    cols, rows, local: { ...NO_LOCAL_NETWORK, ipv4: [ipv4Address('10.0.0.80')] }, maxFlows: 10_000, alerts, linkBits: 100_000_000,
    services: { serviceName: (p) => SERVICES.get(p), size: SERVICES.size }, clockText: (ts) => `t+${Math.round(ts - 1_700_000_000)}`,
  });
  return { ...h, loop: { run: h.run } };
}

const flood = (): ScriptedFrame[] => Array.from({ length: 120 }, (_, i) => frame(`198.51.100.${i + 1}`, '10.0.0.80', 3000 + i, 53, 60));

test('a flood: banner on the separator while it lasts, the alerts view, hosts by connections, labels and utilisation', async () => {
  const h = harness(120, 30);
  const done = h.loop.run();
  await settle();
  h.source.push(...flood(), ...Array.from({ length: 50 }, () => frame('203.0.113.9', '10.0.0.80', 443, 40000, 1500, 'tcp')));
  await h.rotate();
  let screen = h.terminal.last;
  const separator = screen.lines[26]!;
  assert.match(separator, /^── 1 alert: critical 10\.0\.0\.80:53\/udp: 120 sources in 2 s, 60 B average packet \(a: view\) ─+$/);
  assert.match(screen.masks[26]!, /^\.\.#{80,}\.+$/, 'the banner, and only it, is in reverse video');
  // 75 000 B in 2 s + 7 200 B: 37 500 + 3 600 B/s received of 100 Mbit/s is 0.3 %.
  assert.match(screen.lines[28]!, /^RX: .* util +0\.3%/);

  await h.press('a');
  screen = h.terminal.last;
  assert.ok(screen.lines.some((l) => l.startsWith('Alerts firing: 1   (a: back to the flows)')), screen.lines.join('\n'));
  assert.ok(screen.lines.some((l) => /^ {2}since t\+\d+ critical 10\.0\.0\.80:53\/udp: 120 sources/.test(l)));
  assert.ok(screen.lines.some((l) => /^ {2}t\+\d+ FIRING {3}critical 10\.0\.0\.80:53\/udp/.test(l)));

  await h.press('a', 'c');
  screen = h.terminal.last;
  const head = screen.lines.findIndex((l) => l.startsWith('Hosts by connections (122; c: next view)'));
  assert.ok(head >= 0, screen.lines.join('\n'));
  assert.match(screen.lines[head + 1]!, /^10\.0\.0\.80 +121 +121 /, 'the flooded host first: 120 sources + the HTTPS peer');
  await h.press('c');
  assert.ok(h.terminal.last.lines.some((l) => l.startsWith('Hosts by rate (122; c: next view)')));
  await h.press('c', 'x');
  await h.rotate();
  screen = h.terminal.last;
  const https = screen.lines.find((l) => l.includes('203.0.113.9'));
  assert.ok(https !== undefined && /tcp\/https/.test(https), `no label on: ${https}`);

  // The flood stops: the alert resolves and the banner goes.
  await h.rotate();
  assert.doesNotMatch(h.terminal.last.lines[26]!, /alert/);
  await h.press('a');
  assert.ok(h.terminal.last.lines.some((l) => /^ {2}t\+\d+ RESOLVED critical 10\.0\.0\.80:53\/udp/.test(l)));
  await h.press('q');
  await done;
});
