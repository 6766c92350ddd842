// The per-tick result of analysis that every presenter (text blocks, the screen, exports) reads.

/** Length of one history slot, and so of a tick (iftop RESOLUTION). */
export const SLOT_SECONDS = 2;

/** Averaging windows of the three rate columns, in 2-second slots (iftop history_divs). */
export const WINDOW_SLOTS = [1, 5, 20] as const;

/** Seconds each window's bytes are divided by: the window, or the history so far while it is shorter (iftop's warm-up rule). */
export function windowDivisors(historyLen: number): [number, number, number] {
  return [0, 1, 2].map((j) => SLOT_SECONDS * Math.min(historyLen, WINDOW_SLOTS[j]!)) as [number, number, number];
}

/** Three rates in bytes per second: 2 s, 10 s, 40 s. */
export type Rates = [number, number, number];

/** One aggregated line: a host pair (and ports/protocol when shown), local side first. */
export interface FlowLine {
  /** 4 or 6; 0 for the overflow line that collects flows beyond the table's cap. */
  readonly family: 0 | 4 | 6;
  /** IP protocol; 0 when ports are not displayed (iftop merges protocols then). */
  readonly proto: number;
  /** Left (local) address, 16 bytes (IPv4 in the first 4); all zero when hidden. */
  readonly src: Uint8Array;
  readonly srcPort: number;
  readonly dst: Uint8Array;
  readonly dstPort: number;
  /** Bytes/s the left host sent, per window. */
  readonly sent: Rates;
  /** Bytes/s the left host received, per window. */
  readonly recv: Rates;
  /** Bytes since the member flows' records were created. */
  readonly totalSent: number;
  readonly totalRecv: number;
  /** Creation order of the oldest member flow (tie-break). */
  readonly seq: number;
  /**
   * The protocol and port pair carrying most of the line's bytes (40 s), when labels were asked for:
   * what a line that merges several flows is mostly about.
   */
  readonly dominant?: { readonly proto: number; readonly srcPort: number; readonly dstPort: number };
}

/** Capture-side counters shown beside the flows (drops are not hidden as in iftop). */
export interface CaptureCounters {
  /** Frames handed to the monitor. */
  frames: number;
  /** IP packets accounted to a flow (or to the overflow line). */
  accounted: number;
  /** Frames whose headers were cut short or impossible. */
  malformed: number;
  /** Well-formed frames that carry no IP (only possible without the default BPF filter). */
  nonIp: number;
  /**
   * Of nonIp: data frames the link layer encrypted (802.11 Protected Frame), whose packets cannot
   * be seen. Not printed anywhere yet.
   */
  encrypted: number;
  /** Frames of a link type wiretop cannot decode. */
  unsupported: number;
  /** IP packets dropped by -F/-G or the IPv6 link-local rule. */
  filtered: number;
  /** Packets whose IP length field could not be true; their length came from the frame. */
  lengthFromWire: number;
  /** Packets accounted to the overflow line because the flow table was full. */
  overflow: number;
}

/** libpcap's pcap_stats counters for a live capture. */
export interface KernelCounters {
  /** Packets that passed the kernel filter. */
  readonly received: number;
  /** Packets dropped because the capture buffer was full. */
  readonly dropped: number;
  /** Packets dropped by the interface or driver. */
  readonly ifDropped: number;
}

export function zeroCounters(): CaptureCounters {
  return { frames: 0, accounted: 0, malformed: 0, nonIp: 0, encrypted: 0, unsupported: 0, filtered: 0, lengthFromWire: 0, overflow: 0 };
}

export interface ScreenModel {
  /** The first lines in display order (as many as the presenter asked for). */
  readonly lines: readonly FlowLine[];
  /** How many lines there are in all. */
  readonly lineCount: number;
  readonly totalSent: Rates;
  readonly totalRecv: Rates;
  /** Highest 2-second slot of the last 40 s, halved with integer division (bytes/s), as iftop shows it. */
  readonly peakSent: number;
  readonly peakRecv: number;
  readonly peakTotal: number;
  /** Grand totals since start, in bytes. */
  readonly cumulativeSent: number;
  readonly cumulativeRecv: number;
}
