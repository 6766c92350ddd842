// Name service with fakes: /etc/hosts first, background lookups within limits, settle() for files, redraw signal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NameService } from '../../src/app/name-service.js';
import { DEFAULT_NAME_LIMITS, NameCache } from '../../src/names/name-cache.js';

/** A schedule whose timers run when the test says (virtual time). */
function virtualTime() {
  let now = 0;
  let timers: { at: number; fn: () => void }[] = [];
  return {
    clock: { monotonicMs: () => now, epochSeconds: () => now / 1000 },
    schedule: (fn: () => void, ms: number) => {
      const t = { at: now + ms, fn };
      timers.push(t);
      return () => (timers = timers.filter((x) => x !== t));
    },
    async advance(ms: number) {
      const end = now + ms;
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const t = timers[0];
        if (t === undefined || t.at > end) break;
        timers.shift();
        now = t.at;
        t.fn();
        await new Promise((r) => setImmediate(r));
      }
      now = end;
    },
  };
}

test('/etc/hosts answers first, without a lookup; unknown addresses are looked up in the background', async () => {
  const asked: string[] = [];
  const time = virtualTime();
  let redraws = 0;
  const s = new NameService(
    new NameCache(DEFAULT_NAME_LIMITS, 0),
    { reverse: async (a) => (asked.push(a), a === '198.51.100.7' ? 'web.example' : null) },
    () => new Map([['127.0.0.1', 'localhost']]),
    time.clock,
    time.schedule,
    () => redraws++,
  );
  assert.equal(s.name('127.0.0.1'), 'localhost');
  assert.equal(s.name('198.51.100.7'), undefined, 'never waits');
  assert.equal(s.name('fe80::1'), undefined);
  await time.advance(1);
  assert.deepEqual(asked, ['198.51.100.7'], 'no lookup for /etc/hosts names or link-local addresses');
  assert.equal(s.name('198.51.100.7'), 'web.example');
  assert.equal(redraws, 1, 'one redraw request for the new name');
});

test('a lookup that never settles is abandoned by the watchdog and counted as failed', async () => {
  const time = virtualTime();
  const s = new NameService(new NameCache(DEFAULT_NAME_LIMITS, 0), { reverse: () => new Promise(() => {}) }, () => new Map(), time.clock, time.schedule);
  s.name('198.51.100.9');
  const settled = s.settle(['198.51.100.9']);
  await time.advance(6000);
  await settled;
  assert.equal(s.name('198.51.100.9'), undefined);
});

test('settle() waits for every address of a block, within the concurrency limit', async () => {
  const time = virtualTime();
  let inFlight = 0, most = 0;
  const s = new NameService(
    new NameCache({ ...DEFAULT_NAME_LIMITS, concurrency: 2, perSecond: 1000 }, 0),
    {
      reverse: async (a) => {
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setImmediate(r));
        inFlight--;
        return `${a}.example`;
      },
    },
    () => new Map(),
    time.clock,
    time.schedule,
  );
  const addresses = ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5'];
  const settled = s.settle(addresses);
  for (let i = 0; i < 20; i++) await time.advance(1);
  await settled;
  assert.deepEqual(addresses.map((a) => s.name(a)), addresses.map((a) => `${a}.example`));
  assert.ok(most <= 2, `${most} lookups in flight`);
});
