// IPFIX (RFC 7011) and NetFlow v9 (RFC 3954) messages: buffered records packed into datagrams under a size budget.
import type { ExportRecord, RecordSink } from './export-record.js';
import type { ExportInterface, FlowProtocol } from './flow-export-options.js';
import { dataTemplates, IE, interfaceNameBytes, OPTIONS_TEMPLATE_ID, templateIndex, writeRecord } from './templates.js';
import type { DataTemplate, TimeStyle } from './templates.js';

export interface EncoderOptions {
  readonly protocol: FlowProtocol;
  readonly observationDomain: number;
  readonly maxDatagramBytes: number;
  readonly templateRefreshPackets: number;
  readonly templateRefreshSeconds: number;
  readonly exportInterface: ExportInterface | null;
}

/** IF_NAME is fixed-size, as Cisco sends it (IFNAMSIZ). */
const V9_IF_NAME_BYTES = 16;
const V9_SCOPE_INTERFACE = 2;

/** A datagram and the data records in it (flow records plus options records). */
export type DatagramSender = (datagram: Uint8Array, dataRecords: number) => void;

/**
 * Records are written in wire format into one buffer per template as they arrive and cut into
 * datagrams at flush(): header, the template sets when due (the first datagram, then every
 * `templateRefreshPackets` datagrams or `templateRefreshSeconds` of export time, RFC 7011 §8.4),
 * then data sets, each datagram at most maxDatagramBytes. Sequence numbers follow each RFC: IPFIX
 * counts the data records sent before this message, NetFlow v9 counts export packets.
 */
export class FlowEncoder implements RecordSink {
  /** Data records (including options records) and datagrams produced so far. */
  dataRecordsSent = 0;
  datagramsSent = 0;
  private readonly ipfix: boolean;
  private readonly time: TimeStyle;
  private readonly templates: DataTemplate[];
  private readonly buffers: Uint8Array[];
  private readonly views: DataView[];
  private readonly lengths: number[];
  private readonly counts: number[];
  private readonly headerLength: number;
  private readonly templateSet: Uint8Array;
  private readonly optionsSets: Uint8Array;
  private readonly scratch: Uint8Array;
  private readonly scratchView: DataView;
  private sinceTemplates = Infinity;
  private templatesAtSeconds = -Infinity;
  private uptimeOriginMs = 0;
  private readonly uptime = (ms: number) => Math.max(0, ms - this.uptimeOriginMs) >>> 0;

  constructor(private readonly o: EncoderOptions) {
    this.ipfix = o.protocol === 'ipfix';
    this.time = this.ipfix ? 'absolute' : 'uptime';
    this.headerLength = this.ipfix ? 16 : 20;
    this.templates = dataTemplates(this.time, o.exportInterface !== null);
    this.buffers = this.templates.map(() => new Uint8Array(4096));
    this.views = this.buffers.map((b) => new DataView(b.buffer));
    this.lengths = this.templates.map(() => 0);
    this.counts = this.templates.map(() => 0);
    this.templateSet = this.encodeTemplateSet();
    this.optionsSets = this.encodeOptionsSets();
    this.scratch = new Uint8Array(o.maxDatagramBytes);
    this.scratchView = new DataView(this.scratch.buffer);
    const widest = Math.max(...this.templates.map((t) => t.recordLength));
    if (this.headerLength + this.templateSet.length + this.optionsSets.length + 4 + widest > o.maxDatagramBytes) {
      throw new Error(`a ${o.maxDatagramBytes}-byte datagram cannot hold the templates and a record`);
    }
  }

  /** NetFlow v9 only: the sysUptime origin (epoch ms); FIRST/LAST_SWITCHED and the header count from it. */
  setUptimeOrigin(ms: number): void {
    this.uptimeOriginMs = ms;
  }

  /** Records waiting for flush(). */
  get pending(): number {
    let n = 0;
    for (const c of this.counts) n += c;
    return n;
  }

  add(r: Readonly<ExportRecord>): void {
    const t = templateIndex(r.family, r.proto);
    const tpl = this.templates[t]!;
    if (this.lengths[t]! + tpl.recordLength > this.buffers[t]!.length) this.growBuffer(t);
    this.lengths[t] = writeRecord(this.views[t]!, this.buffers[t]!, this.lengths[t]!, r, tpl.ports, this.time, this.uptime, this.o.exportInterface);
    this.counts[t]!++;
  }

