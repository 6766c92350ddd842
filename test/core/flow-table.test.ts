// Flow table: lookups, growth, the cap, and backward-shift deletion checked against a Map model.
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

test('insert then find returns the same id; absent keys give -1', () => {
  const t = new FlowTable(100, 1);
  const id = t.findOrInsert(key(7));
  assert.equal(t.find(key(7)), id);
  assert.equal(t.findOrInsert(key(7)), id);
  assert.equal(t.find(key(8)), -1);
  assert.equal(t.size, 1);
});

test('a new flow starts with zeroed history even when it reuses a freed id', () => {
  const t = new FlowTable(10, 1);
  const a = t.findOrInsert(key(1));
  t.sent[a * HISTORY_LENGTH + 3] = 500;
  t.totalSent[a] = 500;
  t.remove(a);
  const b = t.findOrInsert(key(2));
  assert.equal(b, a, 'id reused');
  assert.equal(t.sent[b * HISTORY_LENGTH + 3], 0);
  assert.equal(t.totalSent[b], 0);
});

test('the table grows past its initial capacity and refuses inserts beyond maxFlows', () => {
  const t = new FlowTable(5000, 42);
  for (let i = 0; i < 5000; i++) assert.notEqual(t.findOrInsert(key(i)), -1);
  assert.equal(t.size, 5000);
  assert.equal(t.findOrInsert(key(5000)), -1, 'full');
  for (let i = 0; i < 5000; i++) assert.notEqual(t.find(key(i)), -1, `key ${i} still found after growth`);
});

test('random inserts and removals agree with a Map model (backward-shift deletion keeps probe runs intact)', () => {
  const t = new FlowTable(3000, 7);
  const model = new Map<number, number>();
  let seed = 12345;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % 4000);
  for (let step = 0; step < 60000; step++) {
    const n = rand();
    if (model.has(n) && step % 3 === 0) {
      t.remove(model.get(n)!);
      model.delete(n);
    } else {
      const id = t.findOrInsert(key(n));
      if (id === -1) {
        assert.equal(model.size, 3000);
        continue;
      }
      if (model.has(n)) assert.equal(id, model.get(n));
      model.set(n, id);
    }
    if (step % 5000 === 0) {
      for (const [k, id] of model) assert.equal(t.find(key(k)), id);
    }
  }
  assert.equal(t.size, model.size);
  for (let n = 0; n < 4000; n++) assert.equal(t.find(key(n)), model.get(n) ?? -1);
});
