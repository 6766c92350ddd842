// How a process, unit or container row reads in text blocks and on the screen: title, detail line, column header.
import type { AttributionRow, RowView } from '../attribution/accounts.js';
import { GAP_LABELS, shortContainerId } from '../attribution/owner.js';
import { inert } from '../format/inert.js';

/** The header of the left column per view. */
export const OWNER_HEADERS: Readonly<Record<RowView, string>> = {
  process: 'PID     user     program',
  unit: 'systemd unit',
  container: 'container',
};

/**
 * The row's first line: "PID user program" for a process (exited ones marked), the unit or the
 * container for those views, the reason for a gap. Texts from /proc are inert already; inert() again
 * costs little and keeps this safe whatever built the row.
 */
export function ownerTitle(view: RowView, r: AttributionRow): string {
  if (r.kind === 'gap') return `(${GAP_LABELS[r.unattributed ?? 'pending']})`;
  if (r.kind === 'exited') return '(exited processes)';
  if (view === 'process') {
    const pid = String(r.pid ?? '').padEnd(7);
    const user = inert(r.user ?? '').padEnd(8);
    return `${pid} ${user} ${inert(r.name ?? '')}${r.exited ? ' (exited)' : ''}`;
  }
  if (view === 'unit') return r.unit === null ? '(no unit)' : inert(r.unit);
  return r.container === null ? '(no container)' : `${inert(r.container.runtime)} ${inert(shortContainerId(r.container))}`;
}

/** The row's second line: the command line of a process; what a unit, container or gap row holds. */
export function ownerDetail(view: RowView, r: AttributionRow): string {
  const count = `${r.processes} process${r.processes === 1 ? '' : 'es'}, ${r.flows} flow${r.flows === 1 ? '' : 's'}`;
  if (r.kind === 'gap') {
    const known = [r.user === null ? null : `user ${inert(r.user)}`, r.unit === null ? null : inert(r.unit), r.container === null ? null : inert(shortContainerId(r.container))];
    return known.filter((x) => x !== null).join(', ');
  }
  if (r.kind === 'exited') return 'gone longer than 5 minutes';
  if (view === 'process') {
    const where = r.container !== null ? ` [${inert(shortContainerId(r.container))}]` : r.unit !== null ? ` [${inert(r.unit)}]` : '';
    return `${inert(r.cmdline ?? '')}${where}`;
  }
  if (view === 'container' && r.container?.pod != null) return `pod ${inert(r.container.pod)}, ${count}`;
  return count;
}
