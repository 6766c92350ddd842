// Once per tick: aggregate flows under the display options, average the windows, order (iftop analyse_data).
import { KEY_WORDS } from './flow-key.js';
import { OPEN_RECV, OPEN_SENT, OPEN_STRIDE } from './flow-table.js';
import { addWindows, historyPeaks, historyRates } from './history-windows.js';
import { displayKey, FlowGroups } from './line-groups.js';
import { LineTable } from './line-table.js';
import type { FlowTable } from './flow-table.js';
import type { Monitor, SlotHistory } from './monitor.js';
import type { FlowLine, ScreenModel } from './screen-model.js';
import { windowDivisors } from './screen-model.js';
import { lineComparator, selectTop } from './sort.js';
import type { NameOf } from './sort.js';
import type { ViewOptions } from './view-options.js';

/** Which flows (by flow table id) an analysis counts; null: all of them. */
export type FlowPredicate = (id: number) => boolean;

/** The empty model shown before the first tick. */
export const EMPTY_MODEL: ScreenModel = {
  lines: [],
  lineCount: 0,
  totalSent: [0, 0, 0],
  totalRecv: [0, 0, 0],
  peakSent: 0,
  peakRecv: 0,
  peakTotal: 0,
  cumulativeSent: 0,
  cumulativeRecv: 0,
};

/**
 * Reuses its aggregation buffers tick after tick. Only the first `limit` lines of the order are
 * materialised as objects (a text block shows ten of perhaps 100 000), everything else stays in
 * typed arrays.
 */
export class Analyser {
  private readonly lines = new LineTable();
  private readonly groups = new FlowGroups();
  private readonly key = new Uint32Array(KEY_WORDS);
  /** Line of each flow id in the last analysis (for the dominant-service labels), −1 when it has none. */
  private flowLine = new Int32Array(1024);
  /** Rank in the last model of each line of the last analysis (−1: not shown), built on demand. */
  private rankOfLine = new Int32Array(0);
  private lastOrder: readonly number[] = [];
  private lastLineCount = 0;
  private ranksBuilt = false;

  /**
   * Builds the model from the monitor's current slot backwards. With `frozen` the previous model's
   * lines keep their order and membership (new flows get no line) and peaks only grow. With `include`,
   * only the flows it accepts make lines (the `l` filter by process); the totals stay the whole traffic.
   */
  analyse(m: Monitor, opts: ViewOptions, prev: ScreenModel, nameOf: NameOf, limit = Infinity, labels = false, include: FlowPredicate | null = null): ScreenModel {
    const lt = this.lines;
    const t = m.table;
    lt.reset(t.size + prev.lines.length + 1, t.maxFlows + 1);
    if (this.flowLine.length < t.idBound) this.flowLine = new Int32Array(Math.max(t.idBound, this.flowLine.length * 2));
    const frozenOrder: number[] = [];
    if (opts.frozen) for (const l of prev.lines) frozenOrder.push(lt.slot(keyOfLine(l, this.key), l.seq));
    const frozen = opts.frozen;
    if (!frozen) this.groups.begin(t, opts);
    const open = t.gatherOpen();
    this.accumulate(t, opts, lt, open, frozen, include);
    const o = m.overflow;
    // Traffic beyond the table's cap has no flow, so no owner: a filter by owner leaves it out.
    if (o.active && include === null) {
      this.key.fill(0);
      const line = frozen ? lt.find(this.key) : this.groups.overflowLine(lt);
      if (line >= 0) {
        addWindows(o.sent, 0, m.pos, lt.sent, line * 3);
        addWindows(o.recv, 0, m.pos, lt.recv, line * 3);
        lt.totalSent[line]! += o.totalSent;
        lt.totalRecv[line]! += o.totalRecv;
      }
    }
    const divisors = windowDivisors(m.historyLen);
    divideRates(lt, divisors);
    const order = opts.frozen ? frozenOrder.slice(0, limit) : selectTop(lt.count, limit, lineComparator(lt, opts, nameOf));
    const dominant = labels ? this.dominant(m, order, open) : null;
    this.lastOrder = order;
    this.lastLineCount = lt.count;
    this.ranksBuilt = false;
    return {
      lines: order.map((id, i) => (dominant?.[i] === undefined ? materialise(lt, id) : { ...materialise(lt, id), dominant: dominant[i]! })),
      lineCount: lt.count,
      ...totalsOf(m.totals, m.pos, divisors, opts.frozen ? prev : null),
    };
  }

