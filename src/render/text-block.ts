// iftop 1.0pre4's -t block, byte for byte: header, ranked two-line flows, totals, peak and cumulative lines.
import type { ScreenModel } from '../core/screen-model.js';
import { formatBytes, formatRate } from '../format/readable-size.js';
import type { Labeller } from './host-text.js';
import { sideText } from './host-text.js';

/** Host column width in text mode. */
export const TEXT_HOST_WIDTH = 40;

export const DIVIDER = '-'.repeat(92);
const HEADER =
  '   # ' + 'Host name (port/service if enabled)'.padEnd(39) + '     ' +
  ['last 2s', 'last 10s', 'last 40s', 'cumulative'].map((s) => s.padStart(10)).join(' ');

export interface TextBlockOptions {
  /** -L: at most this many flows (0 or less prints none). */
  readonly numLines: number;
  /** -B: rates in bytes/s. */
  readonly useBytes: boolean;
  /** Current hide-source / hide-destination switches. */
  readonly hideSource: boolean;
  readonly hideDestination: boolean;
  /**
   * --labels (beyond iftop): per line, text appended to its first row (service label and trend), and
   * lines added after the cumulative line (utilisation, trend of the totals).
   */
  readonly lineSuffixes?: readonly string[];
  readonly extraTotals?: readonly string[];
}

/** One block, every line ending in "\n", followed by the empty line iftop prints. */
export function renderTextBlock(model: ScreenModel, opts: TextBlockOptions, names: Labeller): string {
  const rate = (v: number) => field(formatRate(v, opts.useBytes));
  const bytes = (v: number) => field(formatBytes(v));
  const out: string[] = [HEADER, DIVIDER];
  const n = Math.min(model.lines.length, Math.max(0, opts.numLines));
  for (let i = 0; i < n; i++) {
    const l = model.lines[i]!;
    out.push(
      String(i + 1).padStart(4) + ' ' + sideText(l, 'src', TEXT_HOST_WIDTH, names, opts.hideSource) + ' =>' +
        rate(l.sent[0]) + rate(l.sent[1]) + rate(l.sent[2]) + bytes(l.totalSent) + (opts.lineSuffixes?.[i] ?? ''),
      '     ' + sideText(l, 'dst', TEXT_HOST_WIDTH, names, opts.hideDestination) + ' <=' +
        rate(l.recv[0]) + rate(l.recv[1]) + rate(l.recv[2]) + bytes(l.totalRecv),
    );
  }
  out.push(...textTotals(model, opts.useBytes, opts.extraTotals ?? []));
  return out.join('\n') + '\n';
}

/** The block's end: totals, peak and cumulative lines, the extras, the closing rule and the empty line. */
export function textTotals(model: ScreenModel, useBytes: boolean, extraTotals: readonly string[]): string[] {
  const rate = (v: number) => field(formatRate(v, useBytes));
  const bytes = (v: number) => field(formatBytes(v));
  const s = model.totalSent, r = model.totalRecv;
  return [
    DIVIDER,
    totals('Total send rate:', rate(s[0]), rate(s[1]), rate(s[2])),
    totals('Total receive rate:', rate(r[0]), rate(r[1]), rate(r[2])),
    totals('Total send and receive rate:', rate(s[0] + r[0]), rate(s[1] + r[1]), rate(s[2] + r[2])),
    DIVIDER,
    totals('Peak rate (sent/received/total):', rate(model.peakSent), rate(model.peakRecv), rate(model.peakTotal)),
    totals(
      'Cumulative (sent/received/total):',
      bytes(model.cumulativeSent),
      bytes(model.cumulativeRecv),
      bytes(model.cumulativeSent + model.cumulativeRecv),
    ),
    ...extraTotals,
    '='.repeat(92),
    '',
  ];
}

/** A formatted number (already cut to iftop's 9 characters) right-justified in 10 after a space. */
export function field(formatted: string): string {
  return ' ' + formatted.padStart(10);
}

/** Label in 48 columns, a space, three fields (the fields already carry their leading space). */
function totals(label: string, a: string, b: string, c: string): string {
  return label.padEnd(48) + a + b + c;
}
