// vnstat's -hg: the last 24 hours as an 80-column bar graph of 'r' and 't' columns, then the numbers in three columns.
import { inert } from '../../format/inert.js';
import { formatFixed } from '../../format/printf-fixed.js';
import type { Zone } from '../time/zone.js';
import type { PeriodRow } from './periods.js';

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/**
 * `hours` are the 24 local hours ending with the one holding `updated`, oldest first (hours without
 * data have zero rows). Layout and arithmetic of vnstat 2.10's showhours (HourlySectionStyle 2,
 * HourlyDecimals 1).
 */
export function hoursGraphText(name: string, hours: readonly PeriodRow[], updated: number, zone: Zone): string {
  const m: string[][] = Array.from({ length: 15 }, () => new Array<string>(80).fill(' '));
  const put = (row: number, col: number, text: string) => {
    for (let i = 0; i < text.length && col + i < 80; i++) m[row]![col + i] = text[i]!;
  };
  let max = 1;
  for (const h of hours) max = Math.max(max, h.rxBytes, h.txBytes);
  let div = 1;
  while (max / 1024 ** div >= 100 && div < 7) div++;
  const unit = UNITS[div - 1]!;
  const divisor = 1024 ** (div - 1);
  const decimals = divisor === 1 ? 0 : 1;
  put(11, 0, ' -+--------------------------------------------------------------------------->');
  for (let i = 0; i < 3; i++) {
    put(14, i * 28, ` h  rx (${unit})`.slice(0, 13));
    put(14, i * 28 + 15, `tx (${unit})`.slice(0, 9));
  }
  for (let r = 2; r <= 10; r++) m[r]![2] = '|';
  m[1]![2] = '^';
  m[12]![2] = '|';
  put(0, 0, ` ${inert(name)}`);
  put(0, 74, zone.strftime(updated, '%H:%M'));
  hours.forEach((h, i) => {
    const k = 5 + i * 3;
    put(12, k, zone.strftime(h.start, '%H'));
    const rx = Math.floor((10 * h.rxBytes) / max), tx = Math.floor((10 * h.txBytes) / max);
    for (let j = 0; j < rx; j++) m[10 - j]![k] = 'r';
    for (let j = 0; j < tx; j++) m[10 - j]![k + 1] = 't';
  });
  m[14]![25] = ']';
  m[14]![26] = '[';
  m[14]![53] = ']';
  m[14]![54] = '[';
  const lines = m.map((row) => row.join(''));
  const num = (b: number) => formatFixed(b / divisor, decimals, 10);
  for (let i = 0; i < 8; i++) {
    const parts: string[] = [];
    for (let j = 0; j < 3; j++) {
      const h = hours[i + j * 8];
      parts.push(h === undefined ? '' : `${zone.strftime(h.start, '%H')} ${num(h.rxBytes)} ${num(h.txBytes)}`);
    }
    lines.push(parts.join(' ][ '));
  }
  return lines.join('\n') + '\n';
}
