// Reads the three averages as the iftop guide teaches: a burst, growing, falling, or steady (sustained) traffic.
import type { Rates } from './screen-model.js';

export type Trend = 'burst' | 'growing' | 'falling' | 'steady' | 'mixed' | 'idle';

/**
 * Thresholds (also in the README), on the 2 s / 10 s / 40 s averages r2, r10, r40:
 * - idle: all below `floor` (default 1 KiB/s): too little to call;
 * - burst: r2 ≥ 4 × r40 and r2 ≥ 2 × r10 (a sudden spike, "2 s ≫ 40 s");
 * - growing: r2 ≥ 1.2 × r10 and r10 ≥ 1.2 × r40 (each shorter window 20 % above the longer);
 * - falling: r2 ≤ 0.8 × r10 and r10 ≤ 0.8 × r40;
 * - steady: the three within 25 % of each other (sustained load; "sustained high" when it is also a
 *   large share of the link, which the caller knows);
 * - mixed: anything else.
 * The guide's third example (30, 45, 60 MB/s read left to right as "growing") lists the columns from
 * short to long, so it is falling traffic by these rules; wiretop reads newer-higher as growing.
 */
export function trendOf(r: Rates, floor = 1024): Trend {
  const [r2, r10, r40] = r;
  if (Math.max(r2, r10, r40) < floor) return 'idle';
  if (r2 >= 4 * r40 && r2 >= 2 * r10) return 'burst';
  if (r2 >= 1.2 * r10 && r10 >= 1.2 * r40) return 'growing';
  if (r2 <= 0.8 * r10 && r10 <= 0.8 * r40) return 'falling';
  if (Math.max(r2, r10, r40) <= 1.25 * Math.min(r2, r10, r40)) return 'steady';
  return 'mixed';
}

/** One-cell markers for the screen (Unicode arrows in a UTF-8 locale, ASCII otherwise). */
export function trendMark(t: Trend, unicode: boolean): string {
  switch (t) {
    case 'burst': return '!';
    case 'growing': return unicode ? '↑' : '^';
    case 'falling': return unicode ? '↓' : 'v';
    case 'steady': return '=';
    default: return ' ';
  }
}
