// Live alerting on a real veth: a flood of small UDP datagrams from 150 source addresses raises the flood alert, and the command notifier receives it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertAlertEvent } from '../alerts/alert-schema.js';
import { createNetnsPair } from '../helpers/netns.js';
import type { NetnsPair } from '../helpers/netns.js';
import { finish, run, waitForOutput, WIRETOP } from '../helpers/run-wiretop.js';
import { setTimeout as sleep } from 'node:timers/promises';

const TRAFFIC = fileURLToPath(new URL('./traffic.js', import.meta.url));
const NODE = process.execPath;
const SOURCES = 150;
const FIRST = [198, 51, 100, 10] as const;

let net: NetnsPair;
let sink: ChildProcess | undefined;
let dir: string;

before(async () => {
  net = createNetnsPair();
  dir = mkdtempSync(join(tmpdir(), 'wiretop-alerts-live-'));
  // wiretop drops root before it runs the command, so the command must be able to write here.
  chmodSync(dir, 0o777);
  const batch = Array.from({ length: SOURCES }, (_, i) => `addr add ${FIRST.slice(0, 3).join('.')}.${FIRST[3] + i}/32 dev ${net.ifB}`).join('\n');
  writeFileSync(join(dir, 'addresses'), batch + '\n');
  execFileSync('ip', ['-n', net.nsB, '-batch', join(dir, 'addresses')]);
  sink = net.spawn(net.nsA, NODE, [TRAFFIC, 'udp-sink', '--port', '7777', '--bind', net.ipA], { stdio: ['ignore', 'pipe', 'inherit'] });
  await waitForOutput(sink, 'ready');
});

after(() => {
  sink?.kill('SIGKILL');
  net?.destroy();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

test('a UDP flood from 150 addresses to one port: ALERT line, and the command gets the event as JSON', async () => {
  const received = join(dir, 'command-events');
  const wiretop = net.spawn(net.nsA, NODE, [WIRETOP, '-t', '-i', net.ifA, '-n', '-N', '-P', '-s', '10',
    '--alert', 'detect flood critical', '--alert-command', `cat >> ${received}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  const done = finish(wiretop, 30_000);
  await waitForOutput(wiretop, 'Listening on');
  // 150 sources × 5 datagrams of 32 bytes every 100 ms for 4 s: about 375 small packets/s from 150 peers.
  const sent = await run('ip', ['netns', 'exec', net.nsB, NODE, TRAFFIC, 'udp-many', '--first', FIRST.join('.'), '--sources', String(SOURCES),
    '--to', net.ipA, '--port', '7777', '--size', '32', '--count', '40', '--interval-ms', '100']);
  assert.equal(sent.code, 0, sent.stderr);
  const r = await done;
  assert.equal(r.code, 0, r.stderr);
  const line = r.stdout.split('\n').find((l) => l.startsWith('ALERT FIRING critical: 198.51.100.1:7777/udp'));
  assert.ok(line !== undefined, `no flood alert line in:\n${r.stdout}\n${r.stderr}`);
  assert.match(line, /\d+ sources in 2 s, 60 B average packet \(detect flood critical\)/);
  // The command ran once per event, with the event on stdin.
  assert.ok(existsSync(received), `the alert command wrote nothing; stderr: ${r.stderr}`);
  const events = readFileSync(received, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  for (const e of events) assertAlertEvent(e);
  const firing = events.find((e) => e['state'] === 'firing');
  assert.ok(firing !== undefined);
  assert.deepEqual([firing['detector'], firing['subject'], firing['severity'], firing['source'], firing['unit']], ['flood', `${net.ipA}:7777/udp`, 'critical', net.ifA, 'sources']);
  assert.ok((firing['value'] as number) >= 100 && (firing['value'] as number) <= SOURCES, `value ${String(firing['value'])}`);
  // stderr has iftop's interface lines only: no notifier complained.
  assert.doesNotMatch(r.stderr, /alert|error|wiretop:/i);
});

test('wiretop check, live: CRITICAL during the flood, OK on a quiet link, UNKNOWN (3) when a monitoring timeout kills it', async () => {
  const flood = ['udp-many', '--first', FIRST.join('.'), '--sources', String(SOURCES), '--to', net.ipA, '--port', '7777', '--size', '32', '--count', '30', '--interval-ms', '100'];
  const during = net.spawn(net.nsA, NODE, [WIRETOP, 'check', '-i', net.ifA, '-n', '--alert', 'detect flood critical'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const done = finish(during, 20_000);
  await sleep(1000);
  const sent = await run('ip', ['netns', 'exec', net.nsB, NODE, TRAFFIC, ...flood]);
  assert.equal(sent.code, 0, sent.stderr);
  const r = await done;
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`^WIRETOP CRITICAL - ${net.ifA}: .* 1 alert \\(critical: ${net.ipA.replace(/\./g, '\\.')}:7777/udp: \\d+ sources in 2 s, 60 B average packet\\) \\| sent_Bps=\\d+;;;0 received_Bps=\\d+;;;0 total_Bps=\\d+;;;0 alerts=1;;;0\\n$`));
  const quiet = await run('ip', ['netns', 'exec', net.nsA, NODE, WIRETOP, 'check', '-i', net.ifA, '-n', '-s', '2', '--alert', 'detect all']);
  assert.equal(quiet.code, 0, quiet.stdout + quiet.stderr);
  assert.match(quiet.stdout, /^WIRETOP OK - .* no alerts \| /);
  const killed = net.spawn(net.nsA, NODE, [WIRETOP, 'check', '-i', net.ifA, '-n', '-s', '30', '--alert', 'detect all'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const ended = finish(killed, 20_000);
  await sleep(1500);
  // ip netns exec runs wiretop as its own child: signal wiretop itself, as a timeout would.
  const pid = execFileSync('pgrep', ['-f', '-n', `${WIRETOP} check -i ${net.ifA} -n -s 30`], { encoding: 'utf8' }).trim();
  process.kill(Number(pid), 'SIGTERM');
  const k = await ended;
  assert.deepEqual([k.code, k.stdout], [3, 'WIRETOP UNKNOWN - interrupted by SIGTERM\n']);
});
