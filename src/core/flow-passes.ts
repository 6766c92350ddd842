// The flow table's once-per-tick passes over every flow: copy the open slots out, close them into the history, list what expires.
import type { FlowTable } from './flow-table.js';
import {
  HISTORY_LENGTH, OPEN_LAST_SEEN, OPEN_PACKETS, OPEN_PACKETS_RECV, OPEN_PACKETS_SENT, OPEN_RECV, OPEN_SENT, OPEN_STRIDE,
  SLOT_BYTES_SENT, SLOT_LAST_MS, SLOT_PACKETS_SENT, SLOT_WORDS,
} from './flow-slots.js';

/*
 * Each loop is a function of its own: V8 compiles a hot loop while it runs, and code after the loop
 * that had not run yet would throw that code away. Arrays go into locals first, so V8 loads each
 * once instead of once per flow. `w` is the table's packet-path slots (SLOT_WORDS per id).
 */

/** gatherOpen()'s loop: the open-slot counters of every flow in use into g (OPEN_STRIDE per id). */
export function copyOpen(t: FlowTable, w: Uint32Array, g: Float64Array): void {
  const used = t.used, lastSeen = t.lastSeen, base = t.timeBase;
  for (let id = 0, n = t.idBound; id < n; id++) {
    if (used[id] !== 1) continue;
    const o = id * SLOT_WORDS, at = id * OPEN_STRIDE;
    const ps = w[o + SLOT_PACKETS_SENT]!, pr = w[o + SLOT_PACKETS_SENT + 1]!;
    g[at + OPEN_SENT] = w[o + SLOT_BYTES_SENT]!;
    g[at + OPEN_RECV] = w[o + SLOT_BYTES_SENT + 1]!;
    g[at + OPEN_PACKETS] = ps + pr;
    g[at + OPEN_PACKETS_SENT] = ps;
    g[at + OPEN_PACKETS_RECV] = pr;
    // The offset word is signed: `| 0` reads it back as such.
    g[at + OPEN_LAST_SEEN] = ps + pr === 0 ? lastSeen[id]! : Math.max(lastSeen[id]!, base + (w[o + SLOT_LAST_MS]! | 0) / 1000);
  }
}

/**
 * rotate()'s loop over every flow: closes its open slot (copied out to `open`) into history slot
 * `pos` (rows of `cap` ids) and empties it, in one pass (the slots of free ids are all zero already);
 * writes the ids that expire to `expired` and returns how many.
 */
export function closeSlot(t: FlowTable, w: Uint32Array, cap: number, pos: number, open: Float64Array, expired: Int32Array): number {
  const next = (pos + 1) % HISTORY_LENGTH;
  const fifth = (pos + HISTORY_LENGTH - 4) % HISTORY_LENGTH;
  const rowPos = pos * cap, rowNext = next * cap, rowFifth = fifth * cap;
  const hs = t.sent, hr = t.recv, used = t.used, lastWrite = t.lastWrite;
  const last4Sent = t.last4Sent, last4Recv = t.last4Recv, last19Sent = t.last19Sent, last19Recv = t.last19Recv;
  const totalSent = t.totalSent, totalRecv = t.totalRecv, totalPacketsSent = t.totalPacketsSent, totalPacketsRecv = t.totalPacketsRecv;
  const lastSeen = t.lastSeen;
  let removed = 0;
  for (let id = 0, n = t.idBound; id < n; id++) {
    if (used[id] !== 1) continue;
    const o = id * SLOT_WORDS;
    w[o + SLOT_LAST_MS] = 0;
    w[o + SLOT_PACKETS_SENT] = 0;
    w[o + SLOT_PACKETS_SENT + 1] = 0;
    w[o + SLOT_BYTES_SENT] = 0;
    w[o + SLOT_BYTES_SENT + 1] = 0;
    const at = id * OPEN_STRIDE;
    const sent = open[at + OPEN_SENT]!, recv = open[at + OPEN_RECV]!, packets = open[at + OPEN_PACKETS]!;
    last4Sent[id]! += sent - hs[rowFifth + id]!;
    last4Recv[id]! += recv - hr[rowFifth + id]!;
    last19Sent[id]! += sent - hs[rowNext + id]!;
    last19Recv[id]! += recv - hr[rowNext + id]!;
    hs[rowPos + id] = sent;
    hr[rowPos + id] = recv;
    // Packets count too: a flow of zero-length packets must still expire.
    if (packets !== 0) {
      totalSent[id]! += sent;
      totalRecv[id]! += recv;
      totalPacketsSent[id]! += open[at + OPEN_PACKETS_SENT]!;
      totalPacketsRecv[id]! += open[at + OPEN_PACKETS_RECV]!;
      lastSeen[id] = open[at + OPEN_LAST_SEEN]!;
      lastWrite[id] = pos;
    }
    // Slot `next` is reused next: cleared. For a flow that expires now it was the only non-zero
    // one (the 19 rotations since its last packet wrote zeros), so its rows end all zero.
    hs[rowNext + id] = 0;
    hr[rowNext + id] = 0;
    if (lastWrite[id] === next) expired[removed++] = id;
  }
  return removed;
}

/** FlowTable.expiring()'s loop. */
export function expiringIds(t: FlowTable, pos: number, open: Float64Array, out: Int32Array): number {
  const next = (pos + 1) % HISTORY_LENGTH;
  const used = t.used, lastWrite = t.lastWrite;
  let n = 0;
  for (let id = 0, bound = t.idBound; id < bound; id++) {
    if (used[id] === 1 && lastWrite[id] === next && open[id * OPEN_STRIDE + OPEN_PACKETS] === 0) out[n++] = id;
  }
  return n;
}
