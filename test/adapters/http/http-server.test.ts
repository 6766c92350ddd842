// The HTTP server behind --metrics on real sockets: routes and methods, 500 idle connections, slow clients, bind errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { connect, createServer } from 'node:net';
import type { Socket } from 'node:net';
import { once } from 'node:events';
import { HttpServer } from '../../../src/adapters/http/http-server.js';
import { mountMetrics } from '../../../src/adapters/metrics/metrics-routes.js';
import { PromRegistry } from '../../../src/adapters/metrics/prom-registry.js';
import { createMetricsExporter } from '../../../src/adapters/metrics/metrics-exporter.js';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One request on a fresh connection (no agent), failing after timeoutMs. */
function fetchOnce(port: number, path: string, method = 'GET', timeoutMs = 3000): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d)).on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer to ${method} ${path} within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(method === 'POST' ? 'x=1' : undefined);
  });
}

test('GET /metrics and HEAD, the landing page at /, 404 elsewhere, 405 for other methods', async () => {
  const exporter = createMetricsExporter({ listen: { host: '127.0.0.1', port: 0 }, processMetrics: true });
  const { port } = await exporter.start();
  try {
    const m = await fetchOnce(port, '/metrics');
    assert.equal(m.status, 200);
    assert.equal(m.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
    assert.match(m.body, /^wiretop_build_info\{version="0\.1\.0",nodejs_version="v\d+\.\d+\.\d+"\} 1$/m);
    assert.match(m.body, /^process_resident_memory_bytes \d+$/m);
    assert.doesNotMatch(m.body, /nodejs_active_handles_total/);
    const withQuery = await fetchOnce(port, '/metrics?debug=1');
    assert.equal(withQuery.status, 200);
    const head = await fetchOnce(port, '/metrics', 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
    assert.ok(Number(head.headers['content-length']) > 1000);
    const landing = await fetchOnce(port, '/');
    assert.equal(landing.status, 200);
    assert.equal(landing.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(landing.body, /<a href="\/metrics">/);
    assert.doesNotMatch(landing.body, /<script|on\w+=|style/i);
    assert.match(String(landing.headers['content-security-policy']), /default-src 'none'/);
    assert.equal(landing.headers['x-content-type-options'], 'nosniff');
    assert.equal((await fetchOnce(port, '/metrics/')).status, 404);
    assert.equal((await fetchOnce(port, '/favicon.ico')).status, 404);
    assert.equal((await fetchOnce(port, '/api/v1/snapshot')).status, 404);
    const post = await fetchOnce(port, '/metrics', 'POST');
    assert.equal(post.status, 405);
    assert.equal(post.headers['allow'], 'GET, HEAD');
    assert.equal((await fetchOnce(port, '/', 'DELETE')).status, 405);
  } finally {
    await exporter.close();
  }
});

test('500 idle connections do not stop a scrape: the oldest idle ones are closed to make room', async () => {
  const exporter = createMetricsExporter({ listen: { host: '127.0.0.1', port: 0 }, processMetrics: false });
  const { port } = await exporter.start();
  const idle: Socket[] = [];
  let closedByServer = 0;
  try {
    await Promise.all(Array.from({ length: 500 }, async () => {
      const s = connect({ host: '127.0.0.1', port });
      idle.push(s);
      s.on('error', () => {});
      s.on('close', () => closedByServer++);
      await once(s, 'connect');
    }));
    const m = await fetchOnce(port, '/metrics', 'GET', 3000);
    assert.equal(m.status, 200);
    assert.match(m.body, /wiretop_build_info/);
    assert.ok(exporter.server.connections <= 64, `${exporter.server.connections} open`);
    assert.ok(exporter.server.shed >= 500 + 1 - 64, `${exporter.server.shed} shed`);
    // Sockets the server closed see it.
    while (closedByServer < 500 + 1 - 64) await new Promise((r) => setTimeout(r, 20));
  } finally {
    for (const s of idle) s.destroy();
    await exporter.close();
  }
});

test('with every connection busy, a further connection is closed at once', async () => {
  const server = new HttpServer({ name: 'test', maxConnections: 3 });
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => (release = r));
  server.route('/slow', async () => {
    await gate;
    return { status: 200, contentType: 'text/plain', body: 'ok\n' };
  });
  const { port } = await server.listen('127.0.0.1', 0);
  try {
    const busy = [fetchOnce(port, '/slow', 'GET', 5000), fetchOnce(port, '/slow', 'GET', 5000), fetchOnce(port, '/slow', 'GET', 5000)];
    while (server.connections < 3) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 50)); // the three requests have arrived
    await assert.rejects(fetchOnce(port, '/slow', 'GET', 2000), /socket hang up|ECONNRESET/);
    assert.equal(server.rejected, 1);
    release();
    for (const a of await Promise.all(busy)) assert.equal(a.status, 200);
  } finally {
    release();
    await server.close();
  }
});

