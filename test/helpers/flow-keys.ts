// Flow keys for attribution tests: [family<<8|proto, src×4, dst×4, srcPort<<16|dstPort] from address text.
import { parseAddress } from '../../src/format/inet-ntop.js';

export interface FlowSpec {
  readonly serial: number;
  readonly proto: number;
  readonly src: string;
  readonly dst: string;
  readonly srcPort?: number;
  readonly dstPort?: number;
}

export function words(text: string): { family: 4 | 6; w: Uint32Array } {
  const a = parseAddress(text);
  if (a === null) throw new Error(`not an address: ${text}`);
  const w = new Uint32Array(4);
  const v = new DataView(a.bytes.buffer, a.bytes.byteOffset, a.bytes.length);
  for (let i = 0; i < a.bytes.length / 4; i++) w[i] = v.getUint32(i * 4, false);
  return { family: a.family, w };
}

export function flowKey(f: FlowSpec): Uint32Array {
  const s = words(f.src), d = words(f.dst);
  if (s.family !== d.family) throw new Error('mixed families');
  const key = new Uint32Array(10);
  key[0] = (s.family << 8) | f.proto;
  key.set(s.w, 1);
  key.set(d.w, 5);
  key[9] = (((f.srcPort ?? 0) << 16) | (f.dstPort ?? 0)) >>> 0;
  return key;
}
