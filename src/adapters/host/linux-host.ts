// Linux host facts: interface list and flags (/sys/class/net), addresses (getifaddrs via node:os), MACs, files.
import { readdirSync, readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { parseAddress } from '../../format/inet-ntop.js';

export interface InterfaceInfo {
  readonly name: string;
  /** Hardware address; null when the interface has none (or for "any"). */
  readonly mac: Uint8Array | null;
  /** IPv4 addresses, in the kernel's order. */
  readonly ipv4: Uint8Array[];
  /** IPv6 addresses without link-local (fe80::/10) and site-local (fec0::/10), in the kernel's order. */
  readonly ipv6: Uint8Array[];
}

const IFF_UP = 0x1;
/** iftop skips these name prefixes when choosing the default interface. */
const SKIPPED_PREFIXES = ['lo', 'stf', 'gif', 'dummy', 'vmnet', 'wmaster'];

/** iftop's default: the first interface by index that is up and not loopback-like; else "eth0". */
export function defaultInterface(): string {
  const found = listInterfaces()
    .filter((i) => !SKIPPED_PREFIXES.some((p) => i.name.startsWith(p)) && i.up)
    .sort((a, b) => a.index - b.index)[0];
  return found?.name ?? 'eth0';
}

/** Interfaces of this network namespace with their index and IFF_UP flag. */
export function listInterfaces(): { name: string; index: number; up: boolean }[] {
  let names: string[];
  try {
    names = readdirSync('/sys/class/net');
  } catch {
    return [];
  }
  return names.map((name) => {
    const index = Number(readSysFile(name, 'ifindex') ?? Infinity);
    const flags = Number.parseInt(readSysFile(name, 'flags') ?? '0x1', 16);
    // iftop accepts an interface whose flags cannot be read.
    return { name, index, up: Number.isNaN(flags) || (flags & IFF_UP) !== 0 };
  });
}

/** True when /sys knows the interface (used to tell "no such interface" from other failures). */
export function interfaceExists(name: string): boolean {
  return readSysFile(name, 'ifindex') !== null;
}

/** Addresses and MAC of one interface; for "any", the addresses of every interface and no MAC. */
export function interfaceInfo(name: string): InterfaceInfo {
  const all = networkInterfaces();
  const entries = name === 'any' ? Object.values(all).flat() : (all[name] ?? []);
  const ipv4: Uint8Array[] = [];
  const ipv6: Uint8Array[] = [];
  for (const e of entries) {
    if (e === undefined) continue;
    const parsed = parseAddress(e.address.replace(/%.*$/, ''));
    if (parsed === null) continue;
    if (parsed.family === 4) ipv4.push(parsed.bytes);
    else if (!(parsed.bytes[0] === 0xfe && ((parsed.bytes[1] ?? 0) & 0x80) === 0x80)) ipv6.push(parsed.bytes);
  }
  return { name, mac: name === 'any' ? null : readMac(name), ipv4, ipv6 };
}

/** The link speed in bits/s from /sys (Mb/s there); null for virtual links that report none (-1) or no file. */
export function linkSpeedBits(name: string): number | null {
  const mbps = Number(readSysFile(name, 'speed') ?? NaN);
  return Number.isFinite(mbps) && mbps > 0 ? mbps * 1_000_000 : null;
}

/** Operational state from /sys (up, down, unknown, …); null once the interface is gone. */
export function operState(name: string): string | null {
  return readSysFile(name, 'operstate');
}

function readMac(name: string): Uint8Array | null {
  const text = readSysFile(name, 'address');
  if (text === null || !/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(text)) return null;
  return Uint8Array.from(text.split(':'), (h) => Number.parseInt(h, 16));
}

function readSysFile(iface: string, file: string): string | null {
  // An interface name never contains '/', but one from the command line might: never leave /sys/class/net.
  if (iface.includes('/') || iface === '.' || iface === '..') return null;
  try {
    return readFileSync(`/sys/class/net/${iface}/${file}`, 'utf8').trim();
  } catch {
    return null;
  }
}

/** A text file's contents, or null when it cannot be read. */
export function readTextFile(path: string): { text: string } | { error: NodeJS.ErrnoException } {
  try {
    return { text: readFileSync(path, 'utf8') };
  } catch (e) {
    return { error: e as NodeJS.ErrnoException };
  }
}
