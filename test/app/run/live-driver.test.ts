// The live loop with a fake capture, a fake clock and text mode recording its output: tick timing, -s, stalls, end reasons.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LiveDriver } from '../../../src/app/run/live-driver.js';
import { GuardedSink } from '../../../src/app/run/sink.js';
import { Ticker } from '../../../src/app/run/ticker.js';
import { TextSession } from '../../../src/app/text-session.js';
import type { FrameSink } from '../../../src/capture-file/frame-sink.js';
import { Monitor } from '../../../src/core/monitor.js';
import { NO_LOCAL_NETWORK } from '../../../src/core/local-network.js';
import type { KernelCounters } from '../../../src/core/screen-model.js';
import { defaultViewOptions } from '../../../src/core/view-options.js';
import type { Clock } from '../../../src/ports/clock.js';
import type { LiveSource } from '../../../src/ports/live-source.js';
import type { TextOutput } from '../../../src/ports/text-output.js';
import { NUMERIC_LABELLER } from '../../../src/render/host-text.js';
import { ethernet, ipv4 } from '../../helpers/frames.js';

const BLOCK = '   # Host name (port/service if enabled)';

/**
 * waitForData(timeout) never waits for real: it asks `script` how far the fake clock moves during this
 * wait (default: all the way to the deadline) and resolves at once, or never when script says 'hang'.
 */
class Harness implements LiveSource, Clock, TextOutput {
  readonly linktype = 1;
  now = 0;
  readonly writes: { at: number; text: string }[] = [];
  readonly waits: number[] = [];
  private queued: Uint8Array[] = [];
  private failure: ((message: string) => void) | null = null;
  script: (h: Harness, timeoutMs: number) => number | 'hang' = (_h, t) => t;

  monotonicMs(): number { return this.now; }
  epochSeconds(): number { return 1_700_000_000 + this.now / 1000; }
  write(text: string): boolean { this.writes.push({ at: this.now, text }); return true; }
  drained(): Promise<void> { return Promise.resolve(); }
  drain(sink: FrameSink): number {
    const n = this.queued.length;
    for (const f of this.queued) sink.frame(1, f, 0, f.length, f.length, this.epochSeconds());
    this.queued = [];
    return n;
  }
  waitForData(timeoutMs: number): Promise<void> {
    this.waits.push(timeoutMs);
    if (this.waits.length > 10_000) throw new Error('the loop spins without waiting');
    const step = this.script(this, timeoutMs);
    if (step === 'hang') return new Promise(() => {});
    this.now += step;
    return Promise.resolve();
  }
  kernelStats(): KernelCounters { return { received: 0, dropped: 0, ifDropped: 0 }; }
  onFailure(listener: (message: string) => void): void { this.failure = listener; }
  fail(message: string): void { this.failure?.(message); }
  setFilter(): Promise<string | null> { return Promise.resolve(null); }
  stop(): Promise<void> { return Promise.resolve(); }
  /** Queues a captured UDP frame with `len` IP bytes. */
  capture(len: number): void {
    this.queued.push(ethernet({}, ipv4({ src: '10.0.0.2', dst: '10.0.0.1', dataLength: len - 28 })));
  }
  blocks(): { at: number; text: string }[] { return this.writes.filter((w) => w.text.includes(BLOCK)); }
}

/** Text mode on the driver as run() wires it: the session is the ticker's sink, keys run as queued jobs. */
function loop(h: Harness, timedSeconds: number) {
  const monitor = new Monitor({ local: NO_LOCAL_NETWORK, maxFlows: 100, hashSeed: 3 });
  const session: TextSession = new TextSession(monitor, { view: defaultViewOptions(), dnsOn: false, portNamesOn: false, paused: false },
    { numLines: 10, useBytes: true, ndjson: false }, () => NUMERIC_LABELLER, () => null, (b) => h.write(session.render(b)));
  const ticker = new Ticker(monitor, { kind: 'interface', name: 'test0' }, [new GuardedSink(session, (m) => assert.fail(m))]);
  const driver = new LiveDriver(monitor, ticker, { source: h, clock: h, schedule: () => () => {} }, timedSeconds);
  h.onFailure((message) => driver.end({ reason: 'failed', message }));
  const key = (k: string) =>
    driver.later(() => {
      const { text, quit } = session.key(k, h.epochSeconds());
      if (text !== '') h.write(text);
      if (quit) driver.end({ reason: 'quit' });
    });
  return { monitor, loop: { run: () => driver.run(), end: (why: Parameters<LiveDriver['end']>[0]) => driver.end(why), key } };
}

