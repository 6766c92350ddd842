// What "our side" means for direction: the interface's MAC and addresses, and the -F/-G net filters.

/** An IPv4 or IPv6 network given as -F net/mask or -G net6/mask6, already masked. */
export interface NetFilter {
  readonly family: 4 | 6;
  /** Network address, 4 or 16 bytes, ANDed with the mask. */
  readonly net: Uint8Array;
  /** Mask, same length as net. */
  readonly mask: Uint8Array;
}

/** Everything direction logic needs to know about the capturing host; fixed for a run. */
export interface LocalNetwork {
  /** The interface's hardware address, when it has one. */
  readonly mac: Uint8Array | null;
  /** The interface's own IPv4 addresses (4 bytes each). */
  readonly ipv4: readonly Uint8Array[];
  /** The interface's own IPv6 addresses (16 bytes each), link-local and site-local excluded. */
  readonly ipv6: readonly Uint8Array[];
  /** -F: when set, IPv4 direction comes from this network alone. */
  readonly netFilter4: NetFilter | null;
  /** -G: when set, IPv6 direction comes from this network alone. */
  readonly netFilter6: NetFilter | null;
  /** -l: count IPv6 link-local (fe80::/10) traffic instead of dropping it. */
  readonly linkLocal: boolean;
}

/** No interface known (offline files): direction comes from net filters or address order only. */
export const NO_LOCAL_NETWORK: LocalNetwork = {
  mac: null,
  ipv4: [],
  ipv6: [],
  netFilter4: null,
  netFilter6: null,
  linkLocal: false,
};

/** True when addr (4 or 16 bytes at offset 0) lies inside the filter's network. */
export function inNetwork(filter: NetFilter, addr: Uint8Array): boolean {
  const n = filter.net.length;
  for (let i = 0; i < n; i++) {
    if (((addr[i] ?? 0) & (filter.mask[i] ?? 0)) !== (filter.net[i] ?? 0)) return false;
  }
  return true;
}

/** Whether addr (4 or 16 bytes) is one of the host's own addresses or inside its -F/-G network. */
export function isLocalAddress(local: LocalNetwork, family: 4 | 6, addr: Uint8Array): boolean {
  const filter = family === 4 ? local.netFilter4 : local.netFilter6;
  if (filter !== null && inNetwork(filter, addr)) return true;
  const n = family === 4 ? 4 : 16;
  for (const own of family === 4 ? local.ipv4 : local.ipv6) {
    let same = true;
    for (let i = 0; i < n && same; i++) same = own[i] === addr[i];
    if (same) return true;
  }
  return false;
}
