// Command-line parsing with iftop's getopt rules (+ stop at the first word, clusters, left to right) plus long options.
import { parseAddress } from '../format/inet-ntop.js';
import { parseRateValue } from '../alerts/rule-parser.js';
import { parseListenAddress } from '../config/listen-address.js';
import { parseDetailRetention, parseFlushInterval, parseRetention } from '../history/resolutions.js';
import type { ListenAddress } from '../config/listen-address.js';
import { webHostName } from '../web/web-options.js';
import { parseActiveTimeout, parseFlowExportUrl, parseInactiveTimeout, parseMaxDatagram, parseObservationDomain, parseTemplateRefresh } from '../export/flow-export-options.js';
import type { FlowExportSettings, FlowExportTarget, Parsed } from '../export/flow-export-options.js';

/** Options iftop does not have; command line only, so a shared ~/.iftoprc stays valid for iftop. */
export interface Extras {
  /** -r FILE: analyse a pcap/pcapng file instead of a live interface. */
  readFile: string | null;
  /** Kernel capture buffer, KiB (tcpdump -B units). */
  bufferSizeKiB: number;
  /** Bytes captured per packet; only headers are needed. */
  snaplen: number;
  /** Cap on flow records; further flows are accounted on one overflow line. */
  maxFlows: number;
  /** One JSON object per line per tick instead of text blocks. */
  ndjson: boolean;
  /** --ndjson-file FILE: every flow of every tick as JSON lines, beside any other output. */
  ndjsonFile: string | null;
  /** --metrics [ADDR:]PORT: Prometheus metrics over HTTP. */
  metrics: ListenAddress | null;
  /** --metrics-max-hosts, --metrics-top-remote: the bounded per-host series. */
  metricsMaxHosts: number;
  metricsTopRemote: number;
  /** --json: one JSON document on stdout when the run ends, instead of text blocks. */
  json: boolean;
  /** --csv FILE|-: one RFC 4180 row per flow and tick. */
  csvFile: string | null;
  /** --no-processes: no per-process attribution (it is on for live captures). */
  noProcesses: boolean;
  /** --by process|unit|container: text mode lists those rows instead of the host pairs. */
  by: 'process' | 'unit' | 'container' | null;
  /** --history [FILE]: record traffic history (null: off; '' the default path). */
  history: string | null;
  /** --flush, --retention, --detail-retention of the history (checked here, combined when the store opens). */
  historyFlushSeconds: number | null;
  historyRetention: string | null;
  historyDetailRetention: string | null;
  /** --flow-export URL: IPFIX or NetFlow v9 to a collector. */
  flowExport: FlowExportTarget | null;
  /** --flow-active-timeout, --flow-inactive-timeout, --flow-template-refresh, --flow-domain, --flow-mtu. */
  flowTunables: Partial<Omit<FlowExportSettings, 'target'>>;
  /** --dns-server: reverse lookups go to this server only (no /etc/hosts). */
  dnsServer: string | null;
  /** --web [ADDR:]PORT: the live web view; --web-token-file; --web-allow-host NAME (repeatable). */
  web: ListenAddress | null;
  webTokenFile: string | null;
  webAllowHosts: readonly string[];
  /** -Z USER: the user to run as once the capture is open (root only). */
  user: string | null;
  /** --alerts FILE: alert rules, one per line. */
  alertsFile: string | null;
  /** --alert RULE (repeatable) and --alert-preset NAME (as "preset NAME"). */
  alertRules: string[];
  /** Where alert events go besides the display. */
  alertLog: string | null;
  alertCommand: string | null;
  alertWebhook: string | null;
  /** --link-speed: bits/s for utilisation when /sys/class/net/IF/speed says nothing. */
  linkSpeed: number | null;
  /** --labels: service labels, trends and utilisation in text mode and on the screen. */
  labels: boolean;
  /** `wiretop check`: a Nagios-style check instead of a display. */
  check: boolean;
  /** check: --warning/--critical interface thresholds (bytes/s), for the perfdata. */
  checkWarning: number | null;
  checkCritical: number | null;
}

