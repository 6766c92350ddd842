// Rows by process, unit and container add up to the traffic in every window, across expiry, exits and overflow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AttributionRow, OwnerSource, RowView } from '../../src/attribution/accounts.js';
import { AttributionAccounts, sortRows } from '../../src/attribution/accounts.js';
import type { GapOwner, Owner, ProcessOwner } from '../../src/attribution/owner.js';
import type { FakeFlow } from '../helpers/fake-snapshot.js';
import { fakeSnapshot } from '../helpers/fake-snapshot.js';
import { mulberry32 } from '../helpers/random.js';

const PENDING: GapOwner = { kind: 'gap', reason: 'pending', uid: null, user: null, unit: null, container: null };

function proc(pid: number, unit: string | null, container: string | null = null): ProcessOwner {
  return {
    kind: 'process', pid, startTime: pid * 10, name: `p${pid}`, cmdline: `p${pid} --serve`, uid: 1000, user: 'ann', unit,
    container: container === null ? null : { runtime: 'docker', id: container.padEnd(64, '0'), pod: null },
    cgroup: unit === null ? '/' : `/system.slice/${unit}`, netns: 1, exitedAt: null,
  };
}
const gap = (reason: GapOwner['reason']): GapOwner => ({ kind: 'gap', reason, uid: null, user: null, unit: null, container: null });

class FakeSource implements OwnerSource {
  readonly owners = new Map<number, Owner>();
  readonly submitted: number[] = [];
  readonly forgotten: number[] = [];
  readonly pendingOwner = PENDING;
  ownerOf(serial: number): Owner | undefined {
    return this.owners.get(serial) ?? (this.submitted.includes(serial) ? PENDING : undefined);
  }
  submit(serial: number): void {
    this.submitted.push(serial);
  }
  forget(serial: number): void {
    this.forgotten.push(serial);
  }
}

const sumRows = (rows: readonly AttributionRow[]) => rows.reduce((a, r) => ({
  sent: a.sent + r.cumulativeSentBytes, recv: a.recv + r.cumulativeRecvBytes,
  rate: [0, 1, 2].map((w) => a.rate[w]! + r.sentRate[w]! + r.recvRate[w]!),
}), { sent: 0, recv: 0, rate: [0, 0, 0] });

test('a tick: one row per process, gap rows, and the overflow as "table-full"; unit and container views regroup the same bytes', () => {
  const src = new FakeSource();
  const a = proc(10, 'web.service', 'aaa'), b = proc(11, 'web.service', 'aaa'), c = proc(12, null);
  src.owners.set(1, a).set(2, b).set(3, c).set(4, gap('forwarded'));
  const acc = new AttributionAccounts(src, { exitedRetentionSeconds: 300 });
  const flows: FakeFlow[] = [
    { serial: 1, src: '198.51.100.1', dst: '203.0.113.1', slotSentBytes: 100, slotRecvBytes: 10, sentRate: [50, 10, 2.5], recvRate: [5, 1, 0.25] },
    { serial: 2, src: '198.51.100.1', dst: '203.0.113.2', slotSentBytes: 200, sentRate: [100, 20, 5] },
    { serial: 3, src: '198.51.100.1', dst: '203.0.113.3', slotRecvBytes: 300, recvRate: [150, 30, 7.5] },
    { serial: 4, src: '203.0.113.8', dst: '203.0.113.9', slotSentBytes: 40, sentRate: [20, 4, 1] },
    { serial: 5, src: '198.51.100.1', dst: '203.0.113.5', slotSentBytes: 7, sentRate: [3.5, 0.7, 0.175] },
  ];
  const s = fakeSnapshot({ ts: 1000, flows, overflow: { cumulativeSentBytes: 1000, cumulativeRecvBytes: 500, sentRate: [1, 2, 3], recvRate: [4, 5, 6] } });
  acc.update(s);
  assert.deepEqual(src.submitted, [5], 'a flow nobody submitted is submitted from the tick');
  const byProcess = acc.rows('process');
  assert.deepEqual(byProcess.map((r) => [r.kind, r.pid ?? r.unattributed, r.cumulativeSentBytes, r.cumulativeRecvBytes]).sort(), [
    ['gap', 'forwarded', 40, 0], ['gap', 'pending', 7, 0], ['gap', 'table-full', 1000, 500],
    ['process', 10, 100, 10], ['process', 11, 200, 0], ['process', 12, 0, 300],
  ].sort());
  for (const view of ['process', 'unit', 'container'] as RowView[]) {
    const t = sumRows(acc.rows(view));
    assert.equal(t.sent, 100 + 200 + 40 + 7 + 1000, view);
    assert.equal(t.recv, 10 + 300 + 500, view);
    assert.deepEqual(t.rate.map((x) => Math.round(x * 1000) / 1000), [333.5, 72.7, 25.425], view);
  }
  const units = acc.rows('unit').filter((r) => r.kind === 'unit');
  assert.deepEqual(units.map((r) => [r.unit, r.processes, r.flows, r.cumulativeSentBytes]).sort(), [[null, 1, 1, 0], ['web.service', 2, 2, 300]]);
  const containers = acc.rows('container').filter((r) => r.kind === 'container');
  assert.deepEqual(containers.map((r) => [r.name, r.processes]).sort(), [[null, 1], ['aaa000000000', 2]]);
});

