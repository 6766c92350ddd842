// The owner of each shown line of an analysis: the owner whose flows moved most of the line's bytes.
import type { FlowTable } from '../core/flow-table.js';
import type { Owner } from './owner.js';

/**
 * Per rank of the shown lines (count of them), the owner of the flows with the most cumulative bytes
 * in that line, or undefined when none of its flows was looked up. Once per tick, O(flows), only when
 * an output shows owners per line (--ndjson with attribution on).
 */
export function lineOwners(table: FlowTable, count: number, rankOf: (id: number) => number, ownerOf: (id: number) => Owner | undefined): (Owner | undefined)[] {
  const sums: Map<Owner, number>[] = Array.from({ length: count }, () => new Map());
  const best: (Owner | undefined)[] = new Array<Owner | undefined>(count).fill(undefined);
  const bestBytes = new Float64Array(count).fill(-1);
  for (let id = 0, bound = table.idBound; id < bound; id++) {
    if (table.used[id] !== 1) continue;
    const rank = rankOf(id);
    if (rank < 0 || rank >= count) continue;
    const owner = ownerOf(id);
    if (owner === undefined) continue;
    const m = sums[rank]!;
    const bytes = (m.get(owner) ?? 0) + table.totalSent[id]! + table.totalRecv[id]!;
    m.set(owner, bytes);
    if (bytes > bestBytes[rank]!) {
      bestBytes[rank] = bytes;
      best[rank] = owner;
    }
  }
  return best;
}
