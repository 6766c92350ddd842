// --ndjson-file records: every flow of every tick (not the -L shown lines), with packets and first/last seen, for jq and collectors.
import type { CaptureCounters, KernelCounters, Rates } from '../core/screen-model.js';
import type { FlowView, SnapshotSource, TickSnapshot } from '../core/tick-snapshot.js';
import { formatAddress } from '../format/inet-ntop.js';

/** Bumped only when a field changes meaning or goes away; new fields may be added within a version. */
export const NDJSON_FLOWS_SCHEMA_VERSION = 1;

/** The first line: which sources the records come from. */
export function ndjsonFlowsHeader(version: string, sources: readonly SnapshotSource[]): string {
  const names = (kind: SnapshotSource['kind']) => sources.filter((s) => s.kind === kind).map((s) => (s.kind === 'interface' ? s.name : s.path));
  return JSON.stringify({
    type: 'header', schema_version: NDJSON_FLOWS_SCHEMA_VERSION, tool: 'wiretop', version, records: 'flows',
    interfaces: names('interface'), files: names('file'), interval_s: 2,
  }) + '\n';
}

/**
 * Encodes ticks as UTF-8 JSON lines into one buffer it reuses (a flood of 100 000 flows makes 50 MB a
 * tick: no string of that size, no array of 100 000 strings for the garbage collector). Per tick: a
 * "totals" record, an "overflow" record when flows beyond the table's cap carried traffic, a "flow"
 * record per flow that carried traffic in the slot (so every flow appears each time it moves, its
 * cumulative counters current), and a "flow_end" record per flow whose record ends at this tick (its
 * final counters). Flow records are written out by hand: exactly what JSON.stringify gives for the
 * same fields in this order (a test holds it to that).
 */
export class NdjsonFlowsEncoder {
  private buf = new Uint8Array(1 << 16);
  private at = 0;
  private readonly encoder = new TextEncoder();
  private readonly a = new Uint8Array(16);
  private readonly b = new Uint8Array(16);

  /** ownerFields: per flow, fields added at the end of its record (the owner, with attribution on). */
  constructor(private readonly ownerFields: ((v: FlowView, id: number) => string) | null = null) {}

  /** The tick's lines after `prefix` (alert events, already JSON lines); valid until the next call. */
  encode(s: TickSnapshot, prefix = ''): Uint8Array {
    this.at = 0;
    this.put(prefix);
    const named = sourceObject(s.source);
    this.put(totalsRecord(s, named) + '\n');
    if (s.overflow.cumulativeSentPackets + s.overflow.cumulativeRecvPackets > 0) this.put(overflowRecord(s, named) + '\n');
    const src = sourceField(s.source), ts = num(s.ts), partial = s.partial;
    const f = s.flows;
    for (let i = 0; i < f.count; i++) {
      const id = f.at(i);
      if (f.slotSentPackets(id) + f.slotRecvPackets(id) > 0) this.put(flowRecord(f, id, 'flow', src, ts, partial, this.a, this.b, this.extra(f, id)));
    }
    const e = s.expired;
    for (let i = 0; i < e.count; i++) this.put(flowRecord(e, e.at(i), 'flow_end', src, ts, partial, this.a, this.b, this.extra(e, e.at(i))));
    return this.buf.subarray(0, this.at);
  }

  private extra(v: FlowView, id: number): string {
    return this.ownerFields === null ? '' : this.ownerFields(v, id);
  }

  private put(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (this.buf.length - this.at < text.length * 3) {
      const grown = new Uint8Array(Math.max(this.buf.length * 2, this.at + text.length * 3));
      grown.set(this.buf.subarray(0, this.at));
      this.buf = grown;
    }
    this.at += this.encoder.encodeInto(text, this.buf.subarray(this.at)).written;
  }
}

/** The tick's lines as a string (tests, small outputs). */
export function ndjsonFlowsTick(s: TickSnapshot): string {
  return new TextDecoder().decode(new NdjsonFlowsEncoder().encode(s));
}

/** `"interface":"eth0"` or `"file":"x.pcap"`, as JSON (names may hold anything). */
function sourceField(source: SnapshotSource): string {
  return JSON.stringify(sourceObject(source)).slice(1, -1);
}

function sourceObject(source: SnapshotSource): { interface: string } | { file: string } {
  return source.kind === 'interface' ? { interface: source.name } : { file: source.path };
}

