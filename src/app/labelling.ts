// Host and port labels for the presenters: names from the name service (made inert), service names from /etc/services.
import { formatAddress } from '../format/inet-ntop.js';
import { inert } from '../format/inert.js';
import type { ServiceTable } from '../format/services.js';
import { wellKnownService } from '../format/well-known-ports.js';
import type { NameService } from './name-service.js';
import type { LabellerFactory } from './text-session.js';

/**
 * Labels for host and port columns: names from the name service while DNS is on (made inert: a
 * PTR record can hold escape sequences), service names from /etc/services while N is on.
 */
export function labellerFactory(table: ServiceTable, names: NameService | null = null): LabellerFactory {
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

/** Service names for labels and detectors: /etc/services, then the built-in well-known ports, regardless of the N switch. */
export function serviceNames(table: ServiceTable): (port: number, proto: number) => string | undefined {
  return (port, proto) => table.serviceName(port, proto) ?? wellKnownService(port, proto);
}

/**
 * Link types on which libpcap's `ip or ip6` finds every IP packet: null/loop, Ethernet, raw IP, Linux
 * cooked. On the others (802.11 with radiotap or PPI, token ring, SLIP, PPP, Frame Relay, pflog) its
 * program misses encapsulations the decoder reads (QoS and HT-Control headers, data padding, source
 * routing, compressed protocols, pflog over IPv6), so only the user's own filter is applied there and
 * the decoder sorts out what is not IP.
 */
const IP_FILTER_LINK_TYPES = new Set([0, 1, 12, 14, 101, 108, 113, 228, 229, 276]);

/** Whether libpcap's `ip or ip6` is exact on a link type (LINKTYPE_ or DLT_ number). */
export function ipFilterIsExact(linktype: number): boolean {
  return IP_FILTER_LINK_TYPES.has(linktype);
}

/**
 * iftop compiles `(FILTER) and (ip or ip6)`: only IP packets ever reach the decoder. For a link type
 * where that program would lose IP packets, the user's filter alone (or none).
 */
export function bpfProgramText(userFilter: string | null, linktype?: number): string {
  const user = userFilter === null || userFilter.trim() === '' ? null : userFilter;
  if (linktype !== undefined && !ipFilterIsExact(linktype)) return user ?? '';
  return user === null ? 'ip or ip6' : `(${user}) and (ip or ip6)`;
}

/** The one message for a missing libpcap, live or when compiling a filter for a file. */
export const LIBPCAP_MISSING = 'libpcap is not installed; install the Debian package: sudo apt-get install libpcap0.8';
