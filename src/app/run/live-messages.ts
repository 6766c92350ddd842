// What a live input says: iftop's start-up lines, the link events, and one line naming the fix for each way a capture fails to open.
import { formatAddress } from '../../format/inet-ntop.js';
import { inert } from '../../format/inert.js';
import type { CaptureOpenCode } from '../../ports/capture-port.js';
import type { InterfaceFacts } from '../../ports/host-facts.js';
import { LIBPCAP_MISSING } from '../labelling.js';
import type { LinkEvent } from './live-input.js';

/** The one line text mode, a check and the daemon's log say for a link event. */
export function linkEventLine(shown: string, e: LinkEvent): string {
  switch (e.kind) {
    case 'down':
      return `${shown} is down; waiting for it to come back`;
    case 'up':
      return `${shown} is up again`;
    case 'gone':
      return `${shown} went away (${inert(e.message)}); waiting for it to come back`;
    case 'back':
      return `${shown} is back after ${e.seconds.toFixed(1)} s; capturing again`;
    case 'appeared':
      return `${shown} appeared; capturing`;
  }
}

/** iftop's start-up lines on stderr (the first IPv4 and IPv6 address, the MAC), printed before the capture opens. */
export function interfaceLines(shown: string, info: InterfaceFacts): string[] {
  const lines = [`interface: ${shown}`];
  if (info.ipv4[0] !== undefined) lines.push(`IP address is: ${formatAddress(4, info.ipv4[0])}`);
  if (info.ipv6[0] !== undefined) lines.push(`IPv6 address is: ${formatAddress(6, info.ipv6[0])}`);
  if (info.mac !== null) lines.push(`MAC address is: ${[...info.mac].map((b) => b.toString(16).padStart(2, '0')).join(':')}`);
  return lines;
}

export function noSuchInterface(shown: string): string {
  return `no such interface "${shown}" (ip link lists the interfaces)`;
}

/** One line naming the fix for each way opening a capture fails. */
export function openErrorMessage(code: CaptureOpenCode, message: string, iface: string, filter: string | null): string {
  switch (code) {
    case 'LIBPCAP_MISSING':
      return LIBPCAP_MISSING;
    case 'NO_DEVICE':
      return noSuchInterface(iface);
    case 'PERMISSION':
      return `no permission to capture on ${iface}: run it as root (sudo wiretop …), or let node capture: ` +
        'sudo setcap cap_net_raw,cap_net_admin+eip "$(readlink -f "$(command -v node)")"';
    case 'IFACE_DOWN':
      return `interface ${iface} is down; bring it up first: sudo ip link set ${iface} up`;
    case 'BAD_FILTER':
      return `bad filter "${inert(filter ?? '')}": ${inert(message)}`;
    case 'PCAP_OPEN':
      return `cannot capture on ${iface}: ${inert(message)}`;
  }
}
