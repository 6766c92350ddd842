// Reverse DNS (PTR) through c-ares (node:dns Resolver): asynchronous, with its own timeout, no thread pool.
import { Resolver } from 'node:dns/promises';
import type { ReverseLookup } from '../../ports/reverse-lookup.js';


/** Per query: c-ares waits this long per try… */
const TIMEOUT_MS = 2000;
/** …this many times. */
const TRIES = 2;

/**
 * Uses the system's name servers (/etc/resolv.conf), or `servers` (--dns-server, e.g.
 * "127.0.0.1:5353" or "[::1]:53"). getnameinfo() would also read /etc/hosts, but it blocks a libuv
 * thread for as long as a dead server takes (up to ~10 s, uncancellable); /etc/hosts is read by the
 * caller instead.
 */
export function dnsReverseLookup(servers: readonly string[] | null): ReverseLookup {
  const resolver = new Resolver({ timeout: TIMEOUT_MS, tries: TRIES });
  if (servers !== null) resolver.setServers([...servers]);
  return {
    reverse: async (address) => {
      try {
        const names = await resolver.reverse(address);
        return names[0] ?? null;
      } catch {
        return null;
      }
    },
  };
}
