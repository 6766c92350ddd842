// The web endpoint over real HTTP: headers (CSP, no CORS), Host and token checks, the login, the event stream to many pages, sharing --metrics' server.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GuardedSink } from '../../../src/app/run/sink.js';
import { Ticker } from '../../../src/app/run/ticker.js';
import { NUMERIC_LABELLER } from '../../../src/render/host-text.js';
import { NO_LOCAL_NETWORK } from '../../../src/core/local-network.js';
import { Monitor } from '../../../src/core/monitor.js';
import { defaultViewOptions } from '../../../src/core/view-options.js';
import { webPort } from '../../../src/adapters/web/web-view.js';
import type { RunningWeb, WebStartOptions } from '../../../src/ports/web-port.js';
import type { RunningMetrics } from '../../../src/ports/metrics-port.js';
import { cookieName } from '../../../src/web/access.js';
import { WebHub } from '../../../src/web/web-hub.js';
import { WebSource } from '../../../src/web/web-source.js';
import { ethernet, ipv4 } from '../../helpers/frames.js';
import { freePort, httpGet, readStream } from '../../helpers/http-get.js';
import { REPO } from '../../helpers/run-wiretop.js';

const T0 = 1_700_000_000;

async function start(o: Partial<WebStartOptions> = {}) {
  const port = await freePort();
  const hub = new WebHub(null, () => T0);
  const started = await webPort.start({ listen: { host: '127.0.0.1', port }, hub, tokenFile: null, generateToken: false, allowHosts: [], metrics: null, onError: assert.fail, ...o });
  if ('error' in started) throw new Error(started.error);
  const monitor = new Monitor({ local: NO_LOCAL_NETWORK, maxFlows: 100, hashSeed: 1 });
  monitor.setTimeBase(T0);
  const web = started.web;
  const source = new WebSource(0, { kind: 'interface', name: 'eth0' }, 'eth0', monitor, { run: 'r1', version: 't', units: 'bits', history: false, metrics: started.metrics !== null },
    { monotonicMs: () => 0, schedule: () => () => {}, publish: (f) => web.publish(0, f) }, { view: defaultViewOptions(), labeller: NUMERIC_LABELLER });
  hub.add(source);
  const ticker = new Ticker(monitor, { kind: 'interface', name: 'eth0' }, [new GuardedSink(source, assert.fail)]);
  let t = 0;
  const tick = () => {
    const f = ethernet({}, ipv4({ src: '198.51.100.7', dst: '203.0.113.9', proto: 'udp', srcPort: 1, dstPort: 2, dataLength: 100 }));
    monitor.frame(1, f, 0, f.length, f.length, T0 + 2 * t + 1);
    ticker.tick(T0 + 2 * ++t, true);
  };
  return { port, web, metrics: started.metrics, tick };
}

let open: { port: number; web: RunningWeb; metrics: RunningMetrics | null; tick: () => void };
before(async () => {
  open = await start();
  open.tick();
});
after(async () => {
  await open?.web.close();
});

test('the page: a CSP with no inline script, no CORS, no framing; every script and style is a file of ours', async () => {
  const r = await httpGet(open.port, '/');
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
  const csp = String(r.headers['content-security-policy']);
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(r.headers['x-frame-options'], 'DENY');
  assert.equal(r.headers['referrer-policy'], 'no-referrer');
  assert.equal(Object.keys(r.headers).filter((h) => h.startsWith('access-control-')).length, 0);
  const html = r.body.toString('utf8');
  for (const m of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) {
    assert.match(m[0], / src="\/assets\/[^"]+"/, 'every script is a file');
    assert.equal(m[1], '', 'no inline script');
  }
  assert.doesNotMatch(html, /<style|style=|https?:\/\//, 'no inline style, nothing from elsewhere');
  for (const ref of html.matchAll(/(?:src|href)="(\/[^"]*)"/g)) {
    const a = await httpGet(open.port, ref[1]!);
    assert.equal(a.status, 200, ref[1]);
  }
});

test('the vendored chart library is the npm package\'s file, byte for byte', async () => {
  const served = await httpGet(open.port, '/assets/vendor/uPlot.iife.min.js');
  assert.equal(served.status, 200);
  assert.equal(served.headers['content-type'], 'text/javascript; charset=utf-8');
  assert.deepEqual(served.body, readFileSync(join(REPO, 'node_modules/uplot/dist/uPlot.iife.min.js')));
  assert.deepEqual(readFileSync(join(REPO, 'assets/web/vendor/uPlot.min.css')), readFileSync(join(REPO, 'node_modules/uplot/dist/uPlot.min.css')));
  const again = await httpGet(open.port, '/assets/vendor/uPlot.iife.min.js', { 'if-none-match': String(served.headers.etag) });
  assert.equal(again.status, 304);
});

