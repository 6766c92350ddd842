// Hosts by connections and by rate, checked against a plain recount over every flow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostTable } from '../../src/core/host-table.js';
import { NO_LOCAL_NETWORK } from '../../src/core/local-network.js';
import { Monitor } from '../../src/core/monitor.js';
import { formatAddress } from '../../src/format/inet-ntop.js';
import { ipv4, ipv4Address, ipv6 } from '../helpers/frames.js';
import { mulberry32 } from '../helpers/random.js';

/** Peers and flows per host address, counted the obvious way from the monitor's flows. */
function recount(m: Monitor): Map<string, { peers: Set<string>; flows: number }> {
  const t = m.table;
  const out = new Map<string, { peers: Set<string>; flows: number }>();
  const text = (family: 4 | 6, k: number) => {
    const b = new Uint8Array(16);
    const v = new DataView(b.buffer);
    for (let w = 0; w < 4; w++) v.setUint32(w * 4, t.keys[k + w]!);
    return formatAddress(family, b);
  };
  const host = (a: string) => out.get(a) ?? out.set(a, { peers: new Set(), flows: 0 }).get(a)!;
  for (let id = 0; id < t.idBound; id++) {
    if (t.used[id] !== 1) continue;
    const family = (t.keys[id * 10]! >>> 8) as 4 | 6;
    const a = text(family, id * 10 + 1), b = text(family, id * 10 + 5);
    host(a).flows++;
    if (a === b) continue;
    host(b).flows++;
    host(a).peers.add(b);
    host(b).peers.add(a);
  }
  return out;
}

test('every host with its distinct peers and flows, in both orders, agrees with a plain recount', () => {
  const rand = mulberry32(4242);
  const m = new Monitor({ local: { ...NO_LOCAL_NETWORK, ipv4: [ipv4Address('10.0.0.1')] }, maxFlows: 5000, hashSeed: 17 });
  for (let i = 0; i < 4000; i++) {
    const v6 = rand() < 0.3;
    const x = Math.floor(rand() * 40), y = Math.floor(rand() * 40);
    const frame = v6
      ? ipv6({ src: `2001:db8::${x}`, dst: `2001:db8::${y}`, nextHeader: 'udp', srcPort: 1000 + Math.floor(rand() * 30), dstPort: 53, dataLength: Math.floor(rand() * 500) })
      : ipv4({ src: `10.0.0.${x}`, dst: `10.0.0.${y}`, proto: rand() < 0.5 ? 'tcp' : 'udp', srcPort: 1000 + Math.floor(rand() * 30), dstPort: 80, dataLength: Math.floor(rand() * 500) });
    m.frame(101, frame, 0, frame.length, frame.length);
  }
  const want = recount(m);
  for (const order of ['connections', 'rate'] as const) {
    const all = hostTable(m, order, Infinity);
    assert.equal(all.count, want.size);
    assert.equal(all.rows.length, want.size);
    for (const r of all.rows) {
      const w = want.get(formatAddress(r.family, r.addr))!;
      assert.deepEqual([r.peers, r.flows], [w.peers.size, w.flows], formatAddress(r.family, r.addr));
    }
    const key = (r: (typeof all.rows)[number]) => order === 'connections' ? [r.peers, r.flows, r.sent[1] + r.recv[1]] : [r.sent[1] + r.recv[1], r.sent[2] + r.recv[2], r.peers];
    for (let i = 1; i < all.rows.length; i++) {
      const [a, b] = [key(all.rows[i - 1]!), key(all.rows[i]!)];
      const cmp = a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!;
      assert.ok(cmp >= 0, `${order}: row ${i} is not ranked after row ${i - 1}`);
    }
    const top = hostTable(m, order, 5);
    assert.deepEqual(top.rows, all.rows.slice(0, 5), 'the first rows are the same with a limit');
  }
});
