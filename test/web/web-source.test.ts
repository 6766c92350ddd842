// WebSource as a ticker's sink: the page's tick holds the screen's lines and the snapshot's totals (as NDJSON has them), names inert, files throttled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labellerFactory } from '../../src/app/labelling.js';
import { NameService } from '../../src/app/name-service.js';
import { GuardedSink } from '../../src/app/run/sink.js';
import type { Sink } from '../../src/app/run/sink.js';
import { Ticker } from '../../src/app/run/ticker.js';
import { NO_LOCAL_NETWORK } from '../../src/core/local-network.js';
import { Monitor } from '../../src/core/monitor.js';
import type { SnapshotSource } from '../../src/core/tick-snapshot.js';
import { defaultViewOptions } from '../../src/core/view-options.js';
import { parseServices } from '../../src/format/services.js';
import { DEFAULT_NAME_LIMITS, NameCache } from '../../src/names/name-cache.js';
import { ndjsonFlowsTick } from '../../src/render/ndjson-flows.js';
import { PROGRAM_COLUMNS, PROGRAM_ROWS } from '../../src/web/programs.js';
import type { ProgramSource, WebProgramRow } from '../../src/web/programs.js';
import { LINE_COLUMNS } from '../../src/web/tick-view.js';
import { WebSource } from '../../src/web/web-source.js';
import { ethernet, ipv4 } from '../helpers/frames.js';

const HOSTILE = '<img src=x onerror=alert(1)>\x1b]0;PWNED\x07\u202eevil';
const T0 = 1_700_000_000;

/** Frames parsed from the published SSE text. */
function parseFrame(frame: string): { id: string | null; event: string; data: any } {
  const id = /^id: (.*)$/m.exec(frame)?.[1] ?? null;
  const event = /^event: (.*)$/m.exec(frame)![1]!;
  return { id, event, data: JSON.parse(/^data: (.*)$/m.exec(frame)![1]!) };
}

function setup(source: SnapshotSource = { kind: 'interface', name: 'eth0' }, programs: ProgramSource | null = null) {
  const monitor = new Monitor({ local: NO_LOCAL_NETWORK, maxFlows: 1000, hashSeed: 7 });
  monitor.setTimeBase(T0);
  const names = new NameService(new NameCache(DEFAULT_NAME_LIMITS, 0), { reverse: () => Promise.resolve(null) },
    () => new Map([['198.51.100.7', HOSTILE]]), { monotonicMs: () => 0, epochSeconds: () => T0 }, () => () => {});
  const labeller = labellerFactory(parseServices('https 443/tcp\n'), names)(true, true);
  const clock = { ms: 0 };
  const scheduled: (() => void)[] = [];
  const frames: string[] = [];
  const ndjson: string[] = [];
  const web = new WebSource(0, source, source.kind === 'interface' ? source.name : source.path, monitor,
    { run: 'run1', version: 'test', units: 'bits', history: false, metrics: false },
    { monotonicMs: () => clock.ms, schedule: (fn) => (scheduled.push(fn), () => {}), publish: (f) => frames.push(f) },
    { view: { ...defaultViewOptions(), portDisplay: 'on' }, labeller, programs });
  const recorder: Sink = { name: 'ndjson', tick: (t) => void ndjson.push(ndjsonFlowsTick(t.snapshot)) };
  const ticker = new Ticker(monitor, source, [new GuardedSink(recorder, assert.fail), new GuardedSink(web, assert.fail)]);
  const send = (src: string, sp: number, dst: string, dp: number, len: number, ts: number) => {
    const f = ethernet({}, ipv4({ src, dst, proto: 'tcp', srcPort: sp, dstPort: dp, dataLength: len - 40 }));
    monitor.frame(1, f, 0, f.length, f.length, ts);
  };
  return { monitor, web, ticker, send, frames, ndjson, clock, scheduled };
}

