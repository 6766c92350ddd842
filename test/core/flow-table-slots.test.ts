// Flow table hash slots sized to the flows present: growth and shrinking, the shared per-tick gather, probe/insert and prefetch hints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FlowTable, HISTORY_LENGTH, OPEN_LAST_SEEN, OPEN_PACKETS, OPEN_SENT, OPEN_STRIDE } from '../../src/core/flow-table.js';
import { KEY_WORDS } from '../../src/core/flow-key.js';
import { hashKey } from '../../src/core/key-hash.js';

function key(n: number): Uint32Array {
  const k = new Uint32Array(KEY_WORDS);
  k[0] = (6 << 8) | 6;
  k[1] = 0x20010db8;
  k[4] = n;
  k[9] = (n * 7919) >>> 0;
  return k;
}

/** Bytes each key has in the open slot, by key number. */
function openBytes(t: FlowTable, n: number): (number | undefined)[] {
  const open = t.gatherOpen();
  return Array.from({ length: n }, (_, i) => {
    const id = t.find(key(i));
    return id < 0 ? undefined : open[id * OPEN_STRIDE + OPEN_SENT];
  });
}

test('a flood grows the slots; once it has expired they shrink back, and the survivors are still found', () => {
  const t = new FlowTable(100_000, 9);
  const before = t.slotCount;
  for (let i = 0; i < 20_000; i++) t.add(t.findOrInsert(key(i)), true, 10);
  assert.ok(t.slotCount >= 2 * 20_000, `room for the flood at load ≤ 0.5 (${t.slotCount} slots)`);
  assert.ok(t.slotCount > before);
  // Ten flows keep talking; the other 19 990 expire after 20 silent rotations.
  for (let r = 0; r < HISTORY_LENGTH + 1; r++) {
    for (let i = 0; i < 10; i++) t.add(t.findOrInsert(key(i)), true, 1);
    t.rotate(r % HISTORY_LENGTH);
  }
  assert.equal(t.size, 10);
  assert.ok(t.slotCount <= 1024, `the slots shrank back (${t.slotCount})`);
  for (let i = 0; i < 10; i++) assert.notEqual(t.find(key(i)), -1, `key ${i} survives the shrink`);
  assert.equal(t.find(key(10)), -1);
  t.add(t.findOrInsert(key(3)), true, 5);
  assert.deepEqual(openBytes(t, 4), [0, 0, 0, 5]);
});

test('one gather per tick is shared, and every change since (packet, new flow, removal, rotation, time base) is seen by the next', () => {
  const t = new FlowTable(1000, 3);
  t.timeBase = 100;
  t.add(t.findOrInsert(key(1), 100), true, 7, 500);
  const first = t.gatherOpen();
  assert.equal(t.gatherOpen(), first, 'a second reader in the same tick gets the same copy');
  assert.deepEqual(openBytes(t, 3), [undefined, 7, undefined]);
  t.add(t.findOrInsert(key(1)), true, 3, 600);
  assert.deepEqual(openBytes(t, 3), [undefined, 10, undefined], 'a packet');
  t.findOrInsert(key(2), 101);
  assert.deepEqual(openBytes(t, 3), [undefined, 10, 0], 'a new flow');
  const id1 = t.find(key(1));
  assert.equal(t.gatherOpen()[id1 * OPEN_STRIDE + OPEN_LAST_SEEN], 100.6);
  t.timeBase = 200;
  assert.equal(t.gatherOpen()[id1 * OPEN_STRIDE + OPEN_LAST_SEEN], 200.6, 'a new time base');
  t.remove(t.find(key(2)));
  assert.deepEqual(openBytes(t, 3), [undefined, 10, undefined], 'a removal');
  t.rotate(0, 202);
  assert.equal(t.gatherOpen()[id1 * OPEN_STRIDE + OPEN_PACKETS], 0, 'a rotation empties the open slot');
  assert.equal(t.closedSent(id1, 0), 10);
});

test('probe() finds or points at the free slot; insert() there and findOrInsertAt() agree with findOrInsert()', () => {
  const a = new FlowTable(5000, 11);
  const b = new FlowTable(5000, 11);
  const keys = new Uint32Array(3000 * KEY_WORDS);
  for (let i = 0; i < 3000; i++) keys.set(key(i % 1700), i * KEY_WORDS);
  for (let i = 0; i < 3000; i++) {
    const off = i * KEY_WORDS;
    const hash = hashKey(keys, off, 11);
    // touch() is only a hint: any hash, any state.
    b.touch(hash);
    let s = b.probe(keys, off, hash);
    if (s < 0) s = b.insert(keys, off, hash, ~s, i);
    b.add(s, i % 2 === 0, i, 0);
    a.add(a.findOrInsertAt(keys, off, hash, i), i % 2 === 0, i, 0);
  }
  assert.equal(a.size, 1700);
  assert.deepEqual(openBytes(b, 1700), openBytes(a, 1700));
  for (let i = 0; i < 1700; i++) assert.equal(b.firstSeen[b.find(key(i))], i, `first seen of key ${i}`);
});
