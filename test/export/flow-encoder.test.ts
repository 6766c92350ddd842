// IPFIX and NetFlow v9 encoding: decoded back by a strict test decoder and by tshark; sequence numbers, template refresh, MTU packing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FlowEncoder } from '../../src/export/flow-encoder.js';
import type { EncoderOptions } from '../../src/export/flow-encoder.js';
import { newExportRecord } from '../../src/export/export-record.js';
import type { ExportRecord, FlowEndReasonValue } from '../../src/export/export-record.js';
import type { FlowProtocol } from '../../src/export/flow-export-options.js';
import { parseAddress } from '../../src/format/inet-ntop.js';
import { flowRows, FlowStreamDecoder } from '../helpers/flow-decoder.js';
import type { DecodedMessage, FlowRow } from '../helpers/flow-decoder.js';
import { tsharkDecode } from '../helpers/cflow-tshark.js';

const T0_MS = 1_700_000_000_000;

interface RecordSpec {
  src: string;
  dst: string;
  proto: number;
  srcPort?: number;
  dstPort?: number;
  octets: number;
  packets: number;
  startMs: number;
  endMs: number;
  direction?: 0 | 1;
  endReason?: FlowEndReasonValue;
}

function record(s: RecordSpec): ExportRecord {
  const r = newExportRecord();
  const a = parseAddress(s.src)!, b = parseAddress(s.dst)!;
  r.family = a.family;
  r.addrs = new Uint8Array(32);
  r.addrs.set(a.bytes, 0);
  r.addrs.set(b.bytes, 16);
  r.srcOffset = 0;
  r.dstOffset = 16;
  r.proto = s.proto;
  r.srcPort = s.srcPort ?? 0;
  r.dstPort = s.dstPort ?? 0;
  r.octets = s.octets;
  r.packets = s.packets;
  r.startMs = s.startMs;
  r.endMs = s.endMs;
  r.direction = s.direction ?? 0;
  r.endReason = s.endReason ?? 1;
  return r;
}

function encoder(protocol: FlowProtocol, o: Partial<EncoderOptions> = {}): FlowEncoder {
  const e = new FlowEncoder({
    protocol, observationDomain: 42, maxDatagramBytes: 1400, templateRefreshPackets: 16, templateRefreshSeconds: 60, exportInterface: null, ...o,
  });
  e.setUptimeOrigin(T0_MS - 5000);
  return e;
}

function flushAll(e: FlowEncoder, exportSeconds: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  e.flush(exportSeconds, (d) => out.push(d));
  return out;
}

/** A varied set: IPv4/IPv6, TCP, UDP, ICMP, ICMPv6, GRE, counters past 2^32, both directions and every end reason. */
function sample(n: number): RecordSpec[] {
  const out: RecordSpec[] = [];
  const protos = [6, 17, 1, 58, 47];
  for (let i = 0; i < n; i++) {
    const v6 = i % 3 === 0;
    const proto = v6 ? (i % 2 === 0 ? 58 : 6) : protos[i % protos.length]!;
    const ports = proto === 6 || proto === 17;
    out.push({
      src: v6 ? `2001:db8::${(i + 1).toString(16)}` : `198.51.100.${i % 250}`,
      dst: v6 ? `2001:db8:1::${(i + 7).toString(16)}` : `203.0.113.${(i * 7) % 250}`,
      proto,
      ...(ports ? { srcPort: 1024 + i, dstPort: [443, 53, 80][i % 3]! } : {}),
      octets: i === 5 ? 5_000_000_000_123 : 40 + i * 37,
      packets: i === 5 ? 4_000_000_001 : 1 + (i % 17),
      startMs: T0_MS + i * 13,
      endMs: T0_MS + i * 13 + (i % 5) * 1001,
      direction: (i % 2) as 0 | 1,
      endReason: ((i % 4) + 1) as FlowEndReasonValue,
    });
  }
  return out;
}

function expectedRow(s: RecordSpec, iface: number | null): Omit<FlowRow, 'templateId'> {
  const ports = s.proto === 6 || s.proto === 17;
  const v6 = s.src.includes(':');
  return {
    family: v6 ? 6 : 4, src: s.src, dst: s.dst, srcPort: ports ? s.srcPort! : null, dstPort: ports ? s.dstPort! : null,
    proto: s.proto, octets: s.octets, packets: s.packets, startMs: s.startMs, endMs: s.endMs,
    direction: s.direction ?? 0, endReason: s.endReason ?? 1,
    ingress: iface === null ? null : s.direction === 0 ? iface : 0,
    egress: iface === null ? null : s.direction === 1 ? iface : 0,
  };
}

