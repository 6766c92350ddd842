// --metrics [ADDR:]PORT (and later --web): an IP literal and a port, loopback when no address is given.
import { formatAddress, parseAddress } from '../format/inet-ntop.js';

export interface ListenAddress {
  /** An IP literal as the socket API takes it (IPv6 without brackets). */
  readonly host: string;
  readonly port: number;
}

/** Traffic data is sensitive: without an address the endpoint is reachable from this host only. */
export const DEFAULT_LISTEN_HOST = '127.0.0.1';

/**
 * `9100`, `127.0.0.1:9100`, `0.0.0.0:9100`, `[::1]:9100`, `[::]:9100`, `localhost:9100` (= 127.0.0.1).
 * Host names other than localhost are refused: the endpoint must not depend on DNS at start-up.
 * Returns a one-line error naming the option otherwise.
 */
export function parseListenAddress(option: string, text: string): ListenAddress | { error: string } {
  const bad = { error: `${option} wants [ADDR:]PORT with ADDR an IP address, e.g. 9100, 0.0.0.0:9100 or [::1]:9100, not "${text}"` };
  let hostText: string | null = null;
  let portText = text;
  if (text.startsWith('[')) {
    const end = text.indexOf(']');
    if (end < 0 || text[end + 1] !== ':') return bad;
    hostText = text.slice(1, end);
    portText = text.slice(end + 2);
    const a = parseAddress(hostText);
    if (a === null || a.family !== 6) return bad;
    hostText = formatAddress(6, a.bytes);
  } else if (text.includes(':')) {
    const at = text.lastIndexOf(':');
    hostText = text.slice(0, at);
    portText = text.slice(at + 1);
    if (hostText === 'localhost') hostText = DEFAULT_LISTEN_HOST;
    else {
      const a = parseAddress(hostText);
      // An IPv6 address needs brackets: "::1:9100" could be read two ways.
      if (a === null || a.family !== 4) return bad;
    }
  }
  if (!/^\d{1,5}$/.test(portText)) return bad;
  const port = Number(portText);
  if (port < 1 || port > 65535) return { error: `${option}: the port must be 1–65535, not ${portText}` };
  return { host: hostText ?? DEFAULT_LISTEN_HOST, port };
}

/** host:port as a URL writes it (brackets around IPv6). */
export function formatListenAddress(a: ListenAddress): string {
  return `${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}`;
}