  /** Packs every buffered record into datagrams stamped with exportSeconds and hands them to send. */
  flush(exportSeconds: number, send: DatagramSender): void {
    const out = this.scratch;
    const budget = this.o.maxDatagramBytes;
    let pos = 0, records = 0, data = 0;
    const open = () => {
      pos = this.headerLength;
      records = 0;
      data = 0;
      const due = this.sinceTemplates >= this.o.templateRefreshPackets || exportSeconds - this.templatesAtSeconds >= this.o.templateRefreshSeconds;
      if (due) {
        out.set(this.templateSet, pos);
        pos += this.templateSet.length;
        records += this.templates.length;
        if (this.optionsSets.length > 0) {
          out.set(this.optionsSets, pos);
          pos += this.optionsSets.length;
          records += 2;
          data += 1;
        }
        this.sinceTemplates = 0;
        this.templatesAtSeconds = exportSeconds;
      }
    };
    const close = () => {
      this.writeHeader(pos, records, exportSeconds);
      this.dataRecordsSent = (this.dataRecordsSent + data) % 0x1_0000_0000;
      this.datagramsSent++;
      this.sinceTemplates++;
      send(out.slice(0, pos), data);
    };
    let opened = false;
    for (let t = 0; t < this.templates.length; t++) {
      const tpl = this.templates[t]!;
      const len = tpl.recordLength;
      let from = 0;
      while (from < this.lengths[t]!) {
        if (!opened || budget - pos < 4 + len) {
          if (opened) close();
          open();
          opened = true;
        }
        const fit = Math.min(Math.floor((budget - pos - 4) / len), (this.lengths[t]! - from) / len);
        this.scratchView.setUint16(pos, tpl.id);
        this.scratchView.setUint16(pos + 2, 4 + fit * len);
        out.set(this.buffers[t]!.subarray(from, from + fit * len), pos + 4);
        pos += 4 + fit * len;
        from += fit * len;
        records += fit;
        data += fit;
      }
      this.lengths[t] = 0;
      this.counts[t] = 0;
    }
    if (opened) close();
  }

  private writeHeader(length: number, records: number, exportSeconds: number): void {
    const dv = this.scratchView;
    if (this.ipfix) {
      dv.setUint16(0, 10);
      dv.setUint16(2, length);
      dv.setUint32(4, exportSeconds >>> 0);
      // RFC 7011 §3.1: data records sent in this stream *before* this message.
      dv.setUint32(8, this.dataRecordsSent >>> 0);
      dv.setUint32(12, this.o.observationDomain >>> 0);
    } else {
      dv.setUint16(0, 9);
      dv.setUint16(2, records);
      // Consistent with unix_secs so a collector's boot time (unix_secs×1000 − sysUptime) is the origin exactly.
      dv.setUint32(4, this.uptime(exportSeconds * 1000));
      dv.setUint32(8, exportSeconds >>> 0);
      // RFC 3954 §5.1: export packets sent before this one.
      dv.setUint32(12, this.datagramsSent >>> 0);
      dv.setUint32(16, this.o.observationDomain >>> 0);
    }
  }

  /** The (options) template set of every data template: IPFIX Set ID 2, NetFlow v9 FlowSet ID 0. */
  private encodeTemplateSet(): Uint8Array {
    const length = 4 + this.templates.reduce((n, t) => n + 4 + 4 * t.fields.length, 0);
    const b = new Uint8Array(length);
    const dv = new DataView(b.buffer);
    dv.setUint16(0, this.ipfix ? 2 : 0);
    dv.setUint16(2, length);
    let pos = 4;
    for (const t of this.templates) {
      dv.setUint16(pos, t.id);
      dv.setUint16(pos + 2, t.fields.length);
      pos += 4;
      for (const f of t.fields) {
        dv.setUint16(pos, f.id);
        dv.setUint16(pos + 2, f.length);
        pos += 4;
      }
    }
    return b;
  }

  /**
   * NetFlow v9 only: the interface options template and its one record (ifindex → IF_NAME), sent
   * with the templates; empty when the interface is not known (files, "any"). IPFIX sends none:
   * RFC 7011 counts options data records in the sequence number, nfdump (1.7 to its current
   * source) counts only flow records, so each refresh would show up as a sequence failure there.
   */
  private encodeOptionsSets(): Uint8Array {
    const iface = this.o.exportInterface;
    if (iface === null || this.ipfix) return new Uint8Array(0);
    const tplLen = 4 + 6 + 8 + 2; // set header, template ID + scope and option lengths, two fields, padding to 32 bits
    const dataLen = 4 + 4 + V9_IF_NAME_BYTES;
    const b = new Uint8Array(tplLen + dataLen);
    const dv = new DataView(b.buffer);
    dv.setUint16(0, 1);
    dv.setUint16(2, tplLen);
    dv.setUint16(4, OPTIONS_TEMPLATE_ID);
    dv.setUint16(6, 4);
    dv.setUint16(8, 4);
    dv.setUint16(10, V9_SCOPE_INTERFACE);
    dv.setUint16(12, 4);
    dv.setUint16(14, IE.interfaceName);
    dv.setUint16(16, V9_IF_NAME_BYTES);
    dv.setUint16(tplLen, OPTIONS_TEMPLATE_ID);
    dv.setUint16(tplLen + 2, dataLen);
    dv.setUint32(tplLen + 4, iface.index);
    b.set(interfaceNameBytes(iface.name, V9_IF_NAME_BYTES), tplLen + 8);
    return b;
  }

  private growBuffer(t: number): void {
    const next = new Uint8Array(this.buffers[t]!.length * 2);
    next.set(this.buffers[t]!.subarray(0, this.lengths[t]!));
    this.buffers[t] = next;
    this.views[t] = new DataView(next.buffer);
  }
}
