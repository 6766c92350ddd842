// History, windows, warm-up, expiry, peaks, aggregation, sorting, freeze and overflow (iftop spec 6).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Monitor } from '../../src/core/monitor.js';
import { Analyser, EMPTY_MODEL } from '../../src/core/analysis.js';
import type { ScreenModel } from '../../src/core/screen-model.js';
import { defaultViewOptions } from '../../src/core/view-options.js';
import type { ViewOptions } from '../../src/core/view-options.js';
import { NO_LOCAL_NETWORK } from '../../src/core/local-network.js';
import { formatAddress } from '../../src/format/inet-ntop.js';
import { ipv4, ipv4Address, ipv6 } from '../helpers/frames.js';

const LOCAL = { ...NO_LOCAL_NETWORK, ipv4: [ipv4Address('10.0.0.1')] };

function monitor(maxFlows = 1000): Monitor {
  return new Monitor({ local: LOCAL, maxFlows, hashSeed: 99 });
}

/** Raw IPv4 (link type 101) of exactly `bytes` bytes from 10.0.0.1 (sent) or to it (received). */
function send(m: Monitor, peer: string, bytes: number, o: { received?: boolean; proto?: 'tcp' | 'udp'; port?: number } = {}): void {
  const header = 28;
  const frame = ipv4({
    src: o.received ? peer : '10.0.0.1',
    dst: o.received ? '10.0.0.1' : peer,
    proto: o.proto ?? 'udp',
    srcPort: o.port ?? 1000,
    dstPort: 2000,
    // TCP stands for big packets: Total Length 0 makes the length come from the frame (as with BIG TCP).
    ...(o.proto === 'tcp' ? { totalLength: 0 } : { dataLength: bytes - header }),
  });
  m.frame(101, frame, 0, frame.length, Math.max(frame.length, bytes));
}

function model(m: Monitor, opts: Partial<ViewOptions> = {}, prev: ScreenModel = EMPTY_MODEL): ScreenModel {
  return new Analyser().analyse(m, { ...defaultViewOptions(), ...opts }, prev, (f, a) => (f === 0 ? '' : formatAddress(f, a)));
}

function names(s: ScreenModel): string[] {
  return s.lines.map((l) => `${l.family === 0 ? 'other' : formatAddress(l.family, l.src)}>${l.family === 0 ? 'other' : formatAddress(l.family, l.dst)}`);
}

test('warm-up: windows divide by 2 × min(slots so far, window) seconds', () => {
  const m = monitor();
  send(m, '10.0.0.2', 1000);
  let s = model(m);
  assert.deepEqual(s.lines[0]!.sent, [500, 500, 500], 'first slot: all windows over 2 s');
  m.rotate();
  send(m, '10.0.0.2', 3000);
  s = model(m);
  assert.deepEqual(s.lines[0]!.sent, [1500, 1000, 1000], '2 s = this slot; 10 s and 40 s = 4000 B / 4 s');
  for (let i = 0; i < 4; i++) m.rotate();
  s = model(m);
  assert.deepEqual(s.lines[0]!.sent, [0, 3000 / 10, 4000 / 12], '10 s window full (5 slots); 40 s over 6 slots');
  assert.deepEqual(s.totalSent, s.lines[0]!.sent);
  assert.equal(s.lines[0]!.totalSent, 4000);
});

test('a flow is shown for the last time 19 rotations after its last packet and is gone after 20', () => {
  const m = monitor();
  send(m, '10.0.0.2', 400);
  for (let r = 1; r <= 19; r++) m.rotate();
  let s = model(m);
  assert.equal(s.lines.length, 1);
  assert.deepEqual(s.lines[0]!.sent, [0, 0, 10], '400 B over 40 s');
  m.rotate();
  s = model(m);
  assert.equal(s.lines.length, 0);
  assert.equal(s.cumulativeSent, 400, 'grand totals never expire');
  assert.equal(m.table.size, 0);
});

test('a flow that resumes after expiring starts its cumulative count again', () => {
  const m = monitor();
  send(m, '10.0.0.2', 100);
  for (let r = 0; r < 20; r++) m.rotate();
  send(m, '10.0.0.2', 60);
  assert.equal(model(m).lines[0]!.totalSent, 60);
  assert.equal(model(m).cumulativeSent, 160);
});

