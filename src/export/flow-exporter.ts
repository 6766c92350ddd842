// The flow export output: every tick's snapshot through the cache and the encoder to a transport, with counters.
import { SLOT_SECONDS } from '../core/screen-model.js';
import type { TickSnapshot } from '../core/tick-snapshot.js';
import type { FlowTransport } from '../ports/flow-transport.js';
import { FlowCache } from './flow-cache.js';
import { FlowEncoder } from './flow-encoder.js';
import { epochMs, FlowEndReason } from './export-record.js';
import type { ExportRecord, RecordSink } from './export-record.js';
import type { FlowExportOptions } from './flow-export-options.js';

export interface FlowExporterCounters {
  /** Flow records handed to the transport (one per flow, direction and interval). */
  readonly records: number;
  /** Datagrams and UDP payload bytes handed to the transport. */
  readonly datagrams: number;
  readonly bytes: number;
  /** Datagrams the transport reported lost (refused, dropped, socket errors). */
  readonly sendErrors: number;
  /** Traffic of the overflow aggregate (flows beyond --max-flows): no record can carry it. */
  readonly unexportedBytes: number;
  readonly unexportedPackets: number;
  /** Flows the export cache holds now. */
  readonly cachedFlows: number;
}

/** An output fed once per tick (a SnapshotSink); close() ends every record (forced end) and sends it. */
export interface FlowExporter {
  /** One tick; the snapshot is read during the call only. Ticks after close() are ignored. */
  tick(snapshot: TickSnapshot): void;
  /** Ends and encodes every pending record, then resolves once the transport has sent what it queued. */
  close(): Promise<void>;
  counters(): FlowExporterCounters;
}

/**
 * `target` names the collector in messages (FlowExportTarget.text). Export time is the snapshot's
 * time, never a clock, so a file exports the same bytes every run. Delivery problems cost a counter
 * and one `report` message, then silence until the transport says it works again (one more message).
 */
export function createFlowExporter(
  options: FlowExportOptions & { readonly target: string },
  transport: FlowTransport,
  report: (message: string) => void,
): FlowExporter {
  const encoder = new FlowEncoder(options);
  let records = 0, datagrams = 0, bytes = 0, sendErrors = 0, unexportedBytes = 0, unexportedPackets = 0;
  let failing = false, lostWhileFailing = 0;
  const counting: RecordSink = {
    add(r: Readonly<ExportRecord>) {
      records++;
      encoder.add(r);
    },
  };
  const cache = new FlowCache(options.activeTimeoutSeconds * 1000, options.inactiveTimeoutSeconds * 1000, counting);
  const send = (d: Uint8Array) => {
    datagrams++;
    bytes += d.length;
    transport.send(d);
  };
  transport.onStatus((problem) => {
    if (problem !== null) {
      sendErrors++;
      lostWhileFailing++;
      if (!failing) report(`flow export to ${options.target}: ${problem}; further failures are counted, not reported`);
      failing = true;
    } else if (failing) {
      report(`flow export to ${options.target} works again (${lostWhileFailing} datagram${lostWhileFailing === 1 ? '' : 's'} lost)`);
      failing = false;
      lostWhileFailing = 0;
    }
  });
  let exportSeconds: number | null = null;
  let closed = false;
  return {
    tick(s) {
      if (closed) return;
      if (exportSeconds === null) encoder.setUptimeOrigin(uptimeOrigin(s));
      // Whole seconds, rounded up so no record ends after its message's export time.
      exportSeconds = Math.max(exportSeconds ?? 0, Math.ceil(s.ts));
      cache.update(s);
      unexportedBytes += s.overflow.slotSentBytes + s.overflow.slotRecvBytes;
      unexportedPackets += s.overflow.slotSentPackets + s.overflow.slotRecvPackets;
      encoder.flush(exportSeconds, send);
    },
    async close() {
      if (!closed && exportSeconds !== null) {
        cache.flushAll(FlowEndReason.FORCED_END);
        encoder.flush(exportSeconds, send);
      }
      closed = true;
      await transport.close();
    },
    counters: () => ({ records, datagrams, bytes, sendErrors, unexportedBytes, unexportedPackets, cachedFlows: cache.size }),
  };
}

/**
 * NetFlow v9 times count milliseconds from the exporter's start (sysUptime). The start is taken
 * from capture time: the first tick's slot start, or an earlier first packet among its flows. A
 * collector then gets the packets' own dates back for a replayed file as well as for live traffic
 * (softflowd mixes the wall clock with file-relative uptimes and nfdump shows the wrong year).
 */
function uptimeOrigin(s: TickSnapshot): number {
  let origin = epochMs(s.ts - SLOT_SECONDS);
  const f = s.flows;
  for (let i = 0; i < f.count; i++) {
    const first = epochMs(f.firstSeen(f.at(i)));
    if (first < origin) origin = first;
  }
  return origin;
}
