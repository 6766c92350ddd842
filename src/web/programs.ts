// The seam for attribution: rows by program/unit that the page shows in its programs table when a source provides them.
import type { Rates } from '../core/screen-model.js';
import type { TickSnapshot } from '../core/tick-snapshot.js';
import { inert } from '../format/inert.js';

/**
 * One program, unit or container row, a structural subset of the attribution engine's row (so its
 * rows can be handed over as they are). Texts come from /proc and cgroups: they are made inert here
 * again, and the page shows them as text.
 */
export interface WebProgramRow {
  readonly kind: string;
  readonly key: string;
  readonly pid: number | null;
  readonly name: string | null;
  readonly user: string | null;
  readonly unit: string | null;
  readonly flows: number;
  readonly sentRate: Rates;
  readonly recvRate: Rates;
  readonly cumulativeSentBytes: number;
  readonly cumulativeRecvBytes: number;
}

/**
 * Gives the rows of a tick, or null while attribution is off (the page then hides the table). Called
 * once per tick that is rendered for the page, with that tick's snapshot.
 */
export interface ProgramSource {
  rows(snapshot: TickSnapshot): readonly WebProgramRow[] | null;
}

/** Rows sent per tick at most (the busiest by 10 s rate); the message says how many there were. */
export const PROGRAM_ROWS = 200;

/** Column order of a program row in the tick message (the page reads them by position). */
export const PROGRAM_COLUMNS = ['kind', 'name', 'pid', 'user', 'unit', 'flows', 's2', 's10', 's40', 'r2', 'r10', 'r40', 'cumSent', 'cumRecv', 'key'] as const;

export type ProgramCells = [string, string, number | null, string, string, number, number, number, number, number, number, number, number, number, string];

export function programCells(rows: readonly WebProgramRow[]): ProgramCells[] {
  const order = [...rows].sort((a, b) => b.sentRate[1] + b.recvRate[1] - (a.sentRate[1] + a.recvRate[1]) || (a.key < b.key ? -1 : 1));
  return order.slice(0, PROGRAM_ROWS).map((r) => [
    inert(r.kind), inert(r.name ?? ''), r.pid, inert(r.user ?? ''), inert(r.unit ?? ''), r.flows,
    r.sentRate[0], r.sentRate[1], r.sentRate[2], r.recvRate[0], r.recvRate[1], r.recvRate[2],
    r.cumulativeSentBytes, r.cumulativeRecvBytes, inert(r.key),
  ]);
}