  /**
   * Adds every flow's windows and totals to its line. A method of its own, like each per-tick loop
   * over 100 000 flows: V8 compiles a hot loop while it runs (on-stack replacement), and code after
   * the loop that had not run yet would then throw the compiled code away — in the first ticks, with
   * the rest of the tick left to the interpreter.
   */
  private accumulate(t: FlowTable, opts: ViewOptions, lt: LineTable, open: Float64Array, frozen: boolean, include: FlowPredicate | null): void {
    // Arrays in locals: the loop runs once per flow per tick, and calls in it would make V8 reload
    // every field of t and lt at each flow (the table's arrays do not change during a tick).
    const used = t.used, keys = t.keys, totalSent = t.totalSent, totalRecv = t.totalRecv;
    const last4Sent = t.last4Sent, last4Recv = t.last4Recv, last19Sent = t.last19Sent, last19Recv = t.last19Recv;
    const lineSent = lt.sent, lineRecv = lt.recv, lineTotalSent = lt.totalSent, lineTotalRecv = lt.totalRecv;
    const flowLine = this.flowLine, groups = this.groups, key = this.key;
    for (let id = 0, bound = t.idBound; id < bound; id++) {
      if (used[id] !== 1) continue;
      if (include !== null && !include(id)) {
        flowLine[id] = -1;
        continue;
      }
      let line: number;
      if (frozen) {
        displayKey(keys, id * KEY_WORDS, opts, key);
        line = lt.find(key);
      } else line = groups.line(t, id, opts, lt);
      flowLine[id] = line;
      if (line < 0) continue;
      // The open slot's bytes (gathered above) plus the closed slots' running sums.
      const openSent = open[id * OPEN_STRIDE + OPEN_SENT]!, openRecv = open[id * OPEN_STRIDE + OPEN_RECV]!;
      const at = line * 3;
      lineSent[at]! += openSent;
      lineSent[at + 1]! += openSent + last4Sent[id]!;
      lineSent[at + 2]! += openSent + last19Sent[id]!;
      lineRecv[at]! += openRecv;
      lineRecv[at + 1]! += openRecv + last4Recv[id]!;
      lineRecv[at + 2]! += openRecv + last19Recv[id]!;
      lineTotalSent[line]! += totalSent[id]! + openSent;
      lineTotalRecv[line]! += totalRecv[id]! + openRecv;
    }
  }

  /**
   * The rank (index in the last model's lines) of the line a flow table id went to in the last
   * analysis, −1 when that line is not shown; valid until the next analysis (ids in use then only).
   */
  rankOf(id: number): number {
    if (!this.ranksBuilt) {
      if (this.rankOfLine.length < this.lastLineCount) this.rankOfLine = new Int32Array(Math.max(this.lastLineCount, this.rankOfLine.length * 2));
      this.rankOfLine.fill(-1, 0, this.lastLineCount);
      this.lastOrder.forEach((line, rank) => (this.rankOfLine[line] = rank));
      this.ranksBuilt = true;
    }
    const line = id < this.flowLine.length ? this.flowLine[id]! : -1;
    return line < 0 || line >= this.lastLineCount ? -1 : this.rankOfLine[line]!;
  }

  /** The protocol and port pair with the most bytes (40 s) among each shown line's flows, in `order`'s order. */
  private dominant(m: Monitor, order: readonly number[], open: Float64Array): ({ proto: number; srcPort: number; dstPort: number } | undefined)[] {
    const t = m.table;
    const index = new Map<number, number>(order.map((line, i) => [line, i]));
    const best: { proto: number; srcPort: number; dstPort: number; bytes: number }[] = [];
    const sums = order.map(() => new Map<number, number>());
    for (let id = 0; id < t.idBound; id++) {
      if (t.used[id] !== 1) continue;
      const i = index.get(this.flowLine[id]!);
      if (i === undefined) continue;
      const k = id * KEY_WORDS;
      // Protocol and both ports in one number: proto × 2^32 + ports word.
      const pp = (t.keys[k]! & 0xff) * 2 ** 32 + t.keys[k + 9]!;
      const bytes = open[id * OPEN_STRIDE + OPEN_SENT]! + open[id * OPEN_STRIDE + OPEN_RECV]! + t.last19Sent[id]! + t.last19Recv[id]!;
      const sum = (sums[i]!.get(pp) ?? 0) + bytes;
      sums[i]!.set(pp, sum);
      if (best[i] === undefined || sum > best[i].bytes) {
        best[i] = { proto: Math.floor(pp / 2 ** 32), srcPort: t.keys[k + 9]! >>> 16, dstPort: t.keys[k + 9]! & 0xffff, bytes: sum };
      }
    }
    return order.map((_, i) => (best[i] === undefined ? undefined : { proto: best[i].proto, srcPort: best[i].srcPort, dstPort: best[i].dstPort }));
  }
}

