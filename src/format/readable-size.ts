// iftop's readable_size(): the single number formatter for rates, totals and scale labels.

import { formatFixed } from './printf-fixed.js';

/*
 * The C function takes a `float` and does all its arithmetic in single precision, and that is
 * visible on screen: 104857599 B becomes 104857600 (= 100 MiB) in float32 and prints "100MB",
 * not "100.0MB".
 * Math.fround after every operation reproduces it exactly: each operation here is exact or
 * correctly rounded in double, and rounding a double result of +,*,/ on float32 operands to
 * float32 equals the float32 operation (53 ≥ 2·24 + 2, so there is no double-rounding error).
 */

const f32 = Math.fround;

const BIT_UNITS: readonly string[] = ['b', 'Kb', 'Mb', 'Gb'];
const BYTE_UNITS: readonly string[] = ['B', 'KB', 'MB', 'GB'];

/** iftop's UNIT_DIVISIONS: GB/Gb is the last unit, bigger values just get more digits. */
const LAST_UNIT = BIT_UNITS.length - 1;

/**
 * Visible characters iftop keeps: every rate and cumulative figure is snprintf'ed into a
 * 10-byte buffer, so at most 9 characters survive (only reached from 10^6 G upwards).
 * The bar-scale labels use a 40-byte buffer and are never cut.
 */
export const READABLE_SIZE_MAX_CHARS = 9;

/**
 * iftop's `readable_size(n, buf, maxChars + 1, k, bytes)`.
 * @param bytes value in bytes (bytes/s for rates); converted to float32 first, like the C call.
 * @param k 1024 for rates, cumulative figures and linear scale labels; 1000 for log-scale labels.
 * @param bits show bits (`b Kb Mb Gb`, value × 8) instead of bytes (`B KB MB GB`).
 * @param maxChars snprintf truncation; unlimited by default (scale labels).
 * @returns always starts with a space, e.g. `"    0b"`, `" 1.53Mb"`, `" 10.00KB"`.
 */
export function readableSize(bytes: number, k: 1024 | 1000, bits: boolean, maxChars = Infinity): string {
  const units = bits ? BIT_UNITS : BYTE_UNITS;
  let n = f32(bytes);
  if (bits) n = f32(n * 8);
  let size = 1;
  let i = 0;
  let text: string;
  for (;;) {
    // Order and thresholds exactly as in C: the 10/100 precision tests use the raw value,
    // which is why 10239 B prints "10.00KB" and 1000..K-1 units switch early ("0.98KB").
    if (n < f32(size * 1000) || i >= LAST_UNIT) {
      text = ' ' + formatFixed(f32(n / size), 0, 4) + unitName(units, i);
      break;
    }
    i++;
    size = f32(size * k);
    if (n < f32(size * 10)) {
      text = ' ' + formatFixed(f32(n / size), 2, 4) + unitName(units, i);
      break;
    } else if (n < f32(size * 100)) {
      text = ' ' + formatFixed(f32(n / size), 1, 4) + unitName(units, i);
      break;
    }
  }
  return text.length > maxChars ? text.slice(0, maxChars) : text;
}

function unitName(units: readonly string[], i: number): string {
  return units[i] ?? '';
}

/** A rate column value: bytes/s shown in bits (default) or bytes (`-B`), K = 1024, 9 chars max. */
export function formatRate(bytesPerSecond: number, useBytes: boolean): string {
  return readableSize(bytesPerSecond, 1024, !useBytes, READABLE_SIZE_MAX_CHARS);
}

/** A cumulative figure: always bytes, K = 1024, 9 chars max. */
export function formatBytes(bytes: number): string {
  return readableSize(bytes, 1024, false, READABLE_SIZE_MAX_CHARS);
}
