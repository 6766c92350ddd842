// Direction and flow-key rules (iftop spec 5.4) through the real decoder and monitor, incl. wiretop's fixes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Monitor } from '../../src/core/monitor.js';
import { Analyser, EMPTY_MODEL } from '../../src/core/analysis.js';
import { defaultViewOptions } from '../../src/core/view-options.js';
import type { LocalNetwork } from '../../src/core/local-network.js';
import { NO_LOCAL_NETWORK } from '../../src/core/local-network.js';
import { parseNetFilter4 } from '../../src/config/net-filter.js';
import { formatAddress } from '../../src/format/inet-ntop.js';
import { ethernet, ipv4, ipv6, ipv4Address, ipv6Address, macAddress } from '../helpers/frames.js';

const OUR_MAC = '02:00:00:00:00:01';
const OTHER_MAC = '02:00:00:00:00:09';
const LOCAL: LocalNetwork = {
  ...NO_LOCAL_NETWORK,
  mac: macAddress(OUR_MAC),
  ipv4: [ipv4Address('10.0.0.1')],
  ipv6: [ipv6Address('2001:db8::1')],
};

function monitor(local: LocalNetwork = LOCAL): Monitor {
  return new Monitor({ local, maxFlows: 1000, hashSeed: 1 });
}

function feed(m: Monitor, frame: Uint8Array): void {
  m.frame(1, frame, 0, frame.length, frame.length);
}

/** The lines as "src:port => dst:port sent/recv" plus the totals, after one analysis. */
function summary(m: Monitor, ports = false) {
  const model = new Analyser().analyse(m, { ...defaultViewOptions(), portDisplay: ports ? 'on' : 'off' }, EMPTY_MODEL, () => '');
  const addr = (f: 0 | 4 | 6, a: Uint8Array) => (f === 0 ? 'other' : formatAddress(f, a));
  return {
    lines: model.lines.map((l) => `${addr(l.family, l.src)} => ${addr(l.family, l.dst)} ${l.totalSent}/${l.totalRecv}`),
    sent: model.cumulativeSent,
    recv: model.cumulativeRecv,
  };
}

test('source MAC ours: outgoing, local side first, sent', () => {
  const m = monitor();
  feed(m, ethernet({ src: OUR_MAC, dst: OTHER_MAC }, ipv4({ src: '10.9.9.9', dst: '10.8.8.8', payload: new Uint8Array(80) })));
  assert.deepEqual(summary(m), { lines: ['10.9.9.9 => 10.8.8.8 100/0'], sent: 100, recv: 0 });
});

test('destination MAC ours or broadcast: incoming, flipped, received', () => {
  for (const dst of [OUR_MAC, 'ff:ff:ff:ff:ff:ff']) {
    const m = monitor();
    feed(m, ethernet({ src: OTHER_MAC, dst }, ipv4({ src: '10.9.9.9', dst: '10.8.8.8', payload: new Uint8Array(30) })));
    assert.deepEqual(summary(m), { lines: ['10.8.8.8 => 10.9.9.9 0/50'], sent: 0, recv: 50 }, dst);
  }
});

test('no MAC match: our IP as source is outgoing, as destination incoming', () => {
  const m = monitor();
  feed(m, ethernet({ src: OTHER_MAC, dst: '02:00:00:00:00:08' }, ipv4({ src: '10.0.0.1', dst: '10.5.5.5', payload: new Uint8Array(10) })));
  feed(m, ethernet({ src: OTHER_MAC, dst: '02:00:00:00:00:08' }, ipv4({ src: '10.5.5.5', dst: '10.0.0.1', payload: new Uint8Array(20) })));
  assert.deepEqual(summary(m), { lines: ['10.0.0.1 => 10.5.5.5 30/40'], sent: 30, recv: 40 });
});

test('IPv4 multicast is decided on the first octet (iftop tests the last): 239.1.2.3 is, 10.1.1.230 is not', () => {
  const m = monitor();
  feed(m, ethernet({ src: OTHER_MAC, dst: '01:00:5e:01:02:03' }, ipv4({ src: '10.7.7.7', dst: '239.1.2.3', payload: new Uint8Array(0) })));
  feed(m, ethernet({ src: OTHER_MAC, dst: '02:00:00:00:00:08' }, ipv4({ src: '10.1.1.231', dst: '10.1.1.230', payload: new Uint8Array(0) })));
  assert.deepEqual(summary(m).lines, ['239.1.2.3 => 10.7.7.7 0/20', '10.1.1.231 => 10.1.1.230 20/0']);
});

