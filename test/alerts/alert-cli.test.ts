// Alerts through the command line: log file, command, webhook with a receiver that fails and recovers, rule files, `wiretop check`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writePcap } from '../helpers/pcap-writer.js';
import { NO_DNS, run, WIRETOP } from '../helpers/run-wiretop.js';
import { assertAlertEvent } from './alert-schema.js';
import { toRecords, udpFlood, webMix } from './scenario-traffic.js';

const BASE = Date.UTC(2026, 10, 20, 14) / 1000;
let dir: string;
let flood: string;
let calm: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'wiretop-alert-cli-'));
  // Running as root, wiretop drops to nobody before notifying: the command's output goes where nobody may write.
  chmodSync(dir, 0o777);
  flood = join(dir, 'flood.pcap');
  calm = join(dir, 'calm.pcap');
  const browsing = webMix({ client: '10.0.0.5', resolver: '10.0.0.1', start: 0, end: 20, seed: 3 });
  writeFileSync(calm, writePcap(toRecords(browsing, BASE), { snaplen: 96 }));
  writeFileSync(flood, writePcap(toRecords([...webMix({ client: '10.0.0.5', resolver: '10.0.0.1', start: 0, end: 20, seed: 4 }),
    ...udpFlood({ target: '10.0.0.80', port: 80, sources: 300, start: 6, end: 14, perSourcePps: 5, seed: 9 })], BASE), { snaplen: 96 }));
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs wiretop with hermetic DNS (after the `check` word when there is one). */
const wiretop = (args: readonly string[], timeoutMs = 30_000) => {
  const argv = args[0] === 'check' ? ['check', ...NO_DNS, ...args.slice(1)] : [...NO_DNS, ...args];
  return run(process.execPath, [WIRETOP, ...argv], { env: { ...process.env, TZ: 'UTC' }, timeoutMs });
};

interface Receiver {
  url: string;
  bodies: string[];
  attempts: number;
  close(): Promise<void>;
}

/** An HTTP receiver on 127.0.0.1 that answers the first `failures` POSTs with `status`, then 204. */
async function receiver(failures: number, status: number): Promise<Receiver> {
  const r: Receiver = { url: '', bodies: [], attempts: 0, close: () => Promise.resolve() };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      r.attempts++;
      if (r.attempts <= failures) {
        res.writeHead(status).end();
        return;
      }
      assert.equal(req.headers['content-type'], 'application/json');
      r.bodies.push(body);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  r.close = () => new Promise((ok) => server.close(() => ok()));
  return r;
}

test('a flood in a file: ALERT lines in text mode, the same events in the log, to the command and to a webhook that fails twice first', async () => {
  const log = join(dir, 'alerts.ndjson'), commandOut = join(dir, 'command.ndjson');
  const hook = await receiver(2, 503);
  try {
    const started = Date.now();
    const r = await wiretop(['-r', flood, '-t', '-n', '-N', '--alert', 'detect flood', '--alert-log', log, '--alert-command', `cat >> ${commandOut}`, '--alert-webhook', hook.url]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('ALERT '));
    assert.deepEqual(lines.map((l) => l.replace(/\d+ sources in 2 s, \d+ B/, 'N sources in 2 s, S B')), [
      'ALERT FIRING warning: 10.0.0.80:80/udp: N sources in 2 s, S B average packet (detect flood)',
      'ALERT RESOLVED warning: 10.0.0.80:80/udp: N sources in 2 s, S B average packet (detect flood)',
    ]);
    const logged = readFileSync(log, 'utf8').trim().split('\n');
    const commanded = readFileSync(commandOut, 'utf8').trim().split('\n');
    assert.equal(logged.length, 2);
    assert.deepEqual(commanded, logged, 'the command got each event, in order, as one JSON line on stdin');
    assert.deepEqual(hook.bodies, logged, 'the webhook got them after its failures');
    assert.equal(hook.attempts, 4, 'two refused attempts, then one per event');
    assert.ok(Date.now() - started >= 3000, 'retries wait 1 s, then 2 s');
    const events = logged.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const e of events) assertAlertEvent(e);
    assert.deepEqual(events.map((e) => [e['state'], e['id'], e['source']]), [['firing', events[0]!['id'], flood], ['resolved', events[0]!['id'], flood]]);
    assert.ok((events[0]!['ts'] as number) - BASE >= 6 && (events[0]!['ts'] as number) - BASE <= 11, `fired at ${String(events[0]!['ts'])}`);
  } finally {
    await hook.close();
  }
});

