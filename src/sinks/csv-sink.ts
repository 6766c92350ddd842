// --csv FILE|-: a header row, then one RFC 4180 row per flow per tick, written through a line writer in bounded chunks.
import type { FlowView, TickSnapshot, TrafficCounters } from '../core/tick-snapshot.js';
import { formatAddressWords } from '../format/address-words.js';
import { inert } from '../format/inert.js';
import { csvField, csvNumber, CSV_EOL, CSV_HEADER } from '../render/csv-rows.js';
import { ms } from '../render/json-report.js';
import type { LineWriter } from '../ports/line-writer.js';
import type { SnapshotSink } from '../ports/snapshot-sink.js';

/** Rows are handed to the writer in pieces of about this many characters. */
const CHUNK_CHARS = 1 << 16;

/** Per source: the constant start of each flow's row (source … dst_port), kept by flow id while its serial stays. */
interface RowCache {
  readonly sourceField: string;
  prefixes: string[];
  serials: Float64Array;
}

export class CsvSink implements SnapshotSink {
  /** Rows the writer did not take (the reader was not keeping up). */
  droppedRows = 0;
  rows = 0;
  private headerWritten = false;
  private closed = false;
  private readonly caches = new Map<string, RowCache>();
  private readonly key = new Uint32Array(10);
  private readonly addr = new Uint8Array(16);
  /** By flow id: 1 while writing a tick in which the flow expires. */
  private expiring = new Uint8Array(0);

  constructor(private readonly out: LineWriter) {}

  tick(s: TickSnapshot): void {
    if (this.closed) return;
    this.header();
    const label = inert(s.source.kind === 'interface' ? s.source.name : s.source.path);
    let cache = this.caches.get(label);
    if (cache === undefined) {
      cache = { sourceField: csvField(label), prefixes: [], serials: new Float64Array(0) };
      this.caches.set(label, cache);
    }
    const ts = String(ms(s.ts)) + ',';
    const flows = s.flows, ex = s.expired;
    for (let i = 0; i < ex.count; i++) this.mark(ex.at(i), 1);
    let chunk = '', chunkRows = 0;
    for (let i = 0; i < flows.count; i++) {
      const id = flows.at(i);
      chunk += ts + this.prefix(cache, flows, id) + counters(flows, id) + (id < this.expiring.length && this.expiring[id] === 1 ? 'true' : 'false') + CSV_EOL;
      chunkRows++;
      if (chunk.length >= CHUNK_CHARS) {
        this.emit(chunk, chunkRows);
        chunk = '';
        chunkRows = 0;
      }
    }
    const o = s.overflow;
    if (o.slotSentBytes + o.slotRecvBytes + o.slotSentPackets + o.slotRecvPackets > 0 || o.sentRate[2] + o.recvRate[2] > 0) {
      chunk += ts + cache.sourceField + ',overflow,,,,,,,,' + overflowCounters(o) + CSV_EOL;
      chunkRows++;
    }
    if (chunkRows > 0) this.emit(chunk, chunkRows);
    for (let i = 0; i < ex.count; i++) this.mark(ex.at(i), 0);
  }

  private mark(id: number, v: number): void {
    if (id >= this.expiring.length) {
      const grown = new Uint8Array(Math.max(id + 1, this.expiring.length * 2, 1024));
      grown.set(this.expiring);
      this.expiring = grown;
    }
    this.expiring[id] = v;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.header();
    this.closed = true;
    await this.out.close();
  }

  private header(): void {
    if (this.headerWritten) return;
    this.headerWritten = true;
    if (!this.out.write(CSV_HEADER)) this.droppedRows++;
  }

  private emit(chunk: string, rows: number): void {
    if (this.out.write(chunk)) this.rows += rows;
    else this.droppedRows += rows;
  }

  /** "source,flow,serial,family,proto,src,src_port,dst,dst_port,": formatted once per flow record. */
  private prefix(cache: RowCache, flows: FlowView, id: number): string {
    const serial = flows.serial(id);
    if (id < cache.serials.length && cache.serials[id] === serial) return cache.prefixes[id]!;
    if (id >= cache.serials.length) {
      const grown = new Float64Array(Math.max(id + 1, cache.serials.length * 2, 1024)).fill(-1);
      grown.set(cache.serials);
      cache.serials = grown;
    }
    const k = this.key;
    flows.copyKey(id, k);
    const family = k[0]! >>> 8 === 6 ? 6 : 4, proto = k[0]! & 0xff;
    const ports = proto === 6 || proto === 17;
    const p = [
      cache.sourceField, 'flow', serial, family, proto,
      formatAddressWords(family, k, 1, this.addr), ports ? k[9]! >>> 16 : '',
      formatAddressWords(family, k, 5, this.addr), ports ? k[9]! & 0xffff : '', '',
    ].join(',');
    cache.serials[id] = serial;
    cache.prefixes[id] = p;
    return p;
  }
}

function counters(f: FlowView, id: number): string {
  return [
    f.slotSentBytes(id), f.slotRecvBytes(id), f.slotSentPackets(id), f.slotRecvPackets(id),
    csvNumber(f.sentRate(id, 0)), csvNumber(f.sentRate(id, 1)), csvNumber(f.sentRate(id, 2)),
    csvNumber(f.recvRate(id, 0)), csvNumber(f.recvRate(id, 1)), csvNumber(f.recvRate(id, 2)),
    f.cumulativeSentBytes(id), f.cumulativeRecvBytes(id), f.cumulativeSentPackets(id), f.cumulativeRecvPackets(id),
    ms(f.firstSeen(id)), ms(f.lastSeen(id)), '',
  ].join(',');
}

function overflowCounters(o: TrafficCounters): string {
  return [
    o.slotSentBytes, o.slotRecvBytes, o.slotSentPackets, o.slotRecvPackets,
    csvNumber(o.sentRate[0]), csvNumber(o.sentRate[1]), csvNumber(o.sentRate[2]),
    csvNumber(o.recvRate[0]), csvNumber(o.recvRate[1]), csvNumber(o.recvRate[2]),
    o.cumulativeSentBytes, o.cumulativeRecvBytes, o.cumulativeSentPackets, o.cumulativeRecvPackets, '', '', '',
  ].join(',');
}
