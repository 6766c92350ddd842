// `wiretop history --graph`: hours or days from the store drawn by the nload-style graph renderer, with a time axis.
import { inert } from '../../format/inert.js';
import { STATS_WIDTH, renderTrafficGraphs } from '../../render/graph/traffic-graph.js';
import type { Zone } from '../time/zone.js';
import type { PeriodRow } from './periods.js';

export interface GraphLayout {
  readonly columns: number;
  readonly rows: number;
  readonly unicode: boolean;
  readonly log: boolean;
}

/** Bars the renderer draws at this width (one per period). */
export function graphColumns(columns: number): number {
  return columns >= STATS_WIDTH + 12 ? columns - STATS_WIDTH - 1 : columns;
}

export function historyGraphText(name: string, unit: 'hour' | 'day', rows: readonly PeriodRow[], zone: Zone, l: GraphLayout): string {
  const stamp = unit === 'hour' ? '%m-%d %H:00' : '%Y-%m-%d';
  const first = rows[0], last = rows[rows.length - 1];
  const span = first === undefined || last === undefined ? '' : `  /  ${zone.strftime(first.start, stamp)} - ${zone.strftime(last.start, stamp)} ${zone.strftime(last.start, '%Z')}`;
  const perSecond = (bytes: number, r: PeriodRow) => (r.seconds > 0 ? bytes / r.seconds : 0);
  const height = Math.max(6, l.rows - 3);
  const lines = renderTrafficGraphs({
    width: l.columns, height,
    incoming: rows.map((r) => perSecond(r.rxBytes, r)), outgoing: rows.map((r) => perSecond(r.txBytes, r)),
    sampleSeconds: unit === 'hour' ? 3600 : 86400,
    totalIn: rows.reduce((s, r) => s + r.rxBytes, 0), totalOut: rows.reduce((s, r) => s + r.txBytes, 0),
    scale: l.log ? 'log' : 'linear', unicode: l.unicode, useBytes: false,
    titles: [`Received (rx), average per ${unit}`, `Sent (tx), average per ${unit}`],
  });
  const gw = graphColumns(l.columns);
  let axis = '';
  if (first !== undefined && last !== undefined) {
    const a = zone.strftime(first.start, stamp), b = zone.strftime(last.start, stamp);
    // The oldest bar is drawn at the left edge only when the periods fill the width.
    const startCol = Math.max(0, gw - rows.length);
    axis = ' '.repeat(startCol) + a;
    const bCol = gw - b.length;
    axis = bCol > axis.length + 1 ? axis + ' '.repeat(bCol - axis.length) + b : axis;
  }
  return [` ${inert(name)}  /  ${unit === 'hour' ? 'hourly' : 'daily'} graph${span}`, '', ...lines.map((x) => x.trimEnd()), axis, ''].join('\n');
}