function totalsRecord(s: TickSnapshot, named: object): string {
  const t = s.totals;
  return JSON.stringify({
    type: 'totals', ...named, ts: s.ts, partial: s.partial,
    sent_bytes_per_s: windows(t.sentRate), received_bytes_per_s: windows(t.recvRate),
    peak_bytes_per_s: { sent: t.peakSent, received: t.peakRecv, total: t.peakTotal },
    slot_bytes: { sent: t.slotSentBytes, received: t.slotRecvBytes },
    slot_packets: { sent: t.slotSentPackets, received: t.slotRecvPackets },
    cumulative_bytes: { sent: t.cumulativeSentBytes, received: t.cumulativeRecvBytes },
    cumulative_packets: { sent: t.cumulativeSentPackets, received: t.cumulativeRecvPackets },
    flows: s.flows.count,
    capture: captureJson(s.counters, s.kernel),
  });
}

function overflowRecord(s: TickSnapshot, named: object): string {
  const o = s.overflow;
  return JSON.stringify({
    type: 'overflow', ...named, ts: s.ts, partial: s.partial,
    sent_bytes_per_s: windows(o.sentRate), received_bytes_per_s: windows(o.recvRate),
    slot_sent_bytes: o.slotSentBytes, slot_received_bytes: o.slotRecvBytes,
    slot_sent_packets: o.slotSentPackets, slot_received_packets: o.slotRecvPackets,
    cumulative_sent_bytes: o.cumulativeSentBytes, cumulative_received_bytes: o.cumulativeRecvBytes,
    cumulative_sent_packets: o.cumulativeSentPackets, cumulative_received_packets: o.cumulativeRecvPackets,
    ending: o.expiring,
  });
}

/** Addresses are digits, hex, dots and colons: nothing to escape. One template per record, with its newline. */
function flowRecord(v: FlowView, id: number, type: 'flow' | 'flow_end', src: string, ts: string, partial: boolean, a: Uint8Array, b: Uint8Array, extra: string): string {
  const family = v.family(id);
  v.copySrc(id, a);
  v.copyDst(id, b);
  const head = `{"type":"${type}",${src},"ts":${ts},"partial":${partial},"serial":${v.serial(id)},"family":${family},"proto":${v.proto(id)},` +
    `"src":"${formatAddress(family, a)}","src_port":${v.srcPort(id)},"dst":"${formatAddress(family, b)}","dst_port":${v.dstPort(id)}`;
  const tail = `,"cumulative_sent_bytes":${num(v.cumulativeSentBytes(id))},"cumulative_received_bytes":${num(v.cumulativeRecvBytes(id))},` +
    `"cumulative_sent_packets":${num(v.cumulativeSentPackets(id))},"cumulative_received_packets":${num(v.cumulativeRecvPackets(id))},` +
    `"first_seen":${num(v.firstSeen(id))},"last_seen":${num(v.lastSeen(id))}${extra}}\n`;
  if (type === 'flow_end') return head + tail;
  return head +
    `,"slot_sent_bytes":${num(v.slotSentBytes(id))},"slot_received_bytes":${num(v.slotRecvBytes(id))},` +
    `"slot_sent_packets":${num(v.slotSentPackets(id))},"slot_received_packets":${num(v.slotRecvPackets(id))},` +
    `"sent_bytes_per_s":{"2s":${num(v.sentRate(id, 0))},"10s":${num(v.sentRate(id, 1))},"40s":${num(v.sentRate(id, 2))}},` +
    `"received_bytes_per_s":{"2s":${num(v.recvRate(id, 0))},"10s":${num(v.recvRate(id, 1))},"40s":${num(v.recvRate(id, 2))}}` + tail;
}

function captureJson(c: Readonly<CaptureCounters>, kernel: KernelCounters | null): object {
  return {
    frames: c.frames, accounted: c.accounted, malformed: c.malformed, non_ip: c.nonIp, encrypted: c.encrypted, unsupported_link: c.unsupported,
    filtered: c.filtered, length_from_wire: c.lengthFromWire, overflow: c.overflow,
    ...(kernel === null ? {} : { kernel_received: kernel.received, kernel_dropped: kernel.dropped, kernel_if_dropped: kernel.ifDropped }),
  };
}

/** A number as JSON writes it (non-finite numbers become null there too). */
function num(x: number): string {
  return Number.isFinite(x) ? String(x) : 'null';
}

function windows(r: Rates): object {
  return { '2s': r[0], '10s': r[1], '40s': r[2] };
}
