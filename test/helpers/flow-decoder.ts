// A strict test-side IPFIX / NetFlow v9 decoder: every length, count and padding rule checked, templates tracked.
import { formatAddress } from '../../src/format/inet-ntop.js';

export type FieldValue = bigint | Uint8Array | string;

export interface DecodedRecord {
  readonly templateId: number;
  readonly options: boolean;
  readonly values: ReadonlyMap<number, FieldValue>;
}

export interface DecodedMessage {
  readonly version: 9 | 10;
  readonly length: number;
  /** v9 header count (records of every kind), null for IPFIX. */
  readonly count: number | null;
  readonly exportSeconds: number;
  /** v9 sysUptime (ms), null for IPFIX. */
  readonly sysUptime: number | null;
  readonly sequence: number;
  readonly domain: number;
  /** Template IDs defined in this message, data and options. */
  readonly templates: readonly number[];
  readonly optionsTemplates: readonly number[];
  /** Data records and options data records in message order. */
  readonly records: readonly DecodedRecord[];
}

interface Template {
  readonly fields: readonly { id: number; length: number }[];
  readonly scopeCount: number;
}

/** One flow record in plain terms (times in epoch ms whatever the protocol). */
export interface FlowRow {
  readonly templateId: number;
  readonly family: 4 | 6;
  readonly src: string;
  readonly dst: string;
  readonly srcPort: number | null;
  readonly dstPort: number | null;
  readonly proto: number;
  readonly octets: number;
  readonly packets: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly direction: number;
  readonly endReason: number;
  readonly ingress: number | null;
  readonly egress: number | null;
}

/** Decodes a stream of messages from one exporter; throws on the first rule broken. */
export class FlowStreamDecoder {
  private readonly templates = new Map<string, Template>();

  decode(d: Uint8Array): DecodedMessage {
    const dv = new DataView(d.buffer, d.byteOffset, d.byteLength);
    if (d.length < 16) throw new Error(`datagram of ${d.length} bytes`);
    const version = dv.getUint16(0);
    if (version !== 9 && version !== 10) throw new Error(`version ${version}`);
    const ipfix = version === 10;
    const headerLength = ipfix ? 16 : 20;
    if (d.length < headerLength) throw new Error('short header');
    if (ipfix && dv.getUint16(2) !== d.length) throw new Error(`IPFIX length ${dv.getUint16(2)} for a ${d.length}-byte datagram`);
    const domain = dv.getUint32(ipfix ? 12 : 16);
    const templates: number[] = [];
    const optionsTemplates: number[] = [];
    const records: DecodedRecord[] = [];
    let recordCount = 0;
    let pos = headerLength;
    while (pos < d.length) {
      if (d.length - pos < 4) throw new Error(`${d.length - pos} stray bytes after the last set`);
      const setId = dv.getUint16(pos);
      const setLength = dv.getUint16(pos + 2);
      if (setLength < 4 || pos + setLength > d.length) throw new Error(`set ${setId} of length ${setLength} at ${pos}`);
      const end = pos + setLength;
      let p = pos + 4;
      if (setId === (ipfix ? 2 : 0)) {
        while (end - p >= 4) {
          const id = dv.getUint16(p), n = dv.getUint16(p + 2);
          if (id < 256) throw new Error(`template id ${id}`);
          p += 4;
          const fields = [];
          for (let i = 0; i < n; i++, p += 4) {
            if (p + 4 > end) throw new Error('template runs past its set');
            fields.push({ id: dv.getUint16(p), length: dv.getUint16(p + 2) });
          }
          this.templates.set(`${domain}/${id}`, { fields, scopeCount: 0 });
          templates.push(id);
          recordCount++;
        }
        zeroPadding(d, p, end);
      } else if (setId === (ipfix ? 3 : 1)) {
        while (end - p >= 6) {
          const id = dv.getUint16(p);
          if (id < 256) throw new Error(`options template id ${id}`);
          const fields = [];
          let scopeCount: number;
          if (ipfix) {
            const n = dv.getUint16(p + 2);
            scopeCount = dv.getUint16(p + 4);
            if (scopeCount === 0 || scopeCount > n) throw new Error(`scope count ${scopeCount} of ${n}`);
            p += 6;
            for (let i = 0; i < n; i++, p += 4) fields.push({ id: dv.getUint16(p), length: dv.getUint16(p + 2) });
          } else {
            const scopeLen = dv.getUint16(p + 2), optLen = dv.getUint16(p + 4);
            if (scopeLen % 4 !== 0 || optLen % 4 !== 0 || scopeLen === 0) throw new Error(`v9 options lengths ${scopeLen}/${optLen}`);
            scopeCount = scopeLen / 4;
            p += 6;
            for (let i = 0; i < (scopeLen + optLen) / 4; i++, p += 4) fields.push({ id: dv.getUint16(p), length: dv.getUint16(p + 2) });
          }
          if (p > end) throw new Error('options template runs past its set');
          this.templates.set(`${domain}/${id}`, { fields, scopeCount });
          optionsTemplates.push(id);
          recordCount++;
        }
        zeroPadding(d, p, end);
      } else if (setId >= 256) {
        const t = this.templates.get(`${domain}/${setId}`);
        if (t === undefined) throw new Error(`data set ${setId} before its template`);
        const minLength = t.fields.reduce((n, f) => n + (f.length === 65535 ? 1 : f.length), 0);
        while (end - p >= minLength) {
          const values = new Map<number, FieldValue>();
          for (const f of t.fields) {
            let len = f.length;
            if (len === 65535) {
              if (!ipfix) throw new Error('variable length in NetFlow v9');
              len = d[p]!;
              p++;
              if (len === 255) {
                len = dv.getUint16(p);
                p += 2;
              }
            }
            if (p + len > end) throw new Error(`field ${f.id} runs past set ${setId}`);
            const raw = d.slice(p, p + len);
            values.set(f.id, f.id === 82 ? new TextDecoder('utf-8', { fatal: true }).decode(raw).replace(/\0+$/, '') : len <= 8 ? toBigInt(raw) : raw);
            p += len;
          }
          records.push({ templateId: setId, options: t.scopeCount > 0, values });
          recordCount++;
        }
        zeroPadding(d, p, end);
      } else {
        throw new Error(`set id ${setId}`);
      }
      pos = end;
    }
    const count = ipfix ? null : dv.getUint16(2);
    if (count !== null && count !== recordCount) throw new Error(`v9 count ${count}, ${recordCount} records`);
    return {
      version,
      length: d.length,
      count,
      exportSeconds: ipfix ? dv.getUint32(4) : dv.getUint32(8),
      sysUptime: ipfix ? null : dv.getUint32(4),
      sequence: dv.getUint32(ipfix ? 8 : 12),
      domain,
      templates,
      optionsTemplates,
      records,
    };
  }
}

