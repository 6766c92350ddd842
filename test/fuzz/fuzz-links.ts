// Structured fuzz frames for the radio and serial link types: headers whose lengths, bitmaps and flags lie around a real IP packet.
import fc from 'fast-check';
import { LinkType } from '../../src/decode/link-types.js';
import { concat, llcSnap, mpls } from '../helpers/frames.js';
import { dot11, frSnap, frameRelay, pflog, ppi, ppi80211Common, radiotap, slip, tokenRing } from '../helpers/frames-links.js';
import type { Dot11Options } from '../helpers/frames-links.js';

/** One generated frame before it is cut: link type and bytes. */
export interface LinkFrame { readonly linktype: number; readonly data: Uint8Array }

/** LLC/SNAP for any packet: the IP version's EtherType (IPv4 for garbage versions, which the IP decoder must refuse). */
function snap(packet: Uint8Array): Uint8Array {
  return llcSnap({ etherType: (packet[0] ?? 0) >> 4 === 6 ? 0x86dd : 0x0800 }, packet);
}

/** Frame-control types/subtypes and flags drawn to hit every branch (data, QoS, no-body, management, control, PV1). */
const wildDot11: fc.Arbitrary<Dot11Options> = fc.record({
  type: fc.constantFrom(2, 2, 2, 2, 0, 1, 3),
  subtype: fc.constantFrom(0, 8, 8, 1, 4, 9, 12, 13, 15),
  version: fc.constantFrom(0, 0, 0, 0, 1),
  toDs: fc.boolean(), fromDs: fc.boolean(), protected: fc.constantFrom(false, false, false, true),
  order: fc.boolean(), fragment: fc.constantFrom(0, 0, 0, 1, 15),
  qosControl: fc.constantFrom(0, 0, 5, 0x80, 0x100),
  dataPad: fc.boolean(), fcs: fc.boolean(),
});
/** Data frames that carry a packet (every address layout, QoS, HT Control), so most draws reach the IP decoder. */
const dataDot11: fc.Arbitrary<Dot11Options> = fc.record({
  subtype: fc.constantFrom(0, 8), toDs: fc.boolean(), fromDs: fc.boolean(), order: fc.boolean(), dataPad: fc.boolean(), fcs: fc.boolean(),
});
const dot11Options = fc.oneof({ arbitrary: dataDot11, weight: 3 }, { arbitrary: wildDot11, weight: 1 });

interface Dot11Frame { readonly o: Dot11Options; readonly data: Uint8Array }

/** An 802.11 frame around LLC/SNAP and `ip`, or around raw bytes (non-SNAP bodies). */
function dot11Frame(ip: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Dot11Frame> {
  return fc.record({ o: dot11Options, ip, body: fc.constantFrom('ip', 'ip', 'ip', 'ip', 'other', 'raw') })
    .map(({ o, ip: packet, body }) => ({
      o, data: dot11(o, body === 'ip' ? snap(packet) : body === 'other' ? llcSnap({ etherType: 0x888e }, packet) : packet),
    }));
}

/**
 * Radiotap present words with and without Ext, namespaces, TSFT/Flags, and it_len off by a little or
 * a lot; in 3 of 4 frames the header tells the truth about the frame's FCS and padding.
 */
const radiotapArb = (ip: fc.Arbitrary<Uint8Array>): fc.Arbitrary<LinkFrame> =>
  fc.record({
    frame: dot11Frame(ip),
    tsft: fc.boolean(),
    truthful: fc.constantFrom(true, true, true, false),
    flags: fc.option(fc.constantFrom(0, 0x10, 0x20, 0x30, 0x40, 0x50, 0xff), { nil: undefined }),
    extra: fc.oneof(fc.array(fc.constantFrom(0, 1 << 5, 1 << 29 | 1 << 5, 1 << 30), { maxLength: 3 }), fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 6 })),
    firstWordBits: fc.constantFrom(0, 1 << 29, 1 << 30, 0x80000000),
    lengthDelta: fc.constantFrom(0, 0, 0, -1, 1, -8, 4, 0x10000),
  }).map(({ frame, tsft, truthful, flags, extra, firstWordBits, lengthDelta }) => {
    const told = truthful ? (frame.o.fcs ? 0x10 : 0) | (frame.o.dataPad ? 0x20 : 0) : flags;
    const base = radiotap({ tsft, ...(told === undefined ? {} : { flags: told }), extraPresent: extra, firstWordBits: truthful ? 0 : firstWordBits }, frame.data);
    const realLength = (base[2] ?? 0) | ((base[3] ?? 0) << 8);
    const length = (realLength + (truthful ? 0 : lengthDelta)) & 0xffff;
    return { linktype: LinkType.IEEE802_11_RADIOTAP, data: concat([base[0] ?? 0, 0, length & 0xff, length >> 8], base.subarray(4)) };
  });