/** Window sums to rates (bytes per second), every line. */
function divideRates(lt: LineTable, divisors: readonly number[]): void {
  const lineSent = lt.sent, lineRecv = lt.recv;
  const d0 = divisors[0]!, d1 = divisors[1]!, d2 = divisors[2]!;
  for (let at = 0, end = lt.count * 3; at < end; at += 3) {
    lineSent[at] = lineSent[at]! / d0;
    lineSent[at + 1] = lineSent[at + 1]! / d1;
    lineSent[at + 2] = lineSent[at + 2]! / d2;
    lineRecv[at] = lineRecv[at]! / d0;
    lineRecv[at + 1] = lineRecv[at + 1]! / d1;
    lineRecv[at + 2] = lineRecv[at + 2]! / d2;
  }
}

function keyOfLine(l: FlowLine, out: Uint32Array): Uint32Array {
  const a = new DataView(l.src.buffer, l.src.byteOffset, 16);
  const b = new DataView(l.dst.buffer, l.dst.byteOffset, 16);
  out[0] = (l.family << 8) | l.proto;
  for (let w = 0; w < 4; w++) {
    out[1 + w] = a.getUint32(w * 4);
    out[5 + w] = b.getUint32(w * 4);
  }
  out[9] = ((l.srcPort << 16) | l.dstPort) >>> 0;
  return out;
}

function materialise(lt: LineTable, id: number): FlowLine {
  const k = lt.keys;
  const o = id * KEY_WORDS;
  // Bytes written with shifts: a DataView per address would double the objects made per line.
  const src = new Uint8Array(16);
  const dst = new Uint8Array(16);
  for (let w = 0; w < 4; w++) {
    const a = k[o + 1 + w]!, b = k[o + 5 + w]!;
    src[w * 4] = a >>> 24;
    src[w * 4 + 1] = a >>> 16;
    src[w * 4 + 2] = a >>> 8;
    src[w * 4 + 3] = a;
    dst[w * 4] = b >>> 24;
    dst[w * 4 + 1] = b >>> 16;
    dst[w * 4 + 2] = b >>> 8;
    dst[w * 4 + 3] = b;
  }
  return {
    family: (k[o]! >>> 8) as 0 | 4 | 6,
    proto: k[o]! & 0xff,
    src, dst,
    srcPort: k[o + 9]! >>> 16,
    dstPort: k[o + 9]! & 0xffff,
    sent: [lt.sent[id * 3]!, lt.sent[id * 3 + 1]!, lt.sent[id * 3 + 2]!],
    recv: [lt.recv[id * 3]!, lt.recv[id * 3 + 1]!, lt.recv[id * 3 + 2]!],
    totalSent: lt.totalSent[id]!,
    totalRecv: lt.totalRecv[id]!,
    seq: lt.seq[id]!,
  };
}

function totalsOf(h: SlotHistory, pos: number, divisors: readonly number[], frozenPrev: ScreenModel | null) {
  const { sent, recv } = historyRates(h, pos, divisors);
  let { peakSent, peakRecv, peakTotal } = historyPeaks(h);
  if (frozenPrev !== null) {
    peakSent = Math.max(peakSent, frozenPrev.peakSent);
    peakRecv = Math.max(peakRecv, frozenPrev.peakRecv);
    peakTotal = Math.max(peakTotal, frozenPrev.peakTotal);
  }
  return { totalSent: sent, totalRecv: recv, peakSent, peakRecv, peakTotal, cumulativeSent: h.totalSent, cumulativeRecv: h.totalRecv };
}
