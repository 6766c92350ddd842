// A HistoryWriter holding rows in maps with the store's semantics (absolute rows per run, replaced per write), for recorder tests.
import type { Dimension, FlushBatch, HistoryWriter, WriteResult } from '../../src/ports/history-store.js';
import { DIMENSIONS, OTHER } from '../../src/ports/history-store.js';

export interface Row {
  a: number;
  b: number;
  ap: number;
  bp: number;
  local: boolean;
}

/** key = `${source}|${run}|${res}|${ts}` for the interface, plus `|${entity}` for detail rows. */
export class MemoryHistoryWriter implements HistoryWriter {
  readonly iface = new Map<string, Row>();
  readonly detail = new Map<Dimension, Map<string, Row>>(DIMENSIONS.map((d) => [d, new Map()]));
  readonly batches: FlushBatch[] = [];
  /** Fail this many writes with `reason` (nothing applied). */
  failures = 0;
  reason = 'disk full (test)';
  /** Apply the next write and then report a failure anyway (a commit whose acknowledgement was lost). */
  commitThenFail = 0;
  closed = false;
  writes = 0;

  write(batch: FlushBatch): WriteResult {
    this.writes++;
    if (this.failures > 0) {
      this.failures--;
      return { ok: false, reason: this.reason };
    }
    this.batches.push(batch);
    for (const run of batch.runs) {
      const base = `${run.source.name}|${run.runKey}`;
      for (const r of run.iface) this.iface.set(`${base}|${r.res}|${r.ts}`, { a: r.rxBytes, b: r.txBytes, ap: r.rxPackets, bp: r.txPackets, local: false });
      for (const d of DIMENSIONS) {
        const m = this.detail.get(d)!;
        for (const r of run.detail[d].rows) m.set(`${base}|${r.res}|${r.ts}|${r.key}`, { a: r.a, b: r.b, ap: r.aPackets, bp: r.bPackets, local: r.local });
        for (const x of run.detail[d].deletes) m.delete(`${base}|${x.res}|${x.ts}|${x.key}`);
      }
    }
    for (const cut of batch.prune) {
      const m = cut.table === 'iface' ? this.iface : this.detail.get(cut.table)!;
      for (const k of [...m.keys()]) {
        const [, , res, ts] = k.split('|');
        if (Number(res) === cut.res && Number(ts) + cut.res <= cut.endedBy) m.delete(k);
      }
    }
    if (this.commitThenFail > 0) {
      this.commitThenFail--;
      return { ok: false, reason: 'acknowledgement lost (test)' };
    }
    return { ok: true };
  }

  close(): void {
    this.closed = true;
  }

  /** Interface rows of a resolution summed over runs: ts → [rx, tx, rxPackets, txPackets]. */
  ifaceByTs(res: number, source?: string): Map<number, [number, number, number, number]> {
    const out = new Map<number, [number, number, number, number]>();
    for (const [k, r] of this.iface) {
      const [src, , rs, ts] = k.split('|');
      if (Number(rs) !== res || (source !== undefined && src !== source)) continue;
      const acc = out.get(Number(ts)) ?? [0, 0, 0, 0];
      acc[0] += r.a;
      acc[1] += r.b;
      acc[2] += r.ap;
      acc[3] += r.bp;
      out.set(Number(ts), acc);
    }
    return out;
  }

  /** Detail rows of one bucket summed over runs: entity → row. */
  bucket(dim: Dimension, res: number, ts: number): Map<string, Row> {
    const out = new Map<string, Row>();
    for (const [k, r] of this.detail.get(dim)!) {
      const parts = k.split('|');
      if (Number(parts[2]) !== res || Number(parts[3]) !== ts) continue;
      const key = parts.slice(4).join('|');
      const acc = out.get(key) ?? { a: 0, b: 0, ap: 0, bp: 0, local: r.local };
      acc.a += r.a;
      acc.b += r.b;
      acc.ap += r.ap;
      acc.bp += r.bp;
      out.set(key, acc);
    }
    return out;
  }

  /** Bucket starts with detail rows. */
  detailTimes(dim: Dimension, res: number): number[] {
    const s = new Set<number>();
    for (const k of this.detail.get(dim)!.keys()) {
      const parts = k.split('|');
      if (Number(parts[2]) === res) s.add(Number(parts[3]));
    }
    return [...s].sort((x, y) => x - y);
  }

  totalIface(res: number): { rx: number; tx: number } {
    let rx = 0, tx = 0;
    for (const [rxb, txb] of this.ifaceByTs(res).values()) {
      rx += rxb;
      tx += txb;
    }
    return { rx, tx };
  }
}

export { OTHER };
