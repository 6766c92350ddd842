// iftop's bar scale (spec 8.2): auto-scale table and its bookkeeping, bar lengths, tick columns and labels.
import { readableSize } from '../../format/readable-size.js';

/** Auto-scale maxima in bits/s (Debian's build extends upstream's table to 100 Gbit/s). */
export const SCALE_TABLE = [64_000, 128_000, 256_000, 1_000_000, 10_000_000, 100_000_000, 1e9, 1e10, 1e11] as const;

/** The auto-scale state iftop keeps in statics; it only ever grows. */
export interface ScaleState {
  readonly index: number;
  /** The one-time jump has happened. */
  readonly jumped: boolean;
}

export const INITIAL_SCALE: ScaleState = { index: 0, jumped: false };

const f32 = Math.fround;

/**
 * Bar lengths for one redraw, computed in drawing order because the first bar that exceeds the
 * scale moves it (one entry too far, as iftop's loop does) for the bars after it. Returns the
 * lengths and the state for the next redraw (one entry larger if any bar exceeded, unless -m).
 */
export function barLengths(
  state: ScaleState,
  ratesBytes: readonly number[],
  cols: number,
  opts: { fixedMaxBits: number; log: boolean },
): { lengths: number[]; next: ScaleState } {
  let index = state.index;
  let jumped = state.jumped;
  let wantBigger = false;
  const lengths = ratesBytes.map((bytes) => {
    const r = Math.trunc(bytes * 8);
    if (r <= 0) return 0;
    if (r > SCALE_TABLE[index]!) {
      wantBigger = true;
      if (!jumped) {
        jumped = true;
        index = Math.min(SCALE_TABLE.length - 1, firstAtLeast(r) + 1);
      }
    }
    return lengthFor(r, maxBits(index, opts.fixedMaxBits), cols, opts.log);
  });
  if (wantBigger && opts.fixedMaxBits <= 0) index = Math.min(SCALE_TABLE.length - 1, index + 1);
  return { lengths, next: { index, jumped } };
}

/** The scale maximum in bits/s: -m when given, else the auto-scale entry. */
export function maxBits(index: number, fixedMaxBits: number): number {
  return fixedMaxBits > 0 ? fixedMaxBits : SCALE_TABLE[index]!;
}

function firstAtLeast(r: number): number {
  const i = SCALE_TABLE.findIndex((m) => m >= r);
  return i < 0 ? SCALE_TABLE.length - 1 : i;
}

/** Cells for a rate of r bits/s on a scale of max bits/s (float arithmetic as in iftop). */
function lengthFor(r: number, max: number, cols: number, log: boolean): number {
  const l = log ? f32(Math.log(r) / Math.log(max)) : f32(f32(r) / f32(max));
  return Math.trunc(f32(l * cols));
}

export interface Tick {
  /** Column of the tick; a tick at or beyond the last column is not drawn. */
  readonly col: number;
  /** Label text and the column it starts at (pushed left to end at the edge). */
  readonly label: string;
  readonly labelCol: number;
}

/** Ticks of the scale row: fifths of the maximum (linear) or powers of ten (log). */
export function scaleTicks(maxBitsValue: number, cols: number, opts: { log: boolean; useBytes: boolean }): Tick[] {
  const ticks: Tick[] = [];
  const maxBytes = maxBitsValue / 8;
  const place = (iBytes: number, k: 1024 | 1000) => {
    const col = lengthFor(Math.trunc(iBytes * 8), maxBitsValue, cols, opts.log);
    const label = readableSize(iBytes, k, !opts.useBytes).trimStart();
    const labelCol = col + label.length > cols ? cols - label.length : col;
    ticks.push({ col, label, labelCol });
  };
  if (opts.log) {
    const step = maxBitsValue > 1e8 ? 100 : 10;
    for (let i = 1.25; i <= maxBytes && ticks.length < 64; i *= step) place(i, 1000);
  } else {
    const step = f32(maxBitsValue / 40);
    for (let i = step; i <= f32(maxBytes) && ticks.length < 64; i = f32(i + step)) place(i, 1024);
  }
  return ticks;
}