test('third-party IPv4: one line per pair, larger address (network byte order) first, counted as received', () => {
  const m = monitor();
  const other = { src: OTHER_MAC, dst: '02:00:00:00:00:08' };
  feed(m, ethernet(other, ipv4({ src: '127.1.0.9', dst: '127.2.0.8', payload: new Uint8Array(0) })));
  feed(m, ethernet(other, ipv4({ src: '127.2.0.8', dst: '127.1.0.9', payload: new Uint8Array(2) })));
  // iftop's little-endian compare would print 127.1.0.9 first (9 > 8 in the last octet).
  assert.deepEqual(summary(m), { lines: ['127.2.0.8 => 127.1.0.9 22/20'], sent: 0, recv: 42 });
});

test('third-party IPv6 is counted like IPv4 (iftop drops it)', () => {
  const m = monitor();
  feed(m, ethernet({ src: OTHER_MAC, dst: '02:00:00:00:00:08' }, ipv6({ src: '2001:db8::5', dst: '2001:db8::7', payload: new Uint8Array(10) })));
  assert.deepEqual(summary(m), { lines: ['2001:db8::7 => 2001:db8::5 0/50'], sent: 0, recv: 50 });
});

test('-F: inside → outside is sent, outside → inside received, inside ↔ inside and outside ↔ outside dropped', () => {
  const net = parseNetFilter4('10.0.0.0/24').filter;
  const m = monitor({ ...LOCAL, netFilter4: net });
  const f = (src: string, dst: string) => feed(m, ethernet({ src: OUR_MAC, dst: OTHER_MAC }, ipv4({ src, dst, payload: new Uint8Array(0) })));
  f('10.0.0.5', '192.168.1.1');
  f('192.168.1.1', '10.0.0.5');
  f('10.0.0.5', '10.0.0.6');
  f('192.168.1.1', '192.168.1.2');
  assert.deepEqual(summary(m), { lines: ['10.0.0.5 => 192.168.1.1 20/20'], sent: 20, recv: 20 });
  assert.equal(m.counters.filtered, 2);
});

test('IPv6 link-local traffic is dropped unless -l', () => {
  for (const linkLocal of [false, true]) {
    const m = monitor({ ...LOCAL, linkLocal });
    feed(m, ethernet({ src: OUR_MAC, dst: OTHER_MAC }, ipv6({ src: 'fe80::1', dst: 'fe80::2', payload: new Uint8Array(8) })));
    assert.equal(summary(m).lines.length, linkLocal ? 1 : 0);
    assert.equal(m.counters.filtered, linkLocal ? 0 : 1);
  }
});

test('equal source and destination addresses: the line says sent, the totals say received (iftop 5.4 E)', () => {
  const m = monitor();
  feed(m, ethernet({ src: OTHER_MAC, dst: OUR_MAC }, ipv4({ src: '10.0.0.1', dst: '10.0.0.1', payload: new Uint8Array(0) })));
  assert.deepEqual(summary(m), { lines: ['10.0.0.1 => 10.0.0.1 20/0'], sent: 0, recv: 20 });
});

test('loopback: both MACs zero equal the interface MAC, so every packet is outgoing', () => {
  const m = monitor({ ...NO_LOCAL_NETWORK, mac: new Uint8Array(6), ipv4: [ipv4Address('127.0.0.1')] });
  const zero = { src: '00:00:00:00:00:00', dst: '00:00:00:00:00:00' };
  feed(m, ethernet(zero, ipv4({ src: '127.0.0.1', dst: '127.0.0.2', payload: new Uint8Array(0) })));
  feed(m, ethernet(zero, ipv4({ src: '127.0.0.2', dst: '127.0.0.1', payload: new Uint8Array(0) })));
  assert.deepEqual(summary(m), { lines: ['127.0.0.1 => 127.0.0.2 20/0', '127.0.0.2 => 127.0.0.1 20/0'], sent: 40, recv: 0 });
});

test('Linux cooked capture: packet type decides (to us → incoming, outgoing → outgoing)', async () => {
  const { sll } = await import('../helpers/frames.js');
  const m = monitor({ ...NO_LOCAL_NETWORK });
  const out = sll({ packetType: 4 }, ipv4({ src: '10.0.0.1', dst: '10.0.0.2', payload: new Uint8Array(0) }));
  const inn = sll({ packetType: 0 }, ipv4({ src: '10.0.0.2', dst: '10.0.0.1', payload: new Uint8Array(2) }));
  m.frame(113, out, 0, out.length, out.length);
  m.frame(113, inn, 0, inn.length, inn.length);
  assert.deepEqual(summary(m), { lines: ['10.0.0.1 => 10.0.0.2 20/22'], sent: 20, recv: 22 });
});
