// Parses alert rules, one per line (iftoprc-style file: `#` comments, blank lines), into Rule values with line-numbered errors.
import { parseCidr } from '../config/net-filter.js';
import type { DetectorName, Direction, RateScope, Rule, Severity, Window } from './rules.js';
import { DETECTOR_DEFAULTS, DETECTOR_HOLD, DETECTORS, PRESETS } from './rules.js';

export interface ParsedRules {
  readonly rules: Rule[];
  /** "alerts.conf:3: …" messages; a file with errors is refused as a whole. */
  readonly errors: string[];
}

const WINDOWS: Record<string, Window> = { '2s': 0, '10s': 1, '40s': 2 };
/** A day: a longer hold is a typo, and the engine counts ticks up to it. */
const MAX_HOLD = 86_400;
const DIRECTIONS = new Set<Direction>(['sent', 'received', 'total']);

/**
 * Grammar (words separated by blanks, options in any order after the condition):
 *   rate interface|host ADDR[/PREFIX]|port N [sent|received|total] > RATE [options]
 *   util [sent|received|total] > N% [options]
 *   detect flood|scan|exfiltration|dns-flood|nonstandard-port|lateral [PARAM VALUE]… [options]
 *   detect all [options]   (every detector with its defaults)
 *   preset home|office|server|cloud
 * options: window 2s|10s|40s, hold Ns, warning|critical, hours H-H.
 * RATE: a number with B/s KB/s MB/s GB/s (bytes) or b/s Kb/s Mb/s Gb/s (bits); K, M, G are 1024 as on the screen.
 */
export function parseRules(text: string, source: string): ParsedRules {
  const rules: Rule[] = [];
  const errors: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') return;
    const where = `${source}:${i + 1}`;
    const words = line.split(/\s+/);
    if (words[0] === 'preset') {
      const name = words[1] ?? '';
      const preset = Object.hasOwn(PRESETS, name) ? PRESETS[name] : undefined;
      if (preset === undefined || words.length !== 2) {
        errors.push(`${where}: preset must be one of ${Object.keys(PRESETS).join(', ')}`);
        return;
      }
      preset.forEach((p, j) => rules.push(parseRule(p, `${where}:${j}`) as Rule));
      return;
    }
    if (words[0] === 'detect' && words[1] === 'all') {
      // Every detector with its defaults; the options (severity, hold, hours) apply to each.
      for (const d of DETECTORS) {
        const r = parseRule(['detect', d, ...words.slice(2)].join(' '), `${where}:${d}`);
        if (typeof r === 'string') errors.push(`${where}: ${r}`);
        else rules.push(r);
      }
      return;
    }
    const r = parseRule(line, where);
    if (typeof r === 'string') errors.push(`${where}: ${r}`);
    else rules.push(r);
  });
  return { rules, errors };
}

/** One rule, or the reason it is not one. */
export function parseRule(line: string, id: string): Rule | string {
  const words = line.trim().split(/\s+/);
  const kind = words.shift();
  const common = { id: `${id} ${words.join(' ')}`, text: `${kind} ${words.join(' ')}` };
  const opts = takeOptions(words);
  if (typeof opts === 'string') return opts;
  if (kind === 'rate') {
    const scopeWord = words.shift();
    let scope: RateScope;
    if (scopeWord === 'interface') scope = { type: 'interface' };
    else if (scopeWord === 'port') {
      const port = Number(words.shift());
      if (!Number.isInteger(port) || port < 1 || port > 65535) return 'rate port needs a port number from 1 to 65535';
      scope = { type: 'port', port };
    } else if (scopeWord === 'host') {
      const addr = words.shift() ?? '';
      const net = parseCidr(addr);
      if (net === null) return `rate host needs an address or network (10.0.0.5, 10.0.0.0/24, 2001:db8::/64), not "${addr}"`;
      scope = { type: 'host', net, text: addr };
    } else return 'rate needs a scope: interface, host ADDR[/PREFIX] or port N';
    const cond = condition(words, parseRateValue);
    if (typeof cond === 'string') return cond;
    return { ...common, kind: 'rate', scope, direction: cond.direction, window: opts.window, bytesPerSecond: cond.value, severity: opts.severity, holdSeconds: opts.hold ?? 0, hours: opts.hours };
  }
  if (kind === 'util') {
    const cond = condition(words, (w) => (/^\d{1,15}(\.\d{1,15})?%$/.test(w) ? Number(w.slice(0, -1)) : null));
    if (typeof cond === 'string') return cond.replace('a rate', 'a percentage like 80%');
    return { ...common, kind: 'util', direction: cond.direction, window: opts.window, percent: cond.value, severity: opts.severity, holdSeconds: opts.hold ?? 0, hours: opts.hours };
  }
  if (kind === 'detect') {
    if (opts.windowGiven) return 'detect rules have their own windows (see the README); use hold to ask for longer';
    const name = words.shift() as DetectorName | undefined;
    if (name === undefined || !DETECTORS.includes(name)) return `detect needs one of ${DETECTORS.join(', ')}`;
    const params: Record<string, number> = { ...DETECTOR_DEFAULTS[name] };
    while (words.length > 0) {
      const key = words.shift()!;
      const value = words.shift();
      if (!Object.hasOwn(params, key) || value === undefined) return `detect ${name} takes ${Object.keys(params).join(', ')}, not "${key}"`;
      const n = key === 'rate' && name !== 'dns-flood' ? parseRateValue(value) : /^\d{1,15}(\.\d{1,15})?(\/s)?$/.test(value) ? Number(value.replace(/\/s$/, '')) : null;
      if (n === null || !Number.isFinite(n) || n < 0) return `detect ${name} ${key}: "${value}" is not a number`;
      params[key] = n;
    }
    return { ...common, kind: 'detect', detector: name, params, severity: opts.severity, holdSeconds: opts.hold ?? DETECTOR_HOLD[name], hours: opts.hours };
  }
  return 'a rule starts with rate, util, detect or preset';
}

