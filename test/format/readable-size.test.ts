// Table-driven check of iftop's readable_size against every vector in spec section 8.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  READABLE_SIZE_MAX_CHARS,
  formatBytes,
  formatRate,
  readableSize,
} from '../../src/format/readable-size.js';
import { runPython, seededRandom } from './python-oracle.js';

// [input, expected, verified on the iftop binary (✓ in the spec) or float32 model only]
type Vector = readonly [number, string, boolean];

/** Spec 8.1, left table: bytes/s shown in bits, K = 1024. */
const RATE_BITS: readonly Vector[] = [
  [0, '    0b', true],
  [0.5, '    4b', true],
  [4.5, '   36b', true],
  [12.5, '  100b', false],
  [62.5, '  500b', true],
  [124.5, '  996b', true],
  [125, ' 0.98Kb', true],
  [499.5, ' 3.90Kb', true],
  [500, ' 3.91Kb', true],
  [512, ' 4.00Kb', true],
  [1279, ' 9.99Kb', false],
  [1280, ' 10.0Kb', false],
  [2500, ' 19.5Kb', true],
  [5120, ' 40.0Kb', true],
  [12799, ' 100.0Kb', false],
  [12800, '  100Kb', false],
  [51200, '  400Kb', true],
  [127999, ' 1000Kb', false],
  [128000, ' 0.98Mb', false],
  [250000, ' 1.91Mb', true],
  [1310719, ' 10.00Mb', false],
  [13107200, '  100Mb', false],
  [134217728, ' 1.00Gb', false],
  [536870912, ' 4.00Gb', true],
  [1342177280, ' 10.0Gb', false],
  [13421772800, '  100Gb', false],
  [1400000000000, ' 10431Gb', false],
];

/** Spec 8.1, right table: bytes, K = 1024. */
const BYTES: readonly Vector[] = [
  [0, '    0B', true],
  [1, '    1B', true],
  [999, '  999B', true],
  [1000, ' 0.98KB', true],
  [1023, ' 1.00KB', true],
  [1152, ' 1.12KB', true],
  [10239, ' 10.00KB', true],
  [10240, ' 10.0KB', true],
  [102399, ' 100.0KB', true],
  [102400, '  100KB', true],
  [102912, '  100KB', true],
  [1023999, ' 1000KB', false],
  [1048576, ' 1.00MB', true],
  [10485759, ' 10.00MB', true],
  [104857599, '  100MB', true],
  [1073741824, ' 1.00GB', true],
  [1610612736, ' 1.50GB', true],
  [10737418239, ' 10.0GB', false],
  [10737418240, ' 10.0GB', false],
  [107374182400, '  100GB', false],
  [1099511627776, ' 1024GB', false],
  [16777217, ' 16.0MB', false],
];

/** Spec 8.1, log-scale labels: K = 1000, [bytes, bits text, bytes text or null if not listed]. */
const LOG_LABELS: ReadonlyArray<readonly [number, string, string | null]> = [
  [1.25, '   10b', '    1B'],
  [12.5, '  100b', '   12B'],
  [125, ' 1.00Kb', '  125B'],
  [1250, ' 10.0Kb', ' 1.25KB'],
  [12500, '  100Kb', ' 12.5KB'],
  [125000, ' 1.00Mb', null],
  [1.25e6, ' 10.0Mb', null],
  [1.25e7, '  100Mb', null],
  [1.25e8, ' 1.00Gb', null],
];

const mark = (verified: boolean): string => (verified ? ' ✓' : ' (model)');

test('rates in bits, K=1024 (spec 8.1 left table)', () => {
  for (const [bytesPerSecond, expected, verified] of RATE_BITS) {
    assert.equal(readableSize(bytesPerSecond, 1024, true), expected, `${bytesPerSecond} B/s${mark(verified)}`);
    assert.equal(formatRate(bytesPerSecond, false), expected, `formatRate ${bytesPerSecond}`);
  }
});

test('bytes, K=1024 (spec 8.1 right table)', () => {
  for (const [bytes, expected, verified] of BYTES) {
    assert.equal(readableSize(bytes, 1024, false), expected, `${bytes} B${mark(verified)}`);
    assert.equal(formatBytes(bytes), expected, `formatBytes ${bytes}`);
    assert.equal(formatRate(bytes, true), expected, `formatRate -B ${bytes}`);
  }
});

test('log-scale labels, K=1000 (spec 8.1)', () => {
  for (const [bytes, bitsText, bytesText] of LOG_LABELS) {
    assert.equal(readableSize(bytes, 1000, true), bitsText, `${bytes} B as bits`);
    if (bytesText !== null) assert.equal(readableSize(bytes, 1000, false), bytesText, `${bytes} B as bytes`);
  }
});

