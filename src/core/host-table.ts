// Per-host connection counts (distinct peers and flows) and rates, ranked — to spot a host under a flood or scanning.
import { KEY_WORDS } from './flow-key.js';
import type { Monitor } from './monitor.js';
import type { Rates } from './screen-model.js';
import { WINDOW_SLOTS } from './screen-model.js';

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

interface Acc {
  family: 4 | 6;
  key: string;
  words: number[];
  peers: Set<string>;
  flows: number;
  sent: Rates;
  recv: Rates;
}

/**
 * Every address of every live flow, with its peers and flows counted, ordered by connections (distinct
 * peers, then flows, then rate) or by total rate (10 s, then 40 s); the first `limit` rows.
 */
export function hostTable(m: Monitor, order: HostOrder, limit: number): { rows: HostRow[]; count: number } {
  const t = m.table;
  const div = WINDOW_SLOTS.map((n) => 2 * Math.min(m.historyLen, n));
  const hosts = new Map<string, Acc>();
  const side = (family: 4 | 6, k: number): Acc => {
    const words = [t.keys[k]!, t.keys[k + 1]!, t.keys[k + 2]!, t.keys[k + 3]!];
    const key = `${family}/${words.join('.')}`;
    let a = hosts.get(key);
    if (a === undefined) hosts.set(key, (a = { family, key, words, peers: new Set(), flows: 0, sent: [0, 0, 0], recv: [0, 0, 0] }));
    return a;
  };
  for (let id = 0; id < t.idBound; id++) {
    if (t.used[id] !== 1) continue;
    const k = id * KEY_WORDS;
    const family = (t.keys[k]! >>> 8) as 4 | 6;
    const a = side(family, k + 1), b = side(family, k + 5);
    const os = t.openSent(id), or = t.openRecv(id);
    const sent: Rates = [os / div[0]!, (os + t.last4Sent[id]!) / div[1]!, (os + t.last19Sent[id]!) / div[2]!];
    const recv: Rates = [or / div[0]!, (or + t.last4Recv[id]!) / div[1]!, (or + t.last19Recv[id]!) / div[2]!];
    a.flows++;
    for (let j = 0; j < 3; j++) {
      // The first side sent what the flow calls sent; the second side sent what it received.
      a.sent[j]! += sent[j]!;
      a.recv[j]! += recv[j]!;
    }
    // A host talking to itself (loopback) is one host with one flow, not two.
    if (a === b) continue;
    b.flows++;
    a.peers.add(b.key);
    b.peers.add(a.key);
    for (let j = 0; j < 3; j++) {
      b.sent[j]! += recv[j]!;
      b.recv[j]! += sent[j]!;
    }
  }
  const all = [...hosts.values()];
  const rate = (h: Acc, j: number) => h.sent[j]! + h.recv[j]!;
  all.sort(order === 'connections'
    ? (x, y) => y.peers.size - x.peers.size || y.flows - x.flows || rate(y, 1) - rate(x, 1) || (x.key < y.key ? -1 : 1)
    : (x, y) => rate(y, 1) - rate(x, 1) || rate(y, 2) - rate(x, 2) || y.peers.size - x.peers.size || (x.key < y.key ? -1 : 1));
  const rows = all.slice(0, Math.max(0, limit)).map((h) => {
    const addr = new Uint8Array(16);
    const v = new DataView(addr.buffer);
    h.words.forEach((w, i) => v.setUint32(i * 4, w));
    return { family: h.family, addr, peers: h.peers.size, flows: h.flows, sent: h.sent, recv: h.recv };
  });
  return { rows, count: all.length };
}
