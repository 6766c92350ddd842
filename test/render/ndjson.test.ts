// --ndjson flow records: written by hand for speed, held to exactly what JSON.stringify writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ndjsonTick } from '../../src/render/ndjson.js';
import { zeroCounters } from '../../src/core/screen-model.js';
import type { FlowLine, Rates } from '../../src/core/screen-model.js';
import { flowLine, modelOf } from '../helpers/screen-fixtures.js';
import { mulberry32 } from '../helpers/random.js';

test('each flow record is canonical JSON (re-serialising it changes nothing) with the documented fields in order', () => {
  const rand = mulberry32(31);
  const rate = (): number => [0, 1, 1e21, 5e-324, 1234.5678901234, Math.floor(rand() * 1e9) / 7, 2 ** 53 + 2][Math.floor(rand() * 7)]!;
  const rates = (): Rates => [rate(), rate(), rate()];
  const lines: FlowLine[] = [];
  for (let i = 0; i < 300; i++) {
    const v6 = rand() < 0.4;
    const ports = rand() < 0.5;
    lines.push(flowLine({
      src: v6 ? `2001:db8::${Math.floor(rand() * 0xffff).toString(16)}` : `10.0.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}`,
      dst: v6 ? '::ffff:192.0.2.1' : '198.51.100.7',
      ...(ports ? { srcPort: Math.floor(rand() * 65536), dstPort: 443, proto: rand() < 0.5 ? 6 : 17 } : {}),
      sent: rates(), recv: rates(), totalSent: rate(), totalRecv: rate(),
    }));
  }
  lines.push({ ...flowLine({ src: '0.0.0.0', dst: '0.0.0.0', sent: rates(), recv: rates() }), family: 0, proto: 0 });
  const text = ndjsonTick(modelOf(lines), 1700000000.25, 1000, zeroCounters(), null);
  const records = text.trimEnd().split('\n').slice(1);
  assert.equal(records.length, lines.length);
  records.forEach((r, i) => {
    const parsed = JSON.parse(r) as Record<string, unknown>;
    assert.equal(JSON.stringify(parsed), r, `record ${i} is what JSON.stringify writes`);
    assert.deepEqual(Object.keys(parsed), ['type', 'ts', 'rank', 'family', 'overflow', 'proto', 'src', 'src_port', 'dst', 'dst_port',
      'sent_bytes_per_s', 'received_bytes_per_s', 'cumulative_sent_bytes', 'cumulative_received_bytes']);
    const l = lines[i]!;
    assert.equal(parsed['rank'], i + 1);
    assert.equal(parsed['ts'], 1700000000.25);
    assert.deepEqual(parsed['sent_bytes_per_s'], { '2s': l.sent[0], '10s': l.sent[1], '40s': l.sent[2] });
    assert.deepEqual(parsed['received_bytes_per_s'], { '2s': l.recv[0], '10s': l.recv[1], '40s': l.recv[2] });
    assert.equal(parsed['cumulative_sent_bytes'], l.totalSent);
    if (l.family === 0) assert.deepEqual([parsed['overflow'], parsed['src'], parsed['family']], [true, null, null]);
    else assert.equal(parsed['src_port'], l.srcPort === 0 ? null : l.srcPort);
  });
});
