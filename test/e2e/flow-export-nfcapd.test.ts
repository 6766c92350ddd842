// End to end with the real nfcapd: generated flows → snapshots → IPFIX / NetFlow v9 over UDP → nfdump equals the truth exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { createUdpFlowTransport } from '../../src/adapters/net/udp-flow-transport.js';
import { createFlowExporter } from '../../src/export/flow-exporter.js';
import { DEFAULT_FLOW_EXPORT } from '../../src/export/flow-export-options.js';
import type { FlowProtocol } from '../../src/export/flow-export-options.js';
import { fakeSnapshot } from '../helpers/fake-snapshot.js';
import type { FakeFlow } from '../helpers/fake-snapshot.js';
import { startNfcapd } from '../helpers/nfcapd.js';
import type { NfdumpFlow } from '../helpers/nfcapd.js';

/** A capture from November 2023: NetFlow v9's uptime-relative times must still come out with these dates. */
const T0_US = 1_700_000_000_000_000;
const TICKS = 45;
const BURST_TICK = 40;
const BURST_FLOWS = 15_000;

interface Truth {
  bytes: number;
  packets: number;
  firstMs: number;
  lastMs: number;
}

interface Generated {
  readonly ticks: { ts: number; flows: FakeFlow[] }[];
  /** Per direction, keyed "src sport dst dport proto". */
  readonly truth: Map<string, Truth>;
}

interface Live {
  id: number;
  serial: number;
  proto: number;
  src: string;
  dst: string;
  sport: number;
  dport: number;
  bidirectional: boolean;
  firstUs: number;
  /** Latest packet of either direction. */
  lastSeenUs: number;
  /** Last tick that talks, then the tick the flow table expires it. */
  endTick: number;
  expireTick: number;
}

/**
 * Flows over 90 s of capture time: TCP, UDP, ICMP, ICMPv6 and GRE, IPv4 and IPv6, short and long
 * (active timeouts), one-way and two-way, silent gaps (idle timeouts), expiry with the id reused by
 * the next flow, and a burst of 15 000 one-packet flows near the end that leave the table a tick
 * later (hundreds of datagrams at once, far beyond the collector's receive buffer). Every key is unique to its flow. Packets of a tick lie on whole milliseconds +
 * 100 µs and a reply 300 µs after its request, so both directions share the flow's millisecond
 * times, which is what the snapshot can tell.
 */
