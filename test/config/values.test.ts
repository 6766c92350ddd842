// iftop's value parsers: booleans, strtol integers, -m rates, enumerations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBool, parseEnum, parseRate, parseStrtol } from '../../src/config/values.js';

test('only "yes" and "true" are true', () => {
  for (const v of ['yes', 'true']) assert.equal(parseBool(v), true);
  for (const v of ['on', '1', 'True', 'maybe', '', 'YES']) assert.equal(parseBool(v), false);
});

test('strtol: numeric prefix, junk ignored, no digits is 0, empty ignored', () => {
  assert.equal(parseStrtol('3x'), 3);
  assert.equal(parseStrtol('abc'), 0);
  assert.equal(parseStrtol('  -2'), -2);
  assert.equal(parseStrtol('+7'), 7);
  assert.equal(parseStrtol(''), null);
  assert.equal(parseStrtol('99999999999'), 2147483647);
});

test('-m: digits and one unit letter, bits per second', () => {
  assert.deepEqual(parseRate('10M'), { ok: true, bitsPerSecond: 10485760 });
  assert.deepEqual(parseRate('100k'), { ok: true, bitsPerSecond: 102400 });
  assert.deepEqual(parseRate('1G'), { ok: true, bitsPerSecond: 1073741824 });
  assert.deepEqual(parseRate('5000'), { ok: true, bitsPerSecond: 5000 });
  assert.deepEqual(parseRate('100G'), { ok: true, bitsPerSecond: 107374182400 });
  assert.deepEqual(parseRate('7b'), { ok: true, bitsPerSecond: 7 });
  assert.deepEqual(parseRate('abc'), { ok: false, message: 'Invalid units in value: abc' });
  assert.deepEqual(parseRate('10KB'), { ok: false, message: 'Invalid units in value: 10KB' });
  assert.deepEqual(parseRate('10x'), { ok: false, message: 'Invalid units in value: 10x' });
  assert.deepEqual(parseRate('K'), { ok: false, message: 'Error reading rate: ' });
});

test('enumerations are exact and case-sensitive', () => {
  assert.deepEqual(parseEnum('sort', '40s', ['2s', '10s', '40s']), { ok: true, value: '40s' });
  assert.deepEqual(parseEnum('sort', '40S', ['2s', '10s', '40s']), { ok: false, message: 'Invalid enumeration value "40S" for directive "sort"' });
});
