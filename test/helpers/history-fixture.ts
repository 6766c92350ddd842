// Synthetic history written through the real store: N days of per-minute traffic rolled up into every resolution.
import type { DetailDelete, DetailRow, Dimension, FlushBatch, IfaceRow, PruneCut } from '../../src/ports/history-store.js';
import { OTHER } from '../../src/ports/history-store.js';
import { DEFAULT_RETENTION, RESOLUTIONS } from '../../src/history/resolutions.js';
import type { RetentionPolicy } from '../../src/history/resolutions.js';
import { openHistoryWriter } from '../../src/adapters/history/sqlite-writer.js';
import { mulberry32 } from './random.js';

export interface FixtureOptions {
  /** Epoch seconds the data ends at (exclusive, minute-aligned). */
  readonly end: number;
  readonly days: number;
  readonly iface?: string;
  readonly seed?: number;
  readonly retention?: RetentionPolicy;
  /** Remote hosts the traffic is spread over (each hour's top ones get rows). */
  readonly hosts?: number;
  /** The last tick's time (the database's "updated"); default end − 2. */
  readonly updated?: number;
  /** Sees every minute's traffic (for building the same data elsewhere, e.g. a vnstat database). */
  readonly onMinute?: (t: number, rx: number, tx: number) => void;
}

/** Per-minute bytes of the fixture, deterministic: a daily curve, noise, and a burst at 03:00–03:05 UTC. */
export function minuteTraffic(t: number, rand: () => number): { rx: number; tx: number } {
  const hour = (t % 86400) / 3600;
  const curve = 0.3 + 0.7 * Math.max(0, Math.sin(((hour - 6) / 24) * 2 * Math.PI));
  const burst = hour >= 3 && hour < 3 + 5 / 60 ? 40 : 1;
  return { rx: Math.floor((2e6 + rand() * 6e6) * curve * burst), tx: Math.floor((3e5 + rand() * 1e6) * curve) };
}

export interface FixtureTotals {
  rx: number;
  tx: number;
}

/**
 * Writes the fixture (one flush per UTC day, all resolutions write-through as the recorder does),
 * then prunes with the retention at `end`. Returns the totals written.
 */
export function writeFixture(path: string, o: FixtureOptions): FixtureTotals {
  const w = openHistoryWriter(path, { toolVersion: 'test', now: o.end - Math.round(o.days * 86400) });
  if (!w.ok) throw new Error(w.problem);
  const rand = mulberry32(o.seed ?? 1);
  const name = o.iface ?? 'eth0';
  const nHosts = o.hosts ?? 8;
  const start = o.end - Math.round(o.days * 86400);
  const totals = { rx: 0, tx: 0 };
  const acc = new Map<string, IfaceRow & { rxBytes: number; txBytes: number; rxPackets: number; txPackets: number }>();
  const hosts = new Map<string, { res: 3600 | 86400; ts: number; key: string; local: boolean; a: number; b: number }>();
  const flushDay = (dayEnd: number) => {
    const iface = [...acc.values()];
    const rows: DetailRow[] = [...hosts.values()].map((h) => ({ res: h.res, ts: h.ts, key: h.key, local: h.local, a: h.a, b: h.b, aPackets: 0, bPackets: 0 }));
    const empty = { rows: [] as DetailRow[], deletes: [] as DetailDelete[] };
    const detail: Record<Dimension, { rows: DetailRow[]; deletes: DetailDelete[] }> = { host: { rows, deletes: [] }, port: empty, program: empty, unit: empty };
    const batch: FlushBatch = { runs: [{ runKey: 'fixture', source: { name, kind: 'interface' }, firstTs: start, lastTs: Math.min(dayEnd - 2, o.updated ?? o.end - 2), iface, detail }], prune: [] };
    const r = w.writer.write(batch);
    if (!r.ok) throw new Error(r.reason);
    // Open buckets stay; closed ones are final.
    for (const [k, v] of acc) if (v.ts + v.res <= dayEnd) acc.delete(k);
    for (const [k, v] of hosts) if (v.ts + v.res <= dayEnd) hosts.delete(k);
  };
  for (let t = start; t < o.end; t += 60) {
    const { rx, tx } = minuteTraffic(t, rand);
    o.onMinute?.(t, rx, tx);
    totals.rx += rx;
    totals.tx += tx;
    for (const res of RESOLUTIONS) {
      const ts = Math.floor(t / res) * res;
      const k = `${res}|${ts}`;
      const b = acc.get(k) ?? { res, ts, rxBytes: 0, txBytes: 0, rxPackets: 0, txPackets: 0 };
      b.rxBytes += rx;
      b.txBytes += tx;
      b.rxPackets += Math.ceil(rx / 1400);
      b.txPackets += Math.ceil(tx / 1400);
      acc.set(k, b);
    }
    // Hosts: the local host sends tx and receives rx; remote host i gets a share; the smallest go to __other__.
    const peer = `203.0.113.${1 + (Math.floor(t / 3600) + Math.floor(rand() * 3)) % nHosts}`;
    for (const res of [3600, 86400] as const) {
      const ts = Math.floor(t / res) * res;
      const add = (key: string, local: boolean, a: number, b: number) => {
        const k = `${res}|${ts}|${key}`;
        const h = hosts.get(k) ?? { res, ts, key, local, a: 0, b: 0 };
        h.a += a;
        h.b += b;
        hosts.set(k, h);
      };
      add('198.51.100.1', true, tx, rx);
      const share = Math.floor(rx * 0.9), shareTx = Math.floor(tx * 0.9);
      add(peer, false, share, shareTx);
      // __other__ keeps both columns adding up to rx + tx.
      add(OTHER, false, rx - share, tx - shareTx);
    }
    if ((t + 60) % 86400 === 0 || t + 60 >= o.end) flushDay(t + 60);
  }
  const retention = o.retention ?? DEFAULT_RETENTION;
  const prune: PruneCut[] = [
    ...RESOLUTIONS.map((res) => ({ table: 'iface' as const, res, endedBy: o.end - retention.iface[res] })),
    ...([3600, 86400] as const).map((res) => ({ table: 'host' as const, res, endedBy: o.end - (retention.detail[res] ?? retention.iface[res]) })),
  ];
  const empty = { rows: [], deletes: [] };
  const r = w.writer.write({ runs: [{ runKey: 'fixture', source: { name, kind: 'interface' }, firstTs: start, lastTs: o.updated ?? o.end - 2, iface: [], detail: { host: empty, port: empty, program: empty, unit: empty } }], prune });
  if (!r.ok) throw new Error(r.reason);
  w.writer.close();
  return totals;
}
