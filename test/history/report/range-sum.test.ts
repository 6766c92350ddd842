// Range sums from buckets of several resolutions: coarsest whole buckets, finer edges, time shares where the fine ones are pruned.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IfaceSums, decompose, share } from '../../../src/history/report/range-sum.js';
import type { Resolution } from '../../../src/history/resolutions.js';
import type { BucketCounters } from '../../../src/ports/history-store.js';
import { mulberry32 } from '../../helpers/random.js';

test('a Berlin day (23:00 UTC to 23:00 UTC) is one UTC hour plus 23 hours; a month is days plus hour edges', () => {
  const all = () => 0;
  const day = decompose(86400 - 3600, 2 * 86400 - 3600, [60, 300, 3600, 86400], all);
  assert.deepEqual(day, { full: [{ res: 3600, from: 82800, to: 86400 }, { res: 3600, from: 86400, to: 169200 }], parts: [] });
  const month = decompose(86400 - 3600, 31 * 86400 - 3600, [3600, 86400], all);
  assert.deepEqual(month.full, [{ res: 86400, from: 86400, to: 30 * 86400 }, { res: 3600, from: 82800, to: 86400 }, { res: 3600, from: 30 * 86400, to: 31 * 86400 - 3600 }]);
});

test('where the finer buckets were pruned, an edge is the time share of the coarser bucket; shares of neighbours add up exactly', () => {
  const pruned = (r: Resolution) => (r === 86400 ? 0 : 10 * 86400);
  const d = decompose(86400 - 3600, 2 * 86400 - 3600, [3600, 86400], pruned);
  assert.deepEqual(d, { full: [], parts: [{ res: 86400, bucket: 0, from: 82800, to: 86400 }, { res: 86400, bucket: 86400, from: 86400, to: 169200 }] });
  const rand = mulberry32(9);
  for (let i = 0; i < 500; i++) {
    const v = Math.floor(rand() * 1e12);
    const cut = Math.floor(rand() * 86400);
    assert.equal(share(v, 0, 86400, 0, cut) + share(v, 0, 86400, cut, 86400), v);
  }
});

test('random ranges over random buckets: the sum equals the minutes that fall inside, whenever minutes exist', () => {
  const rand = mulberry32(21);
  const minutes: BucketCounters[] = [];
  for (let ts = 0; ts < 3 * 86400; ts += 60) minutes.push({ ts, rxBytes: Math.floor(rand() * 1000), txBytes: Math.floor(rand() * 100), rxPackets: 1, txPackets: 1 });
  const roll = (res: number) => {
    const m = new Map<number, BucketCounters>();
    for (const x of minutes) {
      const ts = Math.floor(x.ts / res) * res;
      const b = m.get(ts) ?? { ts, rxBytes: 0, txBytes: 0, rxPackets: 0, txPackets: 0 };
      b.rxBytes += x.rxBytes;
      b.txBytes += x.txBytes;
      b.rxPackets += x.rxPackets;
      b.txPackets += x.txPackets;
      m.set(ts, b);
    }
    return [...m.values()];
  };
  const rows = new Map<Resolution, BucketCounters[]>([[60, minutes], [300, roll(300)], [3600, roll(3600)], [86400, roll(86400)]]);
  const sums = new IfaceSums(rows, new Map([[60, 0], [300, 0], [3600, 0], [86400, 0]]));
  for (let i = 0; i < 300; i++) {
    const a = Math.floor(rand() * 3 * 1440) * 60, b = a + Math.floor(rand() * 1440) * 60;
    const expected = minutes.filter((m) => m.ts >= a && m.ts < b).reduce((s, m) => s + m.rxBytes, 0);
    assert.equal(sums.sum(a, b).rxBytes, expected, `[${a}, ${b})`);
  }
});
