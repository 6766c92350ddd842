// The history recorder: takes every TickSnapshot, keeps bucket totals in memory, writes them in one transaction per flush.
import { SLOT_SECONDS } from '../../core/screen-model.js';
import type { TickSnapshot } from '../../core/tick-snapshot.js';
import type { Dimension, FlushBatch, HistoryWriter, PruneCut } from '../../ports/history-store.js';
import { DIMENSIONS } from '../../ports/history-store.js';
import type { Resolution, RetentionPolicy } from '../resolutions.js';
import { DEFAULT_RETENTION, RESOLUTIONS, bucketStart, detailResolutions } from '../resolutions.js';
import { SYSTEM_PORTS } from '../service-key.js';
import { DEFAULT_LIMITS } from './buckets.js';
import type { DetailBucket, DetailLimits } from './buckets.js';
import { UNATTRIBUTED } from '../../ports/flow-owner.js';
import type { FlowOwner } from '../../ports/flow-owner.js';
import { FlowKeyCache } from './flow-keys.js';
import { Segment } from './segment.js';

export interface HistoryRecorderOptions {
  readonly writer: HistoryWriter;
  /** Operator messages (stderr, the journal): one when writing starts failing, one when it works again. */
  readonly report: (message: string) => void;
  /** Unique per process (a random UUID from the composition root): live runs key their rows by it. */
  readonly runId: string;
  /** Snapshot seconds between flushes (default 60; 2 = every tick). */
  readonly flushSeconds?: number;
  readonly retention?: RetentionPolicy;
  readonly limits?: Partial<DetailLimits>;
  /** Rows kept in memory while the store cannot be written; beyond it the oldest closed buckets go (counted). */
  readonly maxHeldRows?: number;
  /** Service ports (/etc/services): which side of a flow is the service. Default: ports below 1024. */
  readonly isService?: (port: number, proto: number) => boolean;
  /** Per-flow owner for the program and unit tables; without it those tables get no rows. */
  readonly owner?: FlowOwner | null;
  /** Snapshot seconds between retention passes (default 600). */
  readonly pruneSeconds?: number;
}

export interface RecorderStats {
  ticks: number;
  /** Ticks ignored: a time that is not a number. */
  badTicks: number;
  flushes: number;
  failedFlushes: number;
  /** Failures in a row right now (0 when the last flush worked). */
  failing: number;
  lastError: string | null;
  heldRows: number;
  /** Rows dropped to stay under maxHeldRows, and the unwritten interface bytes the worst-hit resolution lost with them. */
  droppedRows: number;
  droppedBytes: number;
  /** New detail entities not tracked because the memory bound was reached (their bytes went to `__other__`). */
  refusedEntities: number;
  /** Times the snapshot time went backwards, each starting a new run segment. */
  segments: number;
}

interface SourceState {
  readonly name: string;
  readonly kind: 'interface' | 'file';
  readonly keys: FlowKeyCache;
  prevTs: number | null;
  baseKey: string | null;
  segments: Segment[];
  segmentNo: number;
}

const DEFAULT_MAX_HELD_ROWS = 100_000;

/**
 * Pure: time is the snapshot's, the store is the HistoryWriter port. Counters, not rates: every
 * bucket holds the bytes and packets of the slots whose midpoint falls in it. A slot (ts−2, ts] is
 * never split; ticks on even seconds (a capture file's, or any clock ticking on 2 s) never straddle
 * a bucket boundary, and otherwise at most a second's traffic lands in the neighbouring minute. All
 * four resolutions take the same slots, so they always agree.
 */
export class HistoryRecorder {
  private readonly sources = new Map<string, SourceState>();
  private readonly flushSeconds: number;
  private readonly retention: RetentionPolicy;
  private readonly limits: DetailLimits;
  private readonly maxHeldRows: number;
  private readonly detailRes: readonly Resolution[];
  private readonly dims: readonly Dimension[];
  private readonly pruneSeconds: number;
  private nextFlushAt: number | null = null;
  private nextPruneAt: number | null = null;
  private maxTs = 0;
  private tickNo = 0;
  private droppingReported = false;
  private closed = false;
  private readonly st: RecorderStats = {
    ticks: 0, badTicks: 0, flushes: 0, failedFlushes: 0, failing: 0, lastError: null, heldRows: 0,
    droppedRows: 0, droppedBytes: 0, refusedEntities: 0, segments: 0,
  };

