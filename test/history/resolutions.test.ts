// Durations, retention and flush options; the default paths; the service side of a flow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_RETENTION, parseDetailRetention, parseDuration, parseFlushInterval, parseRetention } from '../../src/history/resolutions.js';
import { defaultHistoryPath, historyReadCandidates } from '../../src/history/history-path.js';
import { SYSTEM_PORTS, serviceKey } from '../../src/history/service-key.js';

test('durations and the flush interval', () => {
  assert.equal(parseDuration('48h'), 172800);
  assert.equal(parseDuration('5y'), 5 * 365 * 86400);
  assert.equal(parseDuration('90'), 90);
  assert.equal(parseDuration('0s'), null);
  assert.equal(parseDuration('1.5h'), null);
  assert.deepEqual(parseFlushInterval('2s'), { seconds: 2 });
  assert.deepEqual(parseFlushInterval('5m'), { seconds: 300 });
  assert.deepEqual(parseFlushInterval('1s'), { error: '--flush takes an interval from 2s to 1h like 60s, 2s or 5m, not "1s"' });
});

test('retention: overrides keep the rest; a coarser resolution kept shorter than a finer one is refused', () => {
  const r = parseRetention('1m=2h,1d=10y');
  assert.ok('policy' in r);
  assert.deepEqual(r.policy.iface, { ...DEFAULT_RETENTION.iface, 60: 7200, 86400: 3650 * 86400 });
  assert.deepEqual(parseRetention('1h=1d'), { error: '--retention: 1h buckets must be kept at least as long as 5m buckets (35d)' });
  assert.match((parseRetention('2h=3d') as { error: string }).error, /^--retention takes RES=AGE pairs like 1m=48h,5m=35d,1h=100d,1d=5y/);
  const d = parseDetailRetention('5m=2d,1h=30d,1d=1y');
  assert.ok('policy' in d);
  assert.deepEqual(d.policy.detail, { 300: 2 * 86400, 3600: 30 * 86400, 86400: 365 * 86400 });
  assert.match((parseDetailRetention('1h=200d') as { error: string }).error, /cannot be kept longer than the interface's 1h buckets \(100d\)/);
});

test('default database paths: systemd StateDirectory, root, XDG_STATE_HOME, ~/.local/state', () => {
  assert.equal(defaultHistoryPath(0, {}), '/var/lib/wiretop/history.db');
  assert.equal(defaultHistoryPath(0, { STATE_DIRECTORY: '/var/lib/wt:/other' }), '/var/lib/wt/history.db');
  assert.equal(defaultHistoryPath(1000, { XDG_STATE_HOME: '/home/a/st/', HOME: '/home/a' }), '/home/a/st/wiretop/history.db');
  assert.equal(defaultHistoryPath(1000, { XDG_STATE_HOME: 'relative', HOME: '/home/a' }), '/home/a/.local/state/wiretop/history.db');
  assert.equal(defaultHistoryPath(1000, {}), null);
  assert.deepEqual(historyReadCandidates(1000, { HOME: '/home/a' }), ['/home/a/.local/state/wiretop/history.db', '/var/lib/wiretop/history.db']);
});

test('the service side: a known service wins, else the lower port; port-less protocols by name', () => {
  const known = (p: number) => p === 8080;
  assert.equal(serviceKey(6, 51234, 443, SYSTEM_PORTS), 'tcp/443');
  assert.equal(serviceKey(6, 8080, 3000, known), 'tcp/8080');
  assert.equal(serviceKey(17, 40000, 50000, SYSTEM_PORTS), 'udp/40000');
  assert.equal(serviceKey(17, 0, 53, SYSTEM_PORTS), 'udp/53');
  assert.equal(serviceKey(1, 0, 0, SYSTEM_PORTS), 'icmp');
  assert.equal(serviceKey(58, 0, 0, SYSTEM_PORTS), 'icmpv6');
  assert.equal(serviceKey(47, 0, 0, SYSTEM_PORTS), 'proto-47');
});