function generate(seed: number): Generated {
  let s = seed;
  const rnd = (n: number) => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 8) % n;
  const truth = new Map<string, Truth>();
  const add = (key: string, bytes: number, packets: number, atUs: number) => {
    const t = truth.get(key) ?? { bytes: 0, packets: 0, firstMs: Infinity, lastMs: -Infinity };
    t.bytes += bytes;
    t.packets += packets;
    t.firstMs = Math.min(t.firstMs, Math.floor(atUs / 1000));
    t.lastMs = Math.max(t.lastMs, Math.floor(atUs / 1000));
    truth.set(key, t);
  };
  const live = new Map<number, Live>();
  let serial = 0;
  const ticks: Generated['ticks'] = [];
  for (let k = 1; k <= TICKS; k++) {
    const slotStartUs = T0_US + (k - 1) * 2_000_000;
    const flows: FakeFlow[] = [];
    for (let id = 0; id < 300; id++) {
      let f = live.get(id);
      let fresh = false;
      if (f === undefined && k < TICKS - 2 && rnd(4) === 0) {
        const n = ++serial;
        const proto = [6, 17, 6, 17, 1, 47][n % 6]!;
        const v6 = n % 3 === 0;
        const p = v6 && proto === 1 ? 58 : proto;
        const ports = p === 6 || p === 17;
        const long = n % 5 === 0;
        const endTick = Math.min(TICKS, k + (long ? 30 + rnd(15) : rnd(6)));
        f = {
          id, serial: n, proto: p,
          src: v6 ? `2001:db8::${n.toString(16)}` : `198.51.100.${n & 255}`,
          dst: v6 ? `2001:db8:1::${(n * 3).toString(16)}` : `203.0.113.${n >> 8}`,
          sport: ports ? 10_000 + n : 0, dport: ports ? [443, 53, 80, 22][n % 4]! : 0,
          bidirectional: n % 4 !== 1, firstUs: 0, lastSeenUs: 0, endTick, expireTick: endTick + 1 + rnd(19),
        };
        live.set(id, f);
        fresh = true;
      }
      if (f === undefined) continue;
      const talks = fresh || (k <= f.endTick && rnd(3) !== 0);
      let sentB = 0, sentP = 0, recvB = 0, recvP = 0;
      if (talks) {
        const atUs = slotStartUs + (rnd(1990) + 1) * 1000 + 100;
        if (fresh) f.firstUs = atUs - (rnd(2) === 0 ? 0 : 1000 * rnd(Math.floor((atUs - slotStartUs) / 1000)));
        f.lastSeenUs = atUs;
        sentP = 1 + rnd(30);
        for (let i = 0; i < sentP; i++) sentB += 40 + rnd(1461);
        add(`${f.src} ${f.sport} ${f.dst} ${f.dport} ${f.proto}`, sentB, sentP, atUs);
        if (fresh) add(`${f.src} ${f.sport} ${f.dst} ${f.dport} ${f.proto}`, 0, 0, f.firstUs);
        if (f.bidirectional && (fresh || rnd(4) !== 0)) {
          recvP = 1 + rnd(30);
          for (let i = 0; i < recvP; i++) recvB += 40 + rnd(1461);
          add(`${f.dst} ${f.dport} ${f.src} ${f.sport} ${f.proto}`, recvB, recvP, atUs + 300);
          f.lastSeenUs = atUs + 300;
          if (fresh) add(`${f.dst} ${f.dport} ${f.src} ${f.sport} ${f.proto}`, 0, 0, f.firstUs + 300);
        }
      }
      const expired = k === f.expireTick;
      flows.push({
        id, serial: f.serial, proto: f.proto, src: f.src, dst: f.dst, srcPort: f.sport, dstPort: f.dport,
        slotSentBytes: sentB, slotSentPackets: sentP, slotRecvBytes: recvB, slotRecvPackets: recvP,
        firstSeen: f.firstUs / 1e6, lastSeen: f.lastSeenUs / 1e6, expired,
      });
      if (expired) live.delete(id);
    }
    if (k === BURST_TICK) {
      for (let i = 0; i < BURST_FLOWS; i++) {
        const n = ++serial;
        const atUs = slotStartUs + 1_000_000 + (i % 900) * 1000 + 100;
        const bytes = 60 + (i % 1400);
        flows.push({ id: 1000 + i, serial: n, proto: 17, src: `198.51.100.${n & 255}`, dst: `203.0.113.${n >> 8}`, srcPort: 10_000 + (n % 50_000), dstPort: 5353, slotSentBytes: bytes, slotSentPackets: 1, firstSeen: atUs / 1e6, lastSeen: atUs / 1e6 });
        add(`198.51.100.${n & 255} ${10_000 + (n % 50_000)} 203.0.113.${n >> 8} 5353 17`, bytes, 1, atUs);
      }
    }
    ticks.push({ ts: (slotStartUs + 2_000_000) / 1e6, flows });
  }
  for (const [k, t] of truth) if (t.packets === 0) truth.delete(k);
  return { ticks, truth };
}

