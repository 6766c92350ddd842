// Checks that a fresh packet record has the fixed-size buffers the decoders write into.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPacketRecord, LinkHint } from '../../src/decode/packet-record.js';

test('new record has 16-byte addresses, 6-byte MACs and no link hint', () => {
  const r = newPacketRecord();
  assert.equal(r.src.length, 16);
  assert.equal(r.dst.length, 16);
  assert.equal(r.srcMac.length, 6);
  assert.equal(r.linkHint, LinkHint.UNKNOWN);
});
