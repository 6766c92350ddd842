// nload's view as a pure function: incoming and outgoing graphs, one column per sample, with current/avg/min/max/total.
import { fitCells } from '../../format/cells.js';
import { formatBytes, formatRate } from '../../format/readable-size.js';

export interface TrafficGraphInput {
  /** Cells; the result has exactly `height` lines of exactly `width` cells. */
  readonly width: number;
  readonly height: number;
  /** Bytes per second per sample, oldest first (the screen: one per 2-second slot; history: per hour or day). */
  readonly incoming: readonly number[];
  readonly outgoing: readonly number[];
  /** Seconds a sample covers: the totals are Σ samples × this unless given. */
  readonly sampleSeconds: number;
  readonly totalIn?: number;
  readonly totalOut?: number;
  readonly scale: 'linear' | 'log';
  /** Block characters (▁…█) in a UTF-8 locale, ASCII ('.', ':', '#') otherwise. */
  readonly unicode: boolean;
  /** Rates in bytes (iftop -B) instead of bits. */
  readonly useBytes: boolean;
  /** Top of the scale in bytes/s; 0 or absent: the largest sample shown (each graph its own, as nload). */
  readonly maxBytesPerSecond?: number;
  readonly titles?: readonly [string, string];
}

const EIGHTHS = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
/** Width of the figures beside each graph ("Curr: 123.45Mb/s" and the like). */
export const STATS_WIDTH = 17;

/** Two graphs stacked: incoming on top, outgoing below; each a title line, then graph rows with the figures at the right. */
export function renderTrafficGraphs(g: TrafficGraphInput): string[] {
  const width = Math.max(0, Math.floor(g.width));
  const height = Math.max(0, Math.floor(g.height));
  const top = Math.floor(height / 2);
  const [tin, tout] = g.titles ?? ['Incoming', 'Outgoing'];
  const lines = [
    ...half(g, tin, g.incoming, g.totalIn, width, top),
    ...half(g, tout, g.outgoing, g.totalOut, width, height - top),
  ];
  return lines.map((l) => fitCells(l, width));
}

function half(g: TrafficGraphInput, title: string, samples: readonly number[], total: number | undefined, width: number, h: number): string[] {
  if (h <= 0) return [];
  const rate = (v: number) => `${formatRate(v, g.useBytes).trimStart()}/s`;
  const rows = h - 1;
  const withStats = width >= STATS_WIDTH + 12;
  const gw = withStats ? width - STATS_WIDTH - 1 : width;
  const shown = samples.slice(Math.max(0, samples.length - gw)).map((v) => (Number.isFinite(v) && v > 0 ? v : 0));
  const all = samples.map((v) => (Number.isFinite(v) && v > 0 ? v : 0));
  const max = g.maxBytesPerSecond !== undefined && g.maxBytesPerSecond > 0 ? g.maxBytesPerSecond : Math.max(0, ...shown);
  const head = `${title}${max > 0 ? ` (100%: ${rate(max)}${g.scale === 'log' ? ', log scale' : ''})` : ''}`;
  const out = [head];
  // Cells of each column, bottom up: full blocks and one partial cell on top.
  const level = (v: number) => {
    if (max <= 0 || v <= 0) return 0;
    const f = g.scale === 'log' ? Math.log10(1 + v) / Math.log10(1 + max) : v / max;
    return Math.max(1 / 8, Math.min(1, f) * rows); // any traffic shows at least a sliver
  };
  const levels = shown.map(level);
  const pad = gw - shown.length;
  const n = all.length;
  const totalBytes = total ?? all.reduce((s, v) => s + v, 0) * g.sampleSeconds;
  const stats = withStats
    ? [
      `Curr: ${rate(n > 0 ? all[n - 1]! : 0)}`,
      `Avg: ${rate(n > 0 ? all.reduce((s, v) => s + v, 0) / n : 0)}`,
      `Min: ${rate(n > 0 ? Math.min(...all) : 0)}`,
      `Max: ${rate(n > 0 ? Math.max(...all) : 0)}`,
      `Ttl: ${formatBytes(totalBytes).trimStart()}`,
    ].slice(0, rows)
    : [];
  for (let r = 0; r < rows; r++) {
    const fromBottom = rows - 1 - r;
    let line = ' '.repeat(pad);
    for (const lv of levels) line += cell(lv - fromBottom, g.unicode);
    const stat = stats[r - (rows - stats.length)];
    if (withStats) line = `${line} ${stat ?? ''}`;
    out.push(line);
  }
  return out;
}

/** The character for a cell given how much of it (in cells) the column fills from its bottom. */
function cell(fill: number, unicode: boolean): string {
  if (fill >= 1) return unicode ? '█' : '#';
  if (fill <= 0) return ' ';
  if (unicode) return EIGHTHS[Math.max(1, Math.floor(fill * 8))]!;
  return fill >= 0.5 ? ':' : '.';
}