test('peaks: the largest 2 s slot of the last 40 s, halved with integer division, never wrapping at 2^31', () => {
  const m = monitor();
  send(m, '10.0.0.2', 29);
  let s = model(m);
  assert.equal(s.peakSent, 14, '29-byte slot → 14 B/s (the 2 s rate says 14.5)');
  m.rotate();
  for (let i = 0; i < 70; i++) send(m, '10.0.0.2', 40_000_000, { proto: 'tcp' });
  s = model(m);
  assert.equal(s.peakSent, 1_400_000_000, 'a 2.8 GB slot (iftop wraps it negative and shows 0b)');
  assert.equal(s.peakTotal, 1_400_000_000);
  send(m, '10.0.0.3', 1000, { received: true });
  assert.equal(model(m).peakRecv, 500);
});

test('port display off merges protocols and ports; -P splits them; IPv4 and IPv6 never merge', () => {
  const m = monitor();
  send(m, '10.0.0.2', 100, { proto: 'udp', port: 1 });
  send(m, '10.0.0.2', 100, { proto: 'udp', port: 2 });
  send(m, '10.0.0.2', 100, { proto: 'tcp', port: 1 });
  const v6 = ipv6({ src: '2001:db8::1', dst: '2001:db8::2', payload: new Uint8Array(60) });
  m.frame(101, v6, 0, v6.length, v6.length);
  assert.equal(model(m).lines.length, 2);
  assert.equal(model(m, { portDisplay: 'on' }).lines.length, 4);
  assert.equal(model(m, { portDisplay: 'destination-only' }).lines.length, 3, 'udp and tcp to port 2000, plus IPv6');
  const hidden = model(m, { hideSource: true, hideDestination: true });
  assert.equal(hidden.lines.length, 2, 'one IPv4 " * " line and one IPv6 line');
});

test('bandwidth sort uses the chosen column, then the later ones; ties keep first-seen order', () => {
  const m = monitor();
  send(m, '10.0.0.2', 1000);
  send(m, '10.0.0.3', 500);
  m.rotate();
  send(m, '10.0.0.3', 700);
  send(m, '10.0.0.4', 700);
  assert.deepEqual(names(model(m, { sort: '2s' })), ['10.0.0.1>10.0.0.3', '10.0.0.1>10.0.0.4', '10.0.0.1>10.0.0.2']);
  assert.deepEqual(names(model(m, { sort: '10s' })), ['10.0.0.1>10.0.0.3', '10.0.0.1>10.0.0.2', '10.0.0.1>10.0.0.4']);
  send(m, '10.0.0.5', 700);
  send(m, '10.0.0.6', 700);
  const tie = names(model(m, { sort: '2s' })).slice(1, 4);
  assert.deepEqual(tie, ['10.0.0.1>10.0.0.4', '10.0.0.1>10.0.0.5', '10.0.0.1>10.0.0.6'], 'equal rates: creation order');
});

test('one-line-sent sorts by the sent rate only', () => {
  const m = monitor();
  send(m, '10.0.0.2', 100);
  send(m, '10.0.0.2', 5000, { received: true });
  send(m, '10.0.0.3', 200);
  assert.deepEqual(names(model(m, { sort: '2s', lineDisplay: 'one-line-sent' })), ['10.0.0.1>10.0.0.3', '10.0.0.1>10.0.0.2']);
  assert.deepEqual(names(model(m, { sort: '2s', lineDisplay: 'two-line' })), ['10.0.0.1>10.0.0.2', '10.0.0.1>10.0.0.3']);
});

test('name sort is byte-wise ascending (10 before 9); equal names fall back to the 40 s column', () => {
  const m = monitor();
  send(m, '10.0.0.9', 100);
  send(m, '10.0.0.10', 100);
  send(m, '10.0.0.2', 100, { received: true });
  assert.deepEqual(names(model(m, { sort: 'destination' })), ['10.0.0.1>10.0.0.10', '10.0.0.1>10.0.0.2', '10.0.0.1>10.0.0.9']);
});