  constructor(private readonly o: HistoryRecorderOptions) {
    this.flushSeconds = Math.max(SLOT_SECONDS, o.flushSeconds ?? 60);
    this.retention = o.retention ?? DEFAULT_RETENTION;
    this.limits = { ...DEFAULT_LIMITS, ...o.limits };
    this.maxHeldRows = o.maxHeldRows ?? DEFAULT_MAX_HELD_ROWS;
    this.detailRes = detailResolutions(this.retention);
    this.dims = DIMENSIONS.filter((d) => (d === 'program' || d === 'unit' ? (o.owner ?? null) !== null : true));
    this.pruneSeconds = o.pruneSeconds ?? 600;
  }

  stats(): RecorderStats {
    return { ...this.st, heldRows: this.heldRows() };
  }

  /** One tick of one source: accounts its slot, and flushes when the flush interval has passed. */
  tick(s: TickSnapshot): void {
    if (this.closed) return;
    if (!Number.isFinite(s.ts)) {
      this.st.badTicks++;
      return;
    }
    this.st.ticks++;
    this.tickNo++;
    const src = this.source(s);
    let seg = src.segments[src.segments.length - 1];
    if (seg === undefined || (src.prevTs !== null && s.ts <= src.prevTs)) {
      // Time went back (a clock step): a new segment with its own rows, so no bucket is ever rewritten smaller.
      if (seg !== undefined) {
        seg.ended = true;
        this.st.segments++;
        src.segmentNo++;
        src.prevTs = null;
      }
      src.baseKey ??= src.kind === 'file' ? `file:${src.name}@${s.ts}` : `live:${this.o.runId}:${src.name}`;
      seg = new Segment(src.segmentNo === 0 ? src.baseKey : `${src.baseKey}#${src.segmentNo}`, { name: src.name, kind: src.kind }, this.detailRes);
      src.segments.push(seg);
    }
    const slotStart = src.prevTs === null ? s.ts - SLOT_SECONDS : Math.max(src.prevTs, s.ts - SLOT_SECONDS);
    const mid = (slotStart + s.ts) / 2;
    seg.firstTs ??= s.ts;
    seg.lastTs = s.ts;
    src.prevTs = s.ts;
    this.maxTs = Math.max(this.maxTs, s.ts);
    const t = s.totals;
    seg.addTotals(mid, t.slotRecvBytes, t.slotSentBytes, t.slotRecvPackets, t.slotSentPackets);
    if (this.detailRes.length > 0) this.addDetail(s, seg, src, mid);
    src.keys.tickDone(s.expired, this.tickNo);
    this.nextFlushAt ??= bucketStart(s.ts, this.flushSeconds) + this.flushSeconds;
    if (s.ts >= this.nextFlushAt) {
      this.nextFlushAt = bucketStart(s.ts, this.flushSeconds) + this.flushSeconds;
      this.flush();
    }
  }

  /**
   * Writes every changed bucket in one transaction. On failure everything stays in memory (up to the
   * bound) and the next flush writes it again: rows hold absolute values, so nothing counts twice.
   * Returns whether the store took it.
   */
  flush(): boolean {
    const parts = [];
    for (const src of this.sources.values()) for (const seg of src.segments) if (seg.dirty()) parts.push(seg.flush(this.limits));
    const prune = this.pruneCuts();
    if (parts.length === 0 && prune.length === 0) return true;
    const batch: FlushBatch = { runs: parts.map((p) => p.batch), prune };
    const r = this.o.writer.write(batch);
    if (r.ok) {
      for (const p of parts) p.commit();
      if (prune.length > 0) this.nextPruneAt = this.maxTs + this.pruneSeconds;
      this.st.flushes++;
      if (this.st.failing > 0) {
        const dropped = this.st.droppedRows > 0
          ? `; ${this.st.droppedRows} buckets held too long were dropped (${this.st.droppedBytes} bytes of interface traffic lost)`
          : '; nothing was lost';
        this.o.report(`history: writing again after ${this.st.failing} failed flush${this.st.failing === 1 ? '' : 'es'}${dropped}`);
      }
      this.st.failing = 0;
      this.droppingReported = false;
      for (const src of this.sources.values()) src.segments = src.segments.filter((seg) => !(seg.ended && seg.empty()));
      return true;
    }
    this.st.failedFlushes++;
    this.st.failing++;
    this.st.lastError = r.reason;
    if (this.st.failing === 1) {
      this.o.report(`history: cannot write: ${r.reason}; monitoring goes on, unwritten buckets stay in memory (up to ${this.maxHeldRows} rows) and are written at the next flush that works`);
    }
    this.enforceBound();
    return false;
  }

  /** Flushes what is left (the open buckets, partial ones too) and closes the store. */
  close(): boolean {
    if (this.closed) return this.st.failing === 0;
    const ok = this.flush();
    this.closed = true;
    this.o.writer.close();
    return ok;
  }

