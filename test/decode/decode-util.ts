// Test-side helpers for the decoder specs: run decodeFrame on a frame and view the record as plain data.

import assert from 'node:assert/strict';
import { decodeFrame } from '../../src/decode/decode-frame.js';
import { Decoded, newPacketRecord, type DecodeStatus, type PacketRecord } from '../../src/decode/packet-record.js';

export interface Summary {
  family: number; proto: number; src: string; dst: string; srcPort: number; dstPort: number;
  length: number; lengthFromWire: boolean; linkHint: number; hasMac: boolean; srcMac: string; dstMac: string;
}

/** RFC 5952 text for 16 address bytes (longest run of ≥ 2 zero groups becomes ::). */
function ipv6Text(b: Uint8Array): string {
  const g = Array.from({ length: 8 }, (_, i) => ((b[2 * i] ?? 0) << 8) | (b[2 * i + 1] ?? 0));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hexes = g.map((x) => x.toString(16));
  if (best < 0) return hexes.join(':');
  return `${hexes.slice(0, best).join(':')}::${hexes.slice(best + bestLen).join(':')}`;
}

function macText(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(':');
}

/** The record as plain data, with addresses as text; IPv4 checks that bytes 4–15 are zero. */
export function summarize(r: PacketRecord): Summary {
  const addr = (b: Uint8Array): string => {
    if (r.family === 6) return ipv6Text(b);
    assert.ok(b.subarray(4).every((x) => x === 0), 'IPv4 address bytes 4–15 must be zero');
    return Array.from(b.subarray(0, 4)).join('.');
  };
  return {
    family: r.family, proto: r.proto, src: addr(r.src), dst: addr(r.dst), srcPort: r.srcPort, dstPort: r.dstPort,
    length: r.length, lengthFromWire: r.lengthFromWire, linkHint: r.linkHint, hasMac: r.hasMac,
    srcMac: macText(r.srcMac), dstMac: macText(r.dstMac),
  };
}

export interface DecodeOptions { caplen?: number; wirelen?: number; record?: PacketRecord }

/** Decodes a whole frame (caplen = wirelen = frame length unless given). */
export function decode(linktype: number, frame: Uint8Array, o: DecodeOptions = {}): { status: DecodeStatus; rec: PacketRecord } {
  const rec = o.record ?? newPacketRecord();
  const caplen = o.caplen ?? frame.length;
  const status = decodeFrame(linktype, frame, 0, caplen, o.wirelen ?? frame.length, rec);
  return { status, rec };
}

/** Asserts OK and that the listed record fields have the given values. */
export function expectOk(linktype: number, frame: Uint8Array, expected: Partial<Summary>, o: DecodeOptions = {}): Summary {
  const { status, rec } = decode(linktype, frame, o);
  assert.equal(status, Decoded.OK, `status ${status} instead of OK`);
  const s = summarize(rec);
  const picked = Object.fromEntries(Object.keys(expected).map((k) => [k, s[k as keyof Summary]]));
  assert.deepEqual(picked, expected);
  return s;
}

/** Asserts the decode status (for NON_IP / MALFORMED / UNSUPPORTED_LINK cases). */
export function expectStatus(linktype: number, frame: Uint8Array, status: DecodeStatus, o: DecodeOptions = {}): void {
  assert.equal(decode(linktype, frame, o).status, status);
}

/**
 * A view of `data` that records every indexed read, to prove where a decoder looked. Typed as a
 * Uint8Array because the decoders only index it and read `.length`.
 */
export function trackReads(data: Uint8Array): { view: Uint8Array; reads: number[] } {
  const reads: number[] = [];
  const view = new Proxy(data, {
    get(target, key) {
      if (typeof key === 'string' && key !== '' && !Number.isNaN(Number(key))) reads.push(Number(key));
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { view, reads };
}

/**
 * Cuts `frame` at every length 0..N (wire length always the whole frame): MALFORMED below `okFrom`
 * (the end of the IP header), and from there on `whole` (OK unless told), so every byte of every
 * header before the IP header is shown to be needed, and none after it.
 */
export function expectEveryCut(linktype: number, frame: Uint8Array, okFrom: number, whole: DecodeStatus = Decoded.OK): void {
  for (let caplen = 0; caplen <= frame.length; caplen++) {
    const { status } = decode(linktype, frame, { caplen, wirelen: frame.length });
    assert.equal(status, caplen < okFrom ? Decoded.MALFORMED : whole, `caplen ${caplen} of ${frame.length}`);
  }
}
