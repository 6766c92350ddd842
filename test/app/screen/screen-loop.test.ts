// The whole screen presenter on the live loop with a fake terminal, clock and capture: first frame, ticks, keys, resizes, filters, pause, quit, failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NO_LOCAL_NETWORK } from '../../../src/core/local-network.js';
import { settle } from '../../helpers/fake-screen.js';
import { screenHarness } from '../../helpers/screen-harness.js';
import type { ScriptedFrame } from '../../helpers/fake-screen.js';
import { ipv4, ipv4Address } from '../../helpers/frames.js';

const RAW_IP = 101;

/** A UDP packet of exactly `bytes` (IP total length) between 10.0.0.1 (local) and `peer`. */
function packet(peer: string, bytes: number, received = false): ScriptedFrame {
  const [src, dst] = received ? [peer, '10.0.0.1'] : ['10.0.0.1', peer];
  return { linktype: RAW_IP, data: ipv4({ src, dst, proto: 'udp', srcPort: 5000, dstPort: 53, dataLength: bytes - 28 }) };
}

function harness() {
  const h = screenHarness({ settings: { filterCode: 'udp' }, local: { ...NO_LOCAL_NETWORK, ipv4: [ipv4Address('10.0.0.1')] } });
  return { ...h, loop: { run: h.run, end: h.end } };
}

const flowRows = (lines: string[]): string[] => lines.filter((l) => / (=>|<=>) /.test(l));

test('first frame: terminal entered, a full draw with " Listening on … " and an empty list; after 2 s the flows appear', async () => {
  const h = harness();
  const done = h.loop.run();
  await settle();
  assert.deepEqual(h.terminal.log, ['enter', 'draw-full']);
  const first = h.terminal.last.lines;
  assert.match(first[0]!, /^ Listening on test0 /);
  assert.deepEqual(flowRows(first), []);
  assert.match(first[21]!, /^TX: +cum: +0B +peak: +0b/);
  h.source.push(packet('10.0.0.2', 1000), packet('10.0.0.2', 2000), packet('10.0.0.3', 500, true));
  await h.rotate();
  const rows = h.terminal.last.lines;
  assert.match(rows[2]!, /^10\.0\.0\.1 +=> 10\.0\.0\.2 +11\.7Kb +11\.7Kb +11\.7Kb/, '3000 B in the first 2 s slot');
  assert.match(rows[4]!, /^10\.0\.0\.1 +=> 10\.0\.0\.3 /);
  assert.match(rows[5]!, / <= .* 1\.95Kb/);
  assert.match(rows[21]!, /cum: +2\.93KB/);
  await h.press('q');
  assert.deepEqual(await done, { reason: 'quit' });
  assert.equal(h.terminal.log.filter((e) => e === 'enter').length, 1, 'entered once');
});

test('the start-up hint stays for 2–3 s, then a wake-up redraws without it', async () => {
  const h = harness();
  const done = h.loop.run();
  await settle();
  await h.rotate();
  assert.match(h.terminal.last.lines[0]!, /^ Listening on test0 /, 'at 2 s: now − start = 2, not > 2');
  h.clock.advance(1000);
  h.source.pulse();
  await settle();
  assert.doesNotMatch(h.terminal.last.lines[0]!, /Listening/, 'at 3 s it is gone');
  assert.equal(h.terminal.last.lines[0]!.trim(), '12.5Kb          25.0Kb          37.5Kb          50.0Kb    62.5Kb');
  h.loop.end({ reason: 'quit' });
  assert.deepEqual(await done, { reason: 'quit' }, 'end() from a signal handler stops the loop');
});

