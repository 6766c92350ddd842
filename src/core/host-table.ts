// Per-host connection counts (distinct peers and flows) and rates, ranked — to spot a host under a flood or scanning.
import { KEY_WORDS } from './flow-key.js';
import { HostIndex } from './host-index.js';
import { OPEN_RECV, OPEN_SENT, OPEN_STRIDE } from './flow-table.js';
import type { Monitor } from './monitor.js';
import { PairIndex } from './pair-index.js';
import type { Rates } from './screen-model.js';
import { windowDivisors } from './screen-model.js';
import { selectTop } from './sort.js';

export interface HostRow {
  readonly family: 4 | 6;
  /** 16 bytes, IPv4 in the first 4. */
  readonly addr: Uint8Array;
  /** Distinct other hosts it exchanged traffic with (flows alive in the last 40 s). */
  readonly peers: number;
  /** Flow records (protocol and port pairs) it takes part in. */
  readonly flows: number;
  /** Bytes/s the host sent and received, per window. */
  readonly sent: Rates;
  readonly recv: Rates;
}

export type HostOrder = 'connections' | 'rate';

/**
 * Every address of every live flow, with its peers and flows counted, ordered by connections (distinct
 * peers, then flows, then rate) or by total rate (10 s, then 40 s), ties by address; the first `limit`
 * rows. Hosts are numbered through a HostIndex and summed in typed arrays, and
 * distinct peers are counted through a PairIndex of host numbers: with 100 000 flows this runs
 * once per redraw, so no strings, objects or set entries are made per flow (that took most of a second).
 */
export function hostTable(m: Monitor, order: HostOrder, limit: number): { rows: HostRow[]; count: number } {
  const t = m.table;
  const div = windowDivisors(m.historyLen);
  const d0 = div[0]!, d1 = div[1]!, d2 = div[2]!;
  const cap = 2 * t.size + 1;
  const seed = (t.seed ^ 0x68b5a1c3) | 0;
  const hosts = new HostIndex(cap, seed);
  const flows = new Int32Array(cap), peers = new Int32Array(cap);
  const sent = new Float64Array(cap * 3), recv = new Float64Array(cap * 3);
  const open = t.gatherOpen();
  // Distinct host pairs, lower number first.
  const pairs = new PairIndex();
  for (let id = 0; id < t.idBound; id++) {
    if (t.used[id] !== 1) continue;
    const k = id * KEY_WORDS;
    const family = t.keys[k]! >>> 8;
    const a = hosts.idOf(family, t.keys, k + 1), b = hosts.idOf(family, t.keys, k + 5);
    const os = open[id * OPEN_STRIDE + OPEN_SENT]!, or = open[id * OPEN_STRIDE + OPEN_RECV]!;
    const s0 = os / d0, s1 = (os + t.last4Sent[id]!) / d1, s2 = (os + t.last19Sent[id]!) / d2;
    const r0 = or / d0, r1 = (or + t.last4Recv[id]!) / d1, r2 = (or + t.last19Recv[id]!) / d2;
    // The first side sent what the flow calls sent; the second side sent what it received.
    flows[a]!++;
    sent[a * 3]! += s0; sent[a * 3 + 1]! += s1; sent[a * 3 + 2]! += s2;
    recv[a * 3]! += r0; recv[a * 3 + 1]! += r1; recv[a * 3 + 2]! += r2;
    // A host talking to itself (loopback) is one host with one flow, not two.
    if (a === b) continue;
    flows[b]!++;
    sent[b * 3]! += r0; sent[b * 3 + 1]! += r1; sent[b * 3 + 2]! += r2;
    recv[b * 3]! += s0; recv[b * 3 + 1]! += s1; recv[b * 3 + 2]! += s2;
    if (a < b) pairs.idOf(a, b);
    else pairs.idOf(b, a);
    if (pairs.added) {
      peers[a]!++;
      peers[b]!++;
    }
  }
  const rate = (h: number, j: number) => sent[h * 3 + j]! + recv[h * 3 + j]!;
  const byAddress = (x: number, y: number) => hosts.compare(x, y);
  const top = selectTop(hosts.count, Math.max(0, limit), order === 'connections'
    ? (x, y) => peers[y]! - peers[x]! || flows[y]! - flows[x]! || rate(y, 1) - rate(x, 1) || byAddress(x, y)
    : (x, y) => rate(y, 1) - rate(x, 1) || rate(y, 2) - rate(x, 2) || peers[y]! - peers[x]! || byAddress(x, y));
  const rows = top.map((h): HostRow => {
    const addr = new Uint8Array(16);
    const v = new DataView(addr.buffer);
    for (let w = 0; w < 4; w++) v.setUint32(w * 4, hosts.word(h, w));
    const at = h * 3;
    return {
      family: hosts.family(h), addr, peers: peers[h]!, flows: flows[h]!,
      sent: [sent[at]!, sent[at + 1]!, sent[at + 2]!], recv: [recv[at]!, recv[at + 1]!, recv[at + 2]!],
    };
  });
  return { rows, count: hosts.count };
}