function decodeAll(datagrams: readonly Uint8Array[]): DecodedMessage[] {
  const d = new FlowStreamDecoder();
  return datagrams.map((x) => d.decode(x));
}

const sortRows = <T extends { src: string; startMs: number; proto: number }>(rows: T[]): T[] =>
  [...rows].sort((a, b) => a.startMs - b.startMs || a.src.localeCompare(b.src) || a.proto - b.proto);

for (const protocol of ['ipfix', 'netflow9'] as const) {
  for (const iface of [null, { index: 7, name: 'veth-wt0' }]) {
    test(`${protocol}${iface === null ? '' : ' with an interface'}: what is encoded decodes back to the same records, by the test decoder and by tshark`, async () => {
      const e = encoder(protocol, { exportInterface: iface });
      const specs = sample(120);
      for (const s of specs) e.add(record(s));
      assert.equal(e.pending, 120);
      const datagrams = flushAll(e, 1_700_000_010);
      assert.equal(e.pending, 0);
      const messages = decodeAll(datagrams);
      for (const m of messages) {
        assert.equal(m.version, protocol === 'ipfix' ? 10 : 9);
        assert.equal(m.domain, 42);
        assert.equal(m.exportSeconds, 1_700_000_010);
        if (m.sysUptime !== null) assert.equal(m.sysUptime, 1_700_000_010_000 - (T0_MS - 5000));
      }
      const rows = messages.flatMap(flowRows).map(({ templateId: _, ...r }) => r);
      assert.deepEqual(sortRows(rows), sortRows(specs.map((s) => expectedRow(s, iface?.index ?? null))));
      // Templates: four data templates in the first datagram; the interface options record only in NetFlow v9.
      assert.deepEqual(messages[0]!.templates, [256, 257, 258, 259]);
      const options = messages.flatMap((m) => m.records.filter((r) => r.options));
      assert.deepEqual(options.map((r) => [r.values.get(2 /* v9 scope: interface */) ?? r.values.get(10), r.values.get(82)]),
        iface !== null && protocol === 'netflow9' ? [[7n, 'veth-wt0']] : []);

      const ts = await tsharkDecode(datagrams, protocol === 'ipfix' ? 4739 : 2055);
      assert.deepEqual(ts.problems, []);
      const tsRows = ts.messages.flatMap((m) => m.flows).map((f) => ({
        family: (f.ipVersion === 6 ? 6 : 4) as 4 | 6, src: f.src, dst: f.dst, srcPort: f.srcPort, dstPort: f.dstPort, proto: f.proto,
        octets: f.octets, packets: f.packets, startMs: f.startMs, endMs: f.endMs, direction: f.direction, endReason: f.endReason,
        ingress: f.ingress, egress: f.egress,
      }));
      assert.deepEqual(sortRows(tsRows), sortRows(rows));
      assert.deepEqual(ts.messages.flatMap((m) => m.interfaces), iface !== null && protocol === 'netflow9' ? [[7, 'veth-wt0']] : []);
    });
  }
}

test('sequence numbers: IPFIX counts the data records sent before each message, NetFlow v9 the export packets; tshark finds no gap', async () => {
  for (const protocol of ['ipfix', 'netflow9'] as const) {
    const e = encoder(protocol, { exportInterface: { index: 3, name: 'eth0' }, templateRefreshPackets: 5 });
    const datagrams: Uint8Array[] = [];
    let n = 0;
    for (let flush = 0; flush < 12; flush++) {
      for (let i = 0; i < 1 + ((flush * 37) % 90); i++) e.add(record(sample(200)[(n++ % 200)]!));
      e.flush(1_700_000_000 + flush * 2, (d) => datagrams.push(d));
    }
    const messages = decodeAll(datagrams);
    let records = 0;
    messages.forEach((m, i) => {
      assert.equal(m.sequence, protocol === 'ipfix' ? records : i, `${protocol} message ${i}`);
      records += m.records.length;
    });
    assert.equal(e.datagramsSent, messages.length);
    assert.ok(messages.length > 20, `${messages.length} messages`);
    const ts = await tsharkDecode(datagrams, protocol === 'ipfix' ? 4739 : 2055);
    assert.deepEqual(ts.problems, []);
    assert.deepEqual(ts.messages.map((m) => m.sequence), messages.map((m) => m.sequence));
  }
});

