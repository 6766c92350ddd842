// Flow export settings and their command-line parsers (--flow-export URL, timeouts, template refresh, domain, MTU).
import { parseAddress } from '../format/inet-ntop.js';
import { inert } from '../format/inert.js';

export type FlowProtocol = 'ipfix' | 'netflow9';

/** Where flows go: the collector, as parsed from ipfix://HOST[:PORT] or netflow9://HOST[:PORT]. */
export interface FlowExportTarget {
  readonly protocol: FlowProtocol;
  /** An IPv4 or IPv6 address (without brackets) or a DNS name. */
  readonly host: string;
  readonly port: number;
  /** Whether host is an address literal of that family, or null for a name to resolve. */
  readonly family: 4 | 6 | null;
  /** Canonical text for messages: ipfix://[2001:db8::1]:4739. */
  readonly text: string;
}

/** The capture interface as the collector should know it: ingress/egressInterface and the interfaceName options record. */
export interface ExportInterface {
  readonly index: number;
  readonly name: string;
}

export interface FlowExportOptions {
  readonly protocol: FlowProtocol;
  /** A record is cut when its flow has been exporting for this long (the next one carries the rest). */
  readonly activeTimeoutSeconds: number;
  /** A record ends when its flow has been silent for this long. */
  readonly inactiveTimeoutSeconds: number;
  /** Templates go out again after this many datagrams … */
  readonly templateRefreshPackets: number;
  /** … or when this much export time has passed, whichever comes first. */
  readonly templateRefreshSeconds: number;
  /** IPFIX Observation Domain ID / NetFlow v9 Source ID. */
  readonly observationDomain: number;
  /** Largest UDP payload sent (path MTU minus IP and UDP headers). */
  readonly maxDatagramBytes: number;
  /** Known for a live interface: adds ingressInterface/egressInterface and an interfaceName options record. */
  readonly exportInterface: ExportInterface | null;
}

export const DEFAULT_FLOW_EXPORT: Readonly<Omit<FlowExportOptions, 'protocol'>> = {
  activeTimeoutSeconds: 60,
  inactiveTimeoutSeconds: 15,
  // softflowd's interval (ipfix.c / netflow9.c: 16 packets); RFC 7011 §8.4 also wants a timer.
  templateRefreshPackets: 16,
  templateRefreshSeconds: 60,
  observationDomain: 0,
  // 1500-byte Ethernet minus IPv6 (40), UDP (8) and room for a tunnel or two.
  maxDatagramBytes: 1400,
  exportInterface: null,
};

export const DEFAULT_PORTS: Readonly<Record<FlowProtocol, number>> = { ipfix: 4739, netflow9: 2055 };
/** Room for the header, every template set and a data record of the widest template (IPv4 minimum reassembly size is 576). */
export const MIN_DATAGRAM_BYTES = 512;
/** The largest UDP payload over IPv4. */
export const MAX_DATAGRAM_BYTES = 65507;
const MAX_TIMEOUT_SECONDS = 86_400;

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const URL_HINT = 'ipfix://HOST[:PORT] or netflow9://HOST[:PORT] (default ports 4739 and 2055; IPv6 as [2001:db8::1]:4739)';

