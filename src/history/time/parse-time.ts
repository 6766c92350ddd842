// The times --begin, --end and --at take: local dates and clock times, today/yesterday, @epoch, -2h.
import type { Zone } from './zone.js';

export type ParsedTime =
  | { readonly t: number; readonly note: string | null; readonly dateOnly: boolean }
  | { readonly error: string };

const FORMS = 'YYYY-MM-DD, "YYYY-MM-DD HH:MM", HH:MM, today, yesterday, now, @EPOCH or -2h/-30m/-7d';

/**
 * Reads a time in the zone. A clock time alone (03:00) is today's, or yesterday's when today's has
 * not come yet. `note` says how a wall time that does not exist or exists twice (DST) was read.
 */
export function parseTime(text: string, now: number, zone: Zone): ParsedTime {
  const s = text.trim();
  if (s === 'now') return { t: Math.floor(now), note: null, dateOnly: false };
  if (s === 'today' || s === 'yesterday') {
    const start = zone.periodStart('day', now);
    return { t: s === 'today' ? start : zone.previousPeriod('day', start), note: null, dateOnly: true };
  }
  const epoch = /^@(\d{1,12})$/.exec(s);
  if (epoch !== null) return { t: Number(epoch[1]), note: null, dateOnly: false };
  const rel = /^-(\d{1,6})([mhdw])$/.exec(s);
  if (rel !== null) return { t: Math.floor(now) - Number(rel[1]) * { m: 60, h: 3600, d: 86400, w: 604800 }[rel[2] as 'm' | 'h' | 'd' | 'w'], note: null, dateOnly: false };
  const full = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (full !== null) {
    const [y, mo, d] = [Number(full[1]), Number(full[2]), Number(full[3])];
    const [h, mi, se] = [Number(full[4] ?? 0), Number(full[5] ?? 0), Number(full[6] ?? 0)];
    if (!validDate(y, mo, d) || h > 23 || mi > 59 || se > 59) return { error: `"${text}" is not a valid date or time` };
    return wall(zone, y, mo, d, h, mi, se, full[4] === undefined);
  }
  const clock = /^(\d{1,2}):(\d{2})$/.exec(s);
  if (clock !== null) {
    const [h, mi] = [Number(clock[1]), Number(clock[2])];
    if (h > 23 || mi > 59) return { error: `"${text}" is not a valid time of day` };
    const today = zone.fields(now);
    let r = wall(zone, today.year, today.month, today.day, h, mi, 0, false);
    if ('t' in r && r.t > now) {
      const y = zone.fields(zone.previousPeriod('day', zone.periodStart('day', now)));
      r = wall(zone, y.year, y.month, y.day, h, mi, 0, false);
    }
    return r;
  }
  return { error: `cannot read the time "${text}" (forms: ${FORMS})` };
}

function validDate(y: number, mo: number, d: number): boolean {
  if (mo < 1 || mo > 12 || d < 1) return false;
  const dim = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]!;
  return d <= dim;
}

function wall(zone: Zone, y: number, mo: number, d: number, h: number, mi: number, se: number, dateOnly: boolean): ParsedTime {
  const t = zone.instant(y, mo, d, h, mi, se);
  const f = zone.fields(t);
  let note: string | null = null;
  if (f.hour !== h || f.minute !== mi) {
    note = `${pad(h)}:${pad(mi)} does not exist on ${y}-${pad(mo)}-${pad(d)} in ${zone.name} (clocks skipped it); read as ${zone.strftime(t, '%H:%M %Z')}`;
  } else if (zone.fields(t + 3600).hour === h && zone.fields(t + 3600).minute === mi) {
    note = `${pad(h)}:${pad(mi)} happens twice on ${y}-${pad(mo)}-${pad(d)} in ${zone.name}; read as the first (${zone.strftime(t, '%Z')})`;
  }
  return { t, note, dateOnly };
}

const pad = (n: number): string => String(n).padStart(2, '0');
