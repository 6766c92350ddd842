// Once per tick: aggregate flows under the display options, average the windows, sort (iftop analyse_data).
import { KEY_WORDS } from './flow-key.js';
import { HISTORY_LENGTH } from './flow-table.js';
import type { Monitor, SlotHistory } from './monitor.js';
import type { FlowLine, Rates, ScreenModel } from './screen-model.js';
import { WINDOW_SLOTS } from './screen-model.js';
import { sortLines } from './sort.js';
import type { NameOf } from './sort.js';
import type { ViewOptions } from './view-options.js';

/** The empty model shown before the first tick. */
export const EMPTY_MODEL: ScreenModel = {
  lines: [],
  totalSent: [0, 0, 0],
  totalRecv: [0, 0, 0],
  peakSent: 0,
  peakRecv: 0,
  peakTotal: 0,
  cumulativeSent: 0,
  cumulativeRecv: 0,
};

interface LineAcc {
  id: string;
  family: 0 | 4 | 6;
  proto: number;
  src: Uint8Array;
  srcPort: number;
  dst: Uint8Array;
  dstPort: number;
  sent: Rates;
  recv: Rates;
  totalSent: number;
  totalRecv: number;
  seq: number;
}

/**
 * Builds the screen model from the monitor's current slot backwards. With `frozen` the previous
 * model's lines keep their order and membership (new flows get no line) and peaks only grow.
 */
export function analyse(m: Monitor, opts: ViewOptions, prev: ScreenModel, nameOf: NameOf): ScreenModel {
  const lines = new Map<string, LineAcc>();
  if (opts.frozen) {
    for (const l of prev.lines) lines.set(l.id, { ...l, sent: [0, 0, 0], recv: [0, 0, 0], totalSent: 0, totalRecv: 0 });
  }
  const t = m.table;
  const bound = t.idBound;
  const sums: Rates = [0, 0, 0];
  const sumr: Rates = [0, 0, 0];
  for (let id = 0; id < bound; id++) {
    if (t.used[id] !== 1) continue;
    const acc = lineFor(lines, t.keys, id * KEY_WORDS, opts, t.seq[id]!);
    if (acc === undefined) continue;
    windowSums(t.sent, id * HISTORY_LENGTH, m.pos, sums);
    windowSums(t.recv, id * HISTORY_LENGTH, m.pos, sumr);
    addInto(acc, sums, sumr, t.totalSent[id]!, t.totalRecv[id]!);
  }
  if (m.overflow.active) {
    const acc = overflowLine(lines, opts.frozen);
    if (acc !== undefined) {
      windowSums(m.overflow.sent, 0, m.pos, sums);
      windowSums(m.overflow.recv, 0, m.pos, sumr);
      addInto(acc, sums, sumr, m.overflow.totalSent, m.overflow.totalRecv);
    }
  }
  const divisors = WINDOW_SLOTS.map((n) => 2 * Math.min(m.historyLen, n));
  const result: FlowLine[] = [];
  for (const acc of lines.values()) {
    for (let j = 0; j < 3; j++) {
      acc.sent[j] = acc.sent[j]! / divisors[j]!;
      acc.recv[j] = acc.recv[j]! / divisors[j]!;
    }
    result.push(acc);
  }
  if (!opts.frozen) sortLines(result, opts, nameOf);
  return { lines: result, ...totalsOf(m.totals, m.pos, divisors, opts.frozen ? prev : null) };
}