/** `[direction] > value` at the front of words (consumed). */
function condition(words: string[], value: (w: string) => number | null): { direction: Direction; value: number } | string {
  let direction: Direction = 'total';
  if (DIRECTIONS.has(words[0] as Direction)) direction = words.shift() as Direction;
  if (words.shift() !== '>') return 'expected "> VALUE" (a rate like 50MB/s)';
  const v = value(words.shift() ?? '');
  if (v === null) return 'expected a rate like 50MB/s or 800Mb/s after ">"';
  if (words.length > 0) return `unexpected "${words.join(' ')}"`;
  return { direction, value: v };
}

/** Removes and returns window/hold/severity/hours options wherever they are. */
function takeOptions(words: string[]): { window: Window; windowGiven: boolean; hold: number | null; severity: Severity; hours: [number, number] | null } | string {
  let window: Window = 1, severity: Severity = 'warning', windowGiven = false;
  let hold: number | null = null;
  let hours: [number, number] | null = null;
  for (let i = 0; i < words.length; ) {
    const w = words[i]!, next = words[i + 1];
    if (w === 'warning' || w === 'critical') {
      severity = w;
      words.splice(i, 1);
    } else if (w === 'window' && next !== undefined && Object.hasOwn(WINDOWS, next)) {
      window = WINDOWS[next]!;
      windowGiven = true;
      words.splice(i, 2);
    } else if (w === 'hold' && next !== undefined && /^\d{1,5}s?$/.test(next) && Number(next.replace(/s$/, '')) <= MAX_HOLD) {
      hold = Number(next.replace(/s$/, ''));
      words.splice(i, 2);
    } else if (w === 'hours' && next !== undefined) {
      const m = /^(\d{1,2})-(\d{1,2})$/.exec(next);
      if (m === null || Number(m[1]) > 23 || Number(m[2]) > 24 || Number(m[1]) === Number(m[2]) % 24) return `hours takes FROM-TO in whole hours, FROM ≠ TO (22-6), not "${next}"`;
      hours = [Number(m[1]), Number(m[2])];
      words.splice(i, 2);
    } else if (w === 'window' || w === 'hold') {
      return `${w} takes ${w === 'window' ? '2s, 10s or 40s' : `seconds up to ${MAX_HOLD} (30s)`}`;
    } else i++;
  }
  return { window, windowGiven, hold, severity, hours };
}

/** "50MB/s", "800Mb/s", "10KB", "1.5GB/s" → bytes per second (K = 1024); null if not a rate. */
export function parseRateValue(text: string): number | null {
  const m = /^(\d{1,15}(?:\.\d{1,15})?)([KMG]?)([Bb])(?:\/s)?$/.exec(text);
  if (m === null) return null;
  const scale = 1024 ** ['', 'K', 'M', 'G'].indexOf(m[2]!);
  return (Number(m[1]) * scale) / (m[3] === 'b' ? 8 : 1);
}