test('keys change what is drawn at once: t, b, h, j/k, !, an unknown key, ^L', async () => {
  const h = harness();
  const done = h.loop.run();
  h.source.push(packet('10.0.0.2', 3000), packet('10.0.0.3', 1000));
  await h.rotate();
  await h.press('t');
  assert.match(h.terminal.last.lines[0]!, /^ One line per host /);
  assert.match(flowRows(h.terminal.last.lines)[0]!, /^10\.0\.0\.1 +<=> 10\.0\.0\.2/);
  await h.press('t', 't', 't', 'b');
  assert.match(h.terminal.last.lines[0]!, /^ Bars off ─+$/);
  assert.match(h.terminal.last.lines[1]!, /^10\.0\.0\.1 +=> 10\.0\.0\.2/, 'list from row 1 without bars');
  await h.press('b', 'h');
  assert.equal(h.terminal.last.lines[2]!.trimEnd(), 'Host display:                          General:');
  await h.press('h', 'j');
  assert.match(h.terminal.last.lines[2]!, /=> 10\.0\.0\.3/, 'scrolled past the first entry');
  const drawn = h.terminal.frames.length;
  await h.press('k', 'k');
  assert.equal(h.terminal.frames.length, drawn + 1, 'the second k at offset 0 draws nothing');
  assert.match(h.terminal.last.lines[2]!, /=> 10\.0\.0\.2/);
  await h.press('!');
  assert.match(h.terminal.last.lines[0]!, /^ Sorry, subshells have been disabled\. /);
  await h.press('z');
  assert.match(h.terminal.last.lines[0]!, /^ Press H or \? for help /);
  await h.press('\x0c');
  assert.equal(h.terminal.log.at(-1), 'draw-full', '^L repaints everything');
  await h.press('q');
  await done;
});

test('live, s regroups only at the next rotation (the redraw reuses the old list, as iftop)', async () => {
  const h = harness();
  const done = h.loop.run();
  h.source.push(packet('10.0.0.2', 3000));
  await h.rotate();
  await h.press('s');
  assert.match(h.terminal.last.lines[0]!, /^ Hide source host /);
  assert.match(flowRows(h.terminal.last.lines)[0]!, /^10\.0\.0\.1 /);
  await h.rotate();
  assert.match(flowRows(h.terminal.last.lines)[0]!, /^ \* +=> 10\.0\.0\.2/);
  h.loop.end({ reason: 'quit' });
  await done;
});

test('resizes: down to 1×1 and 0×0 and back never throw, each next frame has the new size and the resize hint', async () => {
  const h = harness();
  const done = h.loop.run();
  h.source.push(packet('10.0.0.2', 3000));
  await h.rotate();
  for (const [cols, rows] of [[1, 1], [0, 0], [20, 5], [200, 50], [80, 24]] as const) {
    h.terminal.resize(cols, rows);
    await settle();
    const f = h.terminal.last;
    assert.equal(f.full, true, 'a resize repaints everything');
    assert.equal(f.lines.length, rows);
    for (const l of f.lines) assert.equal([...l].length, cols);
    await h.rotate();
    assert.equal(h.terminal.last.lines.length, rows, `a rotation after the resize draws ${cols}×${rows}`);
  }
  assert.match(h.terminal.last.lines[0]!, /^ Press H or \? for help /);
  await h.press('q');
  assert.deepEqual(await done, { reason: 'quit' });
});

test('f: the prompt shows while rotations go on; Enter installs "(text) and (ip or ip6)"; a refused filter keeps the old one', async () => {
  const h = harness();
  const done = h.loop.run();
  await h.press('f');
  assert.equal(h.terminal.last.lines[0], 'Net filter> udp'.padEnd(80));
  assert.deepEqual(h.terminal.last.cursor, { row: 0, col: 15 });
  await h.press(' ', 'a', 'n', 'd', ' ', 'p', 'o', 'r', 't', ' ', '5', '3');
  h.source.push(packet('10.0.0.2', 3000));
  await h.rotate();
  assert.equal(h.terminal.last.lines[0], 'Net filter> udp and port 53'.padEnd(80), 'still editing after a rotation');
  assert.match(flowRows(h.terminal.last.lines)[0]!, /10\.0\.0\.2/, 'accounting went on');
  await h.press('enter');
  assert.deepEqual(h.source.filters, ['(udp and port 53) and (ip or ip6)']);
  assert.match(h.terminal.last.lines[0]!, /^ Installed new filter /);
  assert.equal(h.terminal.last.full, true);
  h.source.filterAnswer = "unknown port 'foo'";
  await h.press('f', '\x15', 'p', 'o', 'r', 't', ' ', 'f', 'o', 'o', 'enter');
  assert.match(h.terminal.last.lines[0]!, /^ unknown port 'foo' /);
  assert.equal(h.session.ui.captureFilter, 'udp and port 53');
  await h.press('f');
  assert.equal(h.terminal.last.lines[0]!.trimEnd(), 'Net filter> udp and port 53');
  await h.press('escape', 'left');
  assert.equal(h.terminal.log.filter((e) => e === 'beep').length, 0, 'left outside the prompt is just a key');
  await h.press('f', 'right');
  assert.equal(h.terminal.log.at(-1), 'beep', 'right at the end of the prompt beeps');
  await h.press('\x07', 'q');
  await done;
});

