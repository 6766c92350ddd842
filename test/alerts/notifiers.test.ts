// The notifiers on their own: log file, command (JSON on stdin, queue bound), webhook (retries, refusals, order) against 127.0.0.1.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlertEvent } from '../../src/alerts/alert-engine.js';
import { ALERT_SCHEMA_VERSION } from '../../src/alerts/alert-engine.js';
import { alertCommand } from '../../src/adapters/notify/alert-command.js';
import { openAlertLog } from '../../src/adapters/notify/alert-log.js';
import { alertWebhook } from '../../src/adapters/notify/alert-webhook.js';
import { assertAlertEvent } from './alert-schema.js';
import { setTimeout as sleep } from 'node:timers/promises';

let dir: string;
before(() => (dir = mkdtempSync(join(tmpdir(), 'wiretop-notify-'))));
after(() => rmSync(dir, { recursive: true, force: true }));

function event(n: number, state: AlertEvent['state'] = 'firing'): AlertEvent {
  return {
    type: 'alert', schema_version: ALERT_SCHEMA_VERSION, state, id: `rule ${n}|subject`, rule: 'detect flood', kind: 'detect', detector: 'flood',
    severity: 'warning', subject: `10.0.0.${n}:80/udp`, value: 150, threshold: 100, unit: 'sources', detail: '150 sources in 2 s', ts: 1000 + n, since: 1000, source: 'eth0',
  };
}

test('an event built like the engine builds it matches the documented schema', () => {
  assertAlertEvent(event(1));
  assert.throws(() => assertAlertEvent({ ...event(1), extra: 1 }), /does not define/);
  assert.throws(() => assertAlertEvent({ ...event(1), state: 'maybe' }), /not one of/);
});

test('log: one JSON line per event, appended; an unwritable place is one clear error', () => {
  const path = join(dir, 'alerts.log');
  const errors: string[] = [];
  const log = openAlertLog(path, (m) => errors.push(m));
  log.write(event(1));
  log.write(event(1, 'resolved'));
  log.close();
  const again = openAlertLog(path, (m) => errors.push(m));
  again.write(event(2));
  again.close();
  assert.deepEqual(readFileSync(path, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as AlertEvent).state), ['firing', 'resolved', 'firing']);
  assert.equal(errors.length, 0, errors.join("; "));
  assert.throws(() => openAlertLog(join(dir, 'no', 'such', 'dir.log'), () => {}), /^Error: cannot open the alert log .*dir\.log: ENOENT$/);
  const full = openAlertLog('/dev/full', (m) => errors.push(m));
  full.write(event(1));
  full.write(event(2));
  full.close();
  assert.deepEqual(errors, ['cannot write the alert log /dev/full: ENOSPC'], 'said once per run of failures');
});

test('command: each event as one JSON line on stdin, in order; failures reported; idle() waits', async () => {
  const out = join(dir, 'command.out');
  const errors: string[] = [];
  const cmd = alertCommand(`cat >> ${out}; echo >> ${out}`, (m) => errors.push(m));
  for (let i = 1; i <= 5; i++) cmd.notify(event(i));
  await cmd.idle();
  const lines = readFileSync(out, 'utf8').split('\n\n').filter((l) => l.trim() !== '');
  assert.deepEqual(lines.map((l) => (JSON.parse(l) as AlertEvent).subject), [1, 2, 3, 4, 5].map((i) => `10.0.0.${i}:80/udp`));
  assert.equal(errors.length, 0, errors.join("; "));
  const failing = alertCommand('cat > /dev/null; exit 3', (m) => errors.push(m));
  failing.notify(event(1));
  await failing.idle();
  assert.deepEqual(errors, ['alert command exited with status 3']);
});

test('command: what it says on stderr comes back in the error (not over the screen); the time limit ends its children too', async () => {
  const errors: string[] = [];
  const chatty = alertCommand('cat > /dev/null; echo "cannot reach pager" >&2; exit 2', (m) => errors.push(m));
  chatty.notify(event(1));
  await chatty.idle();
  assert.deepEqual(errors, ['alert command exited with status 2: cannot reach pager']);
  const marker = join(dir, 'grandchild-alive');
  const slow = alertCommand(`cat > /dev/null; (sleep 1.5; touch ${marker}) & sleep 5`, (m) => errors.push(m), 300);
  const started = Date.now();
  slow.notify(event(2));
  await slow.idle();
  assert.ok(Date.now() - started < 3000, 'ended at the time limit');
  assert.equal(errors[1], 'alert command ended by SIGKILL');
  await sleep(2000);
  assert.equal(existsSync(marker), false, 'the shell\'s background child was killed with it');
});

