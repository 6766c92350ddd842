// --web through run() and daemon(): a file is served until a signal, the option rules (token off loopback, the screen, the daemon's log, a shared port).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { daemon } from '../../../src/app/run/daemon.js';
import { run } from '../../../src/app/run/run.js';
import { webPort } from '../../../src/adapters/web/web-view.js';
import { parseArgs } from '../../../src/cli/args.js';
import { parseDaemonArgs } from '../../../src/cli/daemon-args.js';
import { loadConfiguration } from '../../../src/cli/configuration.js';
import type { Configuration } from '../../../src/cli/configuration.js';
import type { WebPort } from '../../../src/ports/web-port.js';
import { fakeWorld, memoryFile } from '../../helpers/fake-deps.js';
import { ipv4 } from '../../helpers/frames.js';
import { freePort, httpGet } from '../../helpers/http-get.js';

const RAW_IP = 101;
const T0 = 1_700_000_000;

function config(argv: string[]): Configuration {
  const parsed = parseArgs(argv);
  assert.equal(parsed.kind, 'run', JSON.stringify(parsed));
  return loadConfiguration(parsed as Extract<typeof parsed, { kind: 'run' }>, undefined, () => ({ error: { code: 'ENOENT', message: 'none' } }));
}

const frames = [0, 1, 2, 3, 4, 5].map((s) => ({ ts: T0 + s + 0.5, linktype: RAW_IP, data: ipv4({ src: '198.51.100.7', dst: '203.0.113.9', proto: 'udp', srcPort: 53, dstPort: 999, dataLength: 472 }) }));
const files = { openFile: async () => ({ file: memoryFile(frames) }), compileFilter: () => ({ error: 'none' }) };

test('-r FILE --web: the file is read, the page is served with its last tick until a signal ends the run', async () => {
  const port = await freePort();
  const w = fakeWorld({ files, web: webPort });
  const done = run(w.deps, config(['-r', 'mem.pcap', '-t', '-n', '--web', String(port)]), false);
  let snapshot: { tick: { ended: boolean; totals: { cumulativeSent: number; cumulativeRecv: number } } } | null = null;
  for (let i = 0; i < 100 && snapshot?.tick?.ended !== true; i++) {
    await new Promise((r) => setTimeout(r, 50));
    const r = await httpGet(port, '/api/v1/snapshot').catch(() => null);
    if (r?.status === 200) snapshot = JSON.parse(r.body.toString());
  }
  assert.ok(snapshot !== null && snapshot.tick.ended, 'the final tick is served');
  assert.equal(snapshot.tick.totals.cumulativeSent + snapshot.tick.totals.cumulativeRecv, 6 * 500);
  assert.match(w.stderr.text, new RegExp(`wiretop: web view at http://127\\.0\\.0\\.1:${port}/\n`));
  assert.match(w.stderr.text, new RegExp(`wiretop: mem\\.pcap is read; the web view stays at http://127\\.0\\.0\\.1:${port}/ until Ctrl\\+C\n`));
  // Still serving a moment later: nothing ends the run but a signal.
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await httpGet(port, '/')).status, 200);
  w.signal('SIGINT');
  assert.equal(await done, 0);
  await assert.rejects(httpGet(port, '/'), 'stopped serving');
});

test('off loopback a token is made and its login address printed once, in text mode', async () => {
  const port = await freePort();
  const w = fakeWorld({ files, web: webPort });
  const done = run(w.deps, config(['-r', 'mem.pcap', '-t', '-n', '--web', `0.0.0.0:${port}`]), false);
  for (let i = 0; i < 100 && !w.stderr.text.includes('is read'); i++) await new Promise((r) => setTimeout(r, 20));
  const line = w.stderr.text.split('\n').find((l) => l.includes('token'))!;
  assert.match(line, new RegExp(`^wiretop: web view at http://0\\.0\\.0\\.0:${port}/; its token is in this address, open it once: http://127\\.0\\.0\\.1:${port}/\\?token=[A-Za-z0-9_-]{43} \\(from another machine, with this host's address instead\\)$`));
  assert.equal(w.stderr.text.split(/\?token=/).length, 2, 'printed once');
  assert.equal((await httpGet(port, '/api/v1/snapshot')).status, 401);
  w.signal('SIGTERM');
  assert.equal(await done, 128 + 15);
});

const refusing: WebPort = { start: async () => assert.fail('the web view must not start') };

