// The real name service: /etc/hosts (re-read when it changes) and reverse DNS through c-ares, or --dns-server alone.
import { statSync } from 'node:fs';
import { NameService } from '../../app/name-service.js';
import { DEFAULT_NAME_LIMITS, NameCache } from '../../names/name-cache.js';
import { parseHostsFile } from '../../names/hosts-file.js';
import { readTextFile } from '../host/linux-host.js';
import { dnsReverseLookup } from './reverse-resolver.js';

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
