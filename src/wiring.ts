// Small pieces of wiring shared by the file and live entry points: view options, names, signals, seeds.
import { randomInt } from 'node:crypto';
import { statSync } from 'node:fs';
import { dnsReverseLookup } from './adapters/dns/reverse-resolver.js';
import { NameService } from './app/name-service.js';
import { formatAddress } from './format/inet-ntop.js';
import { inert } from './format/inert.js';
import { DEFAULT_NAME_LIMITS, NameCache } from './names/name-cache.js';
import { parseHostsFile } from './names/hosts-file.js';
import { readTextFile } from './adapters/host/linux-host.js';
import type { LabellerFactory } from './app/text-session.js';
import type { Settings } from './config/settings.js';
import type { ViewOptions } from './core/view-options.js';
import { parseServices } from './format/services.js';
import { wellKnownService } from './format/well-known-ports.js';
import type { ServiceTable } from './format/services.js';
import type { TextOutput } from './ports/text-output.js';

export function viewOptionsFrom(s: Settings): ViewOptions {
  return {
    hideSource: s.hideSource,
    hideDestination: s.hideDestination,
    portDisplay: s.portDisplay,
    lineDisplay: s.lineDisplay,
    sort: s.sort,
    frozen: false,
  };
}

let services: ServiceTable | null = null;

/** /etc/services, loaded once (iftop loads the whole database at start). */
export function serviceTable(): ServiceTable {
  if (services === null) {
    const r = readTextFile('/etc/services');
    services = parseServices('text' in r ? r.text : '');
  }
  return services;
}

/**
 * Labels for host and port columns: names from the name service while DNS is on (made inert: a
 * PTR record can hold escape sequences), service names from /etc/services.
 */
export function labellerFactory(names: NameService | null = null): LabellerFactory {
  const table = serviceTable();
  return (dnsOn, portNamesOn) => ({
    dnsOn,
    hostName:
      dnsOn && names !== null
        ? (family, addr) => {
            const name = names.name(formatAddress(family, addr));
            return name === undefined ? undefined : inert(name);
          }
        : () => undefined,
    serviceName: portNamesOn ? (port, proto) => table.serviceName(port, proto) : () => undefined,
  });
}

const HOSTS_RECHECK_MS = 10_000;

/**
 * The name service: /etc/hosts (re-read when it changes, checked at most every 10 s) and reverse DNS
 * to the system's servers — or, with --dns-server, that server only and no /etc/hosts.
 */
export function createNameService(dnsServer: string | null, onNames: () => void = () => {}): NameService {
  let hosts: ReadonlyMap<string, string> = new Map();
  let checked = -Infinity;
  let mtime = -1;
  const currentHosts = () => {
    if (dnsServer !== null) return hosts;
    const now = performance.now();
    if (now - checked >= HOSTS_RECHECK_MS) {
      checked = now;
      const m = fileMtime('/etc/hosts');
      if (m !== mtime) {
        mtime = m;
        const r = readTextFile('/etc/hosts');
        hosts = parseHostsFile('text' in r ? r.text : '');
      }
    }
    return hosts;
  };
  return new NameService(
    new NameCache(DEFAULT_NAME_LIMITS, performance.now()),
    dnsReverseLookup(dnsServer === null ? null : [dnsServer]),
    currentHosts,
    { monotonicMs: () => performance.now(), epochSeconds: () => Date.now() / 1000 },
    (fn, ms) => {
      const t = setTimeout(fn, ms);
      return () => clearTimeout(t);
    },
    onNames,
  );
}

function fileMtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** Per-run hash seed for the flow table, so crafted traffic cannot aim at one probe chain. */
export function randomSeed(): number {
  return randomInt(0, 2 ** 31);
}

/** Signal numbers for the 128+n exit statuses. */
export const SIGNAL_NUMBERS = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGTERM: 15 } as const;
export type HandledSignal = keyof typeof SIGNAL_NUMBERS;

/** Routes SIGINT/SIGTERM/SIGHUP/SIGQUIT to one handler (iftop: SIGINT quits with 0). */
export function installSignals(handler: (signal: HandledSignal) => void): void {
  for (const s of Object.keys(SIGNAL_NUMBERS) as HandledSignal[]) process.on(s, () => handler(s));
}

let checkMode = false;

/** `wiretop check`: errors become Nagios UNKNOWN (status 3, on stdout) instead of status 1. */
export function enterCheckMode(): void {
  checkMode = true;
}

export function inCheckMode(): boolean {
  return checkMode;
}

/** One line on stderr and status 1: the shape of every user error (UNKNOWN and 3 in a check). */
export function fail(message: string): number {
  if (checkMode) {
    process.stdout.write(`WIRETOP UNKNOWN - ${inert(message)}\n`);
    return 3;
  }
  process.stderr.write(`wiretop: ${inert(message)}\n`);
  return 1;
}

/** iftop compiles `(FILTER) and (ip or ip6)`: only IP packets ever reach the decoder. */
export function bpfProgramText(userFilter: string | null): string {
  return userFilter === null || userFilter.trim() === '' ? 'ip or ip6' : `(${userFilter}) and (ip or ip6)`;
}

/** The one message for a missing libpcap, live or when compiling a filter for a file. */
export const LIBPCAP_MISSING = 'libpcap is not installed; install the Debian package: sudo apt-get install libpcap0.8';

/**
 * On exit, queued notifications get this long to go out (a webhook that fails fast and recovers
 * within its 1 s and 2 s back-offs makes it); a check, which a monitoring system times, gets 1 s.
 */
const CLOSE_ALERTS_MS = 5000;
const CLOSE_ALERTS_CHECK_MS = 1000;

/** Lets queued alert notifications go out for a bounded time, and says how many did not. */
export async function closeAlerts(alerts: { close(): Promise<void>; pending(): number } | { error: string } | null): Promise<void> {
  if (alerts === null || 'error' in alerts) return;
  const limit = checkMode ? CLOSE_ALERTS_CHECK_MS : CLOSE_ALERTS_MS;
  await Promise.race([alerts.close(), new Promise<void>((r) => setTimeout(r, limit).unref())]);
  const left = alerts.pending();
  if (left > 0) process.stderr.write(`wiretop: ${left} alert notification${left > 1 ? 's' : ''} not delivered before exit\n`);
}

/** Service names for labels and detectors: /etc/services, then the built-in well-known ports, regardless of the N switch. */
export function serviceNames(): (port: number, proto: number) => string | undefined {
  const table = serviceTable();
  return (port, proto) => table.serviceName(port, proto) ?? wellKnownService(port, proto);
}

/** Output that goes nowhere (a check prints only its status line). */
export const DISCARD: TextOutput = { write: () => true, drained: () => Promise.resolve() };

/** Local time of day of an epoch timestamp, "HH:MM:SS" (the alerts view). */
export function localClockText(ts: number): string {
  const d = new Date(ts * 1000);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** Local hour of day of an epoch timestamp (`hours` alert rules). */
export function localHour(ts: number): number {
  return new Date(ts * 1000).getHours();
}
