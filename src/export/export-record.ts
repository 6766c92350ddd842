// One exported flow record (one flow, one direction, one interval) as the cache hands it to an encoder.

/** IPFIX flowEndReason (IE 136, RFC 5102 §5.11.3). */
export const FlowEndReason = {
  IDLE_TIMEOUT: 1,
  ACTIVE_TIMEOUT: 2,
  /** TCP FIN/RST: never sent, a snapshot does not show flags. */
  END_OF_FLOW: 3,
  FORCED_END: 4,
  /** Never sent: the cache holds every flow the table holds. */
  LACK_OF_RESOURCES: 5,
} as const;
export type FlowEndReasonValue = (typeof FlowEndReason)[keyof typeof FlowEndReason];

/** IPFIX flowDirection (IE 61): seen arriving at, or leaving, the capture interface. */
export const FlowDirection = { INGRESS: 0, EGRESS: 1 } as const;

/**
 * Filled in place by the cache for each record (no object per record). Addresses are read from
 * `addrs` at the offsets: 4 bytes for IPv4, 16 for IPv6.
 */
export interface ExportRecord {
  family: 4 | 6;
  proto: number;
  addrs: Uint8Array;
  srcOffset: number;
  dstOffset: number;
  srcPort: number;
  dstPort: number;
  octets: number;
  packets: number;
  /** First and last packet of this record, milliseconds since the epoch. */
  startMs: number;
  endMs: number;
  direction: 0 | 1;
  endReason: FlowEndReasonValue;
}

/** Where the cache puts finished records. */
export interface RecordSink {
  add(record: Readonly<ExportRecord>): void;
}

export function newExportRecord(): ExportRecord {
  return {
    family: 4, proto: 0, addrs: new Uint8Array(32), srcOffset: 0, dstOffset: 16, srcPort: 0, dstPort: 0,
    octets: 0, packets: 0, startMs: 0, endMs: 0, direction: 0, endReason: FlowEndReason.IDLE_TIMEOUT,
  };
}

/**
 * Capture time (epoch seconds, fractional) → whole milliseconds, truncated. Rounding to the
 * microsecond first keeps 12.345999 s at 12345 ms although 12.345999 × 1000 is not exact in binary.
 */
export function epochMs(seconds: number): number {
  return Math.floor(Math.round(seconds * 1e6) / 1000);
}
