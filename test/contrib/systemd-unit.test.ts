// contrib/wiretop.service: systemd accepts it, and it grants CAP_NET_RAW and nothing else to a user that is not root.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, run } from '../helpers/run-wiretop.js';

const UNIT = join(REPO, 'contrib', 'wiretop.service');

test('systemd-analyze verify accepts contrib/wiretop.service without a single complaint', async () => {
  const r = await run('systemd-analyze', ['verify', UNIT], { timeoutMs: 30_000 });
  assert.equal(r.code, 0, `systemd-analyze (Debian package systemd) failed: ${r.stderr}`);
  assert.equal(r.stderr.trim(), '', 'no warnings');
});

test('the unit runs the daemon unprivileged: CAP_NET_RAW only, no new privileges, read-only system, its own state and log directories', () => {
  const text = readFileSync(UNIT, 'utf8');
  const value = (key: string) => [...text.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].map((m) => m[1]);
  assert.deepEqual(value('AmbientCapabilities'), ['CAP_NET_RAW']);
  assert.deepEqual(value('CapabilityBoundingSet'), ['CAP_NET_RAW']);
  assert.deepEqual(value('NoNewPrivileges'), ['yes']);
  assert.deepEqual(value('ProtectSystem'), ['strict']);
  assert.deepEqual(value('StateDirectory'), ['wiretop']);
  assert.deepEqual(value('DynamicUser'), ['yes']);
  assert.match(value('ExecStart')[0]!, / daemon --config \/etc\/wiretop\/wiretop\.conf$/);
  assert.deepEqual(value('ExecReload'), ['/bin/kill -HUP $MAINPID'], 'systemctl reload reloads the alert rules');
});

test('the example configuration parses as the daemon reads it', async () => {
  const r = await run(process.execPath, [join(REPO, 'bin', 'wiretop.js'), 'daemon', '--config', join(REPO, 'contrib', 'wiretop.conf'), '-i', 'nonexistent0', '--ndjson-file', '/dev/null', '--max-flows', 'x'], { timeoutMs: 15_000 });
  // Stopped by the bad --max-flows on purpose: everything in the file before it was accepted.
  assert.equal(r.stderr, 'wiretop: --max-flows takes a whole number of flows from 1 to 10000000, not "x" (wiretop daemon -h lists the options)\n');
});