test('a webhook that refuses (HTTP 400) is not retried, and wiretop says so once on stderr', async () => {
  const hook = await receiver(100, 400);
  try {
    const r = await wiretop(['-r', flood, '-t', '-n', '-N', '--alert', 'detect flood', '--alert-webhook', hook.url]);
    assert.equal(r.code, 0);
    assert.equal(hook.attempts, 2, 'one attempt per event');
    assert.match(r.stderr, /^wiretop: alert webhook http:\/\/127\.0\.0\.1:\d+: refused with HTTP 400; event .* given up\n/);
    assert.doesNotMatch(r.stderr, /\/hook/, 'only the origin is shown: a webhook path is often its secret');
  } finally {
    await hook.close();
  }
});

test('option and rule problems are caught before the first packet: bad webhook URLs, util rules without a link speed', async () => {
  for (const url of ['http://127.0.0.1:99999/', 'http://[::1/', 'ftp://example.org/', 'http://exa mple.org/', 'http://\x1b[2J/']) {
    const r = await wiretop(['-r', calm, '-t', '--alert', 'detect all', '--alert-webhook', url]);
    assert.equal(r.code, 1, url);
    assert.match(r.stderr, /^wiretop: --alert-webhook takes an http:\/\/ or https:\/\/ URL, not "/);
    assert.doesNotMatch(r.stderr, /\x1b/, 'the bad value is shown inert');
  }
  const util = await wiretop(['-r', calm, '-t', '--alert-preset', 'cloud']);
  assert.equal(util.code, 1);
  assert.match(util.stderr, /^wiretop: util rules need the link speed, and .*calm\.pcap reports none: give it with --link-speed \(100M, 1G, 10G\)\n$/);
  const given = await wiretop(['-r', calm, '-t', '--alert-preset', 'cloud', '--link-speed', '1G']);
  assert.equal(given.code, 0, given.stderr);
});

test('rules from a file; a bad rule is one line naming the file and line, status 1', async () => {
  const rules = join(dir, 'alerts.conf');
  writeFileSync(rules, '# flood watch\ndetect flood sources 200   # many\n');
  const r = await wiretop(['-r', flood, '-t', '--ndjson', '-n', '-N', '--alerts', rules]);
  assert.equal(r.code, 0, r.stderr);
  const alerts = r.stdout.split('\n').filter((l) => l.includes('"type":"alert"')).map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(alerts.map((a) => [a['state'], a['rule'], a['threshold']]), [['firing', 'detect flood sources 200', 200], ['resolved', 'detect flood sources 200', 200]]);
  writeFileSync(rules, 'detect flood\n\nrate interface > fast\n');
  const bad = await wiretop(['-r', flood, '-t', '--alerts', rules]);
  assert.deepEqual([bad.code, bad.stdout], [1, '']);
  assert.equal(bad.stderr, `wiretop: bad alert rule: ${rules}:3: expected a rate like 50MB/s or 800Mb/s after ">"\n`);
  const missing = await wiretop(['-r', flood, '-t', '--alerts', join(dir, 'nope.conf')]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^wiretop: cannot read the alert rules .*nope\.conf: ENOENT\n$/);
});

test('wiretop check: OK, WARNING, CRITICAL and UNKNOWN, one status line with perfdata', async () => {
  const ok = await wiretop(['check', '-r', calm, '--alert', 'detect all']);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /^WIRETOP OK - .*calm\.pcap: [\d.]+[KMG]?b total \([\d.]+[KMG]?b sent, [\d.]+[KMG]?b received\), no alerts \| sent_Bps=\d+;;;0 received_Bps=\d+;;;0 total_Bps=\d+;;;0 alerts=0;;;0\n$/);
  const warn = await wiretop(['check', '-r', flood, '--alert', 'detect all']);
  assert.equal(warn.code, 1, warn.stdout);
  assert.match(warn.stdout, /^WIRETOP WARNING - .*1 alert \(warning: 10\.0\.0\.80:80\/udp: \d+ sources in 2 s, \d+ B average packet\) \| .* alerts=1;;;0\n$/);
  const crit = await wiretop(['check', '-r', flood, '--alert', 'detect flood critical', '--alert', 'detect scan']);
  assert.equal(crit.code, 2, crit.stdout);
  assert.match(crit.stdout, /^WIRETOP CRITICAL - /);
  const thresholds = await wiretop(['check', '-r', calm, '--warning', '1KB/s', '--critical', '1GB/s']);
  assert.equal(thresholds.code, 1, thresholds.stdout);
  assert.match(thresholds.stdout, / total_Bps=\d+;1024;1073741824;0 /);
  for (const [args, why] of [
    [['check', '-r', join(dir, 'missing.pcap')], /missing\.pcap: no such file/],
    [['check', '-r', calm, '--alert', 'detect nothing'], /bad alert rule/],
    [['check', '--bogus'], /unknown option --bogus/],
  ] as const) {
    const r = await wiretop(args as readonly string[]);
    assert.equal(r.code, 3, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /^WIRETOP UNKNOWN - /);
    assert.match(r.stdout, why as RegExp);
    assert.equal(r.stdout.split('\n').length, 2, 'one line');
  }
});
