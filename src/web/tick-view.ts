// One tick as the page gets it: the screen's lines (names made inert, ports named), the interface totals and the capture's health.
import type { FlowLine, ScreenModel } from '../core/screen-model.js';
import type { TickSnapshot } from '../core/tick-snapshot.js';
import { formatAddress } from '../format/inet-ntop.js';
import type { Labeller } from '../render/host-text.js';
import { protocolName } from '../render/labels.js';

/** Lines sent per tick at most (the first in the screen's order); the page virtualises its rows, so 1 000 stay cheap. */
export const WEB_MAX_ROWS = 1000;

/** A name longer than this is cut (a PTR name has at most 253 characters; made inert it can grow). */
const MAX_NAME = 300;

/** Column order of a line in the tick message (the page reads cells by position: less to send than keys). */
export const LINE_COLUMNS = [
  'srcName', 'srcAddr', 'srcPort', 'srcService', 'dstName', 'dstAddr', 'dstPort', 'dstService', 'proto',
  's2', 's10', 's40', 'r2', 'r10', 'r40', 'cumSent', 'cumRecv',
] as const;

/** `srcName` is the resolved name or '' (the page then shows `srcAddr`); `srcAddr` is '*' for a hidden side, '' for the overflow line. */
export type LineCells = [string, string, number, string, string, string, number, string, string,
  number, number, number, number, number, number, number, number];

export const OVERFLOW_NAME = '(other flows: table full)';

/** The tick's plain data, copied out of the snapshot (whose views are valid only during the tick). */
export interface TickFacts {
  readonly tick: number;
  readonly ts: number;
  readonly partial: boolean;
  readonly totals: {
    readonly sent: readonly [number, number, number];
    readonly recv: readonly [number, number, number];
    readonly peakSent: number;
    readonly peakRecv: number;
    readonly peakTotal: number;
    readonly cumulativeSent: number;
    readonly cumulativeRecv: number;
    readonly slotSent: number;
    readonly slotRecv: number;
  };
  readonly flows: number;
  readonly capture: {
    readonly frames: number;
    readonly accounted: number;
    readonly malformed: number;
    readonly nonIp: number;
    readonly unsupported: number;
    readonly filtered: number;
    readonly lengthFromWire: number;
    readonly overflow: number;
  };
  readonly kernel: { readonly received: number; readonly dropped: number; readonly ifDropped: number } | null;
}

export function tickFacts(s: TickSnapshot): TickFacts {
  const t = s.totals;
  const c = s.counters;
  return {
    tick: s.tick,
    ts: s.ts,
    partial: s.partial,
    totals: {
      sent: [t.sentRate[0], t.sentRate[1], t.sentRate[2]],
      recv: [t.recvRate[0], t.recvRate[1], t.recvRate[2]],
      peakSent: t.peakSent, peakRecv: t.peakRecv, peakTotal: t.peakTotal,
      cumulativeSent: t.cumulativeSentBytes, cumulativeRecv: t.cumulativeRecvBytes,
      slotSent: t.slotSentBytes, slotRecv: t.slotRecvBytes,
    },
    flows: s.flows.count,
    capture: {
      frames: c.frames, accounted: c.accounted, malformed: c.malformed, nonIp: c.nonIp, unsupported: c.unsupported,
      filtered: c.filtered, lengthFromWire: c.lengthFromWire, overflow: c.overflow,
    },
    kernel: s.kernel === null ? null : { received: s.kernel.received, dropped: s.kernel.dropped, ifDropped: s.kernel.ifDropped },
  };
}

/** The model's lines as cells, in its order. */
export function lineCells(model: ScreenModel, labeller: Labeller, hideSource: boolean, hideDestination: boolean): LineCells[] {
  const out: LineCells[] = new Array<LineCells>(model.lines.length);
  for (let i = 0; i < model.lines.length; i++) out[i] = cellsOf(model.lines[i]!, labeller, hideSource, hideDestination);
  return out;
}

function cellsOf(l: FlowLine, labeller: Labeller, hideSource: boolean, hideDestination: boolean): LineCells {
  const sent = l.sent, recv = l.recv;
  if (l.family === 0) {
    return [OVERFLOW_NAME, '', 0, '', '', '', 0, '', '', sent[0], sent[1], sent[2], recv[0], recv[1], recv[2], l.totalSent, l.totalRecv];
  }
  const family = l.family;
  const side = (addr: Uint8Array, port: number, hidden: boolean): [string, string, number, string] => {
    if (hidden && isZero(addr)) return ['', '*', 0, ''];
    const name = labeller.dnsOn ? labeller.hostName(family, addr) : undefined;
    const service = port !== 0 ? labeller.serviceName(port, l.proto) : undefined;
    return [name === undefined ? '' : name.slice(0, MAX_NAME), formatAddress(family, addr), port, service ?? ''];
  };
  const [sn, sa, sp, ss] = side(l.src, l.srcPort, hideSource);
  const [dn, da, dp, ds] = side(l.dst, l.dstPort, hideDestination);
  return [sn, sa, sp, ss, dn, da, dp, ds, l.proto === 0 ? '' : protocolName(l.proto),
    sent[0], sent[1], sent[2], recv[0], recv[1], recv[2], l.totalSent, l.totalRecv];
}

function isZero(a: Uint8Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== 0) return false;
  return true;
}
