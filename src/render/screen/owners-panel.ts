// The processes, units and containers views (`w`): two lines per row, sent and received at 2/10/40 s and cumulative.
import type { AttributionRow, RowView } from '../../attribution/accounts.js';
import { fitCells, fitMiddle } from '../../format/cells.js';
import { formatBytes, formatRate } from '../../format/readable-size.js';
import { ownerDetail, ownerTitle, OWNER_HEADERS } from '../owner-rows.js';

const TITLES: Readonly<Record<RowView, string>> = { process: 'Processes', unit: 'Units', container: 'Containers' };

/** Columns right of the owner text: " =>" and four 11-character fields. */
const NUMBERS = 3 + 4 * 11;

/**
 * The view as lines for the list area (drawn from the top, clipped at the bottom): a title with what
 * it is sorted by, the column header, then per row "=>" sent and "<=" received lines as iftop draws
 * its host pairs. `skip` rows are scrolled away (j/k).
 */
export function ownersPanel(view: RowView, rows: readonly AttributionRow[], cols: number, useBytes: boolean, sortedBy: string, skip: number, filter: string | null): string[] {
  const width = Math.max(16, cols - NUMBERS);
  const rate = (v: number) => formatRate(v, useBytes).padStart(11);
  const bytes = (v: number) => formatBytes(v).padStart(11);
  const filtered = filter === null ? '' : ` (the l filter applies to the flows view)`;
  const out = [
    fitCells(`${TITLES[view]}: ${rows.length}, sorted by ${sortedBy} (w: next view)${filtered}`, cols),
    fitCells(OWNER_HEADERS[view], width) + '   ' + ['2s', '10s', '40s', 'cumulative'].map((h) => h.padStart(11)).join(''),
  ];
  for (const r of rows.slice(Math.max(0, skip))) {
    out.push(
      fitMiddle(ownerTitle(view, r), width) + ' =>' + rate(r.sentRate[0]) + rate(r.sentRate[1]) + rate(r.sentRate[2]) + bytes(r.cumulativeSentBytes),
      fitCells(`  ${ownerDetail(view, r)}`, width) + ' <=' + rate(r.recvRate[0]) + rate(r.recvRate[1]) + rate(r.recvRate[2]) + bytes(r.cumulativeRecvBytes),
    );
  }
  if (rows.length === 0) out.push('  no traffic yet');
  return out;
}
