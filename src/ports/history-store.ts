// The history store as the recorder and the reports see it: one transaction per flush, range reads.
import type { Resolution } from '../history/resolutions.js';

/** Detail tables: per host, per service port, per program, per systemd unit. */
export type Dimension = 'host' | 'port' | 'program' | 'unit';
export const DIMENSIONS: readonly Dimension[] = ['host', 'port', 'program', 'unit'];

/** The row every detail table has besides its key: the catch-all for what has no row of its own. */
export const OTHER = '__other__';

/** Interface counters of one bucket; rx = received by this host, tx = sent (iftop's direction). */
export interface IfaceRow {
  readonly res: Resolution;
  readonly ts: number;
  readonly rxBytes: number;
  readonly txBytes: number;
  readonly rxPackets: number;
  readonly txPackets: number;
}

/**
 * One detail row. For hosts a/b are sent/received from the host's point of view (sent = the host is
 * the IP source); for ports, programs and units they are rx/tx as for the interface.
 */
export interface DetailRow {
  readonly res: Resolution;
  readonly ts: number;
  readonly key: string;
  /** Hosts: inside the local networks; false for every other dimension. */
  readonly local: boolean;
  readonly a: number;
  readonly b: number;
  readonly aPackets: number;
  readonly bPackets: number;
}

export interface DetailDelete {
  readonly res: Resolution;
  readonly ts: number;
  readonly key: string;
}

/**
 * Everything one run segment changed since its last successful flush. Values are the segment's
 * ABSOLUTE totals per bucket (not increments), so writing a batch twice leaves the same rows: a
 * retried flush cannot count twice, and rows of different runs add up at read time.
 */
export interface RunBatch {
  /** Unique per process run and segment (live), or per capture file (a replay rewrites its own rows). */
  readonly runKey: string;
  readonly source: { readonly name: string; readonly kind: 'interface' | 'file' };
  /** Snapshot time of the segment's first and latest tick. */
  readonly firstTs: number;
  readonly lastTs: number;
  readonly iface: readonly IfaceRow[];
  readonly detail: Readonly<Record<Dimension, { readonly rows: readonly DetailRow[]; readonly deletes: readonly DetailDelete[] }>>;
}

/** Retention: delete the buckets of `res` in `table` that ended at or before `endedBy`. */
export interface PruneCut {
  readonly table: 'iface' | Dimension;
  readonly res: Resolution;
  readonly endedBy: number;
}

export interface FlushBatch {
  readonly runs: readonly RunBatch[];
  readonly prune: readonly PruneCut[];
}

export type WriteResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export interface HistoryWriter {
  /** Applies the batch in one transaction: all of it or nothing. Never throws. */
  write(batch: FlushBatch): WriteResult;
  close(): void;
}

/** Summed counters of a bucket (all runs, all selected interfaces). */
export interface Counters {
  rxBytes: number;
  txBytes: number;
  rxPackets: number;
  txPackets: number;
}

export interface BucketCounters extends Counters {
  readonly ts: number;
}

export interface DetailTotals {
  readonly key: string;
  readonly local: boolean;
  a: number;
  b: number;
  aPackets: number;
  bPackets: number;
}

export interface InterfaceInfo {
  readonly name: string;
  readonly kind: 'interface' | 'file';
  /** First and latest recorded tick (snapshot time). */
  readonly created: number;
  readonly updated: number;
}

export interface HistoryReader {
  readonly path: string;
  readonly schemaVersion: number;
  interfaces(): InterfaceInfo[];
  /** Buckets of one resolution with from ≤ ts < to, ascending, summed over runs and the given interfaces. */
  ifaceBuckets(ifaces: readonly string[], res: Resolution, from: number, to: number): BucketCounters[];
  /** Start of the earliest bucket of a resolution in a table for these interfaces, or null. */
  earliest(table: 'iface' | Dimension, ifaces: readonly string[], res: Resolution): number | null;
  /** Per key, summed over the buckets with from ≤ ts < to. */
  detailTotals(dim: Dimension, ifaces: readonly string[], res: Resolution, from: number, to: number): DetailTotals[];
  /** The resolutions a detail table holds rows of. */
  detailResolutions(dim: Dimension): Resolution[];
  /** Runs fn in one read transaction: every read inside sees the same flushes (a recorder may write meanwhile). */
  snapshot<T>(fn: () => T): T;
  close(): void;
}