test('command: a command that cannot keep up loses events beyond 100 queued, said once', async () => {
  const errors: string[] = [];
  const slow = alertCommand('sleep 0.2; cat > /dev/null', (m) => errors.push(m));
  for (let i = 0; i < 130; i++) slow.notify(event(i));
  assert.deepEqual(errors, ['alert command is not keeping up; dropping events']);
});

interface Hook {
  url: string;
  seen: { status: number; body: string }[];
  close(): Promise<void>;
}

/** Answers each POST with the next status of `script` (the last one repeats). */
async function hook(script: readonly number[]): Promise<Hook> {
  const seen: Hook['seen'] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const status = script[Math.min(seen.length, script.length - 1)]!;
      seen.push({ status, body });
      if (status === 0) req.socket.destroy();
      else res.writeHead(status).end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`, seen, close: () => new Promise((ok) => server.close(() => ok())) };
}

/** Sleeps recorded instead of waited, so the retry schedule is checked without taking 31 s. */
function fastSleep(): { waits: number[]; sleep: (ms: number) => Promise<void> } {
  const waits: number[] = [];
  return { waits, sleep: (ms) => ((waits.push(ms)), Promise.resolve()) };
}

test('webhook: a receiver that fails (503, dropped connection, 429) and recovers gets every event once, in order', async () => {
  const h = await hook([503, 0, 429, 200]);
  const errors: string[] = [];
  const s = fastSleep();
  const w = alertWebhook(h.url, (m) => errors.push(m), s.sleep);
  w.notify(event(1));
  w.notify(event(2, 'resolved'));
  await w.idle();
  await h.close();
  assert.deepEqual(h.seen.map((x) => x.status), [503, 0, 429, 200, 200]);
  assert.deepEqual(s.waits, [1000, 2000, 4000], 'back-off doubles from 1 s');
  const delivered = h.seen.filter((x) => x.status === 200).map((x) => JSON.parse(x.body) as AlertEvent);
  assert.deepEqual(delivered.map((e) => [e.state, e.subject]), [['firing', '10.0.0.1:80/udp'], ['resolved', '10.0.0.2:80/udp']]);
  assert.equal(errors.length, 0, errors.join("; "));
});

test('webhook: a redirect is a refusal; a receiver that never answers is cut off at the deadline', async () => {
  const moved = await hook([301]);
  const errors: string[] = [];
  const w = alertWebhook(moved.url, (m) => errors.push(m), fastSleep().sleep);
  w.notify(event(1));
  await w.idle();
  await moved.close();
  assert.equal(moved.seen.length, 1);
  assert.match(errors[0]!, /^alert webhook http:\/\/127\.0\.0\.1:\d+: refused with HTTP 301; event .* given up$/);
  const sockets = new Set<import('node:net').Socket>();
  // Reads the request, then never answers: without a deadline the queue would wait forever.
  const trickle = createServer((req) => req.resume());
  trickle.on('connection', (s) => sockets.add(s));
  await new Promise<void>((ok) => trickle.listen(0, '127.0.0.1', ok));
  const s = fastSleep();
  const w2 = alertWebhook(`http://127.0.0.1:${(trickle.address() as AddressInfo).port}/`, (m) => errors.push(m), s.sleep, 200);
  const started = Date.now();
  w2.notify(event(2));
  await w2.idle();
  for (const sock of sockets) sock.destroy();
  await new Promise<void>((ok) => trickle.close(() => ok()));
  assert.match(errors[1]!, /: no answer within 0\.2 s; event .* given up$/);
  assert.ok(Date.now() - started < 3000, 'six attempts of 0.2 s each');
});

test('webhook: a refusal (4xx) is not retried; a receiver that never recovers is given up after 6 attempts', async () => {
  const refusing = await hook([404]);
  const errors: string[] = [];
  const s = fastSleep();
  const w = alertWebhook(refusing.url, (m) => errors.push(m), s.sleep);
  w.notify(event(1));
  await w.idle();
  await refusing.close();
  assert.equal(refusing.seen.length, 1);
  assert.match(errors[0]!, /refused with HTTP 404; event rule 1\|subject given up$/);
  const broken = await hook([500]);
  const w2 = alertWebhook(broken.url, (m) => errors.push(m), s.sleep);
  w2.notify(event(2));
  await w2.idle();
  await broken.close();
  assert.equal(broken.seen.length, 6);
  assert.deepEqual(s.waits, [1000, 2000, 4000, 8000, 16000]);
  assert.match(errors[1]!, /HTTP 500; event rule 2\|subject given up$/);
  // Nobody listening at all: connection refused, retried, given up, reported once.
  const w3 = alertWebhook(broken.url, (m) => errors.push(m), s.sleep);
  w3.notify(event(3));
  await w3.idle();
  assert.equal(errors.length, 3);
  assert.match(errors[2]!, /connect ECONNREFUSED 127\.0\.0\.1:\d+; event rule 3\|subject given up$/);
});
