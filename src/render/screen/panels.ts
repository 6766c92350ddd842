// wiretop's extra views drawn in the list area: firing and recent alerts, and hosts ranked by connections or rate.
import type { AlertEvent } from '../../alerts/alert-engine.js';
import type { HostRow } from '../../core/host-table.js';
import { formatRate } from '../../format/readable-size.js';
import { fitCells } from '../../format/cells.js';
import { inert } from '../../format/inert.js';

/** Local time of day of an epoch timestamp, "HH:MM:SS" (injected: time zones are the host's business). */
export type ClockText = (ts: number) => string;

function eventLine(e: AlertEvent, clock: ClockText): string {
  const state = e.state === 'firing' ? 'FIRING  ' : 'RESOLVED';
  return `${clock(e.ts)} ${state} ${e.severity.padEnd(8)} ${inert(e.subject)}: ${e.detail} (${e.rule})`;
}

/** Active alerts (most severe first), then the latest events, newest first. */
export function alertsPanel(active: readonly AlertEvent[], recent: readonly AlertEvent[], enabled: boolean, clock: ClockText): string[] {
  if (!enabled) return ['No alert rules (--alerts FILE, --alert RULE, --alert-preset NAME). a: back to the flows.'];
  const out = [`Alerts firing: ${active.length}   (a: back to the flows)`];
  for (const e of active) out.push(`  since ${clock(e.since)} ${e.severity.padEnd(8)} ${inert(e.subject)}: ${e.detail} (${e.rule})`);
  out.push('', 'Recent events:');
  if (recent.length === 0) out.push('  none yet');
  for (const e of [...recent].reverse()) out.push(`  ${eventLine(e, clock)}`);
  return out;
}

/**
 * One row per host: name, distinct peers, flows, then the 10 s sent and received rates. Ranked by
 * connections (a host under a flood or scanning stands out) or by rate.
 */
export function hostsPanel(
  rows: readonly HostRow[],
  count: number,
  cols: number,
  byRate: boolean,
  useBytes: boolean,
  name: (h: HostRow) => string,
): string[] {
  const width = Math.max(10, cols - 38);
  const head = `${fitCells(`Hosts by ${byRate ? 'rate' : 'connections'} (${count}; c: next view)`, width)}  peers  flows   sent 10s   recv 10s`;
  return [head, ...rows.map((h) => {
    const numbers = `${String(h.peers).padStart(7)}${String(h.flows).padStart(7)}${formatRate(h.sent[1], useBytes).padStart(11)}${formatRate(h.recv[1], useBytes).padStart(11)}`;
    return `${fitCells(inert(name(h)), width)}${numbers}`;
  })];
}
