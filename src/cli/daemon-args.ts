// `wiretop daemon` options from the command line and the config file (one `option value` per line), each error naming its place.
import { parseNetFilter4, parseNetFilter6 } from '../config/net-filter.js';
import type { Settings } from '../config/settings.js';
import { deriveSettings } from '../config/settings.js';
import { applyExtra, DEFAULT_EXTRAS, extraOption } from './args.js';
import type { Extras } from './args.js';

/** Where the daemon reads its configuration when --config does not say. */
export const DEFAULT_DAEMON_CONFIG = '/etc/wiretop/wiretop.conf';

/** wiretop's own long options that make sense headless (the rest are about a display). */
const DAEMON_EXTRAS = [
  'user', 'alerts', 'alert', 'alert-preset', 'alert-log', 'alert-command', 'alert-webhook', 'link-speed',
  'buffer-size', 'snaplen', 'max-flows', 'ndjson-file', 'metrics', 'metrics-max-hosts', 'metrics-top-remote', 'csv',
  'history', 'flush', 'retention', 'detail-retention', 'no-processes',
  'flow-export', 'flow-active-timeout', 'flow-inactive-timeout', 'flow-template-refresh', 'flow-domain', 'flow-mtu',
  'web', 'web-token-file', 'web-allow-host',
] as const;

/** The daemon's capture options, with the short letters iftop uses for them. */
const CAPTURE: Record<string, { short: string; arg: boolean }> = {
  interface: { short: 'i', arg: true },
  filter: { short: 'f', arg: true },
  promiscuous: { short: 'p', arg: false },
  'net-filter': { short: 'F', arg: true },
  'net-filter6': { short: 'G', arg: true },
  'link-local': { short: 'l', arg: false },
};
const SHORT: Record<string, string> = { ...Object.fromEntries(Object.entries(CAPTURE).map(([k, v]) => [v.short, k])), Z: 'user' };

/** Every option `wiretop daemon` takes, long form (its -h text must name every one). */
export function daemonOptionNames(): string[] {
  return ['config', ...Object.keys(CAPTURE), ...DAEMON_EXTRAS];
}

/** Options that may be given more than once; the command line's list replaces the file's. */
const LISTS = new Set(['interface', 'alert', 'alert-preset', 'web-allow-host']);

export interface DaemonOptions {
  /** Interfaces to capture on, in order (empty: the default interface). */
  readonly interfaces: readonly string[];
  readonly settings: Settings;
  readonly extras: Extras;
  /** The config file read, if any. */
  readonly configFile: string | null;
}

export type DaemonArgs =
  | { kind: 'help' }
  | { kind: 'error'; message: string }
  | { kind: 'run'; options: DaemonOptions };

/** One option as given: its name, value and where it came from ("wiretop.conf:3"; null: the command line). */
interface Given {
  readonly name: string;
  readonly value: string;
  readonly where: string | null;
}

function takesValue(name: string): boolean | 'optional' | undefined {
  if (CAPTURE[name] !== undefined) return CAPTURE[name].arg;
  return (DAEMON_EXTRAS as readonly string[]).includes(name) ? extraOption(name)?.arg : undefined;
}

/** The command line after `daemon`: long options, iftop-style short ones for the capture, --config FILE. */
function commandLine(argv: readonly string[]): { given: Given[]; config: string | null } | { help: true } | { error: string } {
  const given: Given[] = [];
  let config: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    let name: string;
    let inline: string | null = null;
    if (arg === '-h' || arg === '--help') return { help: true };
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = arg.slice(2, eq < 0 ? undefined : eq);
      if (eq >= 0) inline = arg.slice(eq + 1);
    } else if (arg.startsWith('-') && arg.length >= 2 && SHORT[arg[1]!] !== undefined) {
      name = SHORT[arg[1]!]!;
      if (arg.length > 2) inline = arg.slice(2);
    } else {
      return { error: `unexpected argument "${arg}" (wiretop daemon -h lists the options)` };
    }
    if (name === 'config') {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') return { error: 'option --config needs a file (wiretop daemon -h lists the options)' };
      config = v;
      continue;
    }
    const arg1 = takesValue(name);
    if (arg1 === undefined) return { error: `unknown option ${arg.startsWith('--') ? `--${name}` : arg.slice(0, 2)} for wiretop daemon (wiretop daemon -h lists the options)` };
    let value = '';
    if (arg1 === 'optional') {
      value = inline ?? (i + 1 < argv.length && !argv[i + 1]!.startsWith('-') ? argv[++i]! : '');
    } else if (arg1) {
      const v = inline ?? argv[++i];
      if (v === undefined) return { error: `option --${name} needs a value (wiretop daemon -h lists the options)` };
      value = v;
    } else if (inline !== null && arg.startsWith('--')) {
      return { error: `option --${name} takes no value (wiretop daemon -h lists the options)` };
    }
    given.push({ name, value, where: null });
  }
  return { given, config };
}

