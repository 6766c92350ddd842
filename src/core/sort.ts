// iftop's line order: descending by a rate column (then the later columns), or ascending by host name.
import type { FlowLine } from './screen-model.js';
import type { LineDisplay, ViewOptions } from './view-options.js';

/** The text shown for an address (a resolved name or the numeric form); used by the name sorts. */
export type NameOf = (family: 0 | 4 | 6, addr: Uint8Array) => string;

/** Sorts lines in place. Exact ties keep creation order (iftop keeps insertion order). */
export function sortLines(lines: FlowLine[], opts: ViewOptions, nameOf: NameOf): void {
  const mode = opts.lineDisplay;
  if (opts.sort === 'source' || opts.sort === 'destination') {
    const bySource = opts.sort === 'source';
    const names = new Map<FlowLine, string>();
    for (const l of lines) names.set(l, bySource ? nameOf(l.family, l.src) : nameOf(l.family, l.dst));
    lines.sort((a, b) => {
      const na = names.get(a)!, nb = names.get(b)!;
      if (na !== nb) return na < nb ? -1 : 1;
      return compareBandwidth(a, b, 2, mode) || a.seq - b.seq;
    });
    return;
  }
  const column = opts.sort === '2s' ? 0 : opts.sort === '10s' ? 1 : 2;
  lines.sort((a, b) => compareBandwidth(a, b, column, mode) || a.seq - b.seq);
}

/** Negative when a ranks before b: larger rate in column c, then c+1, c+2 (earlier columns never count). */
export function compareBandwidth(a: FlowLine, b: FlowLine, c: number, mode: LineDisplay): number {
  for (let j = c; j < 3; j++) {
    const d = value(b, j, mode) - value(a, j, mode);
    if (d !== 0) return d;
  }
  if (mode === 'one-line-sent' || mode === 'one-line-received') {
    for (let j = c; j < 3; j++) {
      const d = value(b, j, 'two-line') - value(a, j, 'two-line');
      if (d !== 0) return d;
    }
  }
  return 0;
}

function value(l: FlowLine, j: number, mode: LineDisplay): number {
  if (mode === 'one-line-sent') return l.sent[j]!;
  if (mode === 'one-line-received') return l.recv[j]!;
  return l.sent[j]! + l.recv[j]!;
}
