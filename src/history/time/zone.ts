// A time zone as an input: local fields of an instant, local periods (5 min … year) as UTC spans, DST-safe.
import { civilFromDays, civilSeconds, pad2 } from './civil.js';

export interface LocalFields extends CivilParts {
  /** Local minus UTC, seconds (3600 for CET, 7200 for CEST). */
  readonly offset: number;
}

/** The local calendar units reports group by. */
export type PeriodUnit = 'fiveminute' | 'hour' | 'day' | 'month' | 'year';

/** Local calendar fields of an instant (seconds since the epoch) in a zone. */
export interface CivilParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/** The tz rules of one zone: its local fields at an instant (the runtime's tz database, behind a port). */
export type ZoneParts = (t: number) => CivilParts;

/** The rules of a named zone, or null when the system does not know the name. */
export type ZoneRules = (name: string) => ZoneParts | null;

/**
 * Local time in one IANA zone: the zone is named by the caller and its rules injected, so reports are
 * the same in any process whatever its TZ (and tests can fix the rules).
 */
export class Zone {
  /** Offsets by UTC hour: zone offsets change at most a few times a year, never within an hour that is not a transition's. */
  private readonly offsets = new Map<number, number>();

  constructor(
    readonly name: string,
    private readonly parts: ZoneParts,
  ) {}

  /** Local minus UTC at instant t, in seconds. */
  offset(t: number): number {
    const key = Math.floor(t / 900);
    const cached = this.offsets.get(key);
    if (cached !== undefined) return cached;
    // Quarter-hour keys: every offset transition in the tz database is on a quarter hour.
    const at = key * 900;
    const p = this.parts(at);
    const o = civilSeconds(p.year, p.month, p.day, p.hour, p.minute, p.second) - at;
    if (this.offsets.size > 100_000) this.offsets.clear();
    this.offsets.set(key, o);
    return o;
  }

  fields(t: number): LocalFields {
    const offset = this.offset(t);
    const local = Math.floor(t) + offset;
    const days = Math.floor(local / 86400);
    const secs = local - days * 86400;
    const c = civilFromDays(days);
    return { ...c, hour: Math.floor(secs / 3600), minute: Math.floor((secs % 3600) / 60), second: secs % 60, offset };
  }

  /**
   * The instant of a local wall time. In a gap (spring forward) the time is read with the offset before
   * the gap, landing as far after it as the clock skipped (02:30 → 03:30 in Berlin); in an overlap (fall
   * back) the earlier of the two instants is taken.
   */
  instant(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
    const wall = civilSeconds(year, month, day, hour, minute, second);
    const before = this.offset(wall - 86400);
    const after = this.offset(wall + 86400);
    const candidates = [wall - before, wall - after].filter((t) => this.offset(t) === wall - t);
    if (candidates.length > 0) return Math.min(...candidates);
    return wall - before;
  }

  /** Start of the local period holding t. */
  periodStart(unit: PeriodUnit, t: number): number {
    // Five minutes and hours by offset arithmetic: around a fall-back the repeated hour is its own period.
    if (unit === 'fiveminute' || unit === 'hour') {
      const len = unit === 'hour' ? 3600 : 300;
      const local = Math.floor(t) + this.offset(t);
      return Math.floor(t) - (((local % len) + len) % len);
    }
    const f = this.fields(t);
    if (unit === 'day') return this.instant(f.year, f.month, f.day);
    if (unit === 'month') return this.instant(f.year, f.month, 1);
    return this.instant(f.year, 1, 1);
  }

  /** Start of the period after the one starting at `start` (23, 24 or 25 hours for a day around DST). */
  nextPeriod(unit: PeriodUnit, start: number): number {
    if (unit === 'fiveminute') return start + 300;
    if (unit === 'hour') return start + 3600;
    const f = this.fields(start);
    if (unit === 'day') return this.instant(f.year, f.month, f.day + 1);
    if (unit === 'month') return this.instant(f.year, f.month + 1, 1);
    return this.instant(f.year + 1, 1, 1);
  }

  /** Start of the period before the one starting at `start`. */
  previousPeriod(unit: PeriodUnit, start: number): number {
    return this.periodStart(unit, start - 1);
  }

  /** strftime-like: %Y %m %d %H %M %S %z (+0200) and %Z (the zone's offset as UTC+2, UTC+5:30). */
  strftime(t: number, pattern: string): string {
    const f = this.fields(t);
    return pattern.replace(/%([YmdHMSzZ%])/g, (_, c: string) => {
      switch (c) {
        case 'Y': return String(f.year);
        case 'm': return pad2(f.month);
        case 'd': return pad2(f.day);
        case 'H': return pad2(f.hour);
        case 'M': return pad2(f.minute);
        case 'S': return pad2(f.second);
        case 'z': return offsetText(f.offset, '');
        case 'Z': return utcText(f.offset);
        default: return '%';
      }
    });
  }

  /** ISO 8601 with the local offset: 2026-03-29T03:00:00+02:00. */
  iso(t: number): string {
    return `${this.strftime(t, '%Y-%m-%dT%H:%M:%S')}${offsetText(this.offset(t), ':')}`;
  }

}

function offsetText(offset: number, sep: string): string {
  const a = Math.abs(offset);
  return `${offset < 0 ? '-' : '+'}${pad2(Math.floor(a / 3600))}${sep}${pad2(Math.floor((a % 3600) / 60))}`;
}

function utcText(offset: number): string {
  if (offset === 0) return 'UTC';
  const a = Math.abs(offset);
  const m = Math.floor((a % 3600) / 60);
  return `UTC${offset < 0 ? '-' : '+'}${Math.floor(a / 3600)}${m === 0 ? '' : `:${pad2(m)}`}`;
}

/**
 * The zone a TZ value names, for Intl: ":Europe/Berlin" and "/usr/share/zoneinfo/Europe/Berlin" are
 * read as "Europe/Berlin"; unset or empty means the system zone (glibc reads an empty TZ as UTC, but
 * an empty TZ is nearly always a mistake in a unit file, so the system zone is the safer reading).
 */
export function zoneOrError(tz: string | undefined, systemZone: string, rules: ZoneRules): Zone | { error: string } {
  let name = tz === undefined || tz === '' ? systemZone : tz.replace(/^:/, '');
  const i = name.indexOf('zoneinfo/');
  if (name.startsWith('/') && i >= 0) name = name.slice(i + 'zoneinfo/'.length);
  const parts = rules(name);
  if (parts === null) return { error: `TZ=${tz ?? ''} is not a time zone this system knows: use an IANA name like Europe/Berlin or UTC` };
  return new Zone(name, parts);
}