function zeroPadding(d: Uint8Array, from: number, end: number): void {
  if (end - from > 3) throw new Error(`${end - from} bytes of padding`);
  for (let i = from; i < end; i++) if (d[i] !== 0) throw new Error('non-zero padding');
}

function toBigInt(b: Uint8Array): bigint {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}

/** The flow records of a message as rows (options records left out). */
export function flowRows(m: DecodedMessage): FlowRow[] {
  const num = (r: DecodedRecord, id: number): number | null => {
    const v = r.values.get(id);
    return typeof v === 'bigint' ? Number(v) : null;
  };
  const need = (r: DecodedRecord, id: number): number => {
    const v = num(r, id);
    if (v === null) throw new Error(`record of template ${r.templateId} has no IE ${id}`);
    return v;
  };
  return m.records.filter((r) => !r.options).map((r) => {
    const v4 = r.values.has(8);
    const src = r.values.get(v4 ? 8 : 27), dst = r.values.get(v4 ? 12 : 28);
    const addr = (v: FieldValue | undefined, family: 4 | 6) => {
      if (v === undefined || typeof v === 'string') throw new Error('no address');
      const bytes = typeof v === 'bigint' ? Uint8Array.from([24, 16, 8, 0], (s) => Number((v >> BigInt(s)) & 0xffn)) : v;
      return formatAddress(family, bytes);
    };
    let startMs: number, endMs: number;
    if (m.version === 10) {
      startMs = need(r, 152);
      endMs = need(r, 153);
    } else {
      const boot = m.exportSeconds * 1000 - m.sysUptime!;
      startMs = boot + need(r, 22);
      endMs = boot + need(r, 21);
    }
    const family = v4 ? 4 : 6;
    return {
      templateId: r.templateId,
      family,
      src: addr(src, family),
      dst: addr(dst, family),
      srcPort: num(r, 7),
      dstPort: num(r, 11),
      proto: need(r, 4),
      octets: need(r, 1),
      packets: need(r, 2),
      startMs,
      endMs,
      direction: need(r, 61),
      endReason: need(r, 136),
      ingress: num(r, 10),
      egress: num(r, 14),
    };
  });
}