test('a client that never finishes its headers is answered 408 and closed', async () => {
  const server = new HttpServer({ name: 'test', headersTimeoutMs: 800, requestTimeoutMs: 1500 });
  server.route('/metrics', () => ({ status: 200, contentType: 'text/plain', body: 'x\n' }));
  const { port } = await server.listen('127.0.0.1', 0);
  try {
    const s = connect({ host: '127.0.0.1', port });
    await once(s, 'connect');
    s.write('GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    let got = '';
    s.setEncoding('utf8').on('data', (d: string) => (got += d));
    await once(s, 'close');
    assert.match(got, /^HTTP\/1\.1 408 /);
    // Headers that are too large: 431.
    const big = connect({ host: '127.0.0.1', port });
    await once(big, 'connect');
    let bigAnswer = '';
    big.setEncoding('utf8').on('data', (d: string) => (bigAnswer += d));
    big.on('error', () => {});
    big.write(`GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    await once(big, 'close');
    assert.match(bigAnswer, /^HTTP\/1\.1 431 /);
  } finally {
    await server.close();
  }
});

test('bind errors are one line naming the fix', async () => {
  const taken = createServer();
  taken.listen(0, '127.0.0.1');
  await once(taken, 'listening');
  const port = (taken.address() as { port: number }).port;
  try {
    const s = new HttpServer({ name: '--metrics' });
    await assert.rejects(s.listen('127.0.0.1', port), (e: Error) => {
      assert.equal(e.message, `cannot serve --metrics on 127.0.0.1:${port}: the address is in use (another program listens there); choose another port`);
      return true;
    });
  } finally {
    taken.close();
  }
  // An address that is none of this host's (documentation range, never configured here).
  const s = new HttpServer({ name: '--metrics' });
  await assert.rejects(s.listen('198.51.100.77', 9999), /^Error: cannot serve --metrics on 198\.51\.100\.77:9999: this host has no such address; use 127\.0\.0\.1, 0\.0\.0\.0, \[::\] or one of the host's own addresses$/);
  const v6 = new HttpServer({ name: '--metrics' });
  await assert.rejects(v6.listen('2001:db8::77', 9999), /cannot serve --metrics on \[2001:db8::77\]:9999: /);
});

test('routes are exact paths, mounted once; /metrics leaves / to another page on a shared server', async () => {
  const server = new HttpServer({ name: 'test' });
  server.route('/', () => ({ status: 200, contentType: 'text/html; charset=utf-8', body: '<p>web view</p>' }));
  mountMetrics(server, new PromRegistry({ processMetrics: false }), '0.1.0');
  assert.throws(() => server.route('/metrics', () => ({ status: 200, contentType: 'text/plain', body: '' })), /served twice/);
  assert.throws(() => server.route('metrics', () => ({ status: 200, contentType: 'text/plain', body: '' })), /starts with \//);
  const { port } = await server.listen('127.0.0.1', 0);
  try {
    assert.equal((await fetchOnce(port, '/')).body, '<p>web view</p>');
    assert.equal((await fetchOnce(port, '/metrics')).status, 200);
  } finally {
    await server.close();
  }
});

test('a handler that fails gives a 500 and one message; one that hangs gives a 503 after its time limit', async () => {
  const errors: string[] = [];
  const server = new HttpServer({ name: 'test', handlerTimeoutMs: 300, onError: (m) => errors.push(m) });
  server.route('/fail', () => {
    throw new Error('render failed');
  });
  server.route('/hang', () => new Promise(() => {}));
  const { port } = await server.listen('127.0.0.1', 0);
  try {
    const failed = await fetchOnce(port, '/fail');
    assert.equal(failed.status, 500);
    assert.deepEqual(errors, ['test: render failed']);
    assert.equal((await fetchOnce(port, '/hang')).status, 503);
  } finally {
    await server.close();
  }
});
