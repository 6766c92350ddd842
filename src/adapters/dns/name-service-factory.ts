// The real name service: /etc/hosts (re-read when it changes) and reverse DNS through c-ares, or --dns-server alone.
import { statSync } from 'node:fs';
import { NameService } from '../../app/name-service.js';
import { DEFAULT_NAME_LIMITS, NameCache } from '../../names/name-cache.js';
import { parseHostsFile } from '../../names/hosts-file.js';
import { readTextFile } from '../host/linux-host.js';
import type { ReverseLookup } from '../../ports/reverse-lookup.js';

const HOSTS_RECHECK_MS = 10_000;

/**
 * /etc/hosts (re-read when it changes, checked at most every 10 s) and reverse DNS to the system's
 * servers — or, with --dns-server, that server only and no /etc/hosts.
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
    lazyReverseLookup(dnsServer === null ? null : [dnsServer]),
    currentHosts,
    { monotonicMs: () => performance.now(), epochSeconds: () => Date.now() / 1000 },
    (fn, ms) => {
      const t = setTimeout(fn, ms);
      return () => clearTimeout(t);
    },
    onNames,
  );
}

/**
 * The resolver (node:dns, c-ares) is loaded at the first lookup: a run that never asks for a name
 * (-n, or a file read with -t -n) does not pay its 7 ms of start-up.
 */
function lazyReverseLookup(servers: readonly string[] | null): ReverseLookup {
  let real: Promise<ReverseLookup> | null = null;
  return {
    reverse: async (address) => {
      real ??= import('./reverse-resolver.js').then((m) => m.dnsReverseLookup(servers));
      try {
        return await (await real).reverse(address);
      } catch {
        return null; // the port never rejects
      }
    },
  };
}

function fileMtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}
