// Name cache: answers, expiry and retry, failure back-off, LRU bound, wait-list bound, concurrency and rate limits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_NAME_LIMITS, NameCache } from '../../src/names/name-cache.js';

const limits = { ...DEFAULT_NAME_LIMITS, cacheSize: 3, queueSize: 4, concurrency: 2, perSecond: 5, positiveTtlMs: 1000, negativeTtlMs: 100, maxNegativeTtlMs: 350 };

test('unknown addresses wait, are handed out within the concurrency limit, and the answer is served from then on', () => {
  const c = new NameCache(limits, 0);
  assert.equal(c.get('a', 0), undefined);
  assert.equal(c.get('b', 0), undefined);
  assert.equal(c.get('c', 0), undefined);
  assert.deepEqual(c.take(0), ['a', 'b'], 'two in flight at most');
  assert.deepEqual(c.take(0), []);
  c.done('a', 'a.example', 10);
  assert.equal(c.get('a', 20), 'a.example');
  assert.deepEqual(c.take(20), ['c']);
  assert.equal(c.isPending('c'), true);
});

test('a name expires after its TTL and is looked up again, shown meanwhile', () => {
  const c = new NameCache(limits, 0);
  c.get('a', 0);
  c.take(0);
  c.done('a', 'a.example', 0);
  assert.equal(c.get('a', 999), 'a.example');
  assert.equal(c.isPending('a'), false);
  assert.equal(c.get('a', 1001), 'a.example', 'the old name stays visible while it is refreshed');
  assert.equal(c.isPending('a'), true);
});

test('failures are retried later, with a back-off that doubles up to the maximum (iftop never retries)', () => {
  const c = new NameCache({ ...limits, perSecond: 1000 }, 0);
  let now = 0;
  const fail = () => {
    c.get('a', now);
    assert.deepEqual(c.take(now), ['a']);
    c.done('a', null, now);
  };
  fail();
  assert.equal(c.get('a', now + 99), undefined);
  assert.equal(c.isPending('a'), false, 'no retry before 100 ms');
  now += 100;
  fail(); // second failure: 200 ms
  c.get('a', now + 199);
  assert.equal(c.isPending('a'), false);
  now += 200;
  fail(); // third: 350 (capped, not 400)
  c.get('a', now + 349);
  assert.equal(c.isPending('a'), false);
  c.get('a', now + 350);
  assert.equal(c.isPending('a'), true);
});

test('the cache keeps at most cacheSize answers, dropping the least recently used', () => {
  const c = new NameCache({ ...limits, perSecond: 1000, concurrency: 10 }, 0);
  for (const a of ['a', 'b', 'c']) {
    c.get(a, 0);
    c.take(0);
    c.done(a, `${a}.example`, 0);
  }
  c.get('a', 1); // a is now the most recently used
  c.get('d', 1);
  c.take(1);
  c.done('d', 'd.example', 1);
  assert.equal(c.sizes.cached, 3);
  assert.equal(c.get('a', 2), 'a.example');
  assert.equal(c.get('b', 2), undefined, 'b was the least recently used');
});

test('the wait list is bounded: a flood of new addresses never grows it, the rest are asked for again later', () => {
  const c = new NameCache(limits, 0);
  for (let i = 0; i < 50_000; i++) c.get(`10.0.${i >> 8}.${i & 255}`, 0);
  assert.equal(c.sizes.waiting, 4);
  assert.equal(c.droppedRequests, 50_000 - 4);
});

test('lookups start at no more than perSecond per second', () => {
  const c = new NameCache({ ...limits, concurrency: 1000, queueSize: 1000 }, 0);
  for (let i = 0; i < 100; i++) c.get(`h${i}`, 0);
  let started = 0;
  for (let t = 0; t <= 10_000; t += 50) started += c.take(t).length;
  assert.ok(started <= 5 + 5 * 10, `${started} lookups in 10 s at 5/s (plus the initial burst of 5)`);
  assert.ok(started >= 50);
});