test('read-only and exact: a wrong Host is 421, other methods 405, unknown paths 404', async () => {
  assert.equal((await httpGet(open.port, '/', { host: 'rebind.example:' + open.port })).status, 421);
  assert.equal((await httpGet(open.port, '/api/v1/stream', { host: 'rebind.example' })).status, 421);
  assert.equal((await httpGet(open.port, '/api/v1/snapshot', {}, 'POST')).status, 405);
  assert.equal((await httpGet(open.port, '/api/v1/snapshot', {}, 'DELETE')).status, 405);
  assert.equal((await httpGet(open.port, '/etc/passwd')).status, 404);
  assert.equal((await httpGet(open.port, '/assets/../package.json')).status, 404);
  assert.equal((await httpGet(open.port, '/api/v1/history')).status, 404, 'no store');
  assert.match((await httpGet(open.port, '/api/v1/history')).body.toString(), /no history \(start with --history\)/);
  assert.equal((await httpGet(open.port, '/api/v1/snapshot?source=nope')).status, 404);
});

test('the stream: retry, the whole state first, then the same bytes to every page at each tick', async () => {
  // Three pages open, one tick: each gets it.
  const waiting = [0, 1, 2].map(() => readStream(open.port, '/api/v1/stream', (t) => t.includes('event: tick')));
  await new Promise((r) => setTimeout(r, 200));
  open.tick();
  const got = await Promise.all(waiting);
  for (const g of got) {
    assert.equal(g.status, 200);
    assert.equal(g.headers['content-type'], 'text/event-stream; charset=utf-8');
    assert.match(g.text, /^retry: 2000\n\nid: r1-\d+\nevent: hello\ndata: \{"type":"hello"/);
  }
  const ticks = got.map((g) => g.text.slice(g.text.indexOf('id: r1-', g.text.indexOf('event: hello'))));
  assert.ok(ticks.every((t) => t === ticks[0]), 'every page got the same tick bytes');
  const head = await httpGet(open.port, '/api/v1/stream', {}, 'HEAD');
  assert.equal(head.status, 200);
});

test('a token: 401 without it everywhere (the stream too), the entry address logs in by cookie, Bearer works', async () => {
  const w = await start({ generateToken: true });
  try {
    assert.ok(w.web.loginUrl !== null);
    const token = new URL(w.web.loginUrl).searchParams.get('token')!;
    assert.ok(token.length >= 40);
    for (const path of ['/', '/assets/app.js', '/api/v1/snapshot', '/api/v1/stream', '/api/v1/sources']) {
      const r = await httpGet(w.port, path);
      assert.equal(r.status, 401, path);
      assert.equal(r.headers['www-authenticate'], 'Bearer realm="wiretop"');
      assert.ok(!r.body.toString().includes(token));
    }
    const login = await httpGet(w.port, `/?token=${encodeURIComponent(token)}`);
    assert.equal(login.status, 303);
    assert.equal(login.headers.location, '/');
    const cookie = String(login.headers['set-cookie']);
    assert.match(cookie, new RegExp(`^${cookieName(w.port)}=[^;]+; Path=/; HttpOnly; SameSite=Strict$`));
    const jar = cookie.split(';')[0]!;
    assert.equal((await httpGet(w.port, '/', { cookie: jar })).status, 200);
    const s = await readStream(w.port, '/api/v1/stream', (t) => t.includes('event: hello'), { cookie: jar });
    assert.equal(s.status, 200);
    assert.equal((await httpGet(w.port, '/api/v1/snapshot', { authorization: `Bearer ${token}` })).status, 200);
    assert.equal((await httpGet(w.port, '/api/v1/snapshot', { authorization: 'Bearer wrong-token-0123456789' })).status, 401);
    assert.equal((await httpGet(w.port, `/?token=${token}x`)).status, 401);
  } finally {
    await w.web.close();
  }
});

test('sharing the server with --metrics: the page at /, the metrics at /metrics, one port', async () => {
  const w = await start({ metrics: { maxHosts: 10, topRemote: 5 } });
  try {
    assert.ok(w.metrics !== null);
    const page = await httpGet(w.port, '/');
    assert.equal(page.status, 200);
    assert.match(page.body.toString(), /<title>wiretop<\/title>/);
    assert.match(page.body.toString(), /src="\/assets\/app\.js"/, 'the page, not the metrics landing page');
    const m = await httpGet(w.port, '/metrics');
    assert.equal(m.status, 200);
    assert.match(m.body.toString(), /^# HELP wiretop_/m);
  } finally {
    await w.web.close();
  }
});
