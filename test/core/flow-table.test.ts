// Flow table: lookups, growth, the cap, open-slot folding, and backward-shift deletion checked against a Map model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FlowTable, HISTORY_LENGTH } from '../../src/core/flow-table.js';
import { KEY_WORDS } from '../../src/core/flow-key.js';
import { mulberry32 } from '../helpers/random.js';

function key(n: number): Uint32Array {
  const k = new Uint32Array(KEY_WORDS);
  k[0] = (4 << 8) | 17;
  k[1] = 0x0a000000 + (n % 65536);
  k[5] = 0x0a010000 + Math.floor(n / 65536);
  k[9] = n & 0xffff;
  return k;
}

test('insert then find returns the same flow; absent keys give -1', () => {
  const t = new FlowTable(100, 1);
  const slot = t.findOrInsert(key(7));
  assert.equal(t.findOrInsert(key(7)), slot);
  const id = t.find(key(7));
  assert.notEqual(id, -1);
  assert.deepEqual([...t.keys.subarray(id * KEY_WORDS, (id + 1) * KEY_WORDS)], [...key(7)]);
  assert.equal(t.find(key(8)), -1);
  assert.equal(t.size, 1);
});

test('open-slot bytes are readable at once and fold into the history, totals and running sums at rotation', () => {
  const t = new FlowTable(100, 1);
  t.add(t.findOrInsert(key(1)), true, 300);
  t.add(t.findOrInsert(key(1)), false, 40);
  const id = t.find(key(1));
  assert.equal(t.openSent(id), 300);
  assert.equal(t.openRecv(id), 40);
  assert.equal(t.lastWrite[id], -1);
  t.rotate(4);
  assert.equal(t.closedSent(id, 4), 300);
  assert.equal(t.closedRecv(id, 4), 40);
  assert.equal(t.totalSent[id], 300);
  assert.equal(t.lastWrite[id], 4);
  assert.equal(t.openSent(id), 0);
  assert.equal(t.last4Sent[id], 300);
  assert.equal(t.last19Recv[id], 40);
  // Four more rotations push slot 4 out of the 4-slot sum; nineteen push it out of the 19-slot sum.
  for (let p = 5; p < 9; p++) t.rotate(p);
  assert.equal(t.last4Sent[id], 0);
  assert.equal(t.last19Sent[id], 300);
  for (let p = 9; p < 23; p++) t.rotate(p % HISTORY_LENGTH);
  assert.equal(t.last19Sent[id], 300, 'still in the 19 closed slots');
  assert.equal(t.find(key(1)), id);
  t.rotate(3);
  assert.equal(t.find(key(1)), -1, 'removed when its last write comes round again (20 rotations)');
});

test('a new flow starts with zeroed history even when it reuses a freed id', () => {
  const t = new FlowTable(10, 1);
  t.add(t.findOrInsert(key(1)), true, 500);
  const a = t.find(key(1));
  t.rotate(3);
  t.remove(a);
  t.findOrInsert(key(2));
  const b = t.find(key(2));
  assert.equal(b, a, 'id reused');
  assert.equal(t.closedSent(b, 3), 0);
  assert.equal(t.totalSent[b], 0);
  assert.equal(t.openSent(b), 0);
});

test('the table grows past its initial capacity (open bytes survive the rehash) and refuses inserts beyond maxFlows', () => {
  const t = new FlowTable(5000, 42, 16);
  for (let i = 0; i < 5000; i++) t.add(t.findOrInsert(key(i)), true, i + 1);
  assert.equal(t.size, 5000);
  assert.equal(t.findOrInsert(key(5000)), -1, 'full');
  for (let i = 0; i < 5000; i++) assert.equal(t.openSent(t.find(key(i))), i + 1, `key ${i} after growth`);
});

test('random inserts and removals agree with a Map model (backward-shift deletion keeps probe runs intact)', () => {
  const t = new FlowTable(3000, 7);
  const model = new Map<number, number>();
  let seed = 12345;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % 4000);
  for (let step = 0; step < 60000; step++) {
    const n = rand();
    if (model.has(n) && step % 3 === 0) {
      t.remove(t.find(key(n)));
      model.delete(n);
    } else {
      const slot = t.findOrInsert(key(n));
      if (slot === -1) {
        assert.equal(model.size, 3000);
        continue;
      }
      t.add(slot, true, 1);
      model.set(n, (model.get(n) ?? 0) + 1);
    }
    if (step % 5000 === 0) {
      for (const [k, bytes] of model) assert.equal(t.openSent(t.find(key(k))), bytes);
    }
  }
  assert.equal(t.size, model.size);
  for (let n = 0; n < 4000; n++) {
    const id = t.find(key(n));
    assert.equal(id === -1 ? undefined : t.openSent(id), model.get(n));
  }
});

