// --by process|unit|container in text mode: iftop-style blocks whose lines are owners instead of host pairs.
import type { AttributionRow, RowView } from '../attribution/accounts.js';
import type { ScreenModel } from '../core/screen-model.js';
import { fitCells, fitMiddle } from '../format/cells.js';
import { formatBytes, formatRate } from '../format/readable-size.js';
import { OWNER_HEADERS, ownerDetail, ownerTitle } from './owner-rows.js';
import { DIVIDER, field, TEXT_HOST_WIDTH, textTotals } from './text-block.js';

export interface OwnerBlockOptions {
  readonly numLines: number;
  readonly useBytes: boolean;
}

/**
 * One block: the header, per row two lines (=> sent, <= received, as iftop's host pairs) with the 2,
 * 10, 40 s rates and the cumulative bytes, then the totals as in the host-pair block. The rows come
 * sorted; every byte of the capture is in exactly one of them (gaps are labelled rows).
 */
export function renderOwnerBlock(view: RowView, rows: readonly AttributionRow[], model: ScreenModel, opts: OwnerBlockOptions): string {
  const rate = (v: number) => field(formatRate(v, opts.useBytes));
  const bytes = (v: number) => field(formatBytes(v));
  const header = '   # ' + OWNER_HEADERS[view].padEnd(39) + '     ' + ['last 2s', 'last 10s', 'last 40s', 'cumulative'].map((s) => s.padStart(10)).join(' ');
  const out = [header, DIVIDER];
  const n = Math.min(rows.length, Math.max(0, opts.numLines));
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    out.push(
      String(i + 1).padStart(4) + ' ' + fitMiddle(ownerTitle(view, r), TEXT_HOST_WIDTH) + ' =>' +
        rate(r.sentRate[0]) + rate(r.sentRate[1]) + rate(r.sentRate[2]) + bytes(r.cumulativeSentBytes),
      '     ' + fitCells(ownerDetail(view, r), TEXT_HOST_WIDTH) + ' <=' +
        rate(r.recvRate[0]) + rate(r.recvRate[1]) + rate(r.recvRate[2]) + bytes(r.cumulativeRecvBytes),
    );
  }
  out.push(...textTotals(model, opts.useBytes, []));
  return out.join('\n') + '\n';
}