test('sorting as iftop\'s 1/2/3 keys (2 s, 10 s, 40 s sent+received) or cumulative; ties by key, stable across ticks', () => {
  const rows = [
    { key: 'b', sentRate: [10, 0, 0], recvRate: [0, 0, 9], cumulativeSentBytes: 1, cumulativeRecvBytes: 0 },
    { key: 'a', sentRate: [10, 1, 0], recvRate: [0, 0, 0], cumulativeSentBytes: 5, cumulativeRecvBytes: 0 },
    { key: 'c', sentRate: [0, 5, 1], recvRate: [1, 0, 0], cumulativeSentBytes: 0, cumulativeRecvBytes: 2 },
  ] as unknown as AttributionRow[];
  assert.deepEqual(sortRows(rows, 0).map((r) => r.key), ['a', 'b', 'c']);
  assert.deepEqual(sortRows(rows, 1).map((r) => r.key), ['c', 'a', 'b']);
  assert.deepEqual(sortRows(rows, 2).map((r) => r.key), ['b', 'c', 'a']);
  assert.deepEqual(sortRows(rows, 'cumulative').map((r) => r.key), ['a', 'c', 'b']);
});

test('an exited process keeps its row (marked) for the retention time, then its bytes move to "exited processes" and its unit', () => {
  const src = new FakeSource();
  const p = proc(20, 'job.service');
  src.owners.set(1, p);
  const acc = new AttributionAccounts(src, { exitedRetentionSeconds: 300 });
  acc.update(fakeSnapshot({ ts: 1000, flows: [{ serial: 1, src: '198.51.100.1', dst: '203.0.113.1', cumulativeSentBytes: 900, slotSentBytes: 900, expired: true }] }));
  assert.deepEqual(src.forgotten, [], 'still in this tick\'s rows');
  p.exitedAt = 1002;
  acc.update(fakeSnapshot({ ts: 1004, flows: [] }));
  assert.deepEqual(src.forgotten, [1]);
  const kept = acc.rows('process');
  assert.deepEqual(kept.map((r) => [r.kind, r.pid, r.exited, r.cumulativeSentBytes, r.flows]), [['process', 20, true, 900, 0]]);
  acc.update(fakeSnapshot({ ts: 1302, flows: [] }));
  assert.deepEqual(acc.rows('process').map((r) => [r.kind, r.name, r.cumulativeSentBytes]), [['exited', 'exited processes', 900]]);
  assert.deepEqual(acc.rows('unit').map((r) => [r.kind, r.unit, r.cumulativeSentBytes]), [['unit', 'job.service', 900]]);
});

test('property: over many ticks with new, growing and expiring flows, every view adds up to all bytes ever counted', () => {
  const rand = mulberry32(911);
  const owners = [proc(1, 'a.service', 'c1'), proc(2, 'a.service'), proc(3, 'b.service', 'c2'), gap('no-socket'), gap('forwarded'), gap('closed')];
  const src = new FakeSource();
  const acc = new AttributionAccounts(src, { exitedRetentionSeconds: 6 });
  interface Live { serial: number; sent: number; recv: number; id: number }
  let live: Live[] = [];
  let nextSerial = 1, expiredSent = 0, expiredRecv = 0, overflowSent = 0, overflowRecv = 0;
  for (let tick = 1; tick <= 80; tick++) {
    for (let n = Math.floor(rand() * 4); n > 0; n--) {
      const serial = nextSerial++;
      if (rand() < 0.9) src.owners.set(serial, owners[Math.floor(rand() * owners.length)]!);
      live.push({ serial, sent: 0, recv: 0, id: -1 });
    }
    const ids = new Set<number>();
    const flows: FakeFlow[] = live.map((f) => {
      const ds = Math.floor(rand() * 1000), dr = Math.floor(rand() * 1000);
      f.sent += ds;
      f.recv += dr;
      // Ids are reused once free (serials are not): the accounts' id cache must notice.
      let id = 0;
      while (ids.has(id)) id++;
      ids.add(id);
      f.id = id;
      return { id, serial: f.serial, src: '198.51.100.1', dst: `203.0.113.${f.serial % 250}`, slotSentBytes: ds, slotRecvBytes: dr,
        cumulativeSentBytes: f.sent, cumulativeRecvBytes: f.recv, sentRate: [ds / 2, ds / 10, ds / 40], recvRate: [dr / 2, dr / 10, dr / 40],
        expired: rand() < 0.15 };
    });
    overflowSent += 17;
    overflowRecv += 3;
    if (tick === 40) (owners[0] as ProcessOwner).exitedAt = 1000 + tick * 2;
    const s = fakeSnapshot({ ts: 1000 + tick * 2, flows, overflow: { cumulativeSentBytes: overflowSent, cumulativeRecvBytes: overflowRecv } });
    acc.update(s);
    const current = live.reduce((a, f) => [a[0]! + f.sent, a[1]! + f.recv], [0, 0]);
    for (const view of ['process', 'unit', 'container'] as RowView[]) {
      const t = sumRows(acc.rows(view));
      assert.equal(t.sent, expiredSent + current[0]! + overflowSent, `tick ${tick} ${view} sent`);
      assert.equal(t.recv, expiredRecv + current[1]! + overflowRecv, `tick ${tick} ${view} received`);
      const rate = flows.reduce((x, f) => x + f.sentRate![0] + f.recvRate![0], 0);
      assert.ok(Math.abs(t.rate[0]! - rate) < 1e-6, `tick ${tick} ${view} 2 s rate`);
    }
    for (const f of flows) {
      if (!f.expired) continue;
      const l = live.find((x) => x.serial === f.serial)!;
      expiredSent += l.sent;
      expiredRecv += l.recv;
    }
    live = live.filter((l) => !flows.find((f) => f.serial === l.serial)!.expired);
    // Late answers: some pending flows get an owner later; their whole history moves with them.
    for (const l of live) if (!src.owners.has(l.serial) && rand() < 0.3) src.owners.set(l.serial, owners[1]!);
  }
  assert.ok(acc.rows('process').some((r) => r.kind === 'exited'), 'the exited process was retired');
});
