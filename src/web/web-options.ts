// The web view's settings as options give them: which names may appear in Host, and when a token is required.
import { parseAddress } from '../format/inet-ntop.js';
import type { ListenAddress } from '../config/listen-address.js';

/** A DNS name for --web-allow-host (lower case, no trailing dot), or null. */
export function webHostName(text: string): string | null {
  const name = text.toLowerCase().replace(/\.$/, '');
  if (name.length === 0 || name.length > 253) return null;
  const label = /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/;
  return name.split('.').every((l) => label.test(l)) ? name : null;
}

/** 127.0.0.0/8 and ::1: only this host can connect. */
export function isLoopback(host: string): boolean {
  const a = parseAddress(host);
  if (a === null) return false;
  if (a.family === 4) return a.bytes[0] === 127;
  return a.bytes.every((b, i) => b === (i === 15 ? 1 : 0));
}

/** Any other address is reachable from the network: the view then needs a token. */
export function tokenRequired(listen: ListenAddress): boolean {
  return !isLoopback(listen.host);
}
