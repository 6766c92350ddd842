// Parses -F net/mask and -G net6/mask6 exactly as iftop does, quirks included (iftop spec 5.5).
import type { NetFilter } from '../core/local-network.js';
import { parseAddress } from '../format/inet-ntop.js';

export interface NetFilterResult {
  filter: NetFilter | null;
  /** iftop's message, when the value was (partly) rejected. */
  message: string | null;
}

/** -F / net-filter. A /n above 32 is reported but, as in iftop, leaves the filter on with a /24 mask. */
export function parseNetFilter4(value: string): NetFilterResult {
  const slash = value.indexOf('/');
  if (slash < 0) return { filter: null, message: `Could not parse net/mask: ${value}` };
  const netText = value.slice(0, slash);
  const maskText = value.slice(slash + 1);
  const net = inetAton(netText);
  if (net === null) return { filter: null, message: `Invalid network address: ${netText}` };
  let mask: Uint8Array;
  let message: string | null = null;
  if (/^\d*$/.test(maskText)) {
    const n = Number(maskText || '0');
    if (n > 32) {
      message = `Invalid netmask length: ${maskText}`;
      mask = Uint8Array.of(255, 255, 255, 0);
    } else {
      mask = prefixMask(n, 4);
    }
  } else {
    const m = inetAton(maskText);
    if (m === null) return { filter: null, message: `Invalid netmask: ${netText}` };
    mask = m;
  }
  return { filter: { family: 4, net: net.map((b, i) => b & mask[i]!), mask }, message };
}

/** -G / net-filter6. Prefix masks are laid over iftop's default ffff:: mask, so /8 acts like /16. */
export function parseNetFilter6(value: string): NetFilterResult {
  const slash = value.indexOf('/');
  if (slash < 0) return { filter: null, message: `Could not parse IPv6 net/prefix: ${value}` };
  const netText = value.slice(0, slash);
  const maskText = value.slice(slash + 1);
  const parsed = parseAddress(netText);
  if (parsed === null || parsed.family !== 6) {
    return { filter: null, message: `Invalid IPv6 network address: ${netText}` };
  }
  let mask: Uint8Array;
  if (/^\d*$/.test(maskText)) {
    const n = Number(maskText || '0');
    if (n < 1 || n > 128) return { filter: null, message: `Invalid IPv6 prefix length: ${maskText}` };
    mask = new Uint8Array(16);
    mask[0] = 0xff;
    mask[1] = 0xff;
    const full = Math.floor(n / 8);
    for (let i = 0; i < full; i++) mask[i] = 0xff;
    if (n % 8 !== 0) mask[full] = (0xff << (8 - (n % 8))) & 0xff;
  } else {
    const m = parseAddress(maskText);
    if (m === null || m.family !== 6) return { filter: null, message: `Invalid IPv6 netmask: ${netText}` };
    mask = m.bytes;
  }
  const net = parsed.bytes.map((b, i) => b & mask[i]!);
  return { filter: { family: 6, net, mask }, message: null };
}

/**
 * ADDR or ADDR/PREFIX in plain CIDR (no iftop quirks), IPv4 or IPv6: for wiretop's own options such as
 * alert rules and the built-in private ranges. Null when it is not one.
 */
export function parseCidr(value: string): NetFilter | null {
  const [addrText, prefixText, extra] = value.split('/');
  if (extra !== undefined || addrText === undefined) return null;
  const parsed = parseAddress(addrText);
  if (parsed === null) return null;
  const bits = parsed.family === 4 ? 32 : 128;
  const n = prefixText === undefined ? bits : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(n >= 0 && n <= bits)) return null;
  const mask = prefixMask(n, bits / 8);
  return { family: parsed.family, net: parsed.bytes.map((b, i) => b & mask[i]!), mask };
}

function prefixMask(n: number, bytes: number): Uint8Array {
  const mask = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) {
    const bits = Math.max(0, Math.min(8, n - i * 8));
    mask[i] = (0xff << (8 - bits)) & 0xff;
  }
  return mask;
}

/**
 * glibc inet_aton: 1–4 parts, each decimal, 0x hex or 0 octal; the last part fills the remaining
 * bytes ("10" = 0.0.0.10, "127.1" = 127.0.0.1). Trailing white space is allowed.
 */
export function inetAton(text: string): Uint8Array | null {
  const m = /^([^\s]*)\s*$/.exec(text);
  const body = m?.[1] ?? '';
  if (body === '') return null;
  const parts = body.split('.');
  if (parts.length > 4) return null;
  const nums: number[] = [];
  for (const p of parts) {
    let n: number;
    if (/^0[xX][0-9a-fA-F]*$/.test(p)) n = p.length === 2 ? 0 : parseInt(p.slice(2), 16);
    else if (/^0[0-7]*$/.test(p)) n = parseInt(p, 8);
    else if (/^[1-9]\d*$/.test(p)) n = Number(p);
    else return null;
    if (n > 0xffffffff) return null;
    nums.push(n);
  }
  const last = nums[nums.length - 1]!;
  const lead = nums.slice(0, -1);
  if (lead.some((n) => n > 255)) return null;
  const room = 4 - lead.length;
  if (last >= 2 ** (8 * room)) return null;
  const out = new Uint8Array(4);
  lead.forEach((n, i) => (out[i] = n));
  for (let i = 3; i >= lead.length; i--) out[i] = Math.floor(last / 2 ** (8 * (3 - i))) & 0xff;
  return out;
}
