// Fuzz targets: structured and random frames through the decoder and the whole ingest path, with their invariants.
import fc from 'fast-check';
import { Analyser, EMPTY_MODEL } from '../../src/core/analysis.js';
import { Monitor } from '../../src/core/monitor.js';
import { NO_LOCAL_NETWORK } from '../../src/core/local-network.js';
import { defaultViewOptions } from '../../src/core/view-options.js';
import { decodeFrame, SUPPORTED_LINK_TYPES } from '../../src/decode/decode-frame.js';
import { Decoded, newPacketRecord } from '../../src/decode/packet-record.js';
import { ethernet, ipv4, ipv6 } from '../helpers/frames.js';
import { linkFrameArb } from './fuzz-links.js';

/** One captured frame as a fuzz input. */
export interface FuzzFrame {
  readonly linktype: number;
  readonly data: Uint8Array;
  readonly caplen: number;
  readonly wirelen: number;
}

const NEXT_HEADERS = [0, 6, 17, 43, 44, 50, 51, 58, 59, 60, 135, 139, 140, 41, 4, 1] as const;

/** A plausible IPv4 or IPv6 packet with fields drawn to hit the edges (IHL, lengths, fragments, extension chains). */
const ipPacket: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.record({
    proto: fc.constantFrom(1, 6, 17, 4, 41, 47, 50, 255),
    ihl: fc.integer({ min: -1, max: 15 }),
    totalLength: fc.integer({ min: -1, max: 65535 }),
    fragOffset: fc.integer({ min: 0, max: 8191 }),
    dataLength: fc.integer({ min: 0, max: 120 }),
    version: fc.constantFrom(4, 4, 4, 0, 5, 6, 15),
  }).map(({ ihl, totalLength, ...o }) =>
    // -1: leave the field as the builder computes it.
    ipv4({ ...o, ...(ihl < 0 ? {} : { ihl }), ...(totalLength < 0 ? {} : { totalLength }), src: '10.0.0.1', dst: '198.51.100.9', srcPort: 1234, dstPort: 80 })),
  fc.record({
    chain: fc.array(fc.record({ type: fc.constantFrom(...NEXT_HEADERS), len: fc.integer({ min: 0, max: 255 }) }), { maxLength: 24 }),
    last: fc.constantFrom(...NEXT_HEADERS),
    payloadLength: fc.option(fc.integer({ min: 0, max: 65535 }), { nil: undefined }),
    tail: fc.uint8Array({ maxLength: 64 }),
  }).map(({ chain, last, payloadLength, tail }) => ipv6WithChain(chain, last, payloadLength, tail)),
);

/** Hand-rolled extension chain (the builder checks lengths; here lengths may lie). */
function ipv6WithChain(chain: { type: number; len: number }[], last: number, payloadLength: number | undefined, tail: Uint8Array): Uint8Array {
  const body: number[] = [];
  chain.forEach((h, i) => {
    const next = chain[i + 1]?.type ?? last;
    body.push(next, h.len, 0, 0, 0, 0, 0, 0);
  });
  body.push(...tail);
  const first = chain[0]?.type ?? last;
  const packet = ipv6({ src: '2001:db8::1', dst: '2001:db8::2', nextHeader: first, payload: Uint8Array.from(body), ...(payloadLength === undefined ? {} : { payloadLength }) });
  return packet;
}

