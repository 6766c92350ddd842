// History bucket resolutions (UTC epoch aligned), retention by age, and the duration texts the options take.

/** Bucket lengths in seconds: 1 minute, 5 minutes, 1 hour, 1 day. Each divides the next, so buckets nest. */
export const RESOLUTIONS = [60, 300, 3600, 86400] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/** Start of the UTC-aligned bucket holding instant t (seconds since the epoch). */
export function bucketStart(t: number, res: number): number {
  return Math.floor(t / res) * res;
}

export function isResolution(n: number): n is Resolution {
  return (RESOLUTIONS as readonly number[]).includes(n);
}

/** Short names used in options and messages. */
export function resolutionName(res: Resolution): string {
  return res === 60 ? '1m' : res === 300 ? '5m' : res === 3600 ? '1h' : '1d';
}

const DAY = 86400;

/**
 * How long buckets are kept, per resolution, in seconds. `iface` holds all four resolutions; `detail`
 * (hosts, ports, programs, units) only the resolutions it records: a resolution missing there is not
 * recorded at all for those tables.
 */
export interface RetentionPolicy {
  readonly iface: Readonly<Record<Resolution, number>>;
  readonly detail: Readonly<Partial<Record<Resolution, number>>>;
}

/**
 * Defaults of ecosystem-conventions §8.3 (1-minute 48 h, hourly 100 days, daily 5 years; hosts hourly
 * and daily only) except 5-minute interface buckets: 35 days instead of 14, because the 95th percentile
 * of a month (vnstat's, for billing) needs every 5-minute bucket of the month; it costs ~10 000 rows per
 * interface.
 */
export const DEFAULT_RETENTION: RetentionPolicy = {
  iface: { 60: 2 * DAY, 300: 35 * DAY, 3600: 100 * DAY, 86400: 1826 * DAY },
  detail: { 3600: 100 * DAY, 86400: 1826 * DAY },
};

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: DAY, w: 7 * DAY, y: 365 * DAY };

/** "90s", "2m", "48h", "35d", "2w", "5y" (or plain seconds) → seconds; null when not a positive duration. */
export function parseDuration(text: string): number | null {
  const m = /^(\d{1,9})([smhdwy]?)$/.exec(text.trim());
  if (m === null) return null;
  const n = Number(m[1]) * (UNIT_SECONDS[m[2] === '' ? 's' : m[2]!] ?? 1);
  return n > 0 ? n : null;
}

/** "1m" | "5m" | "1h" | "1d" (also 60, 300, 3600, 86400) → resolution. */
export function parseResolution(text: string): Resolution | null {
  const s = parseDuration(text);
  return s !== null && isResolution(s) ? s : null;
}

/** The flush interval of --flush: 2 s (one tick) to 1 h. */
export function parseFlushInterval(text: string): { seconds: number } | { error: string } {
  const s = parseDuration(text);
  if (s === null || s < 2 || s > 3600) return { error: `--flush takes an interval from 2s to 1h like 60s, 2s or 5m, not "${text}"` };
  return { seconds: s };
}

/**
 * "1m=48h,5m=35d,1h=100d,1d=5y": overrides for the interface tables (unlisted resolutions keep their
 * value). Coarser buckets must be kept at least as long as finer ones: reports fall back from a pruned
 * fine resolution to the coarser one, never the other way round.
 */
export function parseRetention(text: string, base: RetentionPolicy = DEFAULT_RETENTION): { policy: RetentionPolicy } | { error: string } {
  const r = parsePairs(text, '--retention');
  if ('error' in r) return r;
  const iface = { ...base.iface, ...r.pairs } as Record<Resolution, number>;
  const bad = monotone(iface);
  return bad === null ? { policy: { iface, detail: base.detail } } : { error: `--retention: ${bad}` };
}

/**
 * "1h=100d,1d=5y" for the host, port, program and unit tables: exactly the resolutions listed are
 * recorded ("5m=2d,1h=100d,1d=5y" adds 5-minute host buckets), each no longer than the interface's.
 */
export function parseDetailRetention(text: string, base: RetentionPolicy = DEFAULT_RETENTION): { policy: RetentionPolicy } | { error: string } {
  const r = parsePairs(text, '--detail-retention');
  if ('error' in r) return r;
  const detail = r.pairs;
  const bad = monotone(detail);
  if (bad !== null) return { error: `--detail-retention: ${bad}` };
  for (const res of RESOLUTIONS) {
    const d = detail[res];
    if (d !== undefined && d > base.iface[res]) {
      return { error: `--detail-retention: ${resolutionName(res)} buckets cannot be kept longer than the interface's ${resolutionName(res)} buckets (${formatDuration(base.iface[res])})` };
    }
  }
  return { policy: { iface: base.iface, detail } };
}

function parsePairs(text: string, option: string): { pairs: Partial<Record<Resolution, number>> } | { error: string } {
  const pairs: Partial<Record<Resolution, number>> = {};
  for (const part of text.split(',')) {
    const m = /^\s*([^=\s]+)\s*=\s*(\S+)\s*$/.exec(part);
    const res = m === null ? null : parseResolution(m[1]!);
    const age = m === null ? null : parseDuration(m[2]!);
    if (res === null || age === null) {
      return { error: `${option} takes RES=AGE pairs like 1m=48h,5m=35d,1h=100d,1d=5y (RES: 1m, 5m, 1h, 1d), not "${part.trim()}"` };
    }
    pairs[res] = age;
  }
  return { pairs };
}

function monotone(p: Partial<Record<Resolution, number>>): string | null {
  let prev: [Resolution, number] | null = null;
  for (const res of RESOLUTIONS) {
    const age = p[res];
    if (age === undefined) continue;
    if (prev !== null && age < prev[1]) {
      return `${resolutionName(res)} buckets must be kept at least as long as ${resolutionName(prev[0])} buckets (${formatDuration(prev[1])})`;
    }
    prev = [res, age];
  }
  return null;
}

/** 172800 → "2d", 3600 → "1h", 90 → "90s". */
export function formatDuration(seconds: number): string {
  for (const [u, s] of [['y', 365 * DAY], ['d', DAY], ['h', 3600], ['m', 60]] as const) {
    if (seconds % s === 0) return `${seconds / s}${u}`;
  }
  return `${seconds}s`;
}

/** The resolutions detail tables record under a policy, finest first. */
export function detailResolutions(p: RetentionPolicy): Resolution[] {
  return RESOLUTIONS.filter((r) => p.detail[r] !== undefined);
}
