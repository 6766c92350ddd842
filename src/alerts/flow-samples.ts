// A per-tick walk over the flow table as plain numbers (rates per window, open-slot packets) for rules and detectors.
import { KEY_WORDS } from '../core/flow-key.js';
import { HostIndex } from '../core/host-index.js';
import { OPEN_PACKETS, OPEN_RECV, OPEN_SENT, OPEN_STRIDE } from '../core/flow-table.js';
import type { Monitor } from '../core/monitor.js';
import { windowDivisors } from '../core/screen-model.js';
import { formatAddress } from '../format/inet-ntop.js';

/** One flow, reused for every flow of a walk (copy what you keep). Local side first, as in the flow key. */
export interface FlowSample {
  family: 4 | 6;
  proto: number;
  /** Address words (big-endian uint32 × 4) of each side. */
  readonly src: Uint32Array;
  readonly dst: Uint32Array;
  srcPort: number;
  dstPort: number;
  /** Bytes/s the first side sent and received, per window (2 s, 10 s, 40 s). */
  readonly sent: Float64Array;
  readonly recv: Float64Array;
  /** Packets and bytes (both directions) in the slot now closing. */
  slotPackets: number;
  slotBytes: number;
  /** Bytes (both directions) in the last 10 s, closed slots included, and each side's share. */
  recentBytes: number;
  recentSent: number;
  recentRecv: number;
  /**
   * Each side as a host number of this walk (the same address is the same number in every flow), so
   * detectors can key their counts by numbers instead of building strings per flow. Worked out on
   * first use; hostText() and hostFamily() stay valid after the walk, for the conditions' text.
   */
  srcHost(): number;
  dstHost(): number;
  hostText(host: number): string;
  hostFamily(host: number): 4 | 6;
  /** Numeric text of each side (made once per host and walk), and whether it is internal. */
  srcText(): string;
  dstText(): string;
  srcInternal(): boolean;
  dstInternal(): boolean;
}

/** Calls `each` for every live flow; the sample object is reused. */
export function forEachFlow(m: Monitor, isInternal: (family: 4 | 6, words: Uint32Array) => boolean, each: (f: FlowSample) => void): void {
  const t = m.table;
  const div = windowDivisors(m.historyLen);
  const open = t.gatherOpen();
  const hosts = new HostIndex(2 * t.size + 1, (t.seed ^ 0x3c6ef372) | 0);
  const texts: string[] = [];
  const words = new Uint32Array(4);
  const hostText = (h: number): string => {
    let text = texts[h];
    if (text === undefined) {
      for (let w = 0; w < 4; w++) words[w] = hosts.word(h, w);
      texts[h] = text = wordsText(hosts.family(h), words);
    }
    return text;
  };
  let srcHost = -1, dstHost = -1;
  let srcIn: boolean | null = null, dstIn: boolean | null = null;
  const f: FlowSample = {
    family: 4, proto: 0, src: new Uint32Array(4), dst: new Uint32Array(4), srcPort: 0, dstPort: 0,
    sent: new Float64Array(3), recv: new Float64Array(3), slotPackets: 0, slotBytes: 0, recentBytes: 0, recentSent: 0, recentRecv: 0,
    srcHost: () => (srcHost >= 0 ? srcHost : (srcHost = hosts.idOf(f.family, f.src, 0))),
    dstHost: () => (dstHost >= 0 ? dstHost : (dstHost = hosts.idOf(f.family, f.dst, 0))),
    hostText,
    hostFamily: (h) => hosts.family(h),
    srcText: () => hostText(f.srcHost()),
    dstText: () => hostText(f.dstHost()),
    srcInternal: () => (srcIn ??= isInternal(f.family, f.src)),
    dstInternal: () => (dstIn ??= isInternal(f.family, f.dst)),
  };
  for (let id = 0; id < t.idBound; id++) {
    if (t.used[id] !== 1) continue;
    srcHost = dstHost = -1;
    srcIn = dstIn = null;
    const k = id * KEY_WORDS;
    f.family = (t.keys[k]! >>> 8) as 4 | 6;
    f.proto = t.keys[k]! & 0xff;
    for (let w = 0; w < 4; w++) {
      f.src[w] = t.keys[k + 1 + w]!;
      f.dst[w] = t.keys[k + 5 + w]!;
    }
    f.srcPort = t.keys[k + 9]! >>> 16;
    f.dstPort = t.keys[k + 9]! & 0xffff;
    const os = open[id * OPEN_STRIDE + OPEN_SENT]!, or = open[id * OPEN_STRIDE + OPEN_RECV]!;
    f.sent[0] = os / div[0]!;
    f.sent[1] = (os + t.last4Sent[id]!) / div[1]!;
    f.sent[2] = (os + t.last19Sent[id]!) / div[2]!;
    f.recv[0] = or / div[0]!;
    f.recv[1] = (or + t.last4Recv[id]!) / div[1]!;
    f.recv[2] = (or + t.last19Recv[id]!) / div[2]!;
    f.slotPackets = open[id * OPEN_STRIDE + OPEN_PACKETS]!;
    f.slotBytes = os + or;
    f.recentSent = os + t.last4Sent[id]!;
    f.recentRecv = or + t.last4Recv[id]!;
    f.recentBytes = f.recentSent + f.recentRecv;
    each(f);
  }
}

const scratch = new Uint8Array(16);
const scratchView = new DataView(scratch.buffer);

/** Numeric text of an address given as words (inet_ntop form). */
export function wordsText(family: 4 | 6, w: Uint32Array): string {
  for (let i = 0; i < 4; i++) scratchView.setUint32(i * 4, w[i]!);
  return formatAddress(family, scratch);
}
