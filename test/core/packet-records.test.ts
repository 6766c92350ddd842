// Packet records: a frame encoded by RecordEncoder and accounted by Monitor.record() counts exactly as Monitor.frame() counts it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Monitor } from '../../src/core/monitor.js';
import { FlowTable, OPEN_STRIDE } from '../../src/core/flow-table.js';
import { KEY_WORDS } from '../../src/core/flow-key.js';
import { hashKey } from '../../src/core/key-hash.js';
import type { LocalNetwork } from '../../src/core/local-network.js';
import { NO_LOCAL_NETWORK } from '../../src/core/local-network.js';
import { RECORD_HASH, RECORD_KEY, RECORD_KIND, RECORD_KIND_MASK, RECORD_WORDS, RecordEncoder, RecordKind } from '../../src/core/packet-records.js';
import { parseNetFilter4 } from '../../src/config/net-filter.js';
import { LinkType } from '../../src/decode/link-types.js';
import { ethernet, ipv4, ipv4Address, ipv6, ipv6Address, macAddress, raw, sll } from '../helpers/frames.js';
import { xorshift32 as prng } from '../helpers/random.js';

const OUR_MAC = '02:00:00:00:00:01';
const LOCAL: LocalNetwork = { ...NO_LOCAL_NETWORK, mac: macAddress(OUR_MAC), ipv4: [ipv4Address('10.0.0.1')], ipv6: [ipv6Address('2001:db8::1')] };
const filter4 = parseNetFilter4('10.0.0.0/255.255.0.0').filter;
if (filter4 === null) throw new Error('net filter did not parse');
const NETWORKS: readonly [string, LocalNetwork][] = [
  ['a file (no interface)', NO_LOCAL_NETWORK],
  ['an interface', LOCAL],
  ['-F and -l', { ...NO_LOCAL_NETWORK, netFilter4: filter4, linkLocal: true }],
];

/** Valid frames of many kinds (directions, families, protocols, link types), to be mutated too. */
function samples(rand: () => number): { linktype: number; frame: Uint8Array }[] {
  const hosts4 = ['10.0.0.1', '10.0.3.4', '192.0.2.7', '198.51.100.9', '224.0.0.251', '10.0.0.1'];
  const hosts6 = ['2001:db8::1', '2001:db8::77', 'fe80::1', 'ff02::fb', '2001:db8:ffff::2'];
  const macs = [OUR_MAC, '02:00:00:00:00:09', 'ff:ff:ff:ff:ff:ff'];
  const out: { linktype: number; frame: Uint8Array }[] = [];
  const pick = <T>(a: readonly T[]): T => a[rand() % a.length]!;
  for (let i = 0; i < 60; i++) {
    const proto = pick(['tcp', 'udp', 'icmp'] as const);
    const v4 = ipv4({ src: pick(hosts4), dst: pick(hosts4), proto, srcPort: 1 + (rand() % 65535), dstPort: pick([53, 80, 443]), dataLength: rand() % 300 });
    const v6 = ipv6({ src: pick(hosts6), dst: pick(hosts6), nextHeader: proto === 'icmp' ? 'icmpv6' : proto, srcPort: rand() % 65536, dstPort: 443, dataLength: rand() % 300 });
    const ip = i % 2 === 0 ? v4 : v6;
    out.push({ linktype: LinkType.ETHERNET, frame: ethernet({ src: pick(macs), dst: pick(macs), ...(i % 7 === 0 ? { vlan: [5] } : {}) }, ip) });
    if (i % 5 === 0) out.push({ linktype: LinkType.RAW, frame: raw(ip) });
    if (i % 5 === 1) out.push({ linktype: LinkType.LINUX_SLL, frame: sll({ packetType: pick([0, 4, 3]) }, ip) });
    // A protected 802.11 data frame (frame control 0x08, flags 0x40): encrypted, so non-IP and counted as such.
    if (i % 5 === 2) out.push({ linktype: LinkType.IEEE802_11, frame: Uint8Array.from([0x08, 0x40, ...new Array<number>(22).fill(0), ...ip]) });
  }
  return out;
}

/** The table's flows by key: [key, open sent, open recv, open packets, total sent, total recv], sorted. */
function flows(t: FlowTable): string[] {
  const open = t.gatherOpen();
  const rows: string[] = [];
  for (let id = 0; id < t.idBound; id++) {
    if (t.used[id] !== 1) continue;
    const key = [...t.keys.subarray(id * KEY_WORDS, (id + 1) * KEY_WORDS)].join('.');
    rows.push(`${key} ${[...open.subarray(id * OPEN_STRIDE, (id + 1) * OPEN_STRIDE)].join('/')} ${t.totalSent[id]}/${t.totalRecv[id]} ${t.seq[id]} ${t.firstSeen[id]}`);
  }
  return rows.sort();
}

