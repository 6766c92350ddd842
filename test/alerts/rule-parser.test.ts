// The alert rule grammar: rates, utilisation, detectors, presets, options, and line-numbered errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRateValue, parseRule, parseRules } from '../../src/alerts/rule-parser.js';
import type { DetectRule, RateRule, Rule, UtilRule } from '../../src/alerts/rules.js';
import { DETECTOR_DEFAULTS, DETECTORS } from '../../src/alerts/rules.js';

const MiB = 1024 * 1024;

function one(line: string): Rule {
  const r = parseRule(line, 'test');
  assert.ok(typeof r !== 'string', `"${line}" did not parse: ${String(r)}`);
  return r;
}

function error(line: string): string {
  const r = parseRule(line, 'test');
  assert.equal(typeof r, 'string', `"${line}" parsed but should not have`);
  return r as string;
}

test('rates: bytes and bits, K/M/G as 1024 like the screen, with or without /s', () => {
  assert.equal(parseRateValue('50MB/s'), 50 * MiB);
  assert.equal(parseRateValue('800Mb/s'), (800 * MiB) / 8);
  assert.equal(parseRateValue('10KB'), 10 * 1024);
  assert.equal(parseRateValue('1.5GB/s'), 1.5 * 1024 * MiB);
  assert.equal(parseRateValue('100B/s'), 100);
  for (const bad of ['50', 'MB/s', '5xB', '-5MB/s', '5 MB/s', '5TB/s', '']) assert.equal(parseRateValue(bad), null, bad);
});

test('rate rules: interface, host, network, port; direction, window, hold, severity, hours in any order', () => {
  const r = one('rate interface total > 50MB/s') as RateRule;
  assert.deepEqual([r.kind, r.scope.type, r.direction, r.window, r.bytesPerSecond, r.severity, r.holdSeconds, r.hours], ['rate', 'interface', 'total', 1, 50 * MiB, 'warning', 0, null]);
  const h = one('rate critical host 10.0.0.5 sent > 2MB/s hold 30s window 40s hours 22-6') as RateRule;
  assert.deepEqual([h.scope.type, h.direction, h.window, h.severity, h.holdSeconds, h.hours], ['host', 'sent', 2, 'critical', 30, [22, 6]]);
  assert.equal(h.scope.type === 'host' && h.scope.text, '10.0.0.5');
  const net = one('rate host 2001:db8::/32 received > 1MB/s window 2s') as RateRule;
  assert.ok(net.scope.type === 'host' && net.scope.net.family === 6 && net.scope.net.mask[3] === 0xff && net.scope.net.mask[4] === 0, 'a /32 IPv6 prefix is a real /32');
  const p = one('rate port 443 > 5MB/s hold 10') as RateRule;
  assert.deepEqual([p.scope.type === 'port' && p.scope.port, p.holdSeconds], [443, 10]);
});

test('util rules take a percentage; detectors take their parameters and default holds', () => {
  const u = one('util sent > 80.5% critical') as UtilRule;
  assert.deepEqual([u.kind, u.direction, u.percent, u.severity], ['util', 'sent', 80.5, 'critical']);
  const f = one('detect flood sources 300 packet 120') as DetectRule;
  assert.deepEqual(f.params, { sources: 300, packet: 120 });
  assert.equal(f.holdSeconds, 0, 'a flood is news at once');
  const x = one('detect exfiltration rate 5MB/s') as DetectRule;
  assert.deepEqual([x.params['rate'], x.holdSeconds], [5 * MiB, 2], 'rate detectors want two slots in a row by default');
  assert.equal((one('detect exfiltration hold 20s') as DetectRule).holdSeconds, 20, 'an explicit hold wins');
  assert.deepEqual((one('detect dns-flood rate 2000') as DetectRule).params, { rate: 2000 }, 'dns-flood counts packets, not bytes');
  assert.deepEqual((one('detect scan') as DetectRule).params, DETECTOR_DEFAULTS.scan);
});