test('a live tick: the screen\'s lines in its order, the snapshot\'s totals and counters as NDJSON has them', () => {
  const { ticker, send, frames, ndjson } = setup();
  for (let i = 0; i < 5; i++) send('198.51.100.7', 443, '203.0.113.9', 50000, 1500, T0 + 0.1 * i);
  send('203.0.113.9', 50000, '198.51.100.7', 443, 100, T0 + 0.7);
  send('198.51.100.8', 53, '203.0.113.9', 5353, 300, T0 + 0.9);
  ticker.tick(T0 + 2, true);
  assert.equal(frames.length, 1);
  const f = parseFrame(frames[0]!);
  assert.equal(f.event, 'tick');
  assert.equal(f.id, 'run1-1');
  const totals = JSON.parse(ndjson[0]!.split('\n')[0]!);
  assert.deepEqual(f.data.totals.sent, [totals.sent_bytes_per_s['2s'], totals.sent_bytes_per_s['10s'], totals.sent_bytes_per_s['40s']]);
  assert.deepEqual(f.data.totals.recv, [totals.received_bytes_per_s['2s'], totals.received_bytes_per_s['10s'], totals.received_bytes_per_s['40s']]);
  assert.equal(f.data.totals.cumulativeSent, totals.cumulative_bytes.sent);
  assert.equal(f.data.totals.cumulativeRecv, totals.cumulative_bytes.received);
  assert.equal(f.data.capture.frames, totals.capture.frames);
  assert.equal(f.data.flows, totals.flows);
  assert.equal(f.data.lineCount, 2);
  const cell = (row: unknown[], name: (typeof LINE_COLUMNS)[number]) => row[LINE_COLUMNS.indexOf(name)];
  const [first, second] = f.data.lines as unknown[][];
  assert.equal(cell(first!, 'srcAddr'), '203.0.113.9', 'the larger address is on the left without a local network');
  assert.equal(cell(first!, 'dstPort'), 443);
  assert.equal(cell(first!, 'dstService'), 'https');
  assert.equal(cell(first!, 'proto'), 'tcp');
  assert.equal(cell(first!, 'cumSent'), 100);
  assert.equal(cell(first!, 'cumRecv'), 7500);
  assert.equal(cell(first!, 'r2'), 3750);
  assert.equal(cell(second!, 'dstAddr'), '198.51.100.8');
  // Every flow record's cumulative bytes appear on its line (ports shown: a line is a flow here).
  for (const rec of ndjson[0]!.split('\n').filter((l) => l.includes('"type":"flow"')).map((l) => JSON.parse(l))) {
    const line = (f.data.lines as unknown[][]).find((l) => cell(l, 'srcAddr') === rec.src && cell(l, 'dstAddr') === rec.dst && cell(l, 'srcPort') === rec.src_port);
    assert.ok(line !== undefined, `${rec.src} → ${rec.dst}`);
    assert.equal(cell(line, 'cumSent'), rec.cumulative_sent_bytes);
    assert.equal(cell(line, 'cumRecv'), rec.cumulative_received_bytes);
  }
  assert.deepEqual(f.data.points, [[T0 + 2, totals.slot_bytes.received / 2, totals.slot_bytes.sent / 2]], 'the graph point: the slot in bytes/s');
  assert.equal(f.data.programs, null, 'no attribution: the page hides its programs table');
});

test('a name from outside reaches the page made inert, with its markup as plain characters', () => {
  const { ticker, send, frames } = setup();
  send('198.51.100.7', 443, '192.168.77.1', 1, 100, T0 + 0.1);
  ticker.tick(T0 + 2, true);
  const frame = frames[0]!;
  assert.doesNotMatch(frame, /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]/u, 'no control or bidi character in the frame');
  const line = parseFrame(frame).data.lines[0] as unknown[];
  const names = [line[LINE_COLUMNS.indexOf('srcName')], line[LINE_COLUMNS.indexOf('dstName')]];
  assert.ok(names.includes('<img src=x onerror=alert(1)>\\x1b]0;PWNED\\x07\\u{202e}evil'), JSON.stringify(names));
});