async function exportTo(protocol: FlowProtocol, seed: number): Promise<void> {
  const collector = await startNfcapd();
  try {
    const { ticks, truth } = generate(seed);
    assert.ok(truth.size > BURST_FLOWS + 200, `${truth.size} flow directions`);
    const target = { host: '127.0.0.1', port: collector.port, family: 4 as const };
    const transport = createUdpFlowTransport(target);
    const messages: string[] = [];
    const exporter = createFlowExporter(
      { ...DEFAULT_FLOW_EXPORT, protocol, observationDomain: 5, exportInterface: protocol === 'netflow9' ? { index: 4, name: 'veth0' } : null, target: `${protocol}://127.0.0.1:${collector.port}` },
      transport,
      (m) => messages.push(m),
    );
    for (const t of ticks) exporter.tick(fakeSnapshot({ ts: t.ts, flows: t.flows, local: ['2001:db8::3'] }));
    await exporter.close();
    const counters = exporter.counters();
    assert.equal(counters.sendErrors, 0);
    assert.deepEqual(messages, []);

    // nfcapd publishes on rotation (every 2 s): wait until every record is in a rotated file.
    let flows: NfdumpFlow[] = [];
    for (let i = 0; i < 100 && flows.length < counters.records; i++) {
      await sleep(300);
      flows = await collector.flows();
    }
    await collector.stop();
    flows = await collector.flows();
    assert.equal(flows.length, counters.records, `every record reached nfdump (${counters.datagrams} datagrams sent; ${(await collector.exporters()).join('; ')})`);

    const got = new Map<string, NfdumpFlow[]>();
    for (const f of flows) {
      const key = `${f.src} ${f.srcPort} ${f.dst} ${f.dstPort} ${f.proto}`;
      got.set(key, [...(got.get(key) ?? []), f]);
    }
    const missing = [...truth.keys()].filter((k) => !got.has(k));
    const extra = [...got.keys()].filter((k) => !truth.has(k));
    assert.deepEqual({ missing: missing.slice(0, 5), extra: extra.slice(0, 5), counts: [missing.length, extra.length] }, { missing: [], extra: [], counts: [0, 0] });
    let bytes = 0, packets = 0;
    for (const [key, t] of truth) {
      const records = got.get(key)!.sort((a, b) => a.firstMs - b.firstMs);
      assert.deepEqual(
        { bytes: records.reduce((n, r) => n + r.bytes, 0), packets: records.reduce((n, r) => n + r.packets, 0), firstMs: records[0]!.firstMs, lastMs: Math.max(...records.map((r) => r.lastMs)) },
        t,
        key,
      );
      for (let i = 0; i < records.length; i++) {
        assert.ok(records[i]!.firstMs <= records[i]!.lastMs, `${key}: record ${i} ends before it starts`);
        if (i > 0) assert.ok(records[i - 1]!.lastMs <= records[i]!.firstMs, `${key}: records ${i - 1} and ${i} overlap`);
      }
      bytes += t.bytes;
      packets += t.packets;
    }
    assert.ok([...got.values()].some((r) => r.length >= 2), 'some flows were cut by the active timeout or restarted after idling');
    const summary = await collector.summary();
    assert.equal(summary.get('Flows'), counters.records);
    assert.equal(summary.get('Bytes'), bytes);
    assert.equal(summary.get('Packets'), packets);
    assert.equal(summary.get('Sequence failures'), 0);
    const exporters = await collector.exporters();
    assert.ok(exporters.some((e) => e.includes(`version: ${protocol === 'ipfix' ? 10 : 9}, ID: 5, Sequence failures: 0`)), exporters.join('\n'));
    for (const e of exporters) assert.match(e, /Sequence failures: 0\b| - no flows sent$/);

    // The collector is gone now: the next ticks cost counters and one message, nothing else.
    const after = createUdpFlowTransport(target);
    const stopped: string[] = [];
    const late = createFlowExporter({ ...DEFAULT_FLOW_EXPORT, protocol, inactiveTimeoutSeconds: 1, target: `${protocol}://127.0.0.1:${collector.port}` }, after, (m) => stopped.push(m));
    for (const t of ticks.slice(0, 10)) {
      late.tick(fakeSnapshot({ ts: t.ts, flows: t.flows }));
      await sleep(10);
    }
    await late.close();
    assert.ok(late.counters().sendErrors > 0);
    assert.equal(stopped.length, 1, stopped.join('\n'));
    assert.match(stopped[0]!, /ECONNREFUSED/);
  } finally {
    await collector.cleanup();
  }
}

test('IPFIX to nfcapd: per-flow and total bytes and packets exact, first/last times exact, no sequence failure', { timeout: 120_000 }, async () => {
  await exportTo('ipfix', 11);
});

test('NetFlow v9 to nfcapd: the same, with the 2023 dates of the capture from uptime-relative times', { timeout: 120_000 }, async () => {
  await exportTo('netflow9', 12);
});
