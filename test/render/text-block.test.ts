// The -t block against iftop 1.0pre4's captured output (spec 7.7 e, with -n -P -B): layout byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FlowLine, ScreenModel } from '../../src/core/screen-model.js';
import { renderTextBlock } from '../../src/render/text-block.js';
import { NUMERIC_LABELLER } from '../../src/render/host-text.js';
import { ipv4Address } from '../helpers/frames.js';

function line(src: string, sp: number, dst: string, dp: number, sent: number, recv: number, cs: number, cr: number): FlowLine {
  const a = new Uint8Array(16);
  a.set(ipv4Address(src));
  const b = new Uint8Array(16);
  b.set(ipv4Address(dst));
  return {
    family: 4, proto: 6, src: a, srcPort: sp, dst: b, dstPort: dp, seq: 0,
    sent: [sent, sent, sent], recv: [recv, recv, recv], totalSent: cs, totalRecv: cr,
  };
}

const MODEL: ScreenModel = {
  lines: [
    line('127.0.0.1', 44468, '127.0.0.1', 5599, 14050000, 0, 28100000, 0),
    line('127.0.0.1', 5599, '127.0.0.1', 44468, 11161, 0, 22221, 0),
    line('127.1.0.9', 103, '127.2.0.8', 203, 150, 200, 300, 400),
    line('127.0.0.21', 204, '127.0.0.20', 104, 0, 250, 0, 500),
    line('127.0.0.1', 202, '127.0.0.7', 102, 0, 100, 0, 200),
    line('127.0.0.1', 101, '127.0.0.7', 201, 50, 0, 100, 0),
    line('127.0.0.99', 1111, '127.0.0.99', 2222, 14.5, 0, 29, 0),
  ],
  lineCount: 7,
  totalSent: [14061000, 14061000, 14061000],
  totalRecv: [700, 700, 700],
  peakSent: 14061000,
  peakRecv: 700,
  peakTotal: 14061700,
  cumulativeSent: 28122000,
  cumulativeRecv: 1400,
};

const EXPECTED = `   # Host name (port/service if enabled)            last 2s   last 10s   last 40s cumulative
--------------------------------------------------------------------------------------------
   1 127.0.0.1:44468                          =>     13.4MB     13.4MB     13.4MB     26.8MB
     127.0.0.1:5599                           <=         0B         0B         0B         0B
   2 127.0.0.1:5599                           =>     10.9KB     10.9KB     10.9KB     21.7KB
     127.0.0.1:44468                          <=         0B         0B         0B         0B
   3 127.1.0.9:103                            =>       150B       150B       150B       300B
     127.2.0.8:203                            <=       200B       200B       200B       400B
   4 127.0.0.21:204                           =>         0B         0B         0B         0B
     127.0.0.20:104                           <=       250B       250B       250B       500B
   5 127.0.0.1:202                            =>         0B         0B         0B         0B
     127.0.0.7:102                            <=       100B       100B       100B       200B
   6 127.0.0.1:101                            =>        50B        50B        50B       100B
     127.0.0.7:201                            <=         0B         0B         0B         0B
   7 127.0.0.99:1111                          =>        14B        14B        14B        29B
     127.0.0.99:2222                          <=         0B         0B         0B         0B
--------------------------------------------------------------------------------------------
Total send rate:                                     13.4MB     13.4MB     13.4MB
Total receive rate:                                    700B       700B       700B
Total send and receive rate:                         13.4MB     13.4MB     13.4MB
--------------------------------------------------------------------------------------------
Peak rate (sent/received/total):                     13.4MB       700B     13.4MB
Cumulative (sent/received/total):                    26.8MB     1.37KB     26.8MB
============================================================================================

`;

const OPTS = { numLines: 10, useBytes: true, hideSource: false, hideDestination: false };

test('block matches iftop byte for byte (-n -P -B sample)', () => {
  assert.equal(renderTextBlock(MODEL, OPTS, NUMERIC_LABELLER), EXPECTED);
});

test('every flow line is 92 columns, totals lines 81, and -L limits the rows', () => {
  const text = renderTextBlock(MODEL, { ...OPTS, numLines: 2 }, NUMERIC_LABELLER);
  const lines = text.split('\n');
  assert.equal(lines.filter((l) => l.includes(' => ') || l.includes(' <= ')).length, 4);
  for (const l of lines.filter((l) => /=>|<=/.test(l))) assert.equal(l.length, 92);
  for (const l of lines.filter((l) => l.startsWith('Total') || l.startsWith('Peak') || l.startsWith('Cumul'))) assert.equal(l.length, 81);
  assert.equal(renderTextBlock(MODEL, { ...OPTS, numLines: 0 }, NUMERIC_LABELLER).includes(' => '), false);
  assert.equal(renderTextBlock(MODEL, { ...OPTS, numLines: -3 }, NUMERIC_LABELLER).includes(' => '), false);
});

test('rates in bits by default; cumulative always in bytes', () => {
  const text = renderTextBlock(MODEL, { ...OPTS, useBytes: false }, NUMERIC_LABELLER);
  assert.ok(text.includes('   3 127.1.0.9:103                            =>     1.17Kb     1.17Kb     1.17Kb       300B\n'));
});

test('hidden source with ports shows " * :port"', () => {
  const hidden = { ...MODEL, lines: [{ ...MODEL.lines[2]!, src: new Uint8Array(16) }] };
  const text = renderTextBlock(hidden, { ...OPTS, hideSource: true }, NUMERIC_LABELLER);
  assert.ok(text.includes('\n   1  * :103                                  =>       150B'));
});
