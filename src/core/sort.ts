// iftop's line order — descending by a rate column (then the later ones) or ascending by host name — over line ids.
import type { LineTable } from './line-table.js';
import type { LineDisplay, ViewOptions } from './view-options.js';

/** The text shown for an address (a resolved name or the numeric form); used by the name sorts. */
export type NameOf = (family: 0 | 4 | 6, addr: Uint8Array) => string;

/** Negative when line a ranks before line b. */
export type LineCompare = (a: number, b: number) => number;

/**
 * The comparator for the current sort order. Lines never compare equal: the last key is the creation
 * order, standing in for iftop's insertion order, so the result is deterministic.
 */
export function lineComparator(t: LineTable, opts: ViewOptions, nameOf: NameOf): LineCompare {
  const mode = opts.lineDisplay;
  if (opts.sort === 'source' || opts.sort === 'destination') {
    const names = lineNames(t, opts.sort === 'source' ? 1 : 5, nameOf);
    return (a, b) => {
      const na = names[a]!, nb = names[b]!;
      if (na !== nb) return na < nb ? -1 : 1;
      return compareBandwidth(t, a, b, 2, mode) || t.seq[a]! - t.seq[b]!;
    };
  }
  const column = opts.sort === '2s' ? 0 : opts.sort === '10s' ? 1 : 2;
  return (a, b) => compareBandwidth(t, a, b, column, mode) || t.seq[a]! - t.seq[b]!;
}

/** Larger rate in column c first, then c+1, c+2 (earlier columns never count). */
function compareBandwidth(t: LineTable, a: number, b: number, c: number, mode: LineDisplay): number {
  for (let j = c; j < 3; j++) {
    const d = value(t, b, j, mode) - value(t, a, j, mode);
    if (d !== 0) return d;
  }
  if (mode === 'one-line-sent' || mode === 'one-line-received') {
    for (let j = c; j < 3; j++) {
      const d = value(t, b, j, 'two-line') - value(t, a, j, 'two-line');
      if (d !== 0) return d;
    }
  }
  return 0;
}

function value(t: LineTable, id: number, j: number, mode: LineDisplay): number {
  if (mode === 'one-line-sent') return t.sent[id * 3 + j]!;
  if (mode === 'one-line-received') return t.recv[id * 3 + j]!;
  return t.sent[id * 3 + j]! + t.recv[id * 3 + j]!;
}

/** The displayed text of one side (key words 1–4 or 5–8) of every line. */
function lineNames(t: LineTable, firstWord: number, nameOf: NameOf): string[] {
  const addr = new Uint8Array(16);
  const view = new DataView(addr.buffer);
  const names: string[] = new Array<string>(t.count);
  for (let id = 0; id < t.count; id++) {
    const o = id * 10;
    for (let w = 0; w < 4; w++) view.setUint32(w * 4, t.keys[o + firstWord + w]!);
    names[id] = nameOf((t.keys[o]! >>> 8) as 0 | 4 | 6, addr);
  }
  return names;
}

/**
 * The first `limit` line ids in order. A bounded heap keeps only the best `limit` seen so far, so
 * 100 000 lines cost O(n log limit) instead of a full sort when the text block shows ten.
 */
export function selectTop(count: number, limit: number, cmp: LineCompare): number[] {
  const k = Math.max(0, Math.min(limit, count));
  if (k === 0) return [];
  if (k * 4 >= count) {
    const all = Array.from({ length: count }, (_, i) => i);
    return all.sort(cmp).slice(0, k);
  }
  // Max-heap on rank: heap[0] is the worst of the best k so far.
  const heap: number[] = [];
  const worse = (a: number, b: number) => cmp(a, b) > 0;
  for (let id = 0; id < count; id++) {
    if (heap.length < k) {
      heap.push(id);
      siftUp(heap, heap.length - 1, worse);
    } else if (cmp(id, heap[0]!) < 0) {
      heap[0] = id;
      siftDown(heap, 0, worse);
    }
  }
  return heap.sort(cmp);
}

function siftUp(h: number[], i: number, worse: (a: number, b: number) => boolean): void {
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!worse(h[i]!, h[p]!)) return;
    [h[i], h[p]] = [h[p]!, h[i]!];
    i = p;
  }
}

function siftDown(h: number[], i: number, worse: (a: number, b: number) => boolean): void {
  for (;;) {
    const l = 2 * i + 1, r = l + 1;
    let m = i;
    if (l < h.length && worse(h[l]!, h[m]!)) m = l;
    if (r < h.length && worse(h[r]!, h[m]!)) m = r;
    if (m === i) return;
    [h[i], h[m]] = [h[m]!, h[i]!];
    i = m;
  }
}
