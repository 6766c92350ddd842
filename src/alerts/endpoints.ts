// How detectors name what an alert is about: protocols, host:port endpoints, and two-sided subjects in a stable order.
import type { FlowSample } from './flow-samples.js';

const PROTO: Record<number, string> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 58: 'icmpv6' };

export const protoName = (p: number): string => PROTO[p] ?? `proto ${p}`;

/** "10.0.0.80:80/udp", "[2001:db8::1]:443/tcp". */
export function endpoint(f: FlowSample, src: boolean): string {
  return endpointText(f, src ? f.srcHost() : f.dstHost(), src ? f.srcPort : f.dstPort, f.proto);
}

/** endpoint()'s text for a host number of the walk, a port and a protocol. */
export function endpointText(f: FlowSample, host: number, port: number, proto: number): string {
  const a = f.hostText(host);
  return `${f.hostFamily(host) === 6 ? `[${a}]` : a}:${port}/${protoName(proto)}`;
}

/**
 * Whether the flow's first side goes first in a two-sided subject: the internal side, else the lower
 * address. The flow table's order depends on which packet came first, and a subject (the alert's id)
 * must not.
 */
export function srcFirst(f: FlowSample): boolean {
  const a = f.srcInternal(), b = f.dstInternal();
  if (a !== b) return a;
  for (let i = 0; i < 4; i++) if (f.src[i] !== f.dst[i]) return f.src[i]! < f.dst[i]!;
  return f.srcPort <= f.dstPort;
}
