// sock_diag replies captured from a real kernel parsed as `ss` shows them; requests laid out as the kernel expects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { dumpRequest, lookupRequest, parseDiagDatagram } from '../../src/attribution/sock-diag-codec.js';
import type { DiagChunk } from '../../src/attribution/sock-diag-codec.js';
import { newSocketRecord } from '../../src/attribution/socket-record.js';
import type { PlainSocket } from './samples.js';
import { diagDatagrams, plain } from './samples.js';

function parseAll(name: string, proto: number): { sockets: PlainSocket[]; ends: DiagChunk[]; malformed: number } {
  const sockets: PlainSocket[] = [];
  const ends: DiagChunk[] = [];
  const stats = { malformed: 0 };
  for (const d of diagDatagrams(name)) ends.push(parseDiagDatagram(d, d.length, proto, true, newSocketRecord(), (r) => sockets.push(plain(r)), stats));
  return { sockets, ends, malformed: stats.malformed };
}

test('a TCP/IPv4 dump: the six sockets ss listed, then the end of the dump', () => {
  const { sockets, ends, malformed } = parseAll('tcp4', 6);
  assert.equal(malformed, 0);
  assert.deepEqual(ends.map((e) => e.kind), ['more', 'done']);
  assert.deepEqual(sockets.map((s) => `${s.local} ${s.remote} ${s.state} ${s.inode}`).sort(), [
    '127.0.0.1:40002 127.0.0.1:8443 1 2653887',
    '198.51.100.7:40001 198.51.100.7:8080 1 2653884',
    '198.51.100.7:40004 198.51.100.7:8080 5 0',
    '198.51.100.7:8080 0.0.0.0:0 10 2653883',
    '198.51.100.7:8080 198.51.100.7:40001 1 2653885',
    '198.51.100.7:8080 198.51.100.7:40004 8 2653898',
  ]);
  // The cgroup v2 id comes along (1: the root cgroup on this host); ss printed it as "cgroup:…:1".
  assert.ok(sockets.filter((s) => s.inode !== 0).every((s) => s.cgroupId === 1));
});

test('TCP/IPv6: v6only is reported per socket; the mapped connection waiting in the accept queue has no inode', () => {
  const { sockets } = parseAll('tcp6', 6);
  assert.deepEqual(sockets.map((s) => [s.local, s.state, s.inode, s.v6only]).sort(), [
    [':::8443', 10, 2653886, 0],
    ['2001:db8:77::7:9443', 10, 2653888, 1],
    ['::ffff:127.0.0.1:8443', 1, 0, -1],
  ].sort());
});

test('UDP dumps: wildcard, connected and dual-stack sockets', () => {
  assert.deepEqual(parseAll('udp4', 17).sockets.map((s) => [s.local, s.remote, s.inode]).sort(), [
    ['0.0.0.0:5353', '0.0.0.0:0', 2653889],
    ['198.51.100.7:40003', '198.51.100.9:53', 2653890],
  ]);
  assert.deepEqual(parseAll('udp6', 17).sockets.map((s) => [s.local, s.inode, s.v6only]), [[':::5454', 2653891, 0]]);
});

test('an exact lookup that found nothing is ENOENT', () => {
  const { sockets, ends } = parseAll('enoent', 6);
  assert.deepEqual(sockets, []);
  assert.deepEqual(ends, [{ kind: 'error', errno: -2 }]);
});

test('requests: header, family, protocol, states and the socket id in network order', () => {
  const dump = new DataView(dumpRequest({ family: 6, proto: 17 }, 0xfff, 42, true).buffer);
  assert.equal(dump.byteLength, 72);
  assert.equal(dump.getUint32(0, true), 72);
  assert.equal(dump.getUint16(4, true), 20, 'SOCK_DIAG_BY_FAMILY');
  assert.equal(dump.getUint16(6, true), 0x301, 'NLM_F_REQUEST | NLM_F_DUMP');
  assert.equal(dump.getUint32(8, true), 42);
  assert.deepEqual([dump.getUint8(16), dump.getUint8(17)], [10, 17]);
  assert.equal(dump.getUint32(20, true), 0xfff);
  const look = new DataView(lookupRequest({ family: 4, proto: 6 }, Uint32Array.of(0xc6336407, 0, 0, 0), 8080, Uint32Array.of(0xc6336409, 0, 0, 0), 40001, 7, true).buffer);
  assert.equal(look.getUint16(6, true), 1, 'NLM_F_REQUEST only: one socket, no dump');
  assert.equal(look.getUint16(24, false), 8080);
  assert.equal(look.getUint16(26, false), 40001);
  assert.equal(look.getUint32(28, false), 0xc6336407);
  assert.equal(look.getUint32(44, false), 0xc6336409);
  assert.deepEqual([look.getUint32(64, true), look.getUint32(68, true)], [0xffffffff, 0xffffffff], 'INET_DIAG_NOCOOKIE');
});

test('lying lengths end the datagram and are counted; random bytes never throw', () => {
  const good = diagDatagrams('tcp4')[0]!;
  const bad = good.slice();
  new DataView(bad.buffer).setUint32(0, 10_000, true);
  const stats = { malformed: 0 };
  let seen = 0;
  assert.deepEqual(parseDiagDatagram(bad, bad.length, 6, true, newSocketRecord(), () => seen++, stats), { kind: 'more' });
  assert.equal(seen, 0);
  assert.equal(stats.malformed, 1);
  fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), fc.constantFrom(0, 6, 17, 255), (bytes, proto) => {
    parseDiagDatagram(bytes, bytes.length, proto, true, newSocketRecord(), (r) => assert.ok(r.family === 4 || r.family === 6), { malformed: 0 });
  }), { numRuns: 3000 });
  // Cut anywhere: still no throw.
  for (let n = 0; n < good.length; n += 7) parseDiagDatagram(good.subarray(0, n), n, 6, true, newSocketRecord(), () => {}, { malformed: 0 });
});