/**
 * The config file: one option per line as on the command line without the dashes (`interface eth0`,
 * `ndjson-file /var/log/wiretop/flows.ndjson`, `promiscuous`); the value is the rest of the line, so
 * filters and alert rules need no quotes. Blank lines and lines starting with # are skipped.
 */
export function parseDaemonConfig(text: string, path: string): { given: Given[] } | { error: string } {
  const given: Given[] = [];
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    const where = `${path}:${n + 1}`;
    const m = /^([a-z0-9-]+)(?:\s+(.*))?$/.exec(line);
    const name = m?.[1];
    const value = m?.[2]?.trim() ?? '';
    const arg = name === undefined ? undefined : takesValue(name);
    if (name === undefined || arg === undefined) return { error: `${where}: unknown option "${line.split(/\s/)[0]}" (wiretop daemon -h lists the options)` };
    if (arg === true && value === '') return { error: `${where}: ${name} needs a value` };
    if (!arg && value !== '') return { error: `${where}: ${name} takes no value` };
    given.push({ name, value, where });
  }
  return { given };
}

/**
 * Parses `wiretop daemon …`: the config file (--config FILE, else DEFAULT_DAEMON_CONFIG if it exists)
 * first, then the command line, which wins; a list option on the command line replaces the file's.
 */
export function parseDaemonArgs(argv: readonly string[], readText: (path: string) => { text: string } | { error: { code?: string; message: string } }): DaemonArgs {
  const cli = commandLine(argv);
  if ('help' in cli) return { kind: 'help' };
  if ('error' in cli) return { kind: 'error', message: cli.error };
  let fromFile: Given[] = [];
  const path = cli.config ?? DEFAULT_DAEMON_CONFIG;
  const file = readText(path);
  if ('text' in file) {
    const parsed = parseDaemonConfig(file.text, path);
    if ('error' in parsed) return { kind: 'error', message: parsed.error };
    fromFile = parsed.given;
  } else if (cli.config !== null || file.error.code !== 'ENOENT') {
    return { kind: 'error', message: `cannot read the configuration ${path}: ${file.error.code ?? file.error.message}` };
  }
  const onCommandLine = new Set(cli.given.map((g) => g.name));
  const all = [...fromFile.filter((g) => !(LISTS.has(g.name) && onCommandLine.has(g.name))), ...cli.given];
  const built = build(all);
  return 'error' in built ? { kind: 'error', message: built.error } : { kind: 'run', options: { ...built, configFile: 'text' in file ? path : null } };
}

function build(all: readonly Given[]): Omit<DaemonOptions, 'configFile'> | { error: string } {
  const extras: Extras = { ...DEFAULT_EXTRAS, alertRules: [] };
  const keys = new Map<string, string>();
  const interfaces: string[] = [];
  for (const g of all) {
    const problem = applyOne(g, extras, keys, interfaces);
    if (problem !== null) return { error: g.where === null ? `${problem} (wiretop daemon -h lists the options)` : `${g.where}: ${problem}` };
  }
  // The display switches do not matter headless; a daemon never looks names up.
  keys.set('dns-resolution', 'false');
  const { settings } = deriveSettings(keys);
  return { interfaces: [...new Set(interfaces)], settings, extras };
}

function applyOne(g: Given, extras: Extras, keys: Map<string, string>, interfaces: string[]): string | null {
  switch (g.name) {
    case 'interface':
      if (g.value === '' || g.value.includes('/')) return `not an interface name: "${g.value}"`;
      interfaces.push(g.value);
      return null;
    case 'filter':
      keys.set('filter-code', g.value);
      return null;
    case 'promiscuous':
      keys.set('promiscuous', 'true');
      return null;
    case 'link-local':
      keys.set('link-local', 'true');
      return null;
    case 'net-filter':
    case 'net-filter6': {
      const r = g.name === 'net-filter' ? parseNetFilter4(g.value) : parseNetFilter6(g.value);
      if (r.message !== null || r.filter === null) return r.message ?? `not a network: "${g.value}"`;
      keys.set(g.name, g.value);
      return null;
    }
    default:
      return applyExtra(extras, g.name, g.value);
  }
}
