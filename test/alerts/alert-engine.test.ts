// The alert life cycle: fire once after the hold time, stay active without repeating, resolve, and stay bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AlertEngine } from '../../src/alerts/alert-engine.js';
import type { Condition } from '../../src/alerts/conditions.js';
import { parseRule } from '../../src/alerts/rule-parser.js';
import type { Rule } from '../../src/alerts/rules.js';
import { assertAlertEvent } from './alert-schema.js';

function rule(text: string): Rule {
  const r = parseRule(text, 'engine');
  if (typeof r === 'string') throw new Error(r);
  return r;
}

const cond = (r: Rule, subject: string, value: number): Condition => ({ rule: r, subject, value, threshold: 1, unit: 'bytes/s', detail: 'above' });

test('no hold: fires at the first tick, stays quiet while it holds, resolves at the first tick without it', () => {
  const r = rule('rate interface > 1B/s');
  const e = new AlertEngine('eth0');
  const fired = e.tick([cond(r, 'interface', 5)], 100);
  assert.equal(fired.length, 1);
  assert.deepEqual([fired[0]!.state, fired[0]!.ts, fired[0]!.since, fired[0]!.value, fired[0]!.source], ['firing', 100, 100, 5, 'eth0']);
  assertAlertEvent(fired[0]);
  assert.deepEqual(e.tick([cond(r, 'interface', 7)], 102), [], 'no repeat while active');
  assert.equal(e.active()[0]!.value, 7, 'the active view has the latest value');
  const resolved = e.tick([], 104);
  assert.deepEqual(resolved.map((x) => [x.state, x.id, x.ts, x.value]), [['resolved', fired[0]!.id, 104, 7]]);
  assertAlertEvent(resolved[0]);
  assert.deepEqual(e.active(), []);
  assert.equal(e.tick([cond(r, 'interface', 5)], 106)[0]!.id, fired[0]!.id, 'the same alert firing again has the same id');
});

test('hold: the condition must hold that long without a gap to fire, and be gone that long to resolve', () => {
  const r = rule('rate interface > 1B/s hold 4');
  const e = new AlertEngine('eth0');
  assert.deepEqual(e.tick([cond(r, 'interface', 5)], 0), []);
  assert.deepEqual(e.tick([cond(r, 'interface', 5)], 2), []);
  assert.deepEqual(e.tick([], 4), [], 'a gap before firing starts over');
  assert.deepEqual(e.tick([cond(r, 'interface', 5)], 6), []);
  assert.deepEqual(e.tick([cond(r, 'interface', 5)], 8), []);
  const fired = e.tick([cond(r, 'interface', 5)], 10);
  assert.deepEqual(fired.map((x) => [x.state, x.since]), [['firing', 6]]);
  assert.deepEqual(e.tick([], 12), [], 'a short gap while active does not resolve');
  assert.deepEqual(e.tick([cond(r, 'interface', 5)], 14), []);
  assert.deepEqual(e.tick([], 16), []);
  assert.deepEqual(e.tick([], 18).map((x) => x.state), ['resolved'], 'gone for the hold time');
});

test('holds count ticks, so a tick that comes a little early (a late timer before it) does not delay the alert', () => {
  const r = rule('detect exfiltration');
  assert.equal(r.holdSeconds, 2);
  const e = new AlertEngine('eth0');
  assert.deepEqual(e.tick([cond(r, 'x', 5)], 1000.004), []);
  assert.deepEqual(e.tick([cond(r, 'x', 5)], 1001.998).map((x) => x.state), ['firing'], 'the second tick in a row, 1.994 s later');
});

test('a partial tick (the end of a file) can fire but resolves nothing', () => {
  const r = rule('detect flood');
  const e = new AlertEngine('f.pcap');
  e.tick([cond(r, 'x', 5)], 0);
  assert.deepEqual(e.tick([], 0.5, true), []);
  assert.equal(e.active().length, 1);
  assert.deepEqual(e.tick([cond(r, 'y', 5)], 0.5, true).map((x) => [x.state, x.subject]), [['firing', 'y']]);
});

test('subjects are separate alerts; the worst value of duplicates counts; critical sorts first', () => {
  const warn = rule('detect scan');
  const crit = rule('detect flood critical');
  const e = new AlertEngine('f.pcap');
  const events = e.tick([cond(warn, 'a', 60), cond(warn, 'a', 90), cond(warn, 'b', 70), cond(crit, 'x:80/udp', 300)], 1);
  assert.equal(events.length, 3);
  assert.equal(events.find((x) => x.subject === 'a')!.value, 90);
  assert.deepEqual(e.active().map((x) => x.severity), ['critical', 'warning', 'warning']);
  assert.equal(events.find((x) => x.subject === 'x:80/udp')!.detector, 'flood');
  assert.equal(new Set(events.map((x) => x.id)).size, 3);
});

test('tracking is bounded: beyond 10 000 subjects the rest are counted, not tracked', () => {
  const r = rule('detect scan');
  const e = new AlertEngine('eth0');
  const many = Array.from({ length: 10_005 }, (_, i) => cond(r, `host ${i}`, 100));
  assert.equal(e.tick(many, 0).length, 10_000);
  assert.equal(e.untracked, 5);
  assert.equal(e.tick([], 2).length, 10_000, 'and they all resolve');
});
