// The layout of a flow's packet-path slot, and of what a tick copies out of the open slots (shared by the flow table and its per-tick passes).

/** Slots kept per flow (iftop HISTORY_LENGTH): 20 × 2 s = 40 s. */
export const HISTORY_LENGTH = 20;

/**
 * A flow's packet-path slot, 16 uint32 words at id × 16: the key (10), its hash, the latest packet's
 * time in the open slot (signed ms from the table's time base), packets sent and received in the open
 * slot, bytes sent and received in the open slot. Bytes beyond 2^32 in one slot (over 17 Gbit/s in
 * one flow and direction) carry into a per-id array, so the packet path stays one cache line.
 */
export const SLOT_WORDS = 16;
export const SLOT_HASH = 10;
export const SLOT_LAST_MS = 11;
export const SLOT_PACKETS_SENT = 12;
export const SLOT_BYTES_SENT = 14;
export const CARRY = 2 ** 32;

/**
 * What gatherOpen() copies out per flow id, at id × OPEN_STRIDE + one of these: bytes sent and
 * received, packets (both ways, and each way) in the open slot, and the time of the latest packet
 * so far (seconds since the epoch, the open slot included).
 */
export const OPEN_STRIDE = 6;
export const OPEN_SENT = 0;
export const OPEN_RECV = 1;
export const OPEN_PACKETS = 2;
export const OPEN_PACKETS_SENT = 3;
export const OPEN_PACKETS_RECV = 4;
export const OPEN_LAST_SEEN = 5;
