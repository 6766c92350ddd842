// NDJSON for attribution: the owner fields of a flow record, and the per-tick process, unit and container records.
import type { AttributionRow, RowView } from '../attribution/accounts.js';
import type { ContainerRef, Owner, ProcessOwner } from '../attribution/owner.js';

function containerJson(c: ContainerRef | null): object | null {
  return c === null ? null : { runtime: c.runtime, id: c.id, pod: c.pod };
}

/** `owner`'s fields of a flow record, encoded. */
export type OwnerFields = (owner: Owner | undefined) => string;

/**
 * `,"process":{…},"unattributed":null` for a flow owned by a process, `,"process":null,"unattributed":
 * REASON` for a gap ("pending" while it is being looked up). Names come from /proc: JSON.stringify
 * escapes whatever they hold. Each encoder (one per output) encodes an owner once, not per flow and
 * tick: an NDJSON file of 100 000 flows names a few hundred owners.
 */
export function ownerFieldsEncoder(): OwnerFields {
  const encoded = new WeakMap<ProcessOwner, { readonly exited: boolean; readonly text: string }>();
  return (owner) => {
    if (owner === undefined) return ',"process":null,"unattributed":"pending"';
    if (owner.kind === 'gap') return `,"process":null,"unattributed":"${owner.reason}"`;
    const exited = owner.exitedAt !== null;
    const cached = encoded.get(owner);
    if (cached !== undefined && cached.exited === exited) return cached.text;
    const p = { pid: owner.pid, name: owner.name, cmdline: owner.cmdline, user: owner.user, uid: owner.uid, unit: owner.unit, container: containerJson(owner.container), exited };
    const text = `,"process":${JSON.stringify(p)},"unattributed":null`;
    encoded.set(owner, { exited, text });
    return text;
  };
}

/**
 * One row of `--by VIEW` as a record: {"type":"process"|"unit"|"container", …}. Every byte of the tick
 * is in exactly one row, so the rows' cumulative bytes add up to the totals record's.
 */
export function ownerRowRecord(view: RowView, row: AttributionRow, ts: number, rank: number): string {
  const w = (r: readonly number[]) => ({ '2s': r[0], '10s': r[1], '40s': r[2] });
  return JSON.stringify({
    type: view, ts, rank,
    pid: row.pid, name: row.name, cmdline: row.cmdline, user: row.user, uid: row.uid, unit: row.unit, container: containerJson(row.container),
    unattributed: row.unattributed, exited: row.exited || row.kind === 'exited', processes: row.processes, flows: row.flows,
    sent_bytes_per_s: w(row.sentRate), received_bytes_per_s: w(row.recvRate),
    cumulative_sent_bytes: row.cumulativeSentBytes, cumulative_received_bytes: row.cumulativeRecvBytes,
  });
}