  private source(s: TickSnapshot): SourceState {
    const name = s.source.kind === 'interface' ? s.source.name : `file:${s.source.path}`;
    let src = this.sources.get(name);
    if (src === undefined) {
      src = { name, kind: s.source.kind, keys: new FlowKeyCache(this.o.isService ?? SYSTEM_PORTS, this.o.owner ?? null), prevTs: null, baseKey: null, segments: [], segmentNo: 0 };
      this.sources.set(name, src);
    }
    return src;
  }

  private addDetail(s: TickSnapshot, seg: Segment, src: SourceState, mid: number): void {
    const t = s.totals;
    const allowNew = this.heldRows() < this.maxHeldRows;
    const cap = this.limits.maxCandidates;
    const buckets = new Map<Dimension, DetailBucket[]>();
    for (const dim of this.dims) {
      const bs = seg.detailBuckets(dim, mid);
      buckets.set(dim, bs);
      // Hosts count every byte at both ends (sent by one, received by the other): both columns add up to rx + tx.
      const [a, b, ap, bp] = dim === 'host'
        ? [t.slotRecvBytes + t.slotSentBytes, t.slotRecvBytes + t.slotSentBytes, t.slotRecvPackets + t.slotSentPackets, t.slotRecvPackets + t.slotSentPackets]
        : [t.slotRecvBytes, t.slotSentBytes, t.slotRecvPackets, t.slotSentPackets];
      for (const bucket of bs) {
        bucket.totalA += a;
        bucket.totalB += b;
        bucket.totalAPackets += ap;
        bucket.totalBPackets += bp;
        bucket.dirty = true;
      }
    }
    const hosts = buckets.get('host') ?? [], ports = buckets.get('port') ?? [];
    const programs = buckets.get('program') ?? [], units = buckets.get('unit') ?? [];
    const view = s.flows;
    let refused = 0;
    for (let i = 0; i < view.count; i++) {
      const id = view.at(i);
      const sent = view.slotSentBytes(id), recv = view.slotRecvBytes(id);
      const sentP = view.slotSentPackets(id), recvP = view.slotRecvPackets(id);
      if (sent === 0 && recv === 0 && sentP === 0 && recvP === 0) continue;
      const k = src.keys.keys(s, view, id, this.tickNo);
      for (const b of hosts) {
        if (!b.add(k.src, k.srcLocal, sent, recv, sentP, recvP, allowNew, cap)) refused++;
        if (!b.add(k.dst, k.dstLocal, recv, sent, recvP, sentP, allowNew, cap)) refused++;
      }
      for (const b of ports) if (!b.add(k.service, false, recv, sent, recvP, sentP, allowNew, cap)) refused++;
      for (const b of programs) if (!b.add(k.program ?? UNATTRIBUTED, false, recv, sent, recvP, sentP, allowNew, cap)) refused++;
      for (const b of units) if (!b.add(k.unit ?? UNATTRIBUTED, false, recv, sent, recvP, sentP, allowNew, cap)) refused++;
    }
    this.st.refusedEntities += refused;
  }

  private heldRows(): number {
    let n = 0;
    for (const src of this.sources.values()) for (const seg of src.segments) n += seg.heldRows();
    return n;
  }

  /** Over the bound after a failed flush: the oldest closed buckets go, counted and reported once. */
  private enforceBound(): void {
    let excess = this.heldRows() - this.maxHeldRows;
    if (excess <= 0) return;
    for (const src of this.sources.values()) {
      for (const seg of src.segments) {
        if (excess <= 0) break;
        const d = seg.dropOldest(excess);
        excess -= d.rows;
        this.st.droppedRows += d.rows;
        this.st.droppedBytes += d.bytes;
      }
    }
    if (!this.droppingReported && this.st.droppedRows > 0) {
      this.droppingReported = true;
      this.o.report(`history: still cannot write; over ${this.maxHeldRows} rows held, the oldest unwritten buckets are being dropped (counted in the stats)`);
    }
  }

  private pruneCuts(): PruneCut[] {
    if (this.nextPruneAt !== null && this.maxTs < this.nextPruneAt) return [];
    if (this.maxTs === 0) return [];
    const now = Math.floor(this.maxTs);
    const cuts: PruneCut[] = RESOLUTIONS.map((res) => ({ table: 'iface' as const, res, endedBy: now - this.retention.iface[res] }));
    for (const dim of DIMENSIONS) {
      for (const res of this.detailRes) cuts.push({ table: dim, res, endedBy: now - this.retention.detail[res]! });
    }
    return cuts;
  }
}
