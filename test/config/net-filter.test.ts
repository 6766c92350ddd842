// -F / -G parsing with iftop's messages and quirks (spec 5.5).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inetAton, parseNetFilter4, parseNetFilter6 } from '../../src/config/net-filter.js';
import { formatAddress } from '../../src/format/inet-ntop.js';

function show(r: ReturnType<typeof parseNetFilter4>) {
  const f = r.filter;
  return { net: f && formatAddress(f.family, f.net), mask: f && formatAddress(f.family, f.mask), message: r.message };
}

test('IPv4: prefix and dotted masks agree; the network is masked', () => {
  assert.deepEqual(show(parseNetFilter4('127.0.0.5/30')), { net: '127.0.0.4', mask: '255.255.255.252', message: null });
  assert.deepEqual(show(parseNetFilter4('127.0.0.5/255.255.255.252')), { net: '127.0.0.4', mask: '255.255.255.252', message: null });
  assert.deepEqual(show(parseNetFilter4('10/8')), { net: '0.0.0.0', mask: '255.0.0.0', message: null }, 'inet_aton: "10" is 0.0.0.10');
  assert.deepEqual(show(parseNetFilter4('10.0.0.0/0')), { net: '0.0.0.0', mask: '0.0.0.0', message: null });
});

test('IPv4 errors, including /33 which keeps the filter on with a /24 mask', () => {
  assert.deepEqual(show(parseNetFilter4('10.0.0.0')), { net: null, mask: null, message: 'Could not parse net/mask: 10.0.0.0' });
  assert.deepEqual(show(parseNetFilter4('10.0.0.300/8')), { net: null, mask: null, message: 'Invalid network address: 10.0.0.300' });
  assert.deepEqual(show(parseNetFilter4('10.1.2.3/33')), { net: '10.1.2.0', mask: '255.255.255.0', message: 'Invalid netmask length: 33' });
  assert.deepEqual(show(parseNetFilter4('10.1.2.3/255.x')), { net: null, mask: null, message: 'Invalid netmask: 10.1.2.3' });
});

test('inet_aton shorthand forms', () => {
  const a = (s: string) => { const b = inetAton(s); return b && formatAddress(4, b); };
  assert.equal(a('127.1'), '127.0.0.1');
  assert.equal(a('10.1.2'), '10.1.0.2');
  assert.equal(a('0x7f.1'), '127.0.0.1');
  assert.equal(a('010.0.0.1'), '8.0.0.1');
  assert.equal(a('4294967295'), '255.255.255.255');
  assert.equal(a('1.2.3.4.5'), null);
  assert.equal(a('256.1'), null);
  assert.equal(a(''), null);
});

test('IPv6: prefixes are laid over the default ffff:: mask (so /4 gives f0ff::); errors as iftop', () => {
  assert.deepEqual(show(parseNetFilter6('2001:db8:1::5/48')), { net: '2001:db8:1::', mask: 'ffff:ffff:ffff::', message: null });
  assert.deepEqual(show(parseNetFilter6('2001:db8::/4')), { net: '2001::', mask: 'f0ff::', message: null });
  assert.deepEqual(show(parseNetFilter6('2001:db8::/8')), { net: '2001::', mask: 'ffff::', message: null });
  assert.deepEqual(show(parseNetFilter6('::1')), { net: null, mask: null, message: 'Could not parse IPv6 net/prefix: ::1' });
  assert.deepEqual(show(parseNetFilter6('zz::/64')), { net: null, mask: null, message: 'Invalid IPv6 network address: zz::' });
  assert.deepEqual(show(parseNetFilter6('::1/0')), { net: null, mask: null, message: 'Invalid IPv6 prefix length: 0' });
  assert.deepEqual(show(parseNetFilter6('::1/129')), { net: null, mask: null, message: 'Invalid IPv6 prefix length: 129' });
  assert.deepEqual(show(parseNetFilter6('2001:db8::1/ffff:ffff::')), { net: '2001:db8::', mask: 'ffff:ffff::', message: null });
});
