// Which side of a flow is the service, and the text key it is recorded under ("tcp/443", "udp/53", "icmp").

const PROTO_NAMES: Readonly<Record<number, string>> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 58: 'icmpv6', 132: 'sctp', 136: 'udplite' };

/** Protocols whose flow keys carry ports. */
const WITH_PORTS = new Set([6, 17, 132, 136]);

/**
 * The service port of a flow between ports a and b: the one that is a known service when only one is
 * (/etc/services or the well-known list, through isService), else the lower one (clients take
 * ephemeral ports, 32768–60999 on Linux, above the server's); a zero port never wins over a real one.
 */
export function servicePort(proto: number, a: number, b: number, isService: (port: number, proto: number) => boolean): number {
  if (a === 0 || b === 0) return a === 0 ? b : a;
  const sa = isService(a, proto), sb = isService(b, proto);
  if (sa !== sb) return sa ? a : b;
  return Math.min(a, b);
}

/** "tcp/443", "udp/53", "icmp", "icmpv6", "proto-47" (port-less protocols have no port part). */
export function serviceKey(proto: number, a: number, b: number, isService: (port: number, proto: number) => boolean): string {
  const name = PROTO_NAMES[proto] ?? `proto-${proto}`;
  if (!WITH_PORTS.has(proto)) return name;
  return `${name}/${servicePort(proto, a, b, isService)}`;
}

/** Ports below 1024 count as services when no table is given. */
export const SYSTEM_PORTS = (port: number): boolean => port > 0 && port < 1024;