export const DEFAULT_EXTRAS: Readonly<Extras> = {
  readFile: null,
  bufferSizeKiB: 32768,
  snaplen: 256,
  maxFlows: 100_000,
  ndjson: false,
  ndjsonFile: null,
  metrics: null,
  metricsMaxHosts: 100,
  metricsTopRemote: 20,
  json: false,
  csvFile: null,
  flowExport: null,
  flowTunables: {},
  noProcesses: false,
  by: null,
  history: null,
  historyFlushSeconds: null,
  historyRetention: null,
  historyDetailRetention: null,
  dnsServer: null,
  web: null,
  webTokenFile: null,
  webAllowHosts: [],
  user: null,
  alertsFile: null,
  alertRules: [],
  alertLog: null,
  alertCommand: null,
  alertWebhook: null,
  linkSpeed: null,
  labels: false,
  check: false,
  checkWarning: null,
  checkCritical: null,
};

export type ParsedArgs =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'error'; message: string }
  | { kind: 'run'; keys: Map<string, string>; configFile: string | null; extras: Extras };

/** Short options: letter → config key and fixed value (flags) or key taking the argument. */
const FLAGS: Record<string, [string, string]> = {
  n: ['dns-resolution', 'false'],
  N: ['port-resolution', 'false'],
  p: ['promiscuous', 'true'],
  b: ['show-bars', 'false'],
  B: ['use-bytes', 'true'],
  P: ['port-display', 'on'],
  l: ['link-local', 'true'],
  t: ['no-curses', 'true'],
};
const WITH_ARG: Record<string, string> = {
  i: 'interface',
  f: 'filter-code',
  F: 'net-filter',
  G: 'net-filter6',
  m: 'max-bandwidth',
  s: 'timed-output',
  L: 'num-lines',
  o: 'sort',
  c: '',
  r: '',
  Z: '',
};

/** `arg`: true takes a value, false none, 'optional' the next word unless it is an option (or `--name=value`). */
type LongOption = { arg: boolean | 'optional'; apply: (x: Extras, v: string) => string | null };