/** --flow-export ipfix://HOST[:PORT] | netflow9://HOST[:PORT]; HOST is an IPv4 address, [IPv6] or a DNS name. */
export function parseFlowExportUrl(text: string): Parsed<FlowExportTarget> {
  const bad = (why: string): Parsed<FlowExportTarget> => ({ ok: false, message: `--flow-export ${why}: takes ${URL_HINT}, not "${inert(text)}"` });
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(.*)$/.exec(text);
  if (m === null) return bad('needs a URL');
  const scheme = m[1]!.toLowerCase();
  if (scheme !== 'ipfix' && scheme !== 'netflow9') {
    return bad(scheme === 'udp' || scheme === 'netflow' || scheme === 'nf9' || scheme === 'v9' ? `says "${scheme}" where the protocol goes` : `does not know "${scheme}"`);
  }
  const protocol: FlowProtocol = scheme;
  let rest = m[2]!;
  if (rest.endsWith('/')) rest = rest.slice(0, -1);
  if (/[/?#@\s]/.test(rest)) return bad('takes a host and port only');
  let host: string;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(rest);
  if (bracketed !== null) {
    host = bracketed[1]!;
    portText = bracketed[2];
    const a = parseAddress(host);
    if (a === null || a.family !== 6) return bad('has brackets around something that is not an IPv6 address');
  } else {
    const colons = rest.split(':').length - 1;
    if (colons > 1) return bad('needs brackets around an IPv6 address');
    [host, portText] = colons === 1 ? [rest.slice(0, rest.indexOf(':')), rest.slice(rest.indexOf(':') + 1)] : [rest, undefined];
  }
  if (host === '') return bad('needs a host');
  const address = parseAddress(host);
  if (address === null && !isDnsName(host)) return bad(`has "${inert(host)}", which is neither an IP address nor a host name`);
  let port = DEFAULT_PORTS[protocol];
  if (portText !== undefined) {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) return bad('has a port outside 1-65535');
    port = Number(portText);
  }
  const family = address?.family ?? null;
  const shown = family === 6 ? `[${host}]` : host.toLowerCase();
  return { ok: true, value: { protocol, host: family === null ? host.toLowerCase() : host, port, family, text: `${protocol}://${shown}:${port}` } };
}

/** RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens, not all-numeric at the end. */
function isDnsName(host: string): boolean {
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.split('.');
  if (!labels.every((l) => /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/.test(l))) return false;
  // "10.1" or "300.1.1.1" are mistyped addresses, not names.
  return !/^\d+$/.test(labels[labels.length - 1]!);
}

/** A duration in whole seconds: 90, 90s, 2m, 1h (up to a day). */
export function parseDurationSeconds(option: string, text: string, min = 1): Parsed<number> {
  const m = /^(\d{1,6})([smh]?)$/.exec(text);
  const n = m === null ? NaN : Number(m[1]) * ({ '': 1, s: 1, m: 60, h: 3600 } as Record<string, number>)[m[2]!]!;
  if (!(n >= min && n <= MAX_TIMEOUT_SECONDS)) {
    return { ok: false, message: `${option} takes a duration from ${min}s to 24h such as 60s, 2m or 1h, not "${inert(text)}"` };
  }
  return { ok: true, value: n };
}

/** --flow-active-timeout DURATION (default 60s). */
export function parseActiveTimeout(text: string): Parsed<number> {
  return parseDurationSeconds('--flow-active-timeout', text);
}

/** --flow-inactive-timeout DURATION (default 15s). */
export function parseInactiveTimeout(text: string): Parsed<number> {
  return parseDurationSeconds('--flow-inactive-timeout', text);
}

/** --flow-template-refresh PACKETS/DURATION, or either alone (the other keeps its default): 16/60s, 32, 5m. */
export function parseTemplateRefresh(text: string): Parsed<{ packets: number; seconds: number }> {
  const bad: Parsed<{ packets: number; seconds: number }> = {
    ok: false,
    message: `--flow-template-refresh takes DATAGRAMS/DURATION (16/60s), a count (16) or a duration (60s), not "${inert(text)}"`,
  };
  const parts = text.split('/');
  if (parts.length > 2) return bad;
  let packets = DEFAULT_FLOW_EXPORT.templateRefreshPackets;
  let seconds = DEFAULT_FLOW_EXPORT.templateRefreshSeconds;
  const [first, second] = parts as [string, string | undefined];
  const count = (t: string) => (/^\d{1,6}$/.test(t) && Number(t) >= 1 ? Number(t) : null);
  if (second !== undefined) {
    const p = count(first);
    const s = /^\d+[smh]$/.test(second) ? parseDurationSeconds('', second) : null;
    if (p === null || s === null || !s.ok) return bad;
    packets = p;
    seconds = s.value;
  } else if (count(first) !== null) {
    packets = count(first)!;
  } else {
    const s = /^\d+[smh]$/.test(first) ? parseDurationSeconds('', first) : null;
    if (s === null || !s.ok) return bad;
    seconds = s.value;
  }
  return { ok: true, value: { packets, seconds } };
}

/** --flow-domain N: the Observation Domain ID (IPFIX) / Source ID (NetFlow v9), 0 to 4294967295. */
export function parseObservationDomain(text: string): Parsed<number> {
  if (!/^\d{1,10}$/.test(text) || Number(text) > 0xffffffff) {
    return { ok: false, message: `--flow-domain takes an observation domain ID from 0 to 4294967295, not "${inert(text)}"` };
  }
  return { ok: true, value: Number(text) };
}

/** --flow-mtu BYTES: the largest UDP payload to send. */
export function parseMaxDatagram(text: string): Parsed<number> {
  if (!/^\d{1,5}$/.test(text) || Number(text) < MIN_DATAGRAM_BYTES || Number(text) > MAX_DATAGRAM_BYTES) {
    return { ok: false, message: `--flow-mtu takes a UDP payload size from ${MIN_DATAGRAM_BYTES} to ${MAX_DATAGRAM_BYTES} bytes, not "${inert(text)}"` };
  }
  return { ok: true, value: Number(text) };
}

/** What the command line gives: the collector and any of the tunables (the rest keep DEFAULT_FLOW_EXPORT). */
export type FlowExportSettings = { readonly target: FlowExportTarget } & Partial<Omit<FlowExportOptions, 'protocol' | 'exportInterface'>>;

/** The exporter's options from the settings and the capture interface (null for a file or "any"). */
export function flowExportOptions(s: FlowExportSettings, exportInterface: ExportInterface | null): FlowExportOptions & { readonly target: string } {
  const { target, ...tunables } = s;
  return { ...DEFAULT_FLOW_EXPORT, ...tunables, protocol: target.protocol, exportInterface, target: target.text };
}
