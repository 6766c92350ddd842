// /proc/net tables parsed from captured samples: endpoints, states, inodes as `ss` showed them; bad lines counted, never thrown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseProcNet } from '../../src/attribution/proc-net-parse.js';
import type { SocketKindValue } from '../../src/attribution/socket-record.js';
import { newSocketRecord, SocketKind, TcpState } from '../../src/attribution/socket-record.js';
import type { PlainSocket } from './samples.js';
import { plain, sample } from './samples.js';

function parse(file: string, kind: SocketKindValue, family: 4 | 6): { sockets: PlainSocket[]; malformed: number } {
  const bytes = sample(file);
  const sockets: PlainSocket[] = [];
  const stats = { malformed: 0 };
  parseProcNet(bytes, bytes.length, kind, family, true, newSocketRecord(), (r) => sockets.push(plain(r)), stats);
  return { sockets, malformed: stats.malformed };
}

test('tcp: listener, both ends of a connection, an orphan in FIN-WAIT-2 (inode 0) and its CLOSE-WAIT peer', () => {
  const { sockets, malformed } = parse('proc-net-tcp.txt', SocketKind.TCP, 4);
  assert.equal(malformed, 0);
  const byLocal = (l: string, r: string) => sockets.find((s) => s.local === l && s.remote === r);
  assert.deepEqual(sockets.map((s) => `${s.local} ${s.remote} ${s.state}`).sort(), [
    '127.0.0.1:40002 127.0.0.1:8443 1',
    '198.51.100.7:40001 198.51.100.7:8080 1',
    '198.51.100.7:40004 198.51.100.7:8080 5',
    '198.51.100.7:8080 0.0.0.0:0 10',
    '198.51.100.7:8080 198.51.100.7:40001 1',
    '198.51.100.7:8080 198.51.100.7:40004 8',
  ]);
  assert.equal(byLocal('198.51.100.7:8080', '0.0.0.0:0')?.inode, 2653883);
  assert.equal(byLocal('198.51.100.7:40004', '198.51.100.7:8080')?.inode, 0);
  assert.equal(byLocal('198.51.100.7:40004', '198.51.100.7:8080')?.state, TcpState.FIN_WAIT2);
  assert.ok(sockets.every((s) => s.proto === 6 && s.uid === 0 && s.v6only === 0));
});

test('tcp6: a v6only listener, a dual-stack one on ::, and an IPv4-mapped connection not accepted yet (inode 0)', () => {
  const { sockets } = parse('proc-net-tcp6.txt', SocketKind.TCP, 6);
  assert.deepEqual(sockets.map((s) => [s.local, s.remote, s.state, s.inode]), [
    ['2001:db8:77::7:9443', ':::0', 10, 2653888],
    [':::8443', ':::0', 10, 2653886],
    ['::ffff:127.0.0.1:8443', '::ffff:127.0.0.1:40002', 1, 0],
  ]);
  assert.ok(sockets.every((s) => s.v6only === -1), '/proc/net does not say whether IPV6_V6ONLY is set');
});

test('udp, udp6: wildcard, connected and dual-stack sockets', () => {
  assert.deepEqual(parse('proc-net-udp.txt', SocketKind.UDP, 4).sockets.map((s) => [s.local, s.remote, s.state, s.inode]), [
    ['0.0.0.0:5353', '0.0.0.0:0', 7, 2653889],
    ['198.51.100.7:40003', '198.51.100.9:53', 1, 2653890],
  ]);
  assert.deepEqual(parse('proc-net-udp6.txt', SocketKind.UDP, 6).sockets.map((s) => [s.local, s.inode, s.proto]), [[':::5454', 2653891, 17]]);
});

test('icmp, icmp6: ping sockets keyed by their echo id; raw, raw6: the "port" is the protocol', () => {
  assert.deepEqual(parse('proc-net-icmp.txt', SocketKind.PING, 4).sockets.map((s) => [s.local, s.proto]), [['0.0.0.0:4242', 1]]);
  assert.deepEqual(parse('proc-net-icmp6.txt', SocketKind.PING, 6).sockets.map((s) => [s.local, s.proto]), [[':::4343', 58]]);
  assert.deepEqual(parse('proc-net-raw.txt', SocketKind.RAW, 4).sockets.map((s) => [s.local, s.proto]).sort(), [['0.0.0.0:1', 1], ['198.51.100.7:47', 47]]);
  assert.deepEqual(parse('proc-net-raw6.txt', SocketKind.RAW, 6).sockets.map((s) => [s.local, s.proto]), [[':::58', 58]]);
});

test('big-endian hosts print words the other way round', () => {
  const line = new TextEncoder().encode('  sl  local\n   0: C6336407:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 77 1\n');
  const got: PlainSocket[] = [];
  parseProcNet(line, line.length, SocketKind.TCP, 4, false, newSocketRecord(), (r) => got.push(plain(r)), { malformed: 0 });
  assert.deepEqual(got.map((s) => [s.local, s.uid, s.inode]), [['198.51.100.7:8080', 1000, 77]]);
});

test('broken lines are counted and skipped; the header and empty lines are not counted', () => {
  const text = ['  sl  local_address …', '   0: 076433C6:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 5 1',
    '   1: 076433C6:1F9 00000000:0000 0A', '   2: ZZ6433C6:1F90 00000000:0000 0A 0 0 0 0 0 9', '',
    '   3: 076433C6:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 x 0 5 1', '   4: 076433C6:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 6'].join('\n');
  const bytes = new TextEncoder().encode(text);
  const got: number[] = [];
  const stats = { malformed: 0 };
  parseProcNet(bytes, bytes.length, SocketKind.TCP, 4, true, newSocketRecord(), (r) => got.push(r.inode), stats);
  assert.deepEqual(got, [5, 6]);
  assert.equal(stats.malformed, 3);
});

test('any bytes: no throw, every visited record has ports and an inode in range', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), fc.boolean(), (bytes, v6) => {
    parseProcNet(bytes, bytes.length, SocketKind.UDP, v6 ? 6 : 4, true, newSocketRecord(), (r) => {
      assert.ok(r.localPort <= 0xffff && r.remotePort <= 0xffff && r.inode >= 0 && Number.isSafeInteger(r.inode));
    }, { malformed: 0 });
  }), { numRuns: 2000 });
});
