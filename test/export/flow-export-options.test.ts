// The --flow-export URL and the flow option parsers: accepted forms, defaults, and one clear line for everything else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseActiveTimeout, parseFlowExportUrl, parseInactiveTimeout, parseMaxDatagram, parseObservationDomain, parseTemplateRefresh,
} from '../../src/export/flow-export-options.js';

test('ipfix:// and netflow9:// URLs: default ports, IPv4, [IPv6], host names', () => {
  const ok = (t: string) => {
    const r = parseFlowExportUrl(t);
    assert.ok(r.ok, `${t}: ${r.ok ? '' : r.message}`);
    return r.value;
  };
  assert.deepEqual(ok('ipfix://127.0.0.1'), { protocol: 'ipfix', host: '127.0.0.1', port: 4739, family: 4, text: 'ipfix://127.0.0.1:4739' });
  assert.deepEqual(ok('netflow9://127.0.0.1'), { protocol: 'netflow9', host: '127.0.0.1', port: 2055, family: 4, text: 'netflow9://127.0.0.1:2055' });
  assert.deepEqual(ok('ipfix://198.51.100.4:9995'), { protocol: 'ipfix', host: '198.51.100.4', port: 9995, family: 4, text: 'ipfix://198.51.100.4:9995' });
  assert.deepEqual(ok('IPFIX://[2001:db8::5]:4740/'), { protocol: 'ipfix', host: '2001:db8::5', port: 4740, family: 6, text: 'ipfix://[2001:db8::5]:4740' });
  assert.deepEqual(ok('netflow9://[::1]'), { protocol: 'netflow9', host: '::1', port: 2055, family: 6, text: 'netflow9://[::1]:2055' });
  assert.deepEqual(ok('ipfix://Collector.Example.net:4739'), { protocol: 'ipfix', host: 'collector.example.net', port: 4739, family: null, text: 'ipfix://collector.example.net:4739' });
  assert.equal(ok('ipfix://localhost').family, null);
});

test('anything else is one line that names the accepted forms', () => {
  for (const bad of [
    '', '127.0.0.1:4739', 'udp://127.0.0.1:4739', 'netflow5://127.0.0.1', 'http://x', 'ipfix://', 'ipfix://:4739',
    'ipfix://127.0.0.1:0', 'ipfix://127.0.0.1:65536', 'ipfix://127.0.0.1:47a9', 'ipfix://2001:db8::1', 'ipfix://2001:db8::1:4739',
    'ipfix://[127.0.0.1]:4739', 'ipfix://[2001:db8::1', 'ipfix://user@host', 'ipfix://host/path', 'ipfix://host?x=1',
    'ipfix://-bad-.example', 'ipfix://10.1', 'ipfix://300.1.1.1', 'ipfix://a b', 'ipfix://\x1b[31m',
  ]) {
    const r = parseFlowExportUrl(bad);
    assert.equal(r.ok, false, bad);
    if (r.ok) continue;
    assert.match(r.message, /^--flow-export .*ipfix:\/\/HOST\[:PORT\] or netflow9:\/\/HOST\[:PORT\]/, bad);
    assert.ok(!r.message.includes('\n') && !r.message.includes('\x1b'), `one inert line for ${JSON.stringify(bad)}`);
  }
  const r = parseFlowExportUrl('udp://127.0.0.1:4739');
  assert.ok(!r.ok && r.message.includes('"udp"'));
});

test('timeouts: seconds with an optional unit, 1 s to 24 h', () => {
  assert.deepEqual(parseActiveTimeout('60s'), { ok: true, value: 60 });
  assert.deepEqual(parseActiveTimeout('90'), { ok: true, value: 90 });
  assert.deepEqual(parseActiveTimeout('2m'), { ok: true, value: 120 });
  assert.deepEqual(parseInactiveTimeout('1h'), { ok: true, value: 3600 });
  assert.deepEqual(parseInactiveTimeout('24h'), { ok: true, value: 86400 });
  for (const bad of ['0', '0s', '25h', '-5s', '1.5s', '5 s', 's', '', '10d', '1m30s']) {
    const r = parseInactiveTimeout(bad);
    assert.equal(r.ok, false, bad);
    if (!r.ok) assert.match(r.message, /^--flow-inactive-timeout takes a duration/);
  }
});

test('template refresh: DATAGRAMS/DURATION or either alone', () => {
  assert.deepEqual(parseTemplateRefresh('16/60s'), { ok: true, value: { packets: 16, seconds: 60 } });
  assert.deepEqual(parseTemplateRefresh('32'), { ok: true, value: { packets: 32, seconds: 60 } });
  assert.deepEqual(parseTemplateRefresh('5m'), { ok: true, value: { packets: 16, seconds: 300 } });
  assert.deepEqual(parseTemplateRefresh('1/1s'), { ok: true, value: { packets: 1, seconds: 1 } });
  for (const bad of ['', '0', '16/', '/60s', '16/60', '16/60s/1', 'x/60s', '0/60s', '16/0s']) {
    const r = parseTemplateRefresh(bad);
    assert.equal(r.ok, false, bad);
    if (!r.ok) assert.match(r.message, /^--flow-template-refresh takes/);
  }
});

test('observation domain and datagram size', () => {
  assert.deepEqual(parseObservationDomain('0'), { ok: true, value: 0 });
  assert.deepEqual(parseObservationDomain('4294967295'), { ok: true, value: 4294967295 });
  for (const bad of ['4294967296', '-1', '1e3', '', 'x']) assert.equal(parseObservationDomain(bad).ok, false, bad);
  assert.deepEqual(parseMaxDatagram('1400'), { ok: true, value: 1400 });
  assert.deepEqual(parseMaxDatagram('512'), { ok: true, value: 512 });
  assert.deepEqual(parseMaxDatagram('65507'), { ok: true, value: 65507 });
  for (const bad of ['511', '65508', '1400b', '']) assert.equal(parseMaxDatagram(bad).ok, false, bad);
});
