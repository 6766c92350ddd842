// The data templates (IPv4/IPv6, with or without ports) and the interface options template, for IPFIX and NetFlow v9.
import type { ExportInterface } from './flow-export-options.js';
import type { ExportRecord } from './export-record.js';

/** Information element IDs (IANA IPFIX registry; NetFlow v9 field types share the numbers). */
export const IE = {
  octetDeltaCount: 1,
  packetDeltaCount: 2,
  protocolIdentifier: 4,
  sourceTransportPort: 7,
  sourceIPv4Address: 8,
  ingressInterface: 10,
  destinationTransportPort: 11,
  destinationIPv4Address: 12,
  egressInterface: 14,
  /** NetFlow v9 LAST_SWITCHED / FIRST_SWITCHED: sysUptime milliseconds. */
  lastSwitched: 21,
  firstSwitched: 22,
  sourceIPv6Address: 27,
  destinationIPv6Address: 28,
  ipVersion: 60,
  flowDirection: 61,
  interfaceName: 82,
  flowEndReason: 136,
  flowStartMilliseconds: 152,
  flowEndMilliseconds: 153,
} as const;

export interface Field {
  readonly id: number;
  readonly length: number;
}

export interface DataTemplate {
  readonly id: number;
  readonly family: 4 | 6;
  /** TCP and UDP records carry ports; other protocols have none in wiretop's flow key. */
  readonly ports: boolean;
  readonly fields: readonly Field[];
  readonly recordLength: number;
}

/** Template IDs: data 256–259 (the first non-reserved ID), the NetFlow v9 interface options template 260. */
export const OPTIONS_TEMPLATE_ID = 260;

/** How the two protocols differ inside a record: times absolute (IPFIX 152/153) or on the sysUptime clock (v9 22/21). */
export type TimeStyle = 'absolute' | 'uptime';

/** Index of a record's template in `dataTemplates()`: v4+ports, v4, v6+ports, v6. */
export function templateIndex(family: 4 | 6, proto: number): number {
  return (family === 4 ? 0 : 2) + (proto === 6 || proto === 17 ? 0 : 1);
}

/**
 * Field order of every data record. ICMP type/code (IEs 32/139) are not sent: wiretop's flow key
 * has no ICMP type or code (the decoder keeps ports 0 for anything but TCP and UDP, so all ICMP
 * between two hosts is one flow), and a zero would claim "echo reply".
 */
export function dataTemplates(time: TimeStyle, withInterface: boolean): DataTemplate[] {
  const out: DataTemplate[] = [];
  for (const family of [4, 6] as const) {
    for (const ports of [true, false]) {
      const a = family === 4 ? 4 : 16;
      const fields: Field[] = [
        { id: IE.octetDeltaCount, length: 8 },
        { id: IE.packetDeltaCount, length: 8 },
        time === 'absolute' ? { id: IE.flowStartMilliseconds, length: 8 } : { id: IE.firstSwitched, length: 4 },
        time === 'absolute' ? { id: IE.flowEndMilliseconds, length: 8 } : { id: IE.lastSwitched, length: 4 },
        { id: family === 4 ? IE.sourceIPv4Address : IE.sourceIPv6Address, length: a },
        { id: family === 4 ? IE.destinationIPv4Address : IE.destinationIPv6Address, length: a },
        ...(ports ? [{ id: IE.sourceTransportPort, length: 2 }, { id: IE.destinationTransportPort, length: 2 }] : []),
        { id: IE.protocolIdentifier, length: 1 },
        { id: IE.ipVersion, length: 1 },
        { id: IE.flowDirection, length: 1 },
        { id: IE.flowEndReason, length: 1 },
        ...(withInterface ? [{ id: IE.ingressInterface, length: 4 }, { id: IE.egressInterface, length: 4 }] : []),
      ];
      out.push({ id: 256 + out.length, family, ports, fields, recordLength: fields.reduce((n, f) => n + f.length, 0) });
    }
  }
  return out;
}

/** Writes an unsigned integer below 2^53 as 8 bytes, big-endian. */
export function setUint64(dv: DataView, pos: number, v: number): void {
  dv.setUint32(pos, Math.floor(v / 0x1_0000_0000));
  dv.setUint32(pos + 4, v >>> 0);
}

/**
 * Writes one record in the field order of dataTemplates(); returns the position after it.
 * `time` maps epoch milliseconds to the template's time field.
 */
export function writeRecord(
  dv: DataView,
  bytes: Uint8Array,
  pos: number,
  r: Readonly<ExportRecord>,
  ports: boolean,
  style: TimeStyle,
  uptime: (ms: number) => number,
  iface: ExportInterface | null,
): number {
  setUint64(dv, pos, r.octets);
  setUint64(dv, pos + 8, r.packets);
  pos += 16;
  if (style === 'absolute') {
    setUint64(dv, pos, r.startMs);
    setUint64(dv, pos + 8, r.endMs);
    pos += 16;
  } else {
    dv.setUint32(pos, uptime(r.startMs));
    dv.setUint32(pos + 4, uptime(r.endMs));
    pos += 8;
  }
  const a = r.family === 4 ? 4 : 16;
  const addrs = r.addrs;
  for (let i = 0; i < a; i++) {
    bytes[pos + i] = addrs[r.srcOffset + i]!;
    bytes[pos + a + i] = addrs[r.dstOffset + i]!;
  }
  pos += 2 * a;
  if (ports) {
    dv.setUint16(pos, r.srcPort);
    dv.setUint16(pos + 2, r.dstPort);
    pos += 4;
  }
  bytes[pos] = r.proto;
  bytes[pos + 1] = r.family;
  bytes[pos + 2] = r.direction;
  bytes[pos + 3] = r.endReason;
  pos += 4;
  if (iface !== null) {
    dv.setUint32(pos, r.direction === 0 ? iface.index : 0);
    dv.setUint32(pos + 4, r.direction === 1 ? iface.index : 0);
    pos += 8;
  }
  return pos;
}

/** The interface name as bytes: printable ASCII kept, anything else as "?" (interface names are ASCII in practice). */
export function interfaceNameBytes(name: string, max: number): Uint8Array {
  const out = new Uint8Array(Math.min(name.length, max));
  for (let i = 0; i < out.length; i++) {
    const c = name.charCodeAt(i);
    out[i] = c >= 0x20 && c < 0x7f ? c : 0x3f;
  }
  return out;
}
