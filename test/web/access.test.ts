// The web view's access rules: Host allow-list (DNS rebinding), cross-site subresources, the token by header, cookie or entry address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access, cookieName, hostAllowed, parseToken, sameSecret } from '../../src/web/access.js';
import type { AccessPolicy, AccessRequest } from '../../src/web/access.js';
import { isLoopback, tokenRequired, webHostName } from '../../src/web/web-options.js';

const TOKEN = 'k3J9xQ2mVb7Lr0aT5yW8nE1uD4sG6hFz';
const OPEN: AccessPolicy = { port: 8080, token: null, allowHosts: [] };
const LOCKED: AccessPolicy = { port: 8080, token: TOKEN, allowHosts: ['wiretop.example.org'] };

function req(path: string, headers: Record<string, string>, query = ''): AccessRequest {
  return { path, query: new URLSearchParams(query), headers: { host: '127.0.0.1:8080', ...headers } };
}

test('Host: localhost and IP literals on our port, allowed names on any port; anything else is refused', () => {
  for (const h of ['127.0.0.1:8080', 'localhost:8080', 'LOCALHOST:8080', 'localhost.:8080', '[::1]:8080', '198.51.100.1:8080', '[2001:db8::1]:8080', 'localhost', '127.0.0.1']) {
    assert.equal(hostAllowed(h, LOCKED), true, h);
  }
  for (const h of ['127.0.0.1:9090', 'localhost:80', 'evil.example:8080', 'evil.example', 'wiretop.example.org.evil:8080', '127.1:8080', '[::1', '', '1.2.3.4:8080:1',
    'localhost:8080@evil', 'xn--e1a.example:8080', '[::ffff:zz]:8080', '0x7f.0.0.1:8080']) {
    assert.equal(hostAllowed(h, LOCKED), false, h);
  }
  assert.equal(hostAllowed('wiretop.example.org', LOCKED), true, 'behind a reverse proxy: no port');
  assert.equal(hostAllowed('WIRETOP.example.org:443', LOCKED), true);
});

test('a wrong or missing Host gets 421 before anything else, token or not', () => {
  for (const policy of [OPEN, LOCKED]) {
    const v = access(policy, req('/', { host: 'rebind.attacker.example:8080', authorization: `Bearer ${TOKEN}` }));
    assert.equal(v.kind, 'deny');
    assert.equal(v.kind === 'deny' && v.status, 421);
    const none = access(policy, { path: '/', query: new URLSearchParams(), headers: {} });
    assert.equal(none.kind === 'deny' && none.status, 421);
  }
});

test('other sites may link to the page but not load its scripts or data', () => {
  const sub = access(OPEN, req('/api/v1/snapshot', { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'cors' }));
  assert.equal(sub.kind === 'deny' && sub.status, 403);
  assert.equal(access(OPEN, req('/assets/app.js', { 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'no-cors' })).kind, 'deny');
  assert.equal(access(OPEN, req('/', { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' })).kind, 'allow');
  assert.equal(access(OPEN, req('/api/v1/stream', { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors' })).kind, 'allow');
});

test('without a token policy everything with a good Host passes; with one, nothing passes without the token', () => {
  assert.equal(access(OPEN, req('/api/v1/stream', {})).kind, 'allow');
  for (const path of ['/', '/assets/app.js', '/api/v1/stream', '/api/v1/snapshot']) {
    const v = access(LOCKED, req(path, {}));
    assert.equal(v.kind, 'deny', path);
    if (v.kind !== 'deny') continue;
    assert.equal(v.status, 401);
    assert.equal(v.headers['WWW-Authenticate'], 'Bearer realm="wiretop"');
    assert.ok(!v.body.includes(TOKEN), 'the answer never holds the token');
  }
});

test('the token: Authorization: Bearer, the cookie, or ?token= on the entry page only (which logs in)', () => {
  assert.equal(access(LOCKED, req('/api/v1/snapshot', { authorization: `Bearer ${TOKEN}` })).kind, 'allow');
  assert.equal(access(LOCKED, req('/api/v1/snapshot', { authorization: `Bearer ${TOKEN}x` })).kind, 'deny');
  assert.equal(access(LOCKED, req('/api/v1/stream', { cookie: `other=1; ${cookieName(8080)}=${TOKEN}` })).kind, 'allow');
  assert.equal(access(LOCKED, req('/api/v1/stream', { cookie: `${cookieName(9090)}=${TOKEN}` })).kind, 'deny', 'another port\'s cookie');
  assert.equal(access(LOCKED, req('/api/v1/stream', { cookie: `${cookieName(8080)}=wrong` })).kind, 'deny');
  const login = access(LOCKED, req('/', {}, `token=${TOKEN}`));
  assert.equal(login.kind, 'login');
  if (login.kind === 'login') assert.equal(login.cookie, `${cookieName(8080)}=${TOKEN}; Path=/; HttpOnly; SameSite=Strict`);
  assert.equal(access(LOCKED, req('/', {}, 'token=nope')).kind, 'deny');
  assert.equal(access(LOCKED, req('/api/v1/stream', {}, `token=${TOKEN}`)).kind, 'deny', 'no token in the stream\'s URL: it would sit in logs');
});

test('sameSecret compares whole strings', () => {
  assert.equal(sameSecret(TOKEN, TOKEN), true);
  assert.equal(sameSecret(TOKEN.slice(0, -1), TOKEN), false);
  assert.equal(sameSecret(`${TOKEN}a`, TOKEN), false);
  assert.equal(sameSecret('', TOKEN), false);
  assert.equal(sameSecret(TOKEN.replace(/.$/, 'Q'), TOKEN), false);
});

test('token files: the first non-empty line, 16 to 512 safe characters', () => {
  assert.deepEqual(parseToken(`\n  ${TOKEN}  \nrest\n`, 'f'), { token: TOKEN });
  for (const bad of ['short', 'a'.repeat(513), 'has space in it 123456', 'semi;colon;0123456789', '']) assert.ok('error' in parseToken(bad, 'f'), bad);
});

test('which addresses need a token, and what --web-allow-host takes', () => {
  assert.equal(isLoopback('127.0.0.1'), true);
  assert.equal(isLoopback('127.9.9.9'), true);
  assert.equal(isLoopback('::1'), true);
  assert.equal(isLoopback('0.0.0.0'), false);
  assert.equal(isLoopback('::'), false);
  assert.equal(tokenRequired({ host: '198.51.100.1', port: 1 }), true);
  assert.equal(tokenRequired({ host: '127.0.0.1', port: 1 }), false);
  assert.equal(webHostName('WireTop.Example.org.'), 'wiretop.example.org');
  for (const bad of ['', 'a b', 'evil/x', '-x.example', 'x'.repeat(64) + '.example', 'host:80']) assert.equal(webHostName(bad), null, bad);
});