/** iftop's per-flow history, kept the obvious way: 20 slots per flow, walked in full. */
interface ModelFlow {
  slots: { sent: number; recv: number }[];
  open: { sent: number; recv: number; packets: number };
  totalSent: number;
  totalRecv: number;
  lastWrite: number;
}

test('history, running sums, totals and expiry agree with a plain model through growth, id reuse and zero-length packets', () => {
  // Starts with room for 8 flows so storage grows (and the slot-major history is re-laid) several times.
  const t = new FlowTable(600, 3, 8);
  const model = new Map<number, ModelFlow>();
  const rand = mulberry32(2024);
  let pos = 0;
  for (let tick = 0; tick < 120; tick++) {
    // Bursts of new flows early on, a quiet stretch (everything expires), then churn again.
    const quiet = tick >= 50 && tick < 75;
    const packets = quiet ? 0 : Math.floor(rand() * 400);
    for (let i = 0; i < packets; i++) {
      const n = Math.floor(rand() * (tick < 50 ? 500 : 700));
      const id = t.findOrInsert(key(n));
      if (id === -1) continue;
      const sentSide = rand() < 0.6;
      const bytes = rand() < 0.05 ? 0 : 40 + Math.floor(rand() * 1400);
      t.add(id, sentSide, bytes);
      let f = model.get(n);
      if (f === undefined) {
        f = { slots: Array.from({ length: HISTORY_LENGTH }, () => ({ sent: 0, recv: 0 })), open: { sent: 0, recv: 0, packets: 0 }, totalSent: 0, totalRecv: 0, lastWrite: -1 };
        model.set(n, f);
      }
      if (sentSide) f.open.sent += bytes;
      else f.open.recv += bytes;
      f.open.packets++;
    }
    t.rotate(pos);
    const next = (pos + 1) % HISTORY_LENGTH;
    for (const [n, f] of model) {
      f.slots[pos] = { sent: f.open.sent, recv: f.open.recv };
      if (f.open.packets > 0) {
        f.totalSent += f.open.sent;
        f.totalRecv += f.open.recv;
        f.lastWrite = pos;
      }
      f.open = { sent: 0, recv: 0, packets: 0 };
      if (f.lastWrite === next) model.delete(n);
      else f.slots[next] = { sent: 0, recv: 0 };
    }
    pos = next;
    assert.equal(t.size, model.size, `tick ${tick}: live flows`);
    for (const [n, f] of model) {
      const id = t.find(key(n));
      assert.notEqual(id, -1, `tick ${tick}: flow ${n} present`);
      const back = (k: number) => f.slots[(pos - k + HISTORY_LENGTH) % HISTORY_LENGTH]!;
      let s4 = 0, r4 = 0, s19 = 0, r19 = 0;
      for (let k = 1; k <= 19; k++) {
        if (k <= 4) {
          s4 += back(k).sent;
          r4 += back(k).recv;
        }
        s19 += back(k).sent;
        r19 += back(k).recv;
      }
      for (let k = 0; k < HISTORY_LENGTH; k++) {
        assert.equal(t.closedSent(id, k), f.slots[k]!.sent, `tick ${tick}: flow ${n} slot ${k}`);
        assert.equal(t.closedRecv(id, k), f.slots[k]!.recv);
      }
      assert.deepEqual([t.last4Sent[id], t.last4Recv[id], t.last19Sent[id], t.last19Recv[id]], [s4, r4, s19, r19], `tick ${tick}: flow ${n} sums`);
      assert.deepEqual([t.totalSent[id], t.totalRecv[id]], [f.totalSent, f.totalRecv]);
      assert.equal(t.openPackets(id), 0);
    }
    if (quiet && tick === 74) assert.equal(t.size, 0, 'every flow expired during the quiet stretch');
  }
});