test('errors say what was expected', () => {
  assert.match(error('rate interface total 50MB/s'), /expected "> VALUE"/);
  assert.match(error('rate interface > 50'), /expected a rate like 50MB\/s/);
  assert.match(error('rate host nonsense > 5MB/s'), /address or network/);
  assert.match(error('rate host 10.0.0.0/33 > 5MB/s'), /address or network/);
  assert.match(error('rate port 0 > 5MB/s'), /port number from 1 to 65535/);
  assert.match(error('rate port 70000 > 5MB/s'), /port number/);
  assert.match(error('rate everything > 5MB/s'), /needs a scope/);
  assert.match(error('util > 80'), /percentage like 80%/);
  assert.match(error('detect ddos'), /detect needs one of flood, scan/);
  assert.match(error('detect flood speed 3'), /takes sources, packet, not "speed"/);
  assert.match(error('detect flood sources many'), /not a number/);
  assert.match(error('detect flood window 10s'), /own windows/);
  assert.match(error('rate interface > 5MB/s hours 25-3'), /hours takes FROM-TO/);
  assert.match(error('rate interface > 5MB/s window 5s'), /window takes 2s, 10s or 40s/);
  assert.match(error('rate interface > 5MB/s hold soon'), /hold takes seconds/);
  assert.match(error('rate interface > 5MB/s extra'), /unexpected "extra"/);
  assert.match(error('alert me'), /starts with rate, util, detect or preset/);
});

test('hostile or absurd words are errors, never inherited properties, NaN or Infinity', () => {
  assert.match(error('rate interface > 1MB/s window constructor'), /window takes 2s, 10s or 40s/);
  assert.match(error('rate interface > 1MB/s window __proto__'), /window takes/);
  assert.match(error('detect flood constructor 5'), /takes sources, packet, not "constructor"/);
  assert.match(error('detect flood toString 5'), /not "toString"/);
  assert.match(error('rate interface > 5MB/s hours 5-5'), /FROM ≠ TO/);
  assert.match(error('rate interface > 5MB/s hours 0-24'), /FROM ≠ TO/, '0-24 is every hour: leave hours out');
  assert.match(error(`rate interface > ${'9'.repeat(400)}MB/s`), /expected a rate/);
  assert.match(error(`util > ${'9'.repeat(400)}%`), /percentage/);
  assert.match(error(`detect dns-flood rate ${'9'.repeat(400)}`), /not a number/);
  assert.match(error('rate interface > 1MB/s hold 86401'), /hold takes seconds up to 86400/);
  for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
    assert.deepEqual(parseRules(`preset ${name}`, 'f').errors, ['f:1: preset must be one of home, office, server, cloud'], name);
  }
});

test('a rule file: comments, blank lines, presets, "detect all", and every error with its line', () => {
  const ok = parseRules('# night watch\n\npreset home\ndetect all hold 4 critical   # everything\nutil total > 90% window 2s\n', 'alerts.conf');
  assert.deepEqual(ok.errors, []);
  assert.deepEqual(ok.rules.map((r) => [r.kind, r.severity]), [
    ['rate', 'warning'], ['rate', 'critical'], ...DETECTORS.map(() => ['detect', 'critical']), ['util', 'warning'],
  ]);
  assert.deepEqual(ok.rules.slice(0, 2).map((r) => (r as RateRule).bytesPerSecond), [50 * MiB, 80 * MiB], 'the guide\'s home thresholds');
  assert.ok(ok.rules.filter((r) => r.kind === 'detect').every((r) => r.holdSeconds === 4));
  assert.equal(new Set(ok.rules.map((r) => r.id)).size, ok.rules.length, 'every rule has its own id');
  const bad = parseRules('preset home\npreset mansion\n\nrate port 99999 > 1MB/s\n', 'alerts.conf');
  assert.deepEqual(bad.errors, ['alerts.conf:2: preset must be one of home, office, server, cloud', 'alerts.conf:4: rate port needs a port number from 1 to 65535']);
  const cloud = parseRules('preset cloud', 'x').rules as UtilRule[];
  assert.deepEqual(cloud.map((r) => [r.percent, r.severity]), [[80, 'warning'], [95, 'critical']]);
});
