// C printf("%*.*f") for doubles, rounding the exact binary value half-to-even as glibc does.

/*
 * Why not toFixed: Number.prototype.toFixed also works on the exact binary value, but it
 * resolves exact ties away from zero (4.5 → "5"), while glibc rounds them to even (4.5 → "4").
 * iftop's readable_size() hits ties constantly (62.5 b/s, 1.125 KB, …), so we do the decimal
 * rounding ourselves with exact integer arithmetic on the double's mantissa and exponent.
 * Only exact ties (and huge values) take the BigInt path; everything else is toFixed, which also
 * rounds the exact binary value, so `-L 100000` does not spend its time here.
 */

/** Scratch view used to split a double into sign, exponent and mantissa (no per-call allocation). */
const scratch = new DataView(new ArrayBuffer(8));

/** Largest `decimals` accepted; C allows more, but nothing in wiretop needs it. */
const MAX_DECIMALS = 100;

/**
 * `printf("%*.*f", width, decimals, x)` as glibc prints it.
 * Intended for non-negative finite values; negative values get a leading `-` (also for -0,
 * as in C), and non-finite values print `inf`, `-inf` or `nan` like glibc.
 * A `width` smaller than the text is ignored (C's minimum field width), never truncates.
 */
export function formatFixed(x: number, decimals: number, width: number): string {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > MAX_DECIMALS) {
    throw new RangeError(`formatFixed: decimals must be an integer 0..${MAX_DECIMALS}, got ${decimals}`);
  }
  const text = fixedText(x, decimals);
  return text.length >= width ? text : text.padStart(width, ' ');
}

/** The unpadded `%.*f` text. */
function fixedText(x: number, decimals: number): string {
  if (Number.isNaN(x)) return 'nan';
  scratch.setFloat64(0, x);
  const hi = scratch.getUint32(0);
  const negative = hi >>> 31 === 1;
  const sign = negative ? '-' : '';
  if (!Number.isFinite(x)) return `${sign}inf`;
  const magnitude = Math.abs(x);

  // Fast path: integers are exact in any decimal form, no rounding decision needed.
  if (Number.isInteger(magnitude) && magnitude <= Number.MAX_SAFE_INTEGER) {
    return sign + String(magnitude) + (decimals > 0 ? '.' + '0'.repeat(decimals) : '');
  }

  // Fast path: toFixed rounds the same exact binary value and can differ only on an exact tie. A tie
  // (magnitude × 10^decimals = n + ½) below 2^52 is representable, so the rounded product then equals
  // it exactly and y is an odd integer: only those (and huge values) take the exact path below.
  if (decimals <= 22) {
    const y = magnitude * 10 ** decimals * 2;
    if (y < 2 ** 52 && !(Number.isInteger(y) && y % 2 === 1)) return sign + magnitude.toFixed(decimals);
  }

  // magnitude = mantissa × 2^exponent exactly.
  const lo = scratch.getUint32(4);
  const exponentBits = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exponent: number;
  if (exponentBits === 0) {
    exponent = -1074; // subnormal: no implicit leading 1
  } else {
    mantissa |= 1n << 52n;
    exponent = exponentBits - 1075;
  }

  // scaled = magnitude × 10^decimals, rounded to an integer half-to-even.
  const scale = 10n ** BigInt(decimals);
  let scaled: bigint;
  if (exponent >= 0) {
    scaled = (mantissa << BigInt(exponent)) * scale;
  } else {
    const shift = BigInt(-exponent);
    const numerator = mantissa * scale;
    scaled = numerator >> shift;
    const remainder = numerator - (scaled << shift);
    const half = 1n << (shift - 1n);
    if (remainder > half || (remainder === half && (scaled & 1n) === 1n)) scaled += 1n;
  }

  const digits = scaled.toString();
  if (decimals === 0) return sign + digits;
  const padded = digits.padStart(decimals + 1, '0');
  const point = padded.length - decimals;
  return `${sign}${padded.slice(0, point)}.${padded.slice(point)}`;
}