/** Frames on every supported link type: Ethernet with tag stacks, raw IP, the radio and serial links, and pure noise. */
export const frameArb: fc.Arbitrary<FuzzFrame> = fc.oneof(
  fc.record({
    ip: ipPacket,
    tags: fc.array(fc.constantFrom(0x8100, 0x88a8, 0x9100), { maxLength: 12 }),
    etherType: fc.constantFrom(0x0800, 0x86dd, 0x0800, 0x86dd, 0x0806, 0x8847, 0x8864, 0x0040),
    cut: fc.nat(),
    extra: fc.nat({ max: 2000 }),
  }).map(({ ip, tags, etherType, cut, extra }) => sized(1, ethernet({ vlan: tags.map((tpid, i) => ({ id: i + 1, tpid })), etherType }, ip), cut, extra)),
  fc.record({ ip: ipPacket, cut: fc.nat(), extra: fc.nat({ max: 2000 }) }).map(({ ip, cut, extra }) => sized(101, ip, cut, extra)),
  fc.record({ f: linkFrameArb(ipPacket), cut: fc.nat(), extra: fc.nat({ max: 2000 }) }).map(({ f, cut, extra }) => sized(f.linktype, f.data, cut, extra)),
  fc.record({ linktype: fc.constantFrom(...SUPPORTED_LINK_TYPES, 127, 147, 0xffff), bytes: fc.uint8Array({ maxLength: 300 }), extra: fc.nat({ max: 70000 }) })
    .map(({ linktype, bytes, extra }) => ({ linktype, data: bytes, caplen: bytes.length, wirelen: bytes.length + extra })),
);

/** A frame cut to a random captured length, with a wire length at or beyond it. */
function sized(linktype: number, data: Uint8Array, cut: number, extra: number): FuzzFrame {
  const caplen = cut % (data.length + 1);
  return { linktype, data, caplen, wirelen: data.length + extra };
}

/** Decoding one frame: never throws, a known status, and a sane record when OK. Returns frames checked. */
export function checkDecode(f: FuzzFrame): number {
  const rec = newPacketRecord();
  const status = decodeFrame(f.linktype, f.data, 0, f.caplen, f.wirelen, rec);
  if (!(Object.values(Decoded) as number[]).includes(status)) throw new Error(`unknown status ${status}`);
  if (status === Decoded.OK) {
    if (rec.family !== 4 && rec.family !== 6) throw new Error(`family ${rec.family}`);
    if (!Number.isInteger(rec.length) || rec.length < 0 || rec.length > Math.max(f.wirelen, f.caplen)) throw new Error(`length ${rec.length}`);
    if (rec.srcPort < 0 || rec.srcPort > 65535 || rec.dstPort < 0 || rec.dstPort > 65535) throw new Error('port out of range');
  }
  return 1;
}

/**
 * A batch through the real monitor with a rotation and an analysis in between: nothing throws, every
 * frame lands in exactly one counter, and the lines add up to the totals in every window.
 */
export function checkIngest(frames: readonly FuzzFrame[]): number {
  const m = new Monitor({ local: NO_LOCAL_NETWORK, maxFlows: 16, hashSeed: 7 });
  const analyser = new Analyser();
  let model = EMPTY_MODEL;
  frames.forEach((f, i) => {
    m.frame(f.linktype, f.data, 0, f.caplen, f.wirelen);
    if (i % 7 === 6) {
      model = analyser.analyse(m, defaultViewOptions(), model, () => '', Infinity);
      m.rotate();
    }
  });
  model = analyser.analyse(m, defaultViewOptions(), model, () => '', Infinity);
  const c = m.counters;
  if (c.frames !== frames.length) throw new Error('frames miscounted');
  if (c.accounted + c.malformed + c.nonIp + c.unsupported + c.filtered !== c.frames) throw new Error(`counters do not add up: ${JSON.stringify(c)}`);
  if (c.encrypted > c.nonIp) throw new Error(`encrypted frames are part of non-IP: ${JSON.stringify(c)}`);
  for (let j = 0; j < 3; j++) {
    const lines = model.lines.reduce((s, l) => s + l.sent[j]! + l.recv[j]!, 0);
    const totals = model.totalSent[j]! + model.totalRecv[j]!;
    if (!Number.isFinite(lines) || Math.abs(lines - totals) > 1e-6 * Math.max(1, totals)) throw new Error(`window ${j}: lines ${lines} ≠ totals ${totals}`);
  }
  return frames.length;
}
