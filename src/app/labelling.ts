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

/** iftop compiles `(FILTER) and (ip or ip6)`: only IP packets ever reach the decoder. */
export function bpfProgramText(userFilter: string | null): string {
  return userFilter === null || userFilter.trim() === '' ? 'ip or ip6' : `(${userFilter}) and (ip or ip6)`;
}

/** The one message for a missing libpcap, live or when compiling a filter for a file. */
export const LIBPCAP_MISSING = 'libpcap is not installed; install the Debian package: sudo apt-get install libpcap0.8';