function lineFor(lines: Map<string, LineAcc>, keys: Uint32Array, o: number, opts: ViewOptions, seq: number): LineAcc | undefined {
  const family = (keys[o]! >>> 8) as 4 | 6;
  const ports = opts.portDisplay;
  const proto = ports === 'off' ? 0 : keys[o]! & 0xff;
  const srcPort = ports === 'on' || ports === 'source-only' ? keys[o + 9]! >>> 16 : 0;
  const dstPort = ports === 'on' || ports === 'destination-only' ? keys[o + 9]! & 0xffff : 0;
  const s0 = opts.hideSource ? 0 : keys[o + 1]!, s1 = opts.hideSource ? 0 : keys[o + 2]!;
  const s2 = opts.hideSource ? 0 : keys[o + 3]!, s3 = opts.hideSource ? 0 : keys[o + 4]!;
  const d0 = opts.hideDestination ? 0 : keys[o + 5]!, d1 = opts.hideDestination ? 0 : keys[o + 6]!;
  const d2 = opts.hideDestination ? 0 : keys[o + 7]!, d3 = opts.hideDestination ? 0 : keys[o + 8]!;
  const id = `${family}/${proto}/${s0}.${s1}.${s2}.${s3}/${srcPort}/${d0}.${d1}.${d2}.${d3}/${dstPort}`;
  const found = lines.get(id);
  if (found !== undefined) {
    if (seq < found.seq) found.seq = seq;
    return found;
  }
  if (opts.frozen) return undefined;
  const acc: LineAcc = {
    id, family, proto, srcPort, dstPort, seq,
    src: wordsToBytes(s0, s1, s2, s3),
    dst: wordsToBytes(d0, d1, d2, d3),
    sent: [0, 0, 0], recv: [0, 0, 0], totalSent: 0, totalRecv: 0,
  };
  lines.set(id, acc);
  return acc;
}

function overflowLine(lines: Map<string, LineAcc>, frozen: boolean): LineAcc | undefined {
  const id = 'overflow';
  const found = lines.get(id);
  if (found !== undefined || frozen) return found;
  const acc: LineAcc = {
    id, family: 0, proto: 0, srcPort: 0, dstPort: 0, seq: Number.MAX_SAFE_INTEGER,
    src: new Uint8Array(16), dst: new Uint8Array(16),
    sent: [0, 0, 0], recv: [0, 0, 0], totalSent: 0, totalRecv: 0,
  };
  lines.set(id, acc);
  return acc;
}

/** Sums the last 1, 5 and 20 slots counting back from pos into out. */
function windowSums(slots: Float64Array, base: number, pos: number, out: Rates): void {
  let sum = 0;
  for (let k = 0; k < HISTORY_LENGTH; k++) {
    sum += slots[base + ((pos - k + HISTORY_LENGTH) % HISTORY_LENGTH)]!;
    if (k === 0) out[0] = sum;
    else if (k === 4) out[1] = sum;
  }
  out[2] = sum;
}

function addInto(acc: LineAcc, s: Rates, r: Rates, totalSent: number, totalRecv: number): void {
  for (let j = 0; j < 3; j++) {
    acc.sent[j]! += s[j]!;
    acc.recv[j]! += r[j]!;
  }
  acc.totalSent += totalSent;
  acc.totalRecv += totalRecv;
}

function wordsToBytes(a: number, b: number, c: number, d: number): Uint8Array {
  const out = new Uint8Array(16);
  const v = new DataView(out.buffer);
  v.setUint32(0, a);
  v.setUint32(4, b);
  v.setUint32(8, c);
  v.setUint32(12, d);
  return out;
}

function totalsOf(h: SlotHistory, pos: number, divisors: number[], frozenPrev: ScreenModel | null) {
  const s: Rates = [0, 0, 0];
  const r: Rates = [0, 0, 0];
  windowSums(h.sent, 0, pos, s);
  windowSums(h.recv, 0, pos, r);
  for (let j = 0; j < 3; j++) {
    s[j] = s[j]! / divisors[j]!;
    r[j] = r[j]! / divisors[j]!;
  }
  let peakS = 0, peakR = 0, peakT = 0;
  for (let k = 0; k < HISTORY_LENGTH; k++) {
    const a = h.sent[k]!, b = h.recv[k]!;
    if (a > peakS) peakS = a;
    if (b > peakR) peakR = b;
    if (a + b > peakT) peakT = a + b;
  }
  // Peaks are slot bytes halved with integer division, exactly as iftop shows them (without its int32 wrap).
  let peakSent = Math.floor(peakS / 2), peakRecv = Math.floor(peakR / 2), peakTotal = Math.floor(peakT / 2);
  if (frozenPrev !== null) {
    peakSent = Math.max(peakSent, frozenPrev.peakSent);
    peakRecv = Math.max(peakRecv, frozenPrev.peakRecv);
    peakTotal = Math.max(peakTotal, frozenPrev.peakTotal);
  }
  return {
    totalSent: s, totalRecv: r, peakSent, peakRecv, peakTotal,
    cumulativeSent: h.totalSent, cumulativeRecv: h.totalRecv,
  };
}
