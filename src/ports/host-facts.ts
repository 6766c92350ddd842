// What the run path asks the host about its interfaces (from /sys/class/net and getifaddrs in production).
import type { LocalNetwork } from '../core/local-network.js';

/** Addresses and MAC of one interface; for "any", the addresses of every interface and no MAC. */
export interface InterfaceFacts {
  readonly mac: LocalNetwork['mac'];
  readonly ipv4: LocalNetwork['ipv4'];
  readonly ipv6: LocalNetwork['ipv6'];
}

export interface HostFacts {
  /** iftop's default: the first interface by index that is up and not loopback-like; else "eth0". */
  defaultInterface(): string;
  /** Whether the interface exists now (an interface can go and come back). */
  interfaceExists(name: string): boolean;
  interfaceInfo(name: string): InterfaceFacts;
  /** Link speed in bits/s, null when the interface reports none. */
  linkSpeedBits(name: string): number | null;
  /** Operational state (up, down, lowerlayerdown, …), null once the interface is gone. */
  operState(name: string): string | null;
}
