// The reusable record a decoder fills for one captured frame: what flow accounting needs, nothing more.

/** Outcome of decoding one frame. Everything that is not OK is still counted by the caller. */
export const Decoded = {
  /** An IPv4 or IPv6 packet; the record is filled. */
  OK: 0,
  /** A well-formed frame that carries no IP packet (ARP, LLDP, unknown EtherType, …). */
  NON_IP: 1,
  /** Cut short by the captured length, or a header field that cannot be true. */
  MALFORMED: 2,
  /** The link type has no decoder. */
  UNSUPPORTED_LINK: 3,
  /**
   * A well-formed data frame whose payload the link layer encrypted (802.11 Protected Frame bit):
   * not IP to us, but counted apart so a user capturing a WPA network learns why nothing shows.
   */
  ENCRYPTED: 4,
} as const;
export type DecodeStatus = (typeof Decoded)[keyof typeof Decoded];

/** Direction told by the link layer itself (Linux cooked captures, SLIP), before any address logic. */
export const LinkHint = { UNKNOWN: -1, INCOMING: 0, OUTGOING: 1 } as const;
export type LinkHintValue = (typeof LinkHint)[keyof typeof LinkHint];

/**
 * Filled in place by decodeFrame(); one instance is reused for every packet so the hot path
 * allocates nothing. Only valid after decodeFrame() returned Decoded.OK.
 */
export interface PacketRecord {
  /** 4 or 6. */
  family: 4 | 6;
  /** Upper-layer protocol: IPv4 Protocol, or the last Next Header of the IPv6 extension chain. */
  proto: number;
  /** Source address: 4 bytes used for IPv4 (the rest zero), 16 for IPv6. */
  readonly src: Uint8Array;
  /** Destination address, same layout as src. */
  readonly dst: Uint8Array;
  /** TCP/UDP ports from a first fragment with a complete port pair; 0 otherwise. */
  srcPort: number;
  dstPort: number;
  /** Bytes accounted for this packet (IPv4 total length; IPv6 payload length + 40), see lengthFromWire. */
  length: number;
  /** True when the IP length field could not be true and the length was taken from the frame instead. */
  lengthFromWire: boolean;
  /** Direction from the link layer (cooked captures, SLIP), LinkHint.UNKNOWN otherwise. */
  linkHint: LinkHintValue;
  /**
   * True when the frame had Ethernet-style MAC addresses (copied into srcMac/dstMac): Ethernet and
   * token ring source/destination, 802.11 transmitter (srcMac) and receiver (dstMac).
   */
  hasMac: boolean;
  readonly srcMac: Uint8Array;
  readonly dstMac: Uint8Array;
}

/** A fresh record; callers allocate one and reuse it. */
export function newPacketRecord(): PacketRecord {
  return {
    family: 4,
    proto: 0,
    src: new Uint8Array(16),
    dst: new Uint8Array(16),
    srcPort: 0,
    dstPort: 0,
    length: 0,
    lengthFromWire: false,
    linkHint: LinkHint.UNKNOWN,
    hasMac: false,
    srcMac: new Uint8Array(6),
    dstMac: new Uint8Array(6),
  };
}
