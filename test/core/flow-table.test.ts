// Flow table: lookups, growth, the cap, open-slot folding, and backward-shift deletion checked against a Map model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FlowTable, HISTORY_LENGTH } from '../../src/core/flow-table.js';
import { KEY_WORDS } from '../../src/core/flow-key.js';

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
  assert.equal(t.sent[id * HISTORY_LENGTH + 4], 300);
  assert.equal(t.recv[id * HISTORY_LENGTH + 4], 40);
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
  assert.equal(t.sent[b * HISTORY_LENGTH + 3], 0);
  assert.equal(t.totalSent[b], 0);
  assert.equal(t.openSent(b), 0);
});

test('the table grows past its initial capacity (open bytes survive the rehash) and refuses inserts beyond maxFlows', () => {
  const t = new FlowTable(5000, 42);
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
