// vnstat's number formats (2.10 defaults): traffic in IEC units with 2 decimals, rates in SI bits per second.
import { formatFixed } from '../../format/printf-fixed.js';

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
const RATE_UNITS = ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s', 'Tbit/s', 'Pbit/s', 'Ebit/s'];
const DECIMALS = 2;

const right = (s: string, w: number): string => s.padStart(w);

/**
 * vnstat's getvalue(bytes, len, RT_Normal): from 1000 of a unit on, the next unit up (so 1000 B shows
 * as 0.98 KiB), right-aligned in `len` characters with the unit.
 */
export function trafficText(bytes: number, len: number, estimate = false): string {
  if (estimate && bytes === 0) {
    // "--" where the unit's number would be, the unit's place left blank.
    const w = Math.max(2, len - BYTE_UNITS[1]!.length - 2);
    return `${right('--', w)}  ${' '.repeat(BYTE_UNITS[1]!.length)}`;
  }
  for (let i = BYTE_UNITS.length - 1; i > 0; i--) {
    if (bytes >= 1024 ** (i - 1) * 1000) {
      const unit = BYTE_UNITS[i]!;
      const dec = estimate && i === 1 ? 0 : DECIMALS;
      return `${formatFixed(bytes / 1024 ** i, dec, Math.max(1, len - unit.length - 1))} ${unit}`;
    }
  }
  return `${right(String(Math.trunc(bytes)), Math.max(1, len - 2))} B`;
}

/** vnstat's gettrafficrate(bytes, seconds, len): bits per second, integer-divided as vnstat does; "n/a" for no time. */
export function rateText(bytes: number, seconds: number, len: number): string {
  if (seconds <= 0) return right('n/a', len);
  const rate = Math.floor((bytes * 8) / seconds);
  return rateValueText(rate, len);
}

/** A rate already in bits per second. */
export function rateValueText(rate: number, len: number): string {
  for (let i = RATE_UNITS.length - 1; i > 0; i--) {
    if (rate >= 1000 ** i) {
      const unit = RATE_UNITS[i]!;
      return `${formatFixed(rate / 1000 ** i, DECIMALS, Math.max(1, len - unit.length - 1))} ${unit}`;
    }
  }
  return `${right(rate.toFixed(0), Math.max(1, len - RATE_UNITS[0]!.length - 1))} ${RATE_UNITS[0]}`;
}