test('P: the display keeps its list and rates while paused, the cumulative totals keep growing (quirk 19)', async () => {
  const h = harness();
  const done = h.loop.run();
  h.source.push(packet('10.0.0.2', 3000));
  await h.rotate();
  await h.press('P');
  assert.match(h.terminal.last.lines[0]!, /^ Display paused /);
  const before = h.terminal.last.lines;
  h.source.push(packet('10.0.0.2', 30000), packet('10.0.0.9', 30000));
  await h.rotate();
  await h.rotate();
  const after = h.terminal.last.lines;
  assert.match(after[0]!, /^ Display paused /, 'persistent after 4 s');
  assert.deepEqual(flowRows(after), flowRows(before), 'same list, same rates');
  assert.match(before[21]!, /cum: +2\.93KB/);
  assert.match(after[21]!, /cum: +61\.5KB/);
  await h.press('P');
  assert.match(h.terminal.last.lines[0]!, /^ Display unpaused /);
  await h.rotate();
  assert.match(flowRows(h.terminal.last.lines).join('\n'), /10\.0\.0\.9/);
  await h.press('q');
  await done;
});

test('a capture failure ends the loop with reason "failed" and the message', async () => {
  const h = harness();
  const done = h.loop.run();
  await settle();
  h.source.fail('interface test0 went away');
  assert.deepEqual(await done, { reason: 'failed', message: 'interface test0 went away' });
  const drawn = h.terminal.frames.length;
  await h.press('t');
  assert.equal(h.terminal.frames.length, drawn, 'nothing is drawn once the loop has ended');
});

test('a finished file (no capture): keys that regroup take effect at once; f explains that files are filtered with -f', async () => {
  const h = harness();
  h.monitor.frame(RAW_IP, packet('10.0.0.2', 3000).data, 0, 3000, 3000);
  const done = h.presenter.afterFile({ read: { linktypes: [RAW_IP], error: null }, firstTs: 0, lastTs: 0, frames: 1 });
  await settle();
  assert.match(h.terminal.last.lines[0]!, /^ End of file: 1 packets, 0\.0 s /);
  assert.match(flowRows(h.terminal.last.lines)[0]!, /^10\.0\.0\.1 +=> 10\.0\.0\.2/);
  await h.press('s');
  assert.match(flowRows(h.terminal.last.lines)[0]!, /^ \* +=> 10\.0\.0\.2/);
  await h.press('f', 'enter');
  assert.match(h.terminal.last.lines[0]!, /^ a file is filtered with -f when it is read /);
  await h.press('q');
  await done;
  assert.equal(h.control.stopping, true, 'q ends the browsing and the run');
});

test('g: the incoming and outgoing graphs of the last slots with their figures, L switches to a log scale, g again back to the flows', async () => {
  const h = harness();
  const done = h.loop.run();
  for (const bytes of [1000, 4000, 2000]) {
    h.source.push(packet('10.0.0.2', bytes, true), packet('10.0.0.2', bytes / 2));
    await h.rotate();
  }
  await h.press('g');
  const lines = h.terminal.last.lines;
  assert.match(lines[0]!, /^ Traffic graphs \(L: log scale\) /);
  const incoming = lines.findIndex((l) => l.startsWith('Incoming'));
  const outgoing = lines.findIndex((l) => l.startsWith('Outgoing'));
  assert.ok(incoming >= 0 && outgoing > incoming, lines.join('\n'));
  // 4000 B in the busiest slot: 2000 B/s = 15.6 Kb/s; the last slot: 2000 B, 1000 B/s = 7.81 Kb/s.
  assert.match(lines.slice(incoming, outgoing).join('\n'), /Max: +15\.6Kb\/s/);
  assert.match(lines.slice(incoming, outgoing).join('\n'), /Curr: +7\.81Kb\/s/);
  assert.match(lines.slice(outgoing).join('\n'), /Max: +7\.81Kb\/s/);
  assert.equal(flowRows(lines).length, 0, 'the graphs instead of the flows');
  await h.press('L');
  assert.notDeepEqual(h.terminal.last.lines.slice(incoming, outgoing), lines.slice(incoming, outgoing), 'another scale');
  await h.press('g');
  assert.match(flowRows(h.terminal.last.lines)[0]!, /10\.0\.0\.2/);
  await h.press('q');
  await done;
});
