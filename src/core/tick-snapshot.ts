// What every output reads at a tick: totals, capture counters and a view over every flow (accessors, no object per flow).
import type { CaptureCounters, KernelCounters, Rates } from './screen-model.js';

/** Where the traffic comes from: a live interface, or a capture file being replayed. */
export type SnapshotSource =
  | { readonly kind: 'interface'; readonly name: string }
  | { readonly kind: 'file'; readonly path: string };

/** Averaging window of a rate: 0 = 2 s, 1 = 10 s, 2 = 40 s (iftop's three columns). */
export type RateWindow = 0 | 1 | 2;

/**
 * A list of flows read through accessors by flow id (valid only during the tick that handed it out:
 * ids are reused once a flow has expired, `serial` tells flows apart across ticks). A flow is one flow
 * table record: protocol, both addresses and both ports, the "left" (src) side being the local host
 * when direction is known (iftop's rules), else the larger address. "Sent" bytes are those whose IP
 * source is src, "received" those whose IP destination is src.
 */
export interface FlowView {
  /** Number of flows in this view. */
  readonly count: number;
  /** Flow id of the i-th flow, 0 ≤ i < count (ascending ids). */
  at(i: number): number;
  /** Creation number, unique for the whole run (ids are reused after expiry, serials never). */
  serial(id: number): number;
  /** The raw 10-word flow key: [family<<8|proto, src×4, dst×4, srcPort<<16|dstPort], for hashing. */
  copyKey(id: number, out: Uint32Array): void;
  family(id: number): 4 | 6;
  /** IP protocol number (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6, …). */
  proto(id: number): number;
  /** Address of the left side into out[0..16) (IPv4 in the first 4 bytes, the rest zero). */
  copySrc(id: number, out: Uint8Array): void;
  copyDst(id: number, out: Uint8Array): void;
  /** Ports (0 for protocols without ports). */
  srcPort(id: number): number;
  dstPort(id: number): number;
  /** Bytes and packets of the 2-second slot that closes at this tick: what changed since the last tick. */
  slotSentBytes(id: number): number;
  slotRecvBytes(id: number): number;
  slotSentPackets(id: number): number;
  slotRecvPackets(id: number): number;
  /** Bytes per second over a window, divided as iftop divides (the history so far while it is shorter). */
  sentRate(id: number, window: RateWindow): number;
  recvRate(id: number, window: RateWindow): number;
  /** Since the flow record was created, this tick's slot included. */
  cumulativeSentBytes(id: number): number;
  cumulativeRecvBytes(id: number): number;
  cumulativeSentPackets(id: number): number;
  cumulativeRecvPackets(id: number): number;
  /** Capture time of the flow's first and latest packet, seconds since the epoch (fractional). */
  firstSeen(id: number): number;
  lastSeen(id: number): number;
}

/** Byte and packet counters of a traffic aggregate (the interface totals, or the overflow flows). */
export interface TrafficCounters {
  readonly sentRate: Rates;
  readonly recvRate: Rates;
  readonly slotSentBytes: number;
  readonly slotRecvBytes: number;
  readonly slotSentPackets: number;
  readonly slotRecvPackets: number;
  readonly cumulativeSentBytes: number;
  readonly cumulativeRecvBytes: number;
  readonly cumulativeSentPackets: number;
  readonly cumulativeRecvPackets: number;
}

/** The interface totals, with iftop's peaks (highest 2-second slot of the last 40 s, in bytes/s). */
export interface TotalCounters extends TrafficCounters {
  readonly peakSent: number;
  readonly peakRecv: number;
  readonly peakTotal: number;
}

/**
 * One tick of one source, handed to every output before the slot closes. Sums hold in every window:
 * the flows plus `overflow` add up to `totals` (rates, slot and cumulative counters alike, once the
 * cumulative counters of flows that expired at earlier ticks are counted too) — per direction when
 * every flow has a local side, and sent + received always: traffic between two other hosts is
 * "received" in the totals (iftop's rule) but split by address order in its flow.
 */
export interface TickSnapshot {
  /** 1 for the first tick of the run, then 2, 3, … (per source). */
  readonly tick: number;
  /** Tick time, seconds since the epoch: the slot boundary (capture time when replaying a file). */
  readonly ts: number;
  readonly source: SnapshotSource;
  /** The part-slot at the end of a file or when the run stops: no slot closes after it. */
  readonly partial: boolean;
  /** Interface totals ("sent": transmitted by this host, "received": the rest, iftop's direction). */
  readonly totals: TotalCounters;
  /**
   * Traffic of flows beyond the flow table's cap (--max-flows), accounted together like one flow:
   * `expiring` when its record ends at this tick (silent for 40 s; its cumulative counters restart).
   */
  readonly overflow: TrafficCounters & { readonly expiring: boolean };
  readonly counters: Readonly<CaptureCounters>;
  /** libpcap's counters for a live capture, null for a file. */
  readonly kernel: KernelCounters | null;
  /** Every flow in the table, those expiring at this tick included. */
  readonly flows: FlowView;
  /** The flows whose record ends when this slot closes (silent for 40 s): their final counters. */
  readonly expired: FlowView;
  /** Whether an address (4 or 16 bytes) is one of this host's: the interface's own, or inside -F/-G. */
  isLocal(family: 4 | 6, addr: Uint8Array): boolean;
}