test('a block every 2 s of the monotonic clock, with no packets at all', async () => {
  const h = new Harness();
  const { loop: l } = loop(h, 0);
  h.script = (hh, t) => (hh.now >= 10_000 ? (l.end({ reason: 'quit' }), 0) : t);
  assert.deepEqual(await l.run(), { reason: 'quit' });
  assert.deepEqual(h.blocks().map((b) => b.at), [2000, 4000, 6000, 8000, 10000]);
});

test('frames waiting in the capture are drained before the rotation and are in that block', async () => {
  const h = new Harness();
  const { loop: l, monitor } = loop(h, 0);
  h.script = (hh, t) => {
    if (hh.now === 0) hh.capture(1000);
    if (hh.now >= 4000) l.end({ reason: 'quit' });
    return t;
  };
  await l.run();
  const [first, second] = h.blocks();
  assert.match(first!.text, / 500B +500B +500B +0\.98KB\n/);
  assert.match(second!.text, / {9}0B +250B +250B +0\.98KB\n/);
  assert.equal(monitor.counters.frames, 1);
});

for (const [n, endAt] of [[1, 2000], [2, 2000], [3, 4000], [4, 4000], [5, 6000], [-1, 2000]] as const) {
  test(`-s ${n} with no packets ends after the first rotation at or after ${n} s (at ${endAt / 1000} s) with one block`, async () => {
    const h = new Harness();
    const { loop: l } = loop(h, n);
    assert.deepEqual(await l.run(), { reason: 'timed' });
    assert.equal(h.now, endAt);
    assert.deepEqual(h.writes.map((w) => w.at), [endAt], 'exactly one write: the block');
    assert.ok(h.writes[0]!.text.startsWith(BLOCK));
  });
}

test('a stall longer than a slot re-anchors the schedule instead of printing a burst of catch-up blocks', async () => {
  const h = new Harness();
  const { loop: l } = loop(h, 0);
  h.script = (hh, t) => {
    if (hh.now >= 13_000) {
      l.end({ reason: 'quit' });
      return 0;
    }
    return hh.waits.length === 2 ? t + 7000 : t; // the second wait oversleeps by 7 s (a suspended process)
  };
  await l.run();
  assert.deepEqual(h.blocks().map((b) => b.at), [2000, 11_000, 13_000]);
});

test('a capture failure ends the loop with reason "failed" and the message, even while it waits', async () => {
  const h = new Harness();
  const { loop: l } = loop(h, 0);
  h.script = (hh, t) => {
    if (hh.now < 4000) return t;
    setImmediate(() => hh.fail('the interface went away'));
    return 'hang';
  };
  assert.deepEqual(await l.run(), { reason: 'failed', message: 'the interface went away' });
  assert.equal(h.blocks().length, 2);
});

test('q ends the loop with reason "quit"; other keys print their message and the list at once', async () => {
  const h = new Harness();
  const { loop: l } = loop(h, 0);
  h.script = (hh, t) => {
    if (hh.now < 2000) return t;
    setImmediate(() => {
      l.key('n');
      l.key('q');
    });
    return 'hang';
  };
  assert.deepEqual(await l.run(), { reason: 'quit' });
  assert.equal(h.writes.length, 2);
  assert.ok(h.writes[1]!.text.startsWith('DNS resolution is ON.\n\n' + BLOCK));
});

test('the first reason to end wins', async () => {
  const h = new Harness();
  const { loop: l } = loop(h, 0);
  h.script = () => {
    h.fail('boom');
    l.end({ reason: 'quit' });
    return 0;
  };
  assert.deepEqual(await l.run(), { reason: 'failed', message: 'boom' });
  assert.equal(h.writes.length, 0);
});
