// What the presenters read from attribution: rows by process, unit or container, and the owner of a flow.
import type { AttributionRow, RowView } from '../attribution/accounts.js';
import type { Owner } from '../attribution/owner.js';
import type { RateWindow } from '../core/tick-snapshot.js';
import type { SortOrder } from '../core/view-options.js';

export interface OwnerRows {
  /** The rows of the latest tick, sorted by a window (or cumulative). */
  rows(view: RowView, by: RateWindow | 'cumulative'): AttributionRow[];
  /** The owner of a flow table id; undefined while it was never looked up. */
  ownerOfId(id: number): Owner | undefined;
}

/** iftop's sort keys for owner rows: 1/2/3 by that window; by name (< >) has no meaning there, so 10 s. */
export function rowWindow(sort: SortOrder): RateWindow {
  return sort === '2s' ? 0 : sort === '40s' ? 2 : 1;
}

/** Attribution in a run as the presenters see it: its rows, or why there are none (shown when asked for). */
export type RunOwners = { readonly rows: OwnerRows } | { readonly off: string };

export const NO_OWNERS: RunOwners = { off: 'No process attribution in this run' };
