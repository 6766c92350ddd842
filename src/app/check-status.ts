// `wiretop check`: the Nagios status (0 OK, 1 WARNING, 2 CRITICAL) and its one line with performance data.
import type { AlertEvent } from '../alerts/alert-engine.js';
import type { ScreenModel } from '../core/screen-model.js';
import { formatRate } from '../format/readable-size.js';

export interface CheckResult {
  readonly code: 0 | 1 | 2;
  readonly line: string;
}

const STATES = ['OK', 'WARNING', 'CRITICAL'] as const;

/**
 * CRITICAL when a critical alert fired during the check, WARNING when a warning did, else OK. The line
 * gives the 10 s rates, the number of alerts and the worst one; after "|" the perfdata (bytes/s) with
 * the --warning/--critical thresholds on the total.
 */
export function checkStatus(events: readonly AlertEvent[], model: Pick<ScreenModel, 'totalSent' | 'totalRecv'>, source: string, warn: number | null, crit: number | null): CheckResult {
  const fired = events.filter((e) => e.state === 'firing');
  const worst = fired.find((e) => e.severity === 'critical') ?? fired[0];
  const code: 0 | 1 | 2 = worst === undefined ? 0 : worst.severity === 'critical' ? 2 : 1;
  const sent = model.totalSent[1], recv = model.totalRecv[1];
  const rate = (v: number) => formatRate(v, false).trim();
  const alerts = fired.length === 0 ? 'no alerts' : `${fired.length} alert${fired.length > 1 ? 's' : ''} (${worst!.severity}: ${worst!.subject}: ${worst!.detail})`;
  const n = (v: number) => Math.round(v);
  const perf = `sent_Bps=${n(sent)};;;0 received_Bps=${n(recv)};;;0 total_Bps=${n(sent + recv)};${warn === null ? '' : n(warn)};${crit === null ? '' : n(crit)};0 alerts=${fired.length};;;0`;
  return { code, line: `WIRETOP ${STATES[code]} - ${source}: ${rate(sent + recv)} total (${rate(sent)} sent, ${rate(recv)} received), ${alerts} | ${perf}` };
}
