// --json: the one document written when a run ends (sources, totals, capture counters, every flow), as chunks of text in a fixed key order.
import type { CaptureCounters, KernelCounters } from '../core/screen-model.js';
import type { SnapshotSource } from '../core/tick-snapshot.js';
import { formatAddressWords } from '../format/address-words.js';

/** Bumped only when a field changes meaning or shape (adding fields is not a break). */
export const JSON_SCHEMA_VERSION = 1;

export interface ReportTraffic {
  readonly sentBytes: number;
  readonly recvBytes: number;
  readonly sentPackets: number;
  readonly recvPackets: number;
}

export interface ReportSource {
  /** The interface name or file path, made inert; flows name their source with it. */
  readonly label: string;
  readonly source: SnapshotSource;
  readonly ticks: number;
  /** Times of the first and last tick, milliseconds since the epoch. */
  readonly firstTickMs: number;
  readonly lastTickMs: number;
  /** Since the start of the run, flows and overflow line together. */
  readonly totals: ReportTraffic;
  /** The part of the totals in no flow record (the flow table was full). */
  readonly overflow: ReportTraffic;
  readonly capture: Readonly<CaptureCounters>;
  readonly kernel: KernelCounters | null;
  readonly flowCount: number;
  /** Expired flows left out by the bound, with their counters. */
  readonly dropped: ReportTraffic & { readonly count: number };
}

/** One flow as the renderer reads it (one object reused for every flow). */
export interface ReportFlowRow {
  sourceJson: string;
  serial: number;
  /** The 10-word flow key: [family<<8|proto, src×4, dst×4, srcPort<<16|dstPort]. */
  readonly key: Uint32Array;
  sentBytes: number;
  recvBytes: number;
  sentPackets: number;
  recvPackets: number;
  /** Seconds since the epoch (fractional). */
  firstSeen: number;
  lastSeen: number;
  expired: boolean;
}

export interface ReportFlows {
  readonly count: number;
  /** Fills row with the i-th flow in document order. */
  read(i: number, row: ReportFlowRow): void;
}

export interface JsonReport {
  readonly version: string;
  /** Expired flows kept per source at most. */
  readonly expiredFlowLimit: number;
  readonly sources: readonly ReportSource[];
  readonly flows: ReportFlows;
}

/**
 * The document: metadata first, then "flows" with one flow per line, so a reader can stream it and
 * `jq` reads it whole. Yields pieces of about chunkChars characters (a run with a million flows never
 * becomes one string). Times are integer milliseconds since the epoch (`*_ms`), bytes integers.
 */
export function* jsonReportChunks(r: JsonReport, chunkChars = 1 << 16): Generator<string> {
  const totals = sum(r.sources.map((s) => s.totals));
  const dropped = sum(r.sources.map((s) => s.dropped));
  const head = '{"schema_version":' + JSON_SCHEMA_VERSION + ',"tool":"wiretop","version":' + JSON.stringify(r.version) +
    ',"sources":[' + r.sources.map(sourceJson).join(',') + '],"totals":' + traffic(totals) +
    ',"flow_count":' + r.flows.count + ',"flows_dropped":' + droppedJson(r.sources.reduce((a, s) => a + s.dropped.count, 0), dropped) +
    ',"expired_flow_limit":' + r.expiredFlowLimit + ',"flows":[';
  let chunk = head;
  const row: ReportFlowRow = {
    sourceJson: '""', serial: 0, key: new Uint32Array(10), sentBytes: 0, recvBytes: 0, sentPackets: 0, recvPackets: 0, firstSeen: 0, lastSeen: 0, expired: false,
  };
  const addr = new Uint8Array(16);
  for (let i = 0; i < r.flows.count; i++) {
    r.flows.read(i, row);
    chunk += (i === 0 ? '\n' : ',\n') + flowJson(row, addr);
    if (chunk.length >= chunkChars) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk + (r.flows.count > 0 ? '\n' : '') + ']}\n';
}

/** A flow object, written out directly (one per flow of a long run); what JSON.stringify gives for the same fields. */
function flowJson(f: ReportFlowRow, addr: Uint8Array): string {
  const k = f.key;
  const family = k[0]! >>> 8 === 6 ? 6 : 4, proto = k[0]! & 0xff;
  const ports = proto === 6 || proto === 17;
  return [
    '{"source":', f.sourceJson, ',"serial":', f.serial, ',"family":', family, ',"proto":', proto,
    ',"src":"', formatAddressWords(family, k, 1, addr), '","src_port":', ports ? k[9]! >>> 16 : 'null',
    ',"dst":"', formatAddressWords(family, k, 5, addr), '","dst_port":', ports ? k[9]! & 0xffff : 'null',
    ',"sent_bytes":', f.sentBytes, ',"received_bytes":', f.recvBytes, ',"sent_packets":', f.sentPackets, ',"received_packets":', f.recvPackets,
    ',"first_seen_ms":', ms(f.firstSeen), ',"last_seen_ms":', ms(f.lastSeen), ',"expired":', f.expired, '}',
  ].join('');
}

function sourceJson(s: ReportSource): string {
  const where = s.source.kind === 'interface' ? '"interface":' + JSON.stringify(s.label) : '"file":' + JSON.stringify(s.label);
  const c = s.capture;
  return '{' + where + ',"ticks":' + s.ticks + ',"first_tick_ms":' + s.firstTickMs + ',"last_tick_ms":' + s.lastTickMs +
    ',"totals":' + traffic(s.totals) + ',"overflow":' + traffic(s.overflow) +
    ',"capture":' + JSON.stringify({
      frames: c.frames, accounted: c.accounted, malformed: c.malformed, non_ip: c.nonIp, encrypted: c.encrypted, unsupported_link: c.unsupported,
      filtered: c.filtered, length_from_wire: c.lengthFromWire, overflow: c.overflow,
    }) +
    ',"kernel":' + (s.kernel === null ? 'null' : JSON.stringify({ received: s.kernel.received, dropped: s.kernel.dropped, if_dropped: s.kernel.ifDropped })) +
    ',"flow_count":' + s.flowCount + ',"flows_dropped":' + droppedJson(s.dropped.count, s.dropped) + '}';
}

function traffic(t: ReportTraffic): string {
  return JSON.stringify({ sent_bytes: t.sentBytes, received_bytes: t.recvBytes, sent_packets: t.sentPackets, received_packets: t.recvPackets });
}

function droppedJson(count: number, t: ReportTraffic): string {
  return '{"count":' + count + ',' + traffic(t).slice(1);
}

function sum(list: readonly ReportTraffic[]): ReportTraffic {
  return list.reduce((a, t) => ({
    sentBytes: a.sentBytes + t.sentBytes, recvBytes: a.recvBytes + t.recvBytes,
    sentPackets: a.sentPackets + t.sentPackets, recvPackets: a.recvPackets + t.recvPackets,
  }), { sentBytes: 0, recvBytes: 0, sentPackets: 0, recvPackets: 0 });
}

/** Epoch seconds (fractional) as integer milliseconds. */
export function ms(seconds: number): number {
  return Number.isFinite(seconds) ? Math.round(seconds * 1000) : 0;
}
