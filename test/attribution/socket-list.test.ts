// The kernel's matching rules over captured tables: exact before bound before wildcard, dual-stack, listeners, ping ids.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseProcNet } from '../../src/attribution/proc-net-parse.js';
import type { SocketKindValue } from '../../src/attribution/socket-record.js';
import { newSocketRecord, SocketKind } from '../../src/attribution/socket-record.js';
import type { ListMatch } from '../../src/attribution/socket-list.js';
import { SocketList } from '../../src/attribution/socket-list.js';
import { words } from '../helpers/flow-keys.js';
import { sample } from './samples.js';

const list = new SocketList();
const rec = newSocketRecord();
for (const [file, kind, family] of [['tcp', SocketKind.TCP, 4], ['tcp6', SocketKind.TCP, 6], ['udp', SocketKind.UDP, 4], ['udp6', SocketKind.UDP, 6],
  ['icmp', SocketKind.PING, 4], ['icmp6', SocketKind.PING, 6], ['raw', SocketKind.RAW, 4], ['raw6', SocketKind.RAW, 6]] as const) {
  const b = sample(`proc-net-${file}.txt`);
  parseProcNet(b, b.length, kind, family, true, rec, (r) => list.push(r), { malformed: 0 });
}

/** Inodes of the best match for traffic local → remote ("addr:port"; ICMP: addr only). */
function owners(kind: SocketKindValue, proto: number, local: string, remote: string, echoId = 0): number[] | 'closed' {
  const split = (s: string): [string, number] => {
    const i = s.lastIndexOf(':');
    return kind === SocketKind.TCP || kind === SocketKind.UDP ? [s.slice(0, i), Number(s.slice(i + 1))] : [s, 0];
  };
  const [la, lp] = split(local), [ra, rp] = split(remote);
  const l = words(la), r = words(ra);
  const m: ListMatch = { hits: [], closed: false };
  list.match(kind, l.family, proto, l.w, lp, r.w, rp, echoId, m);
  return m.closed ? 'closed' : m.hits.map((i) => list.inode[i]!);
}

test('TCP: an established socket by its 4-tuple; its listener for a new peer; nothing on a port nobody listens on', () => {
  assert.deepEqual(owners(SocketKind.TCP, 6, '198.51.100.7:40001', '198.51.100.7:8080'), [2653884]);
  assert.deepEqual(owners(SocketKind.TCP, 6, '198.51.100.7:8080', '198.51.100.7:40001'), [2653885]);
  assert.deepEqual(owners(SocketKind.TCP, 6, '198.51.100.7:8080', '203.0.113.5:50000'), [2653883], 'an inbound connection not accepted yet: the listener');
  assert.deepEqual(owners(SocketKind.TCP, 6, '198.51.100.7:8081', '203.0.113.5:50000'), []);
});

test('TCP: an orphan whose process closed it (FIN-WAIT-2, no inode) says closed', () => {
  assert.equal(owners(SocketKind.TCP, 6, '198.51.100.7:40004', '198.51.100.7:8080'), 'closed');
});

test('TCP over IPv4 on IPv6 sockets: the dual-stack listener takes it (also for the mapped connection not yet accepted); the v6only one does not', () => {
  assert.deepEqual(owners(SocketKind.TCP, 6, '127.0.0.1:8443', '127.0.0.1:40002'), [2653886]);
  assert.deepEqual(owners(SocketKind.TCP, 6, '198.51.100.7:8443', '203.0.113.5:1'), [2653886]);
  assert.deepEqual(owners(SocketKind.TCP, 6, '2001:db8:77::7:9443', '2001:db8::5:1'), [2653888]);
  // /proc/net cannot tell v6only: a v4 flow to 9443 finds nothing because that socket is bound to a v6 address.
  assert.deepEqual(owners(SocketKind.TCP, 6, '198.51.100.7:9443', '203.0.113.5:1'), []);
});

test('UDP: connected socket for its peer, the wildcard one for anyone on its port, IPv4 on the dual-stack :: socket', () => {
  assert.deepEqual(owners(SocketKind.UDP, 17, '198.51.100.7:40003', '198.51.100.9:53'), [2653890]);
  assert.deepEqual(owners(SocketKind.UDP, 17, '198.51.100.7:40003', '198.51.100.10:53'), [], 'a connected socket takes only its peer');
  assert.deepEqual(owners(SocketKind.UDP, 17, '198.51.100.7:5353', '203.0.113.1:5353'), [2653889]);
  assert.deepEqual(owners(SocketKind.UDP, 17, '198.51.100.7:5454', '203.0.113.1:9'), [2653891]);
  assert.deepEqual(owners(SocketKind.UDP, 17, '2001:db8:77::7:5454', '2001:db8::1:9'), [2653891]);
});

test('ICMP: the ping socket with the echo id; without an id the ping socket beats the raw one; other protocols: raw sockets of that protocol', () => {
  const pingV4 = 2653892, raw1 = list.inode[[...Array(list.count).keys()].find((i) => list.kind[i] === SocketKind.RAW && list.proto[i] === 1)!]!;
  assert.equal(owners(SocketKind.PING, 1, '198.51.100.7', '198.51.100.9', 4242)[0], pingV4);
  assert.deepEqual(owners(SocketKind.PING, 1, '198.51.100.7', '198.51.100.9', 4343), [raw1], 'no ping socket with that id: the raw socket sees it');
  assert.deepEqual(owners(SocketKind.PING, 1, '198.51.100.7', '198.51.100.9'), [pingV4]);
  assert.equal(owners(SocketKind.PING, 58, '2001:db8:77::7', '2001:db8::9').length, 1);
  assert.equal(owners(SocketKind.RAW, 47, '198.51.100.7', '198.51.100.9').length, 1, 'the GRE raw socket bound to .7');
  assert.deepEqual(owners(SocketKind.RAW, 47, '198.51.100.8', '198.51.100.9'), []);
});

test('clear() empties the list and its port chains for the next read', () => {
  const l = new SocketList();
  const b = sample('proc-net-udp.txt');
  parseProcNet(b, b.length, SocketKind.UDP, 4, true, rec, (r) => l.push(r), { malformed: 0 });
  l.clear();
  const m: ListMatch = { hits: [], closed: false };
  l.match(SocketKind.UDP, 4, 17, words('198.51.100.7').w, 5353, words('203.0.113.1').w, 1, 0, m);
  assert.deepEqual(m.hits, []);
  // Grows past its first capacity.
  const wild = newSocketRecord();
  wild.kind = SocketKind.UDP;
  wild.proto = 17;
  for (let i = 0; i < 1000; i++) l.push({ ...wild, localPort: 1000 + i, inode: i + 1 });
  l.match(SocketKind.UDP, 4, 17, words('0.0.0.0').w, 1999, words('203.0.113.1').w, 1, 0, m);
  assert.equal(m.hits.length, 1);
});
