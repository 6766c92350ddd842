// --metrics [ADDR:]PORT: IP literals only, loopback by default, one-line errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatListenAddress, parseListenAddress } from '../../src/config/listen-address.js';

test('a port alone listens on loopback; IPv4, bracketed IPv6 and localhost are taken', () => {
  const ok = (text: string) => parseListenAddress('--metrics', text);
  assert.deepEqual(ok('9100'), { host: '127.0.0.1', port: 9100 });
  assert.deepEqual(ok('0.0.0.0:9100'), { host: '0.0.0.0', port: 9100 });
  assert.deepEqual(ok('198.51.100.7:1'), { host: '198.51.100.7', port: 1 });
  assert.deepEqual(ok('[::]:65535'), { host: '::', port: 65535 });
  assert.deepEqual(ok('[2001:DB8:0::1]:9100'), { host: '2001:db8::1', port: 9100 });
  assert.deepEqual(ok('localhost:9100'), { host: '127.0.0.1', port: 9100 });
  assert.equal(formatListenAddress({ host: '::1', port: 9100 }), '[::1]:9100');
  assert.equal(formatListenAddress({ host: '127.0.0.1', port: 9100 }), '127.0.0.1:9100');
});

test('anything else is refused with the option, the expected shape and the text given', () => {
  for (const bad of ['', 'x', ':9100', '9100:', '::1:9100', '[::1]9100', '[::1:9100', '[198.51.100.1]:80', 'example.com:9100',
    '10.1:80', '010.0.0.1:80', '1.2.3.4:80:80', '+80', '9100 ', ' 9100', '1e3', '[fe80::1%eth0]:80', '999999']) {
    const r = parseListenAddress('--metrics', bad);
    assert.ok('error' in r, `${JSON.stringify(bad)} is refused`);
    assert.match(r.error, /^--metrics (wants \[ADDR:\]PORT with ADDR an IP address, e\.g\. 9100, 0\.0\.0\.0:9100 or \[::1\]:9100, not ".*"|: the port must be 1–65535, not \d+)$/);
  }
  assert.deepEqual(parseListenAddress('--metrics', '0'), { error: '--metrics: the port must be 1–65535, not 0' });
  assert.deepEqual(parseListenAddress('--metrics', '127.0.0.1:65536'), { error: '--metrics: the port must be 1–65535, not 65536' });
});
