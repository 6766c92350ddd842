// --labels in text mode: a service label and trend after each line, utilisation and the totals' trend below.
import type { ScreenModel } from '../core/screen-model.js';
import { trendOf } from '../core/trend.js';
import { lineLabel, sumRates } from './labels.js';

export function textLabels(
  model: ScreenModel,
  services: (port: number, proto: number) => string | undefined,
  linkBits: number | null,
): { lineSuffixes: string[]; extraTotals: string[] } {
  const lineSuffixes = model.lines.map((l) => {
    const label = lineLabel(l, services);
    return `  ${label.text} ${label.trend}${label.oddHeavy ? ' non-standard-port' : ''}`;
  });
  const extraTotals = [`${'Trend (total):'.padEnd(48)} ${trendOf(sumRates(model.totalSent, model.totalRecv)).padStart(10)}`];
  if (linkBits !== null && linkBits > 0) {
    const pct = (bytes: number) => `${((bytes * 800) / linkBits).toFixed(1)}%`.padStart(10);
    extraTotals.push(`${`Link utilisation of ${linkBits / 1e6} Mb/s (sent/received):`.padEnd(48)} ${pct(model.totalSent[1])} ${pct(model.totalRecv[1])}`);
  }
  return { lineSuffixes, extraTotals };
}