test('one line, before anything starts: no token can be shown behind the screen or in the daemon\'s log; one port on two addresses', async () => {
  const screen = fakeWorld({ files, web: refusing, tty: true, env: { TERM: 'xterm', LANG: 'C.UTF-8' } });
  assert.equal(await run(screen.deps, config(['-r', 'mem.pcap', '-n', '--web', '0.0.0.0:8080']), false), 1);
  assert.match(screen.stderr.text, /wiretop: --web on 0\.0\.0\.0 is reachable from the network and needs a token: give --web-token-file FILE/);
  const both = fakeWorld({ files, web: refusing });
  assert.equal(await run(both.deps, config(['-r', 'mem.pcap', '-t', '--web', '127.0.0.1:9100', '--metrics', '0.0.0.0:9100']), false), 1);
  assert.match(both.stderr.text, /--metrics serves live traffic|--web and --metrics use the same port on different addresses/);
  const live = fakeWorld({ web: refusing });
  assert.equal(await run(live.deps, config(['-t', '-i', 'test0', '--web', '127.0.0.1:9100', '--metrics', '0.0.0.0:9100']), false), 1);
  assert.match(live.stderr.text, /wiretop: --web and --metrics use the same port on different addresses: give both the same address/);
  const parsed = parseDaemonArgs(['-i', 'test0', '--web', '0.0.0.0:8080'], () => ({ error: { code: 'ENOENT', message: 'none' } }));
  assert.equal(parsed.kind, 'run');
  const d = fakeWorld({ web: refusing });
  assert.equal(await daemon({ ...d.deps, stderrIsJournal: false }, (parsed as Extract<typeof parsed, { kind: 'run' }>).options), 1);
  assert.match(d.stderr.text, /--web on 0\.0\.0\.0 is reachable from the network and needs a token: give --web-token-file FILE/);
});

test('the options: --web takes [ADDR:]PORT, --web-allow-host a name (repeatable), in the daemon and its file too', () => {
  const p = parseArgs(['--web', '[::1]:8080', '--web-allow-host', 'WT.example.org', '--web-allow-host', 'b.example', '--web-token-file', '/etc/wt.token']);
  assert.ok(p.kind === 'run');
  assert.deepEqual(p.extras.web, { host: '::1', port: 8080 });
  assert.deepEqual(p.extras.webAllowHosts, ['wt.example.org', 'b.example']);
  assert.equal(p.extras.webTokenFile, '/etc/wt.token');
  const again = parseArgs(['--web', '8080']);
  assert.ok(again.kind === 'run');
  assert.deepEqual(again.extras.webAllowHosts, [], 'the default list is not shared between parses');
  assert.deepEqual(again.extras.web, { host: '127.0.0.1', port: 8080 });
  for (const bad of [['--web', 'example.org:80'], ['--web', '0'], ['--web-allow-host', 'a/b']]) assert.equal(parseArgs(bad).kind, 'error', bad.join(' '));
  const d = parseDaemonArgs(['--config', 'wt.conf'], () => ({ text: 'web 0.0.0.0:8080\nweb-token-file /etc/wiretop/web.token\nweb-allow-host wt.example.org\n' }));
  assert.ok(d.kind === 'run');
  assert.deepEqual(d.options.extras.web, { host: '0.0.0.0', port: 8080 });
  assert.equal(d.options.extras.webTokenFile, '/etc/wiretop/web.token');
});

test('the daemon serves the web view of each interface until it stops', async () => {
  const port = await freePort();
  const parsed = parseDaemonArgs(['-i', 'test0', '-i', 'test1', '--web', String(port)], () => ({ error: { code: 'ENOENT', message: 'none' } }));
  assert.ok(parsed.kind === 'run');
  const frame = (atMs: number) => ({ atMs, linktype: RAW_IP, data: ipv4({ src: '10.0.0.1', dst: '203.0.113.9', proto: 'udp', srcPort: 1, dstPort: 2, dataLength: 100 }) });
  const w = fakeWorld({
    web: webPort,
    interfaces: { test0: { mac: null, ipv4: [Uint8Array.of(10, 0, 0, 1)], ipv6: [] }, test1: { mac: null, ipv4: [Uint8Array.of(10, 0, 1, 1)], ipv6: [] } },
    live: [[frame(500), frame(2500)], [frame(700)]],
  });
  const done = daemon({ ...w.deps, stderrIsJournal: false }, parsed.options);
  const sources = await (async () => {
    for (let i = 0; i < 100; i++) {
      const r = await httpGet(port, '/api/v1/sources').catch(() => null);
      if (r?.status === 200) return JSON.parse(r.body.toString()) as { sources: { index: number; name: string; kind: string }[] };
      await new Promise((res) => setTimeout(res, 30));
    }
    return null;
  })();
  assert.deepEqual(sources?.sources.map((s) => [s.index, s.name, s.kind]), [[0, 'test0', 'interface'], [1, 'test1', 'interface']]);
  assert.equal((await httpGet(port, '/api/v1/snapshot?source=test1')).status, 200);
  assert.equal((await httpGet(port, '/api/v1/snapshot?source=1')).status, 200);
  assert.match(w.stderr.text, new RegExp(`; web view on http://127\\.0\\.0\\.1:${port}/`));
  w.signal('SIGTERM');
  assert.equal(await done, 0);
  await assert.rejects(httpGet(port, '/'));
});