function state(m: Monitor) {
  return { counters: { ...m.counters }, totals: { ...m.totals, sent: [...m.totals.sent], recv: [...m.totals.recv] },
    overflow: { ...m.overflow, sent: [...m.overflow.sent], recv: [...m.overflow.recv] }, flows: flows(m.table) };
}

for (const [name, local] of NETWORKS) {
  test(`records account exactly like frames (${name}): random, mutated and valid frames, a small cap, rotations`, () => {
    const rand = prng(0x9e3779b9);
    const valid = samples(rand);
    // maxFlows 40: many packets go to the overflow line, and flows expire and come back.
    const byFrame = new Monitor({ local, maxFlows: 40, hashSeed: 77 });
    const byRecord = new Monitor({ local, maxFlows: 40, hashSeed: 77 });
    const encoder = new RecordEncoder(byRecord.recordSpec);
    const words = new Uint32Array(RECORD_WORDS * 3);
    const f64 = new Float64Array(words.buffer);
    const kinds = new Set<number>();
    const linktypes = [LinkType.ETHERNET, LinkType.RAW, LinkType.LINUX_SLL, 999];
    let ts = 1_700_000_000.5;
    for (let i = 0; i < 40_000; i++) {
      let linktype: number;
      let frame: Uint8Array;
      if (i % 3 === 0) {
        linktype = linktypes[rand() % linktypes.length]!;
        frame = new Uint8Array(rand() % 90).map(() => rand() & 0xff);
      } else {
        const s = valid[rand() % valid.length]!;
        linktype = s.linktype;
        frame = s.frame.slice(0, s.frame.length - (rand() % 5 === 0 ? rand() % s.frame.length : 0));
        if (i % 3 === 1) for (let k = rand() % 3; k > 0 && frame.length > 0; k--) frame[rand() % frame.length] = rand() & 0xff;
      }
      const wirelen = rand() % 4 === 0 ? frame.length + (rand() % 2000) : frame.length;
      ts += (rand() % 1000) / 4000;
      byFrame.frame(linktype, frame, 0, frame.length, wirelen, ts);
      // A record at a non-zero offset, so stale neighbours would show.
      const at = RECORD_WORDS * (1 + (i % 2));
      encoder.encode(linktype, frame, 0, frame.length, wirelen, ts, words, f64, at);
      kinds.add(words[at + RECORD_KIND]! & RECORD_KIND_MASK);
      byRecord.record(words, f64, at);
      if (i % 997 === 0) {
        byFrame.rotate(ts);
        byRecord.rotate(ts);
        assert.deepEqual(state(byRecord), state(byFrame), `after frame ${i}`);
      }
    }
    assert.deepEqual(state(byRecord), state(byFrame));
    // Files see no OUTGOING packet (no interface, no -F): every verdict but that one, and every other kind.
    for (const k of Object.values(RecordKind)) {
      if (k === RecordKind.OUTGOING && local === NO_LOCAL_NETWORK) continue;
      assert.ok(kinds.has(k), `record kind ${k} exercised (${name})`);
    }
    assert.ok(byFrame.counters.overflow > 0 && byFrame.counters.accounted > 0, 'the overflow line and the table both got packets');
  });
}

test('a record carries the flow key, local side first, and hashKey of it with the monitor seed', () => {
  const m = new Monitor({ local: LOCAL, maxFlows: 10, hashSeed: 1234 });
  const encoder = new RecordEncoder(m.recordSpec);
  const words = new Uint32Array(RECORD_WORDS);
  const f64 = new Float64Array(words.buffer);
  const frame = ethernet({ src: '02:00:00:00:00:09', dst: OUR_MAC }, ipv4({ src: '192.0.2.7', dst: '10.0.0.1', proto: 'udp', srcPort: 53, dstPort: 5353, dataLength: 12 }));
  encoder.encode(LinkType.ETHERNET, frame, 0, frame.length, frame.length, 12.25, words, f64, 0);
  assert.equal(f64[0], 12.25);
  assert.equal(words[RECORD_KIND]! & RECORD_KIND_MASK, RecordKind.INCOMING);
  const key = words.slice(RECORD_KEY, RECORD_KEY + KEY_WORDS);
  assert.deepEqual([...key], [(4 << 8) | 17, 0x0a000001, 0, 0, 0, 0xc0000207, 0, 0, 0, ((5353 << 16) | 53) >>> 0]);
  assert.equal(words[RECORD_HASH]! | 0, hashKey(key, 0, 1234));
});