test('linear scale labels of spec 8.2 (bytes = scale / 8, K=1024)', () => {
  // draw_bar_scale: float i = max / 40, then i += max / 40 while i <= max / 8 (all float32).
  const labels = (maxBits: number, bits: boolean): string[] => {
    const f32 = Math.fround;
    const max = f32(maxBits);
    const step = f32(max / 40);
    const stop = f32(max / 8);
    const out: string[] = [];
    for (let i = step; i <= stop; i = f32(i + step)) out.push(readableSize(i, 1024, bits).trimStart());
    return out;
  };
  assert.deepEqual(labels(64000, true), ['12.5Kb', '25.0Kb', '37.5Kb', '50.0Kb', '62.5Kb']);
  assert.deepEqual(labels(1e8, true), ['19.1Mb', '38.1Mb', '57.2Mb', '76.3Mb', '95.4Mb']);
  assert.deepEqual(labels(1e9, true), ['191Mb', '381Mb', '572Mb', '763Mb', '954Mb']);
  assert.deepEqual(labels(10 * 2 ** 20, true), ['2.00Mb', '4.00Mb', '6.00Mb', '8.00Mb', '10.0Mb']);
  assert.deepEqual(labels(100 * 2 ** 10, true), ['20.0Kb', '40.0Kb', '60.0Kb', '80.0Kb', '100Kb']);
  assert.deepEqual(labels(2 ** 30, true), ['205Mb', '410Mb', '614Mb', '819Mb', '1.00Gb']);
  assert.deepEqual(labels(5000, true), ['0.98Kb', '1.95Kb', '2.93Kb', '3.91Kb', '4.88Kb']);
  assert.deepEqual(labels(100 * 2 ** 30, true), ['20.0Gb', '40.0Gb', '60.0Gb', '80.0Gb', '100Gb']);
  assert.deepEqual(labels(64000, false), ['1.56KB', '3.12KB', '4.69KB', '6.25KB', '7.81KB']);
});

test('iftop keeps at most 9 characters of a rate or cumulative figure (10-byte buffer)', () => {
  assert.equal(READABLE_SIZE_MAX_CHARS, 9);
  // 1e15 B = 931322.6 GB: exactly 9 characters, kept whole.
  assert.equal(formatBytes(1e15), ' 931323GB');
  // 2e15 B = 1862645.1 GB: 10 characters, snprintf keeps 9.
  assert.equal(readableSize(2e15, 1024, false), ' 1862645GB');
  assert.equal(formatBytes(2e15), ' 1862645G');
  assert.equal(formatRate(2e14, false), ' 1490116G');
  // Scale labels are formatted without the limit.
  assert.equal(readableSize(2e14, 1024, true), ' 1490116Gb');
});

test('matches a Python float32 model (struct-rounded floats, Python %-format) on 600 values', () => {
  const random = seededRandom(0xb175);
  const cases: Array<{ n: number; k: 1024 | 1000; bits: boolean }> = [];
  for (let i = 0; i < 600; i++) {
    const magnitude = 10 ** (random() * 13);
    const n = i % 3 === 0 ? Math.floor(magnitude) : i % 3 === 1 ? magnitude : Math.floor(magnitude) / 2;
    cases.push({ n, k: i % 4 === 0 ? 1000 : 1024, bits: i % 2 === 0 });
  }
  const script = [
    'import sys, struct',
    "f = lambda x: struct.unpack('f', struct.pack('f', x))[0]",
    "units = {True: ['b', 'Kb', 'Mb', 'Gb'], False: ['B', 'KB', 'MB', 'GB']}",
    'for line in sys.stdin:',
    '    a, b, c = line.split()',
    "    n, k, bits = f(float(a)), int(b), c == '1'",
    '    if bits: n = f(n * 8)',
    '    size, i = f(1.0), 0',
    '    while True:',
    '        if n < f(size * 1000) or i >= 3:',
    "            s = ' %4.0f%s' % (f(n / size), units[bits][i]); break",
    '        i += 1; size = f(size * k)',
    '        if n < f(size * 10):',
    "            s = ' %4.2f%s' % (f(n / size), units[bits][i]); break",
    '        elif n < f(size * 100):',
    "            s = ' %4.1f%s' % (f(n / size), units[bits][i]); break",
    '    print(s)',
  ].join('\n');
  const expected = runPython(
    script,
    cases.map((c) => `${c.n} ${c.k} ${c.bits ? 1 : 0}`),
  );
  cases.forEach((c, i) => {
    assert.equal(readableSize(c.n, c.k, c.bits), expected[i], `${c.n} K=${c.k} ${c.bits ? 'bits' : 'bytes'}`);
  });
});
