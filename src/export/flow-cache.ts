// The export flow cache: per-tick slot deltas of every flow become per-direction records at timeouts, expiry and close.
import type { FlowView, TickSnapshot } from '../core/tick-snapshot.js';
import { epochMs, FlowDirection, FlowEndReason, newExportRecord } from './export-record.js';
import type { FlowEndReasonValue, RecordSink } from './export-record.js';

/** Pending counters per entry: sent bytes, sent packets, received bytes, received packets. */
const PEND = 4;
const SENT_BYTES = 0, SENT_PKTS = 1, RECV_BYTES = 2, RECV_PKTS = 3;
/** Per-address bytes: src 16, dst 16. */
const ADDR = 32;

/**
 * Entries live in arrays indexed by flow id (the table's ids are dense and bounded by --max-flows),
 * tagged with the flow's serial: an id that comes back with another serial is another flow. A
 * record covers one direction ("sent": src→dst, "received": dst→src) from the first packet after
 * the previous record of the flow to the latest one; it ends when the flow is silent for the
 * inactive timeout (idle, 1), has been recording for the active timeout (active, 2), leaves the
 * flow table (idle, 1: the table only drops flows silent for 40 s) or at close (forced end, 4).
 *
 * Times: the first record of a flow starts at the flow's first packet (exact). A later record
 * starts at the slot in which its first packet was counted (the snapshot says which slot, not
 * when within it), but never before the flow's first packet; it ends at the flow's latest packet
 * in the last slot it counted. Both directions share the flow's times, which the snapshot keeps
 * per flow: a reply's record may start up to its round trip early.
 */
export class FlowCache {
  /** Entries holding a flow. */
  size = 0;
  private capacity = 0;
  private highWater = 0;
  private used = new Uint8Array(0);
  private serials = new Float64Array(0);
  private seenTick = new Uint32Array(0);
  private family = new Uint8Array(0);
  private proto = new Uint8Array(0);
  private ports = new Uint32Array(0);
  private addrs = new Uint8Array(0);
  /** 1 when the flow's src side is one of this host's addresses (its sent direction leaves the interface). */
  private srcLocal = new Uint8Array(0);
  private pend = new Float64Array(0);
  /** Start and end (ms) of the pending record, per direction. */
  private startMs = new Float64Array(0);
  private endMs = new Float64Array(0);
  private firstSeenMs = new Float64Array(0);
  private lastSeenMs = new Float64Array(0);
  private tickNo = 0;
  /** The previous tick's time (ms): where the slot counted at this tick began. */
  private prevTickMs = -Infinity;
  private readonly record = newExportRecord();
  private readonly addrBuf = new Uint8Array(16);
  /** isLocal() wants exactly 4 or 16 bytes: views made once, not per flow. */
  private readonly addr4 = this.addrBuf.subarray(0, 4);

  constructor(
    private readonly activeMs: number,
    private readonly inactiveMs: number,
    private readonly sink: RecordSink,
  ) {}

  /** Accounts one tick: new flows, slot deltas, expiry, then the timeouts (records go to the sink). */
  update(s: TickSnapshot): void {
    const tickMs = epochMs(s.ts);
    this.tickNo = (this.tickNo + 1) >>> 0 || 1;
    const flows = s.flows;
    for (let i = 0; i < flows.count; i++) {
      const id = flows.at(i);
      if (id >= this.capacity) this.grow(id + 1);
      if (id >= this.highWater) this.highWater = id + 1;
      const serial = flows.serial(id);
      if (this.used[id] === 1 && this.serials[id] !== serial) this.end(id, FlowEndReason.IDLE_TIMEOUT);
      if (this.used[id] === 0) this.open(id, serial, flows, s);
      else this.addSlot(id, flows);
      this.seenTick[id] = this.tickNo;
    }
    const expired = s.expired;
    for (let i = 0; i < expired.count; i++) {
      const id = expired.at(i);
      if (id < this.capacity && this.used[id] === 1 && this.serials[id] === expired.serial(id)) this.end(id, FlowEndReason.IDLE_TIMEOUT);
    }
    for (let id = 0; id < this.highWater; id++) {
      if (this.used[id] === 0) continue;
      if (this.seenTick[id] !== this.tickNo) {
        // Gone from the table without being listed as expired (a tick this cache did not see).
        this.end(id, FlowEndReason.IDLE_TIMEOUT);
        continue;
      }
      const p = id * PEND;
      if (this.pend[p + SENT_PKTS] === 0 && this.pend[p + RECV_PKTS] === 0) continue;
      if (tickMs - this.lastSeenMs[id]! >= this.inactiveMs) this.emit(id, FlowEndReason.IDLE_TIMEOUT);
      else if (tickMs - this.recordStart(id) >= this.activeMs) this.emit(id, FlowEndReason.ACTIVE_TIMEOUT);
    }
    this.prevTickMs = tickMs;
  }

  /** Ends every pending record with the given reason (forced end at shutdown) and empties the cache. */
  flushAll(reason: FlowEndReasonValue): void {
    for (let id = 0; id < this.highWater; id++) if (this.used[id] === 1) this.end(id, reason);
  }