const ppiArb = (ip: fc.Arbitrary<Uint8Array>): fc.Arbitrary<LinkFrame> =>
  fc.record({
    frame: dot11Frame(ip).map((f) => f.data),
    dlt: fc.constantFrom(105, 105, 105, 1, 127),
    commonFlags: fc.constantFrom(0, 1, 4, 5),
    junk: fc.array(fc.record({ type: fc.integer({ min: 0, max: 0xffff }), data: fc.uint8Array({ maxLength: 12 }) }), { maxLength: 4 }),
    aligned: fc.boolean(),
  }).map(({ frame, dlt, commonFlags, junk, aligned }) =>
    ({ linktype: LinkType.PPI, data: ppi({ dlt, aligned, fields: [...junk, ppi80211Common(commonFlags)] }, frame) }));

const tokenRingArb = (ip: fc.Arbitrary<Uint8Array>): fc.Arbitrary<LinkFrame> =>
  fc.record({ ip, fc: fc.constantFrom(0x40, 0x40, 0x00, 0xc0), rif: fc.option(fc.uint8Array({ minLength: 1, maxLength: 32 }), { nil: undefined }) })
    .map(({ ip: packet, fc: frameControl, rif }) => ({ linktype: LinkType.IEEE802_5, data: tokenRing({ frameControl, ...(rif === undefined ? {} : { rif }) }, snap(packet)) }));

const pflogArb = (ip: fc.Arbitrary<Uint8Array>): fc.Arbitrary<LinkFrame> =>
  fc.record({ ip, length: fc.constantFrom(61, 69, 100, 0, 60, 101, 255), af: fc.constantFrom(2, 24, 28, 30, 10, 0) })
    .map(({ ip: packet, length, af }) => ({ linktype: LinkType.PFLOG, data: pflog({ length, af, padTo: Math.min(256, (length + 3) & ~3) }, packet) }));

const frameRelayArb = (ip: fc.Arbitrary<Uint8Array>): fc.Arbitrary<LinkFrame> =>
  fc.record({
    ip, addressBytes: fc.constantFrom(2, 3, 4) as fc.Arbitrary<2 | 3 | 4>, pad: fc.boolean(),
    kind: fc.constantFrom('nlpid4', 'nlpid6', 'snap', 'bridged', 'cisco', 'lmi'),
  }).map(({ ip: packet, addressBytes, pad, kind }) => {
    const o = { addressBytes, pad };
    const data = kind === 'cisco' ? frameRelay({ ...o, encapsulation: 'cisco' }, packet)
      : kind === 'snap' ? frameRelay({ ...o, nlpid: 0x80 }, frSnap(0, 0x0800, packet))
        : kind === 'bridged' ? frameRelay({ ...o, nlpid: 0x80 }, frSnap(0x0080c2, 1, concat([2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 8, 0], packet, [0, 0, 0, 0])))
          : frameRelay({ ...o, nlpid: kind === 'nlpid4' ? 0xcc : kind === 'nlpid6' ? 0x8e : 0x08 }, packet);
    return { linktype: LinkType.FRELAY, data };
  });

const serialArb = (ip: fc.Arbitrary<Uint8Array>): fc.Arbitrary<LinkFrame> =>
  fc.record({ ip, kind: fc.constantFrom('slip', 'ppp', 'mpls', 'cisco'), direction: fc.constantFrom(0, 1, 2), labels: fc.integer({ min: 1, max: 10 }) })
    .map(({ ip: packet, kind, direction, labels }) => {
      if (kind === 'slip') return { linktype: LinkType.SLIP, data: slip({ direction }, packet) };
      if (kind === 'cisco') return { linktype: LinkType.PPP_HDLC, data: concat([0x0f, 0, 0x08, 0], packet) };
      if (kind === 'ppp') return { linktype: LinkType.PPP_HDLC, data: concat([0xff, 0x03, 0x00, 0x21], packet) };
      const stack = mpls(Array.from({ length: labels }, (_, i) => ({ label: 16 + i, bos: i === labels - 1 && labels <= 8 })), packet);
      return { linktype: LinkType.PPP_HDLC, data: concat([0xff, 0x03, 0x02, 0x81], stack) };
    });

/** 802.11 on its own link type (105), radiotap, PPI, token ring, pflog, Frame Relay, SLIP and PPP_HDLC. */
export function linkFrameArb(ip: fc.Arbitrary<Uint8Array>): fc.Arbitrary<LinkFrame> {
  return fc.oneof(
    dot11Frame(ip).map((f) => ({ linktype: LinkType.IEEE802_11, data: f.data })),
    radiotapArb(ip),
    ppiArb(ip),
    tokenRingArb(ip),
    pflogArb(ip),
    frameRelayArb(ip),
    serialArb(ip),
  );
}
