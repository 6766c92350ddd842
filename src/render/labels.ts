// Service and protocol labels for a line ("tcp/https", "udp/domain", "icmp"), with odd ports called out.
import type { FlowLine, Rates } from '../core/screen-model.js';
import { trendOf } from '../core/trend.js';
import type { Trend } from '../core/trend.js';

/** A line on ports with no known service is called out when it carries this much (10 s): the guide's odd-port pattern. */
export const HEAVY_ODD_PORT = 1024 * 1024;

const PROTO: Record<number, string> = { 1: 'icmp', 2: 'igmp', 4: 'ipip', 6: 'tcp', 17: 'udp', 41: 'ipv6', 47: 'gre', 50: 'esp', 51: 'ah', 58: 'icmpv6', 89: 'ospf', 132: 'sctp' };

export function protocolName(proto: number): string {
  return PROTO[proto] ?? `ip${proto}`;
}

export interface ServiceLabel {
  /** "tcp/https", "udp/5353", "icmp". */
  readonly text: string;
  /** TCP/UDP where neither port has a service name. */
  readonly nonStandard: boolean;
}

/**
 * The label of a protocol and port pair: the port with a service name (the lower one when both have
 * one), else the lower port. Unknown services show as numbers so the label stays honest.
 */
export function serviceLabel(
  d: { readonly proto: number; readonly srcPort: number; readonly dstPort: number },
  serviceName: (port: number, proto: number) => string | undefined,
): ServiceLabel {
  const proto = protocolName(d.proto);
  if ((d.proto !== 6 && d.proto !== 17) || (d.srcPort === 0 && d.dstPort === 0)) return { text: proto, nonStandard: false };
  const named = [d.srcPort, d.dstPort].filter((p) => p !== 0 && serviceName(p, d.proto) !== undefined).sort((a, b) => a - b);
  if (named.length > 0) return { text: `${proto}/${serviceName(named[0]!, d.proto)}`, nonStandard: false };
  const port = Math.min(...[d.srcPort, d.dstPort].filter((p) => p !== 0));
  return { text: `${proto}/${port}`, nonStandard: true };
}

/** Label, trend, and whether it is heavy traffic on an odd port, for one line (its dominant flow when merged). */
export function lineLabel(l: FlowLine, serviceName: (port: number, proto: number) => string | undefined): { text: string; trend: Trend; oddHeavy: boolean } {
  const label = serviceLabel(l.dominant ?? { proto: l.proto, srcPort: l.srcPort, dstPort: l.dstPort }, serviceName);
  const rates = sumRates(l.sent, l.recv);
  return { text: label.text, trend: trendOf(rates), oddHeavy: label.nonStandard && rates[1] >= HEAVY_ODD_PORT };
}

export function sumRates(a: Rates, b: Rates): Rates {
  return [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
}
