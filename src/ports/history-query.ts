// What the web view's history charts read from the history store: interface buckets in a time range, read-only.

/** Bucket lengths the store keeps (seconds): 1 minute, 5 minutes, 1 hour, 1 day. */
export type HistoryResolution = 60 | 300 | 3600 | 86400;

/** One bucket: its start (seconds since the epoch, UTC-aligned) and the bytes in it, as the interface counts them. */
export interface HistoryBucket {
  readonly ts: number;
  /** Received by this host (iftop's "received"), bytes in the bucket. */
  readonly rxBytes: number;
  /** Sent by this host, bytes in the bucket. */
  readonly txBytes: number;
}

/**
 * The read side of the history store as the page needs it. Synchronous and bounded (at most the
 * buckets asked for): the store answers from an index. Empty buckets may be left out.
 */
export interface HistoryQuery {
  /** Buckets of one interface (or file source name) with from ≤ ts < to, ascending. */
  buckets(iface: string, resolution: HistoryResolution, from: number, to: number): readonly HistoryBucket[];
}
