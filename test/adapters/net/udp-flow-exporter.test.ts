// The --flow-export wiring: settings and the capture interface's index (lo here) end up in what a collector on loopback receives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { createUdpFlowExporter } from '../../../src/adapters/net/udp-flow-exporter.js';
import { parseFlowExportUrl } from '../../../src/export/flow-export-options.js';
import { fakeSnapshot } from '../../helpers/fake-snapshot.js';
import { flowRows, FlowStreamDecoder } from '../../helpers/flow-decoder.js';

async function receive(protocol: string, interfaceName: string | null): Promise<{ datagrams: Uint8Array[]; messages: string[] }> {
  const s = createSocket('udp4');
  const got: Uint8Array[] = [];
  s.on('message', (m) => got.push(new Uint8Array(m)));
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  try {
    const url = parseFlowExportUrl(`${protocol}://127.0.0.1:${s.address().port}`);
    assert.ok(url.ok);
    const messages: string[] = [];
    const ex = createUdpFlowExporter({ target: url.value, observationDomain: 9, activeTimeoutSeconds: 30 }, interfaceName, (m) => messages.push(m));
    ex.tick(fakeSnapshot({ ts: 1_700_000_002, local: ['127.0.0.1'], flows: [{ proto: 6, src: '127.0.0.1', dst: '127.0.0.2', srcPort: 5000, dstPort: 80, slotSentBytes: 500, slotSentPackets: 5, slotRecvBytes: 900, slotRecvPackets: 6, firstSeen: 1_700_000_000.5, lastSeen: 1_700_000_001.5 }] }));
    await ex.close();
    for (let i = 0; i < 200 && got.length < ex.counters().datagrams; i++) await sleep(10);
    assert.equal(got.length, ex.counters().datagrams);
    return { datagrams: got, messages };
  } finally {
    await new Promise<void>((r) => s.close(() => r()));
  }
}

test('a live interface (lo): its index in ingress/egressInterface, and NetFlow v9 names it in an options record', async () => {
  const lo = Number(readFileSync('/sys/class/net/lo/ifindex', 'utf8'));
  for (const protocol of ['ipfix', 'netflow9']) {
    const { datagrams, messages } = await receive(protocol, 'lo');
    assert.deepEqual(messages, []);
    const d = new FlowStreamDecoder();
    const decoded = datagrams.map((x) => d.decode(x));
    assert.ok(decoded.every((m) => m.domain === 9));
    const rows = decoded.flatMap(flowRows);
    assert.deepEqual(rows.map((r) => [r.src, r.octets, r.direction, r.ingress, r.egress]), [
      ['127.0.0.1', 500, 1, 0, lo],
      ['127.0.0.2', 900, 0, lo, 0],
    ]);
    const options = decoded.flatMap((m) => m.records.filter((r) => r.options)).map((r) => [r.values.get(2), r.values.get(82)]);
    assert.deepEqual(options, protocol === 'netflow9' ? [[BigInt(lo), 'lo']] : []);
  }
});

test('a file (no interface) or "any": no interface fields at all', async () => {
  for (const name of [null, 'any']) {
    const { datagrams } = await receive('ipfix', name);
    const rows = datagrams.flatMap((x) => flowRows(new FlowStreamDecoder().decode(x)));
    assert.deepEqual(rows.map((r) => [r.ingress, r.egress]), [[null, null], [null, null]]);
  }
});
