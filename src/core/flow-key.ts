// Decides a packet's direction and builds its flow key with the local side first (iftop's assign_addr_pair).
import type { PacketRecord } from '../decode/packet-record.js';
import { LinkHint } from '../decode/packet-record.js';
import type { LocalNetwork } from './local-network.js';
import { inNetwork } from './local-network.js';

/** Flow keys are 10 uint32 words: [family<<8|proto, src×4, dst×4, srcPort<<16|dstPort]. */
export const KEY_WORDS = 10;

/** What classify() decided for one packet. */
export const Verdict = {
  /** Counted as received in the totals. */
  INCOMING: 0,
  /** Counted as sent in the totals. */
  OUTGOING: 1,
  /** Not accounted: both or neither side inside a -F/-G network, or IPv6 link-local without -l. */
  FILTERED: 2,
} as const;
export type VerdictValue = (typeof Verdict)[keyof typeof Verdict];

/** Reusable classifier: one per monitor, no allocation per packet. */
export class FlowClassifier {
  /** The key of the last classified packet. */
  readonly key = new Uint32Array(KEY_WORDS);
  /**
   * Whether the last packet's bytes go to the flow's "sent" side: its source address equals the
   * key's first address (iftop compares addresses only, so src == dst always counts as sent).
   */
  sentSide = false;

  private readonly local4: Uint32Array;
  private readonly local6: Uint32Array;
  /** Big-endian word views of the record's address bytes (the decoder reuses one record). */
  private viewsOf: PacketRecord | null = null;
  private srcView: DataView = new DataView(new ArrayBuffer(16));
  private dstView: DataView = new DataView(new ArrayBuffer(16));

  constructor(private readonly local: LocalNetwork) {
    this.local4 = Uint32Array.from(local.ipv4, (a) => word(a, 0));
    this.local6 = new Uint32Array(local.ipv6.length * 4);
    local.ipv6.forEach((a, i) => {
      for (let w = 0; w < 4; w++) this.local6[i * 4 + w] = word(a, w * 4);
    });
  }

  /** Classifies p and fills `key`/`sentSide`; returns the verdict. */
  classify(p: PacketRecord): VerdictValue {
    if (this.viewsOf !== p) {
      this.viewsOf = p;
      this.srcView = new DataView(p.src.buffer, p.src.byteOffset, 16);
      this.dstView = new DataView(p.dst.buffer, p.dst.byteOffset, 16);
    }
    let flip: boolean;
    let verdict: VerdictValue;
    /** Address order, when already computed (third-party traffic); NaN otherwise. */
    let order = NaN;
    const filter = p.family === 4 ? this.local.netFilter4 : this.local.netFilter6;
    if (filter !== null) {
      const srcIn = inNetwork(filter, p.src);
      const dstIn = inNetwork(filter, p.dst);
      if (srcIn === dstIn) return Verdict.FILTERED;
      flip = dstIn;
      verdict = srcIn ? Verdict.OUTGOING : Verdict.INCOMING;
    } else {
      const hint = this.hardwareHint(p);
      if (hint === LinkHint.OUTGOING) {
        flip = false;
        verdict = Verdict.OUTGOING;
      } else if (hint === LinkHint.INCOMING) {
        flip = true;
        verdict = Verdict.INCOMING;
      } else if (this.isLocal(p, this.srcView)) {
        flip = false;
        verdict = Verdict.OUTGOING;
      } else if (this.isLocal(p, this.dstView)) {
        flip = true;
        verdict = Verdict.INCOMING;
      } else if (isMulticast(p)) {
        flip = true;
        verdict = Verdict.INCOMING;
      } else {
        // Third-party traffic: one line per pair, ordered by address in network byte order
        // (iftop compares little-endian words). iftop drops third-party IPv6; wiretop counts it.
        order = compareAddresses(p);
        flip = order < 0;
        verdict = Verdict.INCOMING;
      }
    }
    if (p.family === 6 && !this.local.linkLocal && (isLinkLocal6(p.src) || isLinkLocal6(p.dst))) {
      return Verdict.FILTERED;
    }
    this.fillKey(p, flip);
    this.sentSide = !flip || (Number.isNaN(order) ? compareAddresses(p) : order) === 0;
    return verdict;
  }

  private hardwareHint(p: PacketRecord): number {
    const mac = this.local.mac;
    if (p.hasMac && mac !== null) {
      if (equalBytes(p.srcMac, mac, 6)) return LinkHint.OUTGOING;
      if (equalBytes(p.dstMac, mac, 6)) return LinkHint.INCOMING;
      if (isBroadcastMac(p.dstMac)) return LinkHint.INCOMING;
      return LinkHint.UNKNOWN;
    }
    return p.linkHint;
  }

  private isLocal(p: PacketRecord, addr: DataView): boolean {
    if (p.family === 4) {
      const a = addr.getUint32(0);
      for (let i = 0; i < this.local4.length; i++) if (this.local4[i] === a) return true;
      return false;
    }
    const w0 = addr.getUint32(0), w1 = addr.getUint32(4), w2 = addr.getUint32(8), w3 = addr.getUint32(12);
    const l = this.local6;
    for (let i = 0; i < l.length; i += 4) {
      if (l[i] === w0 && l[i + 1] === w1 && l[i + 2] === w2 && l[i + 3] === w3) return true;
    }
    return false;
  }

  private fillKey(p: PacketRecord, flip: boolean): void {
    const k = this.key;
    const a = flip ? this.dstView : this.srcView;
    const b = flip ? this.srcView : this.dstView;
    k[0] = (p.family << 8) | p.proto;
    k[1] = a.getUint32(0);
    k[2] = a.getUint32(4);
    k[3] = a.getUint32(8);
    k[4] = a.getUint32(12);
    k[5] = b.getUint32(0);
    k[6] = b.getUint32(4);
    k[7] = b.getUint32(8);
    k[8] = b.getUint32(12);
    const pa = flip ? p.dstPort : p.srcPort;
    const pb = flip ? p.srcPort : p.dstPort;
    k[9] = ((pa << 16) | pb) >>> 0;
  }
}

/** Big-endian uint32 from 4 bytes at off. */
export function word(b: Uint8Array, off: number): number {
  return (((b[off] ?? 0) << 24) | ((b[off + 1] ?? 0) << 16) | ((b[off + 2] ?? 0) << 8) | (b[off + 3] ?? 0)) >>> 0;
}

function equalBytes(a: Uint8Array, b: Uint8Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

function isBroadcastMac(m: Uint8Array): boolean {
  return (m[0]! & m[1]! & m[2]! & m[3]! & m[4]! & m[5]!) === 0xff;
}

/** 224.0.0.0/4 on the first octet (iftop tests the last one), or ff00::/8. */
function isMulticast(p: PacketRecord): boolean {
  return p.family === 4 ? (p.dst[0]! & 0xf0) === 0xe0 : p.dst[0] === 0xff;
}

function isLinkLocal6(a: Uint8Array): boolean {
  return a[0] === 0xfe && (a[1]! & 0xc0) === 0x80;
}

/** Negative when src sorts before dst, comparing address bytes most significant first. */
function compareAddresses(p: PacketRecord): number {
  const n = p.family === 4 ? 4 : 16;
  const s = p.src, d = p.dst;
  for (let i = 0; i < n; i++) {
    if (s[i] !== d[i]) return s[i]! - d[i]!;
  }
  return 0;
}
