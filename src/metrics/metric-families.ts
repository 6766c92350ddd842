// The metric families wiretop exposes (names, help, labels: ecosystem-conventions §8.1), declared once for the sink and the registry.

export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge';
  readonly labels: readonly string[];
}

/** The label value that collects every key beyond the exposed ones, so sums over a family equal the totals. */
export const OTHER = '__other__';

/** `protocol` label values, in the order of the per-protocol arrays. */
export const PROTOCOLS = ['tcp', 'udp', 'icmp', 'icmpv6', 'other'] as const;

/** Index into PROTOCOLS of an IP protocol number. */
export function protocolIndex(proto: number): number {
  return proto === 6 ? 0 : proto === 17 ? 1 : proto === 1 ? 2 : proto === 58 ? 3 : 4;
}

function family(name: string, type: MetricFamily['type'], labels: readonly string[], help: string): MetricFamily {
  return { name, type, labels, help };
}

export const BUILD_INFO = family('wiretop_build_info', 'gauge', ['version', 'nodejs_version'],
  'Always 1; the labels say which wiretop and Node.js version runs.');
export const CAPTURE_PACKETS = family('wiretop_capture_packets_total', 'counter', ['interface'],
  'Frames the capture handed to wiretop (after the BPF filter).');
export const CAPTURE_DROPPED = family('wiretop_capture_dropped_packets_total', 'counter', ['interface', 'reason'],
  'Packets the capture lost: reason="kernel" (capture buffer full, pcap ps_drop), "interface" (interface or driver, ps_ifdrop).');

/** Interface traffic by direction, from the interface's point of view (iftop's direction). */
export const INTERFACE = {
  receiveBytes: family('wiretop_interface_receive_bytes_total', 'counter', ['interface', 'protocol'],
    'IP bytes received on the interface (IP total length), by IP protocol.'),
  transmitBytes: family('wiretop_interface_transmit_bytes_total', 'counter', ['interface', 'protocol'],
    'IP bytes transmitted by this host on the interface (IP total length), by IP protocol.'),
  receivePackets: family('wiretop_interface_receive_packets_total', 'counter', ['interface', 'protocol'],
    'IP packets received on the interface, by IP protocol.'),
  transmitPackets: family('wiretop_interface_transmit_packets_total', 'counter', ['interface', 'protocol'],
    'IP packets transmitted by this host on the interface, by IP protocol.'),
} as const;

/**
 * Traffic of one bounded key dimension (hosts; programs and units with attribution on), from the
 * key's point of view: "sent" are the bytes the key is the source of. Labels: interface and the dimension.
 */
export interface KeyFamilies {
  readonly dimension: string;
  readonly sentBytes: MetricFamily;
  readonly receivedBytes: MetricFamily;
  readonly sentPackets: MetricFamily;
  readonly receivedPackets: MetricFamily;
  /** Series of this dimension removed (a key left the exposed set). */
  readonly evicted: MetricFamily;
}

/** The families of a dimension: wiretop_<dimension>_{sent,received}_{bytes,packets}_total{interface,<dimension>}. */
export function keyFamilies(dimension: string, what: string): KeyFamilies {
  const labels = ['interface', dimension];
  const p = `wiretop_${dimension}`;
  return {
    dimension,
    sentBytes: family(`${p}_sent_bytes_total`, 'counter', labels, `IP bytes whose source is the ${what}; ${OTHER} sums the ${what}s not exposed.`),
    receivedBytes: family(`${p}_received_bytes_total`, 'counter', labels, `IP bytes whose destination is the ${what}; ${OTHER} sums the ${what}s not exposed.`),
    sentPackets: family(`${p}_sent_packets_total`, 'counter', labels, `IP packets whose source is the ${what}; ${OTHER} sums the ${what}s not exposed.`),
    receivedPackets: family(`${p}_received_packets_total`, 'counter', labels, `IP packets whose destination is the ${what}; ${OTHER} sums the ${what}s not exposed.`),
    evicted: family(`${p}_series_evicted_total`, 'counter', ['interface'], `Per-${what} series removed because the ${what} left the exposed set.`),
  };
}

export const HOST = keyFamilies('host', 'host');
/** With attribution on: by the process name and the systemd unit owning the flow. */
export const PROGRAM = keyFamilies('program', 'program');
export const UNIT = keyFamilies('unit', 'systemd unit');

export const HOSTS_TRACKED = family('wiretop_hosts_tracked', 'gauge', ['interface'],
  'Distinct host addresses among the flows wiretop holds for the interface.');
export const FLOWS_ACTIVE = family('wiretop_flows_active', 'gauge', ['interface'],
  'Flows in the flow table after this tick\'s expiry.');
export const ALERTS_FIRING = family('wiretop_alerts_firing', 'gauge', ['alertname', 'severity'],
  'Alerts firing now, per rule (alertname = the rule as written) and severity.');

function keyList(k: KeyFamilies): MetricFamily[] {
  return [k.sentBytes, k.receivedBytes, k.sentPackets, k.receivedPackets, k.evicted];
}

/** Every family, in exposition order. */
export const ALL_FAMILIES: readonly MetricFamily[] = [
  BUILD_INFO, CAPTURE_PACKETS, CAPTURE_DROPPED,
  INTERFACE.receiveBytes, INTERFACE.transmitBytes, INTERFACE.receivePackets, INTERFACE.transmitPackets,
  ...keyList(HOST), ...keyList(PROGRAM), ...keyList(UNIT), HOSTS_TRACKED, FLOWS_ACTIVE, ALERTS_FIRING,
];