/** The web view's options (kept together: see src/web/). */
const WEB_OPTIONS: Record<string, LongOption> = {
  web: { arg: true, apply: (x, v) => {
    const a = parseListenAddress('--web', v);
    return 'error' in a ? a.error : ((x.web = a), null);
  } },
  'web-token-file': { arg: true, apply: (x, v) => (v === '' ? '--web-token-file takes a file name' : ((x.webTokenFile = v), null)) },
  'web-allow-host': { arg: true, apply: (x, v) => {
    const name = webHostName(v);
    return name === null ? `--web-allow-host takes a host name such as wiretop.example.org, not "${v}"` : ((x.webAllowHosts = [...x.webAllowHosts, name]), null);
  } },
};
const LONG: Record<string, LongOption> = {
  read: { arg: true, apply: (x, v) => ((x.readFile = v), null) },
  user: { arg: true, apply: (x, v) => ((x.user = v), null) },
  alerts: { arg: true, apply: (x, v) => ((x.alertsFile = v), null) },
  alert: { arg: true, apply: (x, v) => (x.alertRules.push(v), null) },
  'alert-preset': { arg: true, apply: (x, v) => (x.alertRules.push(`preset ${v}`), null) },
  'alert-log': { arg: true, apply: (x, v) => ((x.alertLog = v), null) },
  'alert-command': { arg: true, apply: (x, v) => ((x.alertCommand = v), null) },
  'alert-webhook': { arg: true, apply: (x, v) => (webhookUrl(v) ? ((x.alertWebhook = v), null) : `--alert-webhook takes an http:// or https:// URL, not "${v}"`) },
  'link-speed': { arg: true, apply: (x, v) => linkSpeedOption(v, (n) => (x.linkSpeed = n)) },
  labels: { arg: false, apply: (x) => ((x.labels = true), null) },
  warning: { arg: true, apply: (x, v) => checkThreshold(x, v, 'warning') },
  critical: { arg: true, apply: (x, v) => checkThreshold(x, v, 'critical') },
  'buffer-size': { arg: true, apply: (x, v) => intOption(v, 64, 4194304, 'buffer-size', 'KiB', (n) => (x.bufferSizeKiB = n)) },
  snaplen: { arg: true, apply: (x, v) => intOption(v, 68, 262144, 'snaplen', 'bytes', (n) => (x.snaplen = n)) },
  'max-flows': { arg: true, apply: (x, v) => intOption(v, 1, 10_000_000, 'max-flows', 'flows', (n) => (x.maxFlows = n)) },
  ndjson: { arg: false, apply: (x) => ((x.ndjson = true), null) },
  'ndjson-file': { arg: true, apply: (x, v) => (v === '' ? '--ndjson-file takes a file name (or - for standard output)' : ((x.ndjsonFile = v), null)) },
  metrics: { arg: true, apply: (x, v) => {
    const a = parseListenAddress('--metrics', v);
    return 'error' in a ? a.error : ((x.metrics = a), null);
  } },
  'metrics-max-hosts': { arg: true, apply: (x, v) => intOption(v, 0, 100_000, 'metrics-max-hosts', 'hosts', (n) => (x.metricsMaxHosts = n)) },
  'metrics-top-remote': { arg: true, apply: (x, v) => intOption(v, 0, 10_000, 'metrics-top-remote', 'hosts', (n) => (x.metricsTopRemote = n)) },
  json: { arg: false, apply: (x) => ((x.json = true), null) },
  csv: { arg: true, apply: (x, v) => (v === '' ? '--csv takes a file name (or - for standard output)' : ((x.csvFile = v), null)) },
  'no-processes': { arg: false, apply: (x) => ((x.noProcesses = true), null) },
  by: { arg: true, apply: (x, v) => (v === 'process' || v === 'unit' || v === 'container' ? ((x.by = v), null) : `--by takes process, unit or container, not "${v}"`) },
  history: { arg: 'optional', apply: (x, v) => ((x.history = v), null) },
  flush: { arg: true, apply: (x, v) => {
    const r = parseFlushInterval(v);
    return 'error' in r ? r.error : ((x.historyFlushSeconds = r.seconds), null);
  } },
  retention: { arg: true, apply: (x, v) => {
    const r = parseRetention(v);
    return 'error' in r ? r.error : ((x.historyRetention = v), null);
  } },
  'detail-retention': { arg: true, apply: (x, v) => {
    const r = parseDetailRetention(v);
    return 'error' in r ? r.error : ((x.historyDetailRetention = v), null);
  } },
  'flow-export': { arg: true, apply: (x, v) => parsed(parseFlowExportUrl(v), (t) => (x.flowExport = t)) },
  'flow-active-timeout': { arg: true, apply: (x, v) => parsed(parseActiveTimeout(v), (n) => (x.flowTunables = { ...x.flowTunables, activeTimeoutSeconds: n })) },
  'flow-inactive-timeout': { arg: true, apply: (x, v) => parsed(parseInactiveTimeout(v), (n) => (x.flowTunables = { ...x.flowTunables, inactiveTimeoutSeconds: n })) },
  'flow-template-refresh': { arg: true, apply: (x, v) => parsed(parseTemplateRefresh(v), (r) => (x.flowTunables = { ...x.flowTunables, templateRefreshPackets: r.packets, templateRefreshSeconds: r.seconds })) },
  'flow-domain': { arg: true, apply: (x, v) => parsed(parseObservationDomain(v), (n) => (x.flowTunables = { ...x.flowTunables, observationDomain: n })) },
  'flow-mtu': { arg: true, apply: (x, v) => parsed(parseMaxDatagram(v), (n) => (x.flowTunables = { ...x.flowTunables, maxDatagramBytes: n })) },
  'dns-server': { arg: true, apply: (x, v) => dnsServerOption(v, (server) => (x.dnsServer = server)) },
  ...WEB_OPTIONS,
};

/** A parser's answer as an option's: set the value, or the one-line problem. */
function parsed<T>(r: Parsed<T>, set: (v: T) => void): string | null {
  if (!r.ok) return r.message;
  set(r.value);
  return null;
}

/** wiretop's own long options (the -h text must name every one). */
export function extraOptionNames(): string[] {
  return Object.keys(LONG);
}

/** Whether a long option of wiretop's own exists and takes a value. */
export function extraOption(name: string): { readonly arg: boolean | 'optional' } | undefined {
  return Object.hasOwn(LONG, name) ? LONG[name] : undefined;
}

/** Applies one of wiretop's own long options; returns the problem with its value, if any. */
export function applyExtra(extras: Extras, name: string, value: string): string | null {
  const opt = LONG[name];
  return opt === undefined ? `unknown option --${name}` : opt.apply(extras, value);
}

