// Checks formatFixed against glibc's verified ties and against Python's correctly rounded %-format.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFixed } from '../../src/format/printf-fixed.js';
import { runPython, seededRandom } from './python-oracle.js';

test('verified ties round half to even on the exact value (spec 8.1)', () => {
  const cases: Array<[number, number, string]> = [
    [0.5, 0, '0'],
    [4.5, 0, '4'],
    [49.5, 0, '50'],
    [62.5, 0, '62'],
    [124.5, 0, '124'],
    [1.125, 2, '1.12'],
    [5.125, 2, '5.12'],
    [10.25, 1, '10.2'],
    [50.25, 1, '50.2'],
    [100.5, 0, '100'],
  ];
  for (const [x, decimals, expected] of cases) {
    assert.equal(formatFixed(x, decimals, 0), expected, `${x} %.${decimals}f`);
  }
});

test('non-ties round to nearest on the binary value, not the decimal literal', () => {
  assert.equal(formatFixed(1.5, 0, 0), '2');
  assert.equal(formatFixed(2.5, 0, 0), '2');
  assert.equal(formatFixed(3.5, 0, 0), '4');
  assert.equal(formatFixed(0.125, 2, 0), '0.12');
  assert.equal(formatFixed(0.375, 2, 0), '0.38');
  // 2.675 is 2.67499999… in binary, 1.005 is 1.00499999…, 0.15 is 0.1499999…
  assert.equal(formatFixed(2.675, 2, 0), '2.67');
  assert.equal(formatFixed(1.005, 2, 0), '1.00');
  assert.equal(formatFixed(0.15, 1, 0), '0.1');
  // 0.35 is 0.34999…; 0.45 is 0.450000000000000011…
  assert.equal(formatFixed(0.35, 1, 0), '0.3');
  assert.equal(formatFixed(0.45, 1, 0), '0.5');
  assert.equal(formatFixed(9.995, 2, 0), '9.99');
  assert.equal(formatFixed(9.9951, 2, 0), '10.00');
  assert.equal(formatFixed(99.96, 1, 0), '100.0');
});

test('field width right-justifies and never truncates', () => {
  assert.equal(formatFixed(0, 0, 4), '   0');
  assert.equal(formatFixed(0, 2, 4), '0.00');
  assert.equal(formatFixed(1.5, 1, 4), ' 1.5');
  assert.equal(formatFixed(12345.5, 0, 4), '12346');
  assert.equal(formatFixed(123.456, 2, 10), '    123.46');
});

test('zero, subnormals, integers and huge values', () => {
  assert.equal(formatFixed(0, 3, 0), '0.000');
  assert.equal(formatFixed(5e-324, 2, 0), '0.00');
  assert.equal(formatFixed(7, 2, 0), '7.00');
  assert.equal(formatFixed(2 ** 53, 0, 0), '9007199254740992');
  assert.equal(formatFixed(1e21, 0, 0), '1000000000000000000000');
  assert.equal(formatFixed(2 ** 70, 1, 0), '1180591620717411303424.0');
});

test('sign and non-finite values print like glibc', () => {
  assert.equal(formatFixed(-0, 0, 0), '-0');
  assert.equal(formatFixed(-2.5, 0, 4), '  -2');
  assert.equal(formatFixed(Infinity, 1, 4), ' inf');
  assert.equal(formatFixed(-Infinity, 1, 0), '-inf');
  assert.equal(formatFixed(NaN, 1, 4), ' nan');
});

test('rejects a decimals count printf would not be asked for', () => {
  assert.throws(() => formatFixed(1, -1, 0), RangeError);
  assert.throws(() => formatFixed(1, 1.5, 0), RangeError);
});

test('matches Python %*.*f (correctly rounded, ties to even) on 6000 values, across the toFixed fast path and the exact path', () => {
  const random = seededRandom(0x5eed);
  const cases: Array<{ x: number; decimals: number; width: number }> = [];
  for (let i = 0; i < 6000; i++) {
    const kind = i % 6;
    let x: number;
    if (kind === 0) x = random() * 10 ** Math.floor(random() * 8); // plain doubles
    else if (kind === 1) x = Math.fround(random() * 2 ** Math.floor(random() * 40)); // float32 quotients
    else if (kind === 2) x = Math.floor(random() * 100000) / 2 ** Math.floor(random() * 12); // dyadic: many exact ties
    else if (kind === 3) x = Math.floor(random() * 2000) / 8; // ties at 1 and 2 decimals
    else if (kind === 4) x = Math.fround(Math.floor(random() * 1e9) / 1024); // what readable_size divides
    else x = (2 ** (45 + Math.floor(random() * 9)) + Math.floor(random() * 4096)) / 2 ** Math.floor(random() * 4); // where the fast path ends
    cases.push({ x, decimals: i % 7, width: (i % 3) * 4 });
  }
  const script = [
    'import sys',
    'for line in sys.stdin:',
    '    x, d, w = line.split()',
    "    print('%*.*f' % (int(w), int(d), float(x)))",
  ].join('\n');
  const expected = runPython(
    script,
    cases.map((c) => `${c.x} ${c.decimals} ${c.width}`),
  );
  cases.forEach((c, i) => {
    assert.equal(formatFixed(c.x, c.decimals, c.width), expected[i], `${c.x} %${c.width}.${c.decimals}f`);
  });
});