test('a wrong sequence number is caught: tshark reports it, so the checks above can fail', async () => {
  for (const protocol of ['ipfix', 'netflow9'] as const) {
    const e = encoder(protocol);
    const datagrams: Uint8Array[] = [];
    for (let f = 0; f < 3; f++) {
      for (let i = 0; i < 40; i++) e.add(record(sample(40)[i]!));
      e.flush(1_700_000_000 + f, (d) => datagrams.push(d));
    }
    const forged = datagrams.map((d) => d.slice());
    new DataView(forged[2]!.buffer).setUint32(protocol === 'ipfix' ? 8 : 12, 12345);
    const ts = await tsharkDecode(forged, protocol === 'ipfix' ? 4739 : 2055);
    assert.ok(ts.problems.some((p) => /sequence/i.test(p)), `${protocol}: ${ts.problems.join('\n')}`);
  }
});

test('template refresh: the first datagram, then every N datagrams, and again once M seconds of export time have passed', () => {
  for (const protocol of ['ipfix', 'netflow9'] as const) {
    const e = encoder(protocol, { templateRefreshPackets: 4, templateRefreshSeconds: 30 });
    const sent: { templates: boolean; secs: number }[] = [];
    const flushAt = (secs: number, records: number) => {
      for (let i = 0; i < records; i++) e.add(record({ src: '198.51.100.1', dst: '203.0.113.1', proto: 17, srcPort: 1, dstPort: 2, octets: 1, packets: 1, startMs: T0_MS, endMs: T0_MS }));
      e.flush(secs, (x) => sent.push({ templates: new DataView(x.buffer).getUint16(protocol === 'ipfix' ? 16 : 20) === (protocol === 'ipfix' ? 2 : 0), secs }));
    };
    flushAt(1_700_000_000, 270); // about 10 datagrams at once
    flushAt(1_700_000_009, 30);
    flushAt(1_700_000_012, 1);
    flushAt(1_700_000_040, 1); // 4 datagrams have not gone by since the last templates, 30 s have
    flushAt(1_700_000_041, 1);
    let last = -Infinity, lastSecs = -Infinity, byTime = 0;
    sent.forEach((d, i) => {
      const due = i - last >= 4 || d.secs - lastSecs >= 30;
      assert.equal(d.templates, due, `${protocol} datagram ${i}`);
      if (d.templates) {
        if (i - last < 4) byTime++;
        last = i;
        lastSecs = d.secs;
      }
    });
    assert.ok(sent.filter((d) => d.templates).length >= 3);
    assert.equal(byTime, 1, `${protocol}: one refresh by time alone`);
  }
});

test('MTU packing: no datagram exceeds the budget and every datagram but a flush\'s last is full', () => {
  for (const protocol of ['ipfix', 'netflow9'] as const) {
    for (const budget of [512, 1400, 9000]) {
      const e = encoder(protocol, { maxDatagramBytes: budget, exportInterface: { index: 2, name: 'eth0' } });
      const specs = sample(3000);
      for (const s of specs) e.add(record(s));
      const datagrams = flushAll(e, 1_700_000_100);
      const messages = decodeAll(datagrams);
      assert.equal(messages.flatMap(flowRows).length, 3000);
      const widest = protocol === 'ipfix' ? 80 : 64;
      datagrams.forEach((d, i) => {
        assert.ok(d.length <= budget, `${protocol} ${budget}: datagram ${i} is ${d.length} bytes`);
        // Room left for neither another record of the widest template nor a new set of one.
        if (i < datagrams.length - 1) assert.ok(budget - d.length < 4 + widest, `${protocol} ${budget}: datagram ${i} has ${budget - d.length} bytes free`);
      });
    }
  }
});

test('a budget that cannot hold the templates and one record is refused at construction', () => {
  assert.throws(() => encoder('ipfix', { maxDatagramBytes: 200 }), /cannot hold/);
  assert.doesNotThrow(() => encoder('netflow9', { maxDatagramBytes: 512, exportInterface: { index: 1, name: 'a-long-ifname0' } }));
});

test('NetFlow v9 times before the uptime origin are clamped to it, never wrapped to 49 days', () => {
  const e = encoder('netflow9');
  e.add(record({ src: '198.51.100.1', dst: '203.0.113.1', proto: 17, srcPort: 1, dstPort: 2, octets: 1, packets: 1, startMs: T0_MS - 60_000, endMs: T0_MS }));
  const [m] = decodeAll(flushAll(e, 1_700_000_001));
  const [row] = flowRows(m!);
  assert.equal(row!.startMs, T0_MS - 5000);
  assert.equal(row!.endMs, T0_MS);
});