  private open(id: number, serial: number, v: FlowView, s: TickSnapshot): void {
    this.used[id] = 1;
    this.size++;
    this.serials[id] = serial;
    const family = v.family(id);
    this.family[id] = family;
    this.proto[id] = v.proto(id);
    this.ports[id] = ((v.srcPort(id) << 16) | v.dstPort(id)) >>> 0;
    const a = this.addrBuf;
    a.fill(0);
    v.copySrc(id, a);
    this.srcLocal[id] = s.isLocal(family, family === 4 ? this.addr4 : a) ? 1 : 0;
    this.addrs.set(a, id * ADDR);
    a.fill(0);
    v.copyDst(id, a);
    this.addrs.set(a, id * ADDR + 16);
    const first = epochMs(v.firstSeen(id));
    const last = epochMs(v.lastSeen(id));
    this.firstSeenMs[id] = first;
    this.lastSeenMs[id] = last;
    // Everything since the flow was created: the same as this slot when the cache saw every tick.
    const p = id * PEND;
    this.pend[p + SENT_BYTES] = v.cumulativeSentBytes(id);
    this.pend[p + SENT_PKTS] = v.cumulativeSentPackets(id);
    this.pend[p + RECV_BYTES] = v.cumulativeRecvBytes(id);
    this.pend[p + RECV_PKTS] = v.cumulativeRecvPackets(id);
    for (let d = 0; d < 2; d++) {
      this.startMs[id * 2 + d] = first;
      this.endMs[id * 2 + d] = last;
    }
  }

  private addSlot(id: number, v: FlowView): void {
    const sentPkts = v.slotSentPackets(id);
    const recvPkts = v.slotRecvPackets(id);
    if (sentPkts === 0 && recvPkts === 0) return;
    const last = epochMs(v.lastSeen(id));
    this.lastSeenMs[id] = last;
    // The first packet counted in this slot came after the previous tick (and not before the flow's first).
    const slotStart = Math.min(last, Math.max(this.firstSeenMs[id]!, this.prevTickMs));
    const p = id * PEND;
    if (sentPkts > 0) {
      if (this.pend[p + SENT_PKTS] === 0) this.startMs[id * 2] = slotStart;
      this.pend[p + SENT_PKTS]! += sentPkts;
      this.pend[p + SENT_BYTES]! += v.slotSentBytes(id);
      this.endMs[id * 2] = last;
    }
    if (recvPkts > 0) {
      if (this.pend[p + RECV_PKTS] === 0) this.startMs[id * 2 + 1] = slotStart;
      this.pend[p + RECV_PKTS]! += recvPkts;
      this.pend[p + RECV_BYTES]! += v.slotRecvBytes(id);
      this.endMs[id * 2 + 1] = last;
    }
  }

  /** Start of the pending record: the earlier start of the directions with packets. */
  private recordStart(id: number): number {
    const p = id * PEND;
    const s = this.pend[p + SENT_PKTS]! > 0 ? this.startMs[id * 2]! : Infinity;
    const r = this.pend[p + RECV_PKTS]! > 0 ? this.startMs[id * 2 + 1]! : Infinity;
    return s < r ? s : r;
  }

  /** Emits the pending record(s) and frees the entry. */
  private end(id: number, reason: FlowEndReasonValue): void {
    this.emit(id, reason);
    this.used[id] = 0;
    this.size--;
  }

  /** Hands the pending direction records of a flow to the sink and zeroes them. */
  private emit(id: number, reason: FlowEndReasonValue): void {
    const r = this.record;
    const p = id * PEND;
    r.family = this.family[id] === 6 ? 6 : 4;
    r.proto = this.proto[id]!;
    r.addrs = this.addrs;
    r.endReason = reason;
    const ports = this.ports[id]!;
    for (let d = 0; d < 2; d++) {
      const packets = this.pend[p + (d === 0 ? SENT_PKTS : RECV_PKTS)]!;
      if (packets === 0) continue;
      r.packets = packets;
      r.octets = this.pend[p + (d === 0 ? SENT_BYTES : RECV_BYTES)]!;
      r.srcOffset = id * ADDR + (d === 0 ? 0 : 16);
      r.dstOffset = id * ADDR + (d === 0 ? 16 : 0);
      r.srcPort = d === 0 ? ports >>> 16 : ports & 0xffff;
      r.dstPort = d === 0 ? ports & 0xffff : ports >>> 16;
      r.startMs = this.startMs[id * 2 + d]!;
      r.endMs = this.endMs[id * 2 + d]!;
      // What this host sends leaves the interface; everything else captured arrived on it.
      r.direction = d === 0 && this.srcLocal[id] === 1 ? FlowDirection.EGRESS : FlowDirection.INGRESS;
      this.sink.add(r);
    }
    this.pend.fill(0, p, p + PEND);
  }

  private grow(min: number): void {
    let cap = Math.max(1024, this.capacity);
    while (cap < min) cap *= 2;
    const grown = <T extends Uint8Array | Uint32Array | Float64Array>(old: T, per: number, make: (n: number) => T): T => {
      const next = make(cap * per);
      next.set(old);
      return next;
    };
    this.used = grown(this.used, 1, (n) => new Uint8Array(n));
    this.serials = grown(this.serials, 1, (n) => new Float64Array(n));
    this.seenTick = grown(this.seenTick, 1, (n) => new Uint32Array(n));
    this.family = grown(this.family, 1, (n) => new Uint8Array(n));
    this.proto = grown(this.proto, 1, (n) => new Uint8Array(n));
    this.ports = grown(this.ports, 1, (n) => new Uint32Array(n));
    this.addrs = grown(this.addrs, ADDR, (n) => new Uint8Array(n));
    this.srcLocal = grown(this.srcLocal, 1, (n) => new Uint8Array(n));
    this.pend = grown(this.pend, PEND, (n) => new Float64Array(n));
    this.startMs = grown(this.startMs, 2, (n) => new Float64Array(n));
    this.endMs = grown(this.endMs, 2, (n) => new Float64Array(n));
    this.firstSeenMs = grown(this.firstSeenMs, 1, (n) => new Float64Array(n));
    this.lastSeenMs = grown(this.lastSeenMs, 1, (n) => new Float64Array(n));
    this.capacity = cap;
  }
}