test('hello: the whole graph and the last tick; resumed only for a page of this run', () => {
  const { web, ticker, send } = setup();
  assert.equal(parseFrame(web.helloFrame(undefined)).data.tick, null, 'before the first tick');
  for (let t = 1; t <= 3; t++) {
    send('198.51.100.7', 443, '203.0.113.9', 50000, 1000, T0 + 2 * t - 1);
    ticker.tick(T0 + 2 * t, true);
  }
  const fresh = parseFrame(web.helloFrame(undefined));
  assert.equal(fresh.event, 'hello');
  assert.equal(fresh.id, 'run1-3');
  assert.equal(fresh.data.resumed, false);
  assert.equal(fresh.data.series.length, 3);
  assert.equal(fresh.data.tick.tick, 3);
  assert.equal(parseFrame(web.helloFrame('run1-2')).data.resumed, true);
  assert.equal(parseFrame(web.helloFrame('other-2')).data.resumed, false, 'a page of the wiretop before a restart starts afresh');
  assert.equal(JSON.parse(web.snapshotJson()).tick.tick, 3);
});

test('a file: a few renders a second while it is read, always the last one, names that come later shown again', () => {
  const { ticker, send, frames, clock, scheduled, web } = setup({ kind: 'file', path: '/tmp/x.pcap' });
  for (let t = 1; t <= 50; t++) {
    send('198.51.100.7', 443, '203.0.113.9', 50000, 1000, T0 + 2 * t - 1);
    ticker.tick(T0 + 2 * t, true);
    if (t === 30) clock.ms += 300;
  }
  assert.deepEqual(frames.map((f) => parseFrame(f).data.tick), [1, 31], 'the first tick, then the first one after 250 ms of wall time');
  ticker.finish(T0 + 101, 'file');
  const last = parseFrame(frames.at(-1)!).data;
  assert.equal(last.tick, 51);
  assert.equal(last.ended, true);
  // Points not sent in between arrive with the next render; the whole capture is in the hello.
  assert.equal(parseFrame(web.helloFrame(undefined)).data.series.length, 51);
  web.namesChanged();
  web.namesChanged();
  assert.equal(scheduled.length, 1, 'names batched');
  scheduled[0]!();
  assert.equal(frames.length, 4);
  assert.equal(parseFrame(frames.at(-1)!).data.tick, 51);
});

test('the programs seam: rows from a source of them reach the page busiest first, capped, names inert; none: null', () => {
  const row = (i: number, name: string): WebProgramRow => ({ kind: 'process', key: `p${i}`, pid: 100 + i, name, user: 'www-data', unit: 'nginx.service', flows: 1,
    sentRate: [i, i, i], recvRate: [0, i, 0], cumulativeSentBytes: 10 * i, cumulativeRecvBytes: 0 });
  const rows = [row(1, 'curl'), row(500, 'evil\x1b]0;t\x07'), ...Array.from({ length: 300 }, (_, i) => row(2 + i, `w${i}`))];
  let asked = 0;
  const { ticker, send, frames } = setup(undefined, { rows: (s) => (asked++, s.tick === 1 ? rows : null) });
  send('198.51.100.7', 443, '203.0.113.9', 1, 100, T0 + 0.5);
  ticker.tick(T0 + 2, true);
  ticker.tick(T0 + 4, true);
  assert.equal(asked, 2);
  const p = parseFrame(frames[0]!).data.programs as { count: number; rows: unknown[][] };
  assert.equal(p.count, 302);
  assert.equal(p.rows.length, PROGRAM_ROWS);
  assert.equal(p.rows[0]![PROGRAM_COLUMNS.indexOf('name')], 'evil\\x1b]0;t\\x07');
  assert.equal(p.rows[0]![PROGRAM_COLUMNS.indexOf('pid')], 600);
  assert.equal(p.rows[1]![PROGRAM_COLUMNS.indexOf('r10')], 301);
  assert.equal(parseFrame(frames[1]!).data.programs, null);
});