test('frozen: order and membership kept, new flows get no line, expired lines show zeros, peaks only grow', () => {
  const m = monitor();
  send(m, '10.0.0.2', 100);
  send(m, '10.0.0.3', 4000);
  const before = model(m);
  m.rotate();
  send(m, '10.0.0.2', 9000);
  send(m, '10.0.0.4', 50_000);
  const frozen = model(m, { frozen: true }, before);
  assert.deepEqual(names(frozen), names(before));
  assert.equal(frozen.lines[1]!.sent[0], 4500, '10.0.0.2 moved up in rate but not in order');
  assert.ok(frozen.peakSent >= before.peakSent);
  for (let r = 0; r < 20; r++) m.rotate();
  const expired = model(m, { frozen: true }, frozen);
  assert.deepEqual(names(expired), names(before));
  assert.deepEqual(expired.lines[0]!.sent, [0, 0, 0]);
  assert.equal(expired.peakSent, frozen.peakSent);
});

test('beyond --max-flows new flows share the overflow line, so lines add up to the totals', () => {
  const m = monitor(2);
  send(m, '10.0.0.2', 100);
  send(m, '10.0.0.3', 200);
  send(m, '10.0.0.4', 300);
  send(m, '10.0.0.5', 400, { received: true });
  const s = model(m);
  assert.equal(m.counters.overflow, 2);
  assert.deepEqual(names(s), ['other>other', '10.0.0.1>10.0.0.3', '10.0.0.1>10.0.0.2']);
  const sent = s.lines.reduce((a, l) => a + l.totalSent, 0);
  const recv = s.lines.reduce((a, l) => a + l.totalRecv, 0);
  assert.equal(sent + recv, s.cumulativeSent + s.cumulativeRecv);
});

test('the first N lines of a limited analysis equal the first N of the full order (bounded-heap selection)', () => {
  const m = monitor(100_000);
  let seed = 7;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  for (let i = 0; i < 3000; i++) {
    const peer = `10.${1 + (rand() % 3)}.${rand() % 256}.${rand() % 256}`;
    send(m, peer, 28 + (rand() % 40) * 25, { received: (rand() & 1) === 1 });
    if (i % 1000 === 999) m.rotate();
  }
  for (const sort of ['2s', '10s', '40s', 'source', 'destination'] as const) {
    const full = model(m, { sort });
    const analyser = new Analyser();
    const top = analyser.analyse(m, { ...defaultViewOptions(), sort }, EMPTY_MODEL, (f, a) => (f === 0 ? '' : formatAddress(f, a)), 25);
    assert.equal(top.lines.length, 25);
    assert.equal(top.lineCount, full.lineCount);
    assert.deepEqual(names(top), names(full).slice(0, 25), sort);
  }
});

test('include: only accepted flows make lines (the totals stay whole, the overflow line goes); rankOf maps flows to shown ranks', () => {
  const m = monitor(2);
  send(m, '10.0.0.2', 1000);
  send(m, '10.0.0.3', 3000);
  send(m, '10.0.0.4', 500);
  const a = new Analyser();
  const nameOf = (f: 0 | 4 | 6, x: Uint8Array) => (f === 0 ? '' : formatAddress(f, x));
  const all = a.analyse(m, defaultViewOptions(), EMPTY_MODEL, nameOf);
  assert.deepEqual(names(all), ['10.0.0.1>10.0.0.3', '10.0.0.1>10.0.0.2', 'other>other']);
  const ids: number[] = [];
  for (let id = 0; id < m.table.idBound; id++) if (m.table.used[id] === 1) ids.push(id);
  const peer = (id: number) => m.table.keys[id * 10 + 5]! & 0xff;
  assert.deepEqual(ids.map((id) => [peer(id), a.rankOf(id)]).sort(), [[2, 1], [3, 0]]);
  const only2 = a.analyse(m, defaultViewOptions(), EMPTY_MODEL, nameOf, Infinity, false, (id) => peer(id) === 2);
  assert.deepEqual(names(only2), ['10.0.0.1>10.0.0.2']);
  assert.deepEqual(only2.totalSent, all.totalSent, 'the totals are the whole traffic');
  assert.deepEqual(ids.map((id) => [peer(id), a.rankOf(id)]).sort(), [[2, 0], [3, -1]]);
  const top1 = a.analyse(m, defaultViewOptions(), EMPTY_MODEL, nameOf, 1);
  assert.equal(top1.lines.length, 1);
  assert.deepEqual(ids.map((id) => [peer(id), a.rankOf(id)]).sort(), [[2, -1], [3, 0]], 'a line beyond the limit has no rank');
});
