// Builds the host/port string of either side of a line at a given width, shared by text mode and the screen.
import type { FlowLine } from '../core/screen-model.js';
import { formatHostLabel } from '../format/host-label.js';
import { formatAddress } from '../format/inet-ntop.js';

/** Where names come from; both return undefined when there is nothing to show but the number. */
export interface Labeller {
  /** True while DNS resolution is on (names are then cut to width − 1, as in iftop). */
  readonly dnsOn: boolean;
  /** The resolver's current text for an address (a name, or undefined while unknown). */
  hostName(family: 4 | 6, addr: Uint8Array): string | undefined;
  /** Service name for a port, or undefined when unknown or when port resolution is off. */
  serviceName(port: number, proto: number): string | undefined;
}

/** A labeller that only shows numbers (-n -N). */
export const NUMERIC_LABELLER: Labeller = {
  dnsOn: false,
  hostName: () => undefined,
  serviceName: () => undefined,
};

const OVERFLOW_LABEL = '(other flows: table full)';

/**
 * The exactly-`width`-characters text for the line's source (left) or destination side. `hidden` is the
 * current hide-source/-destination switch.
 */
export function sideText(line: FlowLine, side: 'src' | 'dst', width: number, names: Labeller, hidden: boolean): string {
  const port = side === 'src' ? line.srcPort : line.dstPort;
  if (line.family === 0) {
    return formatHostLabel(width, { hidden: false, name: OVERFLOW_LABEL, fromResolver: true, family: 4, port: 0, service: undefined });
  }
  const addr = side === 'src' ? line.src : line.dst;
  const family = line.family;
  const resolved = names.dnsOn ? names.hostName(family, addr) : undefined;
  const name = resolved ?? formatAddress(family, addr);
  const service = port !== 0 ? names.serviceName(port, line.proto) : undefined;
  // iftop prints " * " for a hidden side once aggregation has zeroed its address.
  return formatHostLabel(width, { hidden: hidden && isZero(addr), name, fromResolver: names.dnsOn, family, port, service });
}

function isZero(a: Uint8Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== 0) return false;
  return true;
}
