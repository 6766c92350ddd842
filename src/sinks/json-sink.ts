// --json: keeps every flow of the run (bounded) from the per-tick snapshots and writes one document when the run ends.
import { KEY_WORDS } from '../core/flow-key.js';
import type { CaptureCounters, KernelCounters } from '../core/screen-model.js';
import type { SnapshotSource, TickSnapshot } from '../core/tick-snapshot.js';
import { inert } from '../format/inert.js';
import { jsonReportChunks, ms } from '../render/json-report.js';
import type { ReportFlowRow, ReportFlows, ReportSource, ReportTraffic } from '../render/json-report.js';
import type { LineWriter } from '../ports/line-writer.js';
import type { SnapshotSink } from '../ports/snapshot-sink.js';
import { FlowArchive } from './flow-archive.js';
import type { FlowRecords } from './flow-records.js';

/** Expired flows kept per source (≈ 100 bytes each in memory, ≈ 300 in the document): 50 MB at most. */
export const DEFAULT_EXPIRED_FLOW_LIMIT = 500_000;

export interface JsonSinkOptions {
  readonly version: string;
  readonly expiredFlowLimit?: number;
  /** The document could not be written whole (the writer dropped text): one line. */
  readonly onError?: (message: string) => void;
}

interface SourceState {
  readonly label: string;
  readonly source: SnapshotSource;
  readonly archive: FlowArchive;
  ticks: number;
  firstTs: number;
  lastTs: number;
  totals: ReportTraffic;
  overflow: ReportTraffic;
  capture: CaptureCounters;
  kernel: KernelCounters | null;
}

/** The counters handed to the writer between waits for it to drain (keeps a pipe's buffer small). */
const DRAIN_EVERY = 1 << 20;

export class JsonSink implements SnapshotSink {
  private readonly sources = new Map<string, SourceState>();
  private closed = false;

  constructor(private readonly out: LineWriter, private readonly options: JsonSinkOptions) {}

  tick(s: TickSnapshot): void {
    if (this.closed) return;
    const label = inert(s.source.kind === 'interface' ? s.source.name : s.source.path);
    let st = this.sources.get(label);
    if (st === undefined) {
      st = {
        label, source: s.source, archive: new FlowArchive(this.options.expiredFlowLimit ?? DEFAULT_EXPIRED_FLOW_LIMIT),
        ticks: 0, firstTs: s.ts, lastTs: s.ts, totals: ZERO, overflow: ZERO, capture: { ...s.counters }, kernel: null,
      };
      this.sources.set(label, st);
    }
    st.archive.tick(s);
    st.ticks++;
    st.lastTs = s.ts;
    const t = s.totals, o = s.overflow;
    st.totals = { sentBytes: t.cumulativeSentBytes, recvBytes: t.cumulativeRecvBytes, sentPackets: t.cumulativeSentPackets, recvPackets: t.cumulativeRecvPackets };
    st.overflow = { sentBytes: o.cumulativeSentBytes, recvBytes: o.cumulativeRecvBytes, sentPackets: o.cumulativeSentPackets, recvPackets: o.cumulativeRecvPackets };
    st.capture = { ...s.counters };
    st.kernel = s.kernel === null ? null : { ...s.kernel };
  }

  /** Writes the document (sources in order of their first tick, flows by source then creation). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const states = [...this.sources.values()];
    const flows = new DocumentFlows(states);
    const sources: ReportSource[] = states.map((st, i) => ({
      label: st.label, source: st.source, ticks: st.ticks, firstTickMs: ms(st.firstTs), lastTickMs: ms(st.lastTs),
      totals: st.totals, overflow: st.overflow, capture: st.capture, kernel: st.kernel, flowCount: flows.countOf(i),
      dropped: { ...st.archive.dropped },
    }));
    let lost = 0, since = 0;
    const limit = this.options.expiredFlowLimit ?? DEFAULT_EXPIRED_FLOW_LIMIT;
    for (const chunk of jsonReportChunks({ version: this.options.version, expiredFlowLimit: limit, sources, flows })) {
      if (!this.out.write(chunk)) lost += chunk.length;
      since += chunk.length;
      if (since >= DRAIN_EVERY) {
        since = 0;
        await this.out.drained();
      }
    }
    if (lost > 0) this.options.onError?.(`--json: the output did not take ${lost} characters of the document; it is incomplete`);
    await this.out.close();
  }
}

const ZERO: ReportTraffic = { sentBytes: 0, recvBytes: 0, sentPackets: 0, recvPackets: 0 };

/** Every source's flows, live and expired, ordered by source then serial (creation), read through one row. */
class DocumentFlows implements ReportFlows {
  readonly count: number;
  /** Per document position: source index, store (0 live, 1 expired), index in that store. */
  private readonly where: Int32Array;
  private readonly counts: number[] = [];
  private readonly labelsJson: string[];

  constructor(private readonly states: readonly SourceState[]) {
    this.labelsJson = states.map((s) => JSON.stringify(s.label));
    let total = 0;
    const parts: Int32Array[] = [];
    states.forEach((st, si) => {
      const a = st.archive;
      const live = a.liveAtEnd();
      const n = live.length + a.expiredCount;
      const refs = new Int32Array(n * 3);
      const serials = new Float64Array(n);
      for (let k = 0; k < n; k++) {
        const isLive = k < live.length, j = isLive ? live[k]! : k - live.length;
        refs[k * 3] = si;
        refs[k * 3 + 1] = isLive ? 0 : 1;
        refs[k * 3 + 2] = j;
        serials[k] = (isLive ? a.live : a.expired).serial[j]!;
      }
      const order = Int32Array.from({ length: n }, (_, i) => i).sort((x, y) => serials[x]! - serials[y]! || x - y);
      const sorted = new Int32Array(n * 3);
      for (let k = 0; k < n; k++) sorted.set(refs.subarray(order[k]! * 3, order[k]! * 3 + 3), k * 3);
      parts.push(sorted);
      this.counts.push(n);
      total += n;
    });
    this.count = total;
    this.where = new Int32Array(total * 3);
    let at = 0;
    for (const p of parts) {
      this.where.set(p, at);
      at += p.length;
    }
  }

  countOf(source: number): number {
    return this.counts[source] ?? 0;
  }

  read(i: number, row: ReportFlowRow): void {
    const si = this.where[i * 3]!, store = this.where[i * 3 + 1]!, j = this.where[i * 3 + 2]!;
    const a = this.states[si]!.archive;
    const r: FlowRecords = store === 0 ? a.live : a.expired;
    row.sourceJson = this.labelsJson[si]!;
    row.serial = r.serial[j]!;
    row.key.set(r.keys.subarray(j * KEY_WORDS, (j + 1) * KEY_WORDS));
    row.sentBytes = r.sentBytes[j]!;
    row.recvBytes = r.recvBytes[j]!;
    row.sentPackets = r.sentPackets[j]!;
    row.recvPackets = r.recvPackets[j]!;
    row.firstSeen = r.firstSeen[j]!;
    row.lastSeen = r.lastSeen[j]!;
    row.expired = store === 1;
  }
}
