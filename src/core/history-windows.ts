// The 2/10/40 s window sums and iftop's peaks over a 20-slot history ring (totals, overflow line).
import { HISTORY_LENGTH } from './flow-table.js';
import type { SlotHistory } from './monitor.js';
import type { Rates } from './screen-model.js';

/** Adds the sums of the last 1, 5 and 20 slots counting back from pos to out[at..at+2]. */
export function addWindows(slots: Float64Array, base: number, pos: number, out: Float64Array, at: number): void {
  let sum = 0;
  for (let k = 0; k < HISTORY_LENGTH; k++) {
    sum += slots[base + ((pos - k + HISTORY_LENGTH) % HISTORY_LENGTH)]!;
    if (k === 0) out[at]! += sum;
    else if (k === 4) out[at + 1]! += sum;
  }
  out[at + 2]! += sum;
}

/** Bytes per second of each window and direction, divided as iftop divides (see windowDivisors). */
export function historyRates(h: SlotHistory, pos: number, divisors: readonly number[]): { sent: Rates; recv: Rates } {
  const sums = new Float64Array(6);
  addWindows(h.sent, 0, pos, sums, 0);
  addWindows(h.recv, 0, pos, sums, 3);
  return {
    sent: [sums[0]! / divisors[0]!, sums[1]! / divisors[1]!, sums[2]! / divisors[2]!],
    recv: [sums[3]! / divisors[0]!, sums[4]! / divisors[1]!, sums[5]! / divisors[2]!],
  };
}

/** Highest 2-second slot of the history per direction and in all, halved with integer division, exactly as iftop shows it (without its int32 wrap). */
export function historyPeaks(h: SlotHistory): { peakSent: number; peakRecv: number; peakTotal: number } {
  let peakS = 0, peakR = 0, peakT = 0;
  for (let k = 0; k < HISTORY_LENGTH; k++) {
    const a = h.sent[k]!, b = h.recv[k]!;
    if (a > peakS) peakS = a;
    if (b > peakR) peakR = b;
    if (a + b > peakT) peakT = a + b;
  }
  return { peakSent: Math.floor(peakS / 2), peakRecv: Math.floor(peakR / 2), peakTotal: Math.floor(peakT / 2) };
}
