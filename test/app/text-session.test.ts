// TextSession as the ticker's sink: ticks print blocks, keys reprint the last list (not re-analysed), pause, quit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GuardedSink } from '../../src/app/run/sink.js';
import { Ticker } from '../../src/app/run/ticker.js';
import { TextSession } from '../../src/app/text-session.js';
import type { LabellerFactory } from '../../src/app/text-session.js';
import { Monitor } from '../../src/core/monitor.js';
import { NO_LOCAL_NETWORK } from '../../src/core/local-network.js';
import { defaultViewOptions } from '../../src/core/view-options.js';
import { ethernet, ipv4 } from '../helpers/frames.js';

/** Numbers only, except port 80/tcp, which is "http" while port names are on. */
const LABELS: LabellerFactory = (dnsOn, portNamesOn) => ({
  dnsOn,
  hostName: () => undefined,
  serviceName: (port, proto) => (portNamesOn && port === 80 && proto === 6 ? 'http' : undefined),
});

/** The session as run() uses it: the sink of a ticker; tick(ts, print) returns what it printed. */
function setup(numLines = 10) {
  const monitor = new Monitor({ local: NO_LOCAL_NETWORK, maxFlows: 1000, hashSeed: 7 });
  let printed = '';
  const text: TextSession = new TextSession(monitor, { view: defaultViewOptions(), dnsOn: false, portNamesOn: true, paused: false },
    { numLines, useBytes: true, ndjson: false }, LABELS, () => null, (b) => (printed += text.render(b)));
  const ticker = new Ticker(monitor, { kind: 'interface', name: 'test0' }, [new GuardedSink(text, (m) => assert.fail(m))]);
  const collect = (f: () => void) => {
    printed = '';
    f();
    return printed;
  };
  const session = {
    state: text.state,
    key: (k: string, ts: number) => text.key(k, ts),
    tick: (ts: number, print: boolean) => collect(() => ticker.tick(ts, print)),
    final: (ts: number) => collect(() => ticker.finish(ts, 'file')),
  };
  /** One frame of `len` IP bytes from src:sp to dst:dp. */
  const send = (src: string, sp: number, dst: string, dp: number, len: number, proto: 'tcp' | 'udp' = 'tcp') => {
    const f = ethernet({}, ipv4({ src, dst, proto, srcPort: sp, dstPort: dp, dataLength: len - (proto === 'tcp' ? 40 : 28) }));
    monitor.frame(1, f, 0, f.length, f.length);
  };
  return { monitor, session, send };
}

const BLOCK_START = '   # Host name (port/service if enabled)';
const rows = (text: string) => text.split('\n').filter((l) => / (=>|<=) /.test(l));
const cumulative = (text: string) => text.split('\n').find((l) => l.startsWith('Cumulative'))!;

test('a rotation analyses, prints one block and closes the slot; print=false closes it silently', () => {
  const { monitor, session, send } = setup();
  send('10.0.0.2', 443, '10.0.0.1', 40000, 1000);
  const block = session.tick(1000, true);
  assert.ok(block.startsWith(BLOCK_START));
  assert.match(rows(block)[0]!, /^ {3}1 10\.0\.0\.2 +=> +500B +500B +500B +0\.98KB$/);
  assert.equal(monitor.pos, 1);
  assert.equal(session.tick(1002, false), '', 'a silent rotation prints nothing');
  assert.equal(monitor.pos, 2);
});

test('a key reprints the last analysed list: traffic since the last rotation shows only at the next one', () => {
  const { session, send } = setup();
  send('10.0.0.2', 443, '10.0.0.1', 40000, 1000);
  const first = session.tick(1000, true);
  send('10.0.0.3', 53, '10.0.0.1', 40001, 600, 'udp');
  const u = session.key('u', 1001);
  assert.deepEqual(u, { text: first, quit: false }, 'u prints the same block again, no message');
  const next = session.tick(1002, true);
  assert.equal(rows(next).length, 4, 'the new flow appears at the next rotation');
});

test('a message key prints its line, an empty line, then the block', () => {
  const { session, send } = setup();
  send('10.0.0.2', 443, '10.0.0.1', 40000, 1000);
  const block = session.tick(1000, true);
  assert.deepEqual(session.key('o', 1001), { text: `Order frozen.\n\n${block}`, quit: false });
});

test('N changes service names in the reprinted block at once; p re-aggregates only at the next rotation', () => {
  const { session, send } = setup();
  send('10.0.0.2', 80, '10.0.0.1', 40000, 1000);
  send('10.0.0.2', 81, '10.0.0.1', 40000, 500);
  session.tick(1000, true);
  const p = session.key('p', 1001).text;
  assert.ok(p.startsWith('Showing ports: both.\n\n'));
  assert.equal(rows(p).length, 2, 'still the one merged host-pair line');
  const split = session.tick(1002, true);
  assert.equal(rows(split).length, 4, 'two lines, one per port pair, after the rotation');
  assert.match(split, /10\.0\.0\.2:http /);
  const n = session.key('N', 1003).text;
  assert.ok(n.startsWith('Port resolution is OFF.\n\n'));
  assert.match(n, /10\.0\.0\.2:80 /);
  assert.doesNotMatch(n, /:http/);
});

test('P: no block while paused, history keeps rotating and cumulative keeps growing; P again continues', () => {
  const { monitor, session, send } = setup();
  send('10.0.0.2', 443, '10.0.0.1', 40000, 1000);
  const before = session.tick(1000, true);
  assert.deepEqual(session.key('P', 1001), { text: "Pausing... press 'P' again to continue.\n", quit: false });
  send('10.0.0.2', 443, '10.0.0.1', 40000, 1000);
  assert.equal(session.tick(1002, true), '', 'nothing printed at a rotation while paused');
  send('10.0.0.2', 443, '10.0.0.1', 40000, 1000);
  assert.equal(session.tick(1004, true), '');
  assert.equal(monitor.pos, 3, 'the history rotated while paused');
  assert.equal(monitor.totals.totalRecv, 3000, 'bytes keep being counted while paused');
  const resumed = session.key('P', 1005);
  assert.deepEqual(resumed, { text: `Continuing.\n\n${before}`, quit: false }, 'the frozen list is printed again');
  const after = session.tick(1006, true);
  assert.match(cumulative(after), / 2\.93KB +2\.93KB$/, 'the next block counts everything, paused time included');
});

test('q quits without printing anything', () => {
  const { session, send } = setup();
  send('10.0.0.2', 443, '10.0.0.1', 40000, 1000);
  session.tick(1000, true);
  assert.deepEqual(session.key('q', 1001), { text: '', quit: true });
});

test('an unbound key prints nothing at all', () => {
  const { session } = setup();
  session.tick(1000, true);
  assert.deepEqual(session.key('x', 1001), { text: '', quit: false });
});

test('final() shows the open slot without closing it', () => {
  const { monitor, session, send } = setup();
  send('10.0.0.2', 443, '10.0.0.1', 40000, 1000);
  const final = session.final(1001);
  assert.match(rows(final)[0]!, / 500B +500B +500B +0\.98KB$/);
  assert.equal(monitor.pos, 0);
});