/** An absolute http(s) URL that Node can request (a port out of range or a broken host is refused here, not at the first alert). */
function webhookUrl(v: string): boolean {
  if (!/^https?:\/\/[\x21-\x7e]+$/.test(v)) return false;
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/** check's --warning/--critical RATE: an interface rule (total, 10 s) and the perfdata thresholds. */
function checkThreshold(x: Extras, v: string, severity: 'warning' | 'critical'): string | null {
  const bytes = parseRateValue(v);
  if (bytes === null) return `--${severity} takes a rate like 50MB/s or 400Mb/s, not "${v}"`;
  x.alertRules.push(`rate interface total > ${v} ${severity}`);
  if (severity === 'warning') x.checkWarning = bytes;
  else x.checkCritical = bytes;
  return null;
}

/** Link speeds are decimal like the NIC's: 100M = 100 000 000 bits/s, 1G, 10G, or plain bits/s. */
function linkSpeedOption(v: string, set: (bits: number) => void): string | null {
  const m = /^(\d+(?:\.\d+)?)([kKmMgG]?)(?:bit\/s|b\/s|bps)?$/.exec(v);
  if (m === null || Number(m[1]) <= 0) return `--link-speed takes bits per second like 1G, 100M or 2.5G, not "${v}"`;
  set(Number(m[1]) * 1000 ** ['', 'k', 'm', 'g'].indexOf(m[2]!.toLowerCase()));
  return null;
}

/** An IPv4 or IPv6 address with an optional port: 127.0.0.1, 127.0.0.1:5353, ::1, [::1]:53 (what c-ares takes). */
function dnsServerOption(v: string, set: (server: string) => void): string | null {
  const bracketed = /^\[(.+)\](?::(\d+))?$/.exec(v);
  const withPort = /^([^:]+):(\d+)$/.exec(v);
  const [host, port] = bracketed !== null ? [bracketed[1]!, bracketed[2]] : withPort !== null ? [withPort[1]!, withPort[2]] : [v, undefined];
  const address = parseAddress(host);
  const portOk = port === undefined || (Number(port) >= 1 && Number(port) <= 65535);
  if (address === null || !portOk || (bracketed !== null && address.family !== 6)) {
    return `--dns-server takes an IP address and an optional port (127.0.0.1:5353, [::1]:53), not "${v}"`;
  }
  set(v);
  return null;
}

/** Parses argv (without node and script); help and errors win at the point they are reached. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const keys = new Map<string, string>();
  const extras: Extras = { ...DEFAULT_EXTRAS, alertRules: [] };
  let configFile: string | null = null;
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      i++;
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      if (name === 'help') return { kind: 'help' };
      if (name === 'version') return { kind: 'version' };
      const opt = LONG[name];
      if (opt === undefined) return error(`unknown option --${name}`);
      let value = '';
      if (opt.arg === 'optional') {
        if (eq >= 0) value = arg.slice(eq + 1);
        else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('-')) value = argv[++i]!;
      } else if (opt.arg) {
        if (eq >= 0) value = arg.slice(eq + 1);
        else if (i + 1 < argv.length) value = argv[++i]!;
        else return error(`option --${name} needs a value`);
      } else if (eq >= 0) {
        return error(`option --${name} takes no value`);
      }
      const problem = opt.apply(extras, value);
      if (problem !== null) return error(problem);
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    for (let j = 1; j < arg.length; j++) {
      const c = arg[j]!;
      if (c === 'h') return { kind: 'help' };
      const flag = FLAGS[c];
      if (flag !== undefined) {
        keys.set(flag[0], flag[1]);
        continue;
      }
      const key = WITH_ARG[c];
      if (key === undefined) return error(`unknown option -${c}`);
      let value: string;
      if (j + 1 < arg.length) value = arg.slice(j + 1);
      else if (i + 1 < argv.length) value = argv[++i]!;
      else return error(`option -${c} needs a value`);
      if (c === 'c') configFile = value;
      else if (c === 'r') extras.readFile = value;
      else if (c === 'Z') extras.user = value;
      else keys.set(key, value);
      break;
    }
  }
  if (i < argv.length) {
    return error(`unexpected argument "${argv[i]}": options come first, and none takes a word after it`);
  }
  return { kind: 'run', keys, configFile, extras };
}

function error(message: string): ParsedArgs {
  return { kind: 'error', message: `${message} (wiretop -h lists the options)` };
}

function intOption(v: string, min: number, max: number, name: string, unit: string, set: (n: number) => void): string | null {
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    return `--${name} takes a whole number of ${unit} from ${min} to ${max}, not "${v}"`;
  }
  set(Number(v));
  return null;
}
