// --csv: read back by Python's csv module (RFC 4180 dialect): header, one row per flow and tick, CRLF, quoting, sums per tick.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { CsvSink } from '../../src/sinks/csv-sink.js';
import { CSV_COLUMNS, csvField, csvNumber } from '../../src/render/csv-rows.js';
import { fakeSnapshot } from '../helpers/fake-snapshot.js';
import { MemoryWriter } from '../helpers/memory-writer.js';
import { FlowRun } from './flow-run.js';

const T0 = 1_764_000_000;

/** Python's csv.reader over the bytes, strict, with universal newlines off (so CR and LF are checked as written). */
function pythonCsv(text: string): string[][] {
  const script = 'import csv,io,json,sys\n' +
    'rows=list(csv.reader(io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", newline=""), strict=True))\n' +
    'json.dump(rows, sys.stdout)\n';
  const r = spawnSync('python3', ['-c', script], { input: text, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.error !== undefined) throw new Error(`python3 is needed: ${r.error.message}`);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as string[][];
}

test('a header, then one row per flow per tick (and the overflow line), with per-tick sums equal to the totals', async () => {
  const out = new MemoryWriter();
  const sink = new CsvSink(out);
  const run = new FlowRun(21);
  const snaps = [];
  for (let t = 1; t <= 12; t++) {
    const s = run.tick(T0 + 2 * t, t <= 8 ? 6 : 0, t % 3 === 0 ? 1000 : 0);
    snaps.push({ ts: s.ts, flows: s.flows.count, overflow: s.overflow.slotSentBytes > 0, sent: s.totals.slotSentBytes, recv: s.totals.slotRecvPackets, expired: s.expired.count });
    sink.tick(s);
  }
  await sink.close();
  assert.ok(out.closed);
  const text = out.text;
  assert.ok(text.endsWith('\r\n'));
  assert.doesNotMatch(text.replace(/\r\n/g, ''), /[\r\n]/, 'every line ends with CRLF, no bare CR or LF');
  const rows = pythonCsv(text);
  assert.deepEqual(rows[0], [...CSV_COLUMNS]);
  const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
  const body = rows.slice(1);
  assert.ok(body.every((r) => r.length === CSV_COLUMNS.length));
  assert.equal(body.length, snaps.reduce((a, s) => a + s.flows + (s.overflow ? 1 : 0), 0));
  assert.equal(sink.rows, body.length);
  for (const s of snaps) {
    const tickRows = body.filter((r) => r[col('ts_ms')] === String(s.ts * 1000));
    assert.equal(tickRows.length, s.flows + (s.overflow ? 1 : 0));
    assert.equal(tickRows.reduce((a, r) => a + Number(r[col('sent_bytes')]), 0), s.sent);
    assert.equal(tickRows.reduce((a, r) => a + Number(r[col('received_packets')]), 0), s.recv);
    assert.equal(tickRows.filter((r) => r[col('expired')] === 'true').length, s.expired);
    assert.equal(tickRows.filter((r) => r[col('record')] === 'overflow').length, s.overflow ? 1 : 0);
  }
  // A flow's last row holds its final cumulative counters.
  for (const [serial, f] of run.ended) {
    const last = body.filter((r) => r[col('serial')] === String(serial)).at(-1)!;
    assert.deepEqual([last[col('cumulative_sent_bytes')], last[col('cumulative_received_bytes')], last[col('expired')]], [String(f.cum[0]), String(f.cum[1]), 'true']);
    assert.deepEqual([last[col('src')], last[col('dst')], last[col('proto')]], [f.src, f.dst, String(f.proto)]);
    assert.equal(last[col('src_port')], f.proto === 6 || f.proto === 17 ? String(f.srcPort) : '');
  }
  const overflow = body.find((r) => r[col('record')] === 'overflow')!;
  assert.deepEqual(overflow.slice(col('serial'), col('sent_bytes')), ['', '', '', '', '', '', '']);
  assert.ok(body.every((r) => !/e/.test(r[col('sent_bytes_per_s_40s')]!)), 'no exponent form');
});

test('a source name with commas, quotes or a line break is quoted; control characters are made inert', async () => {
  const out = new MemoryWriter();
  const sink = new CsvSink(out);
  const path = '/tmp/a,"b"\ncap\u001b[2J.pcap';
  sink.tick(fakeSnapshot({ ts: T0, source: { kind: 'file', path }, flows: [{ src: '2001:db8::1', dst: '2001:db8::2', proto: 58, slotSentBytes: 104, slotSentPackets: 1 }] }));
  await sink.close();
  const rows = pythonCsv(out.text);
  assert.equal(rows.length, 2);
  assert.equal(rows[1]![1], '/tmp/a,"b"\\x0acap\\x1b[2J.pcap');
  assert.deepEqual(rows[1]!.slice(2, 10), ['flow', '0', '6', '58', '2001:db8::1', '', '2001:db8::2', '']);
  assert.equal(csvField('a"b'), '"a""b"');
  assert.equal(csvField('a\rb'), '"a\rb"');
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvNumber(1e-7), '0.0000001');
  assert.equal(csvNumber(2.5e21), '2500000000000000000000');
  assert.equal(csvNumber(1234.5), '1234.5');
});

test('a run without ticks is a header alone; rows the writer refuses are counted, not kept', async () => {
  const empty = new MemoryWriter();
  await new CsvSink(empty).close();
  assert.equal(empty.text, CSV_COLUMNS.join(',') + '\r\n');
  const lossy = new MemoryWriter((n) => n === 2);
  const sink = new CsvSink(lossy);
  const run = new FlowRun(5);
  for (let t = 1; t <= 3; t++) sink.tick(run.tick(T0 + 2 * t, 4));
  await sink.close();
  const rows = pythonCsv(lossy.text);
  assert.ok(sink.droppedRows > 0);
  assert.equal(rows.length - 1, sink.rows);
});
