// Evaluates every rule against one tick of traffic: which (rule, subject) conditions hold now, with their values.
import { HISTORY_LENGTH } from '../core/flow-table.js';
import type { Monitor } from '../core/monitor.js';
import { inNetwork } from '../core/local-network.js';
import { windowDivisors, WINDOW_SLOTS } from '../core/screen-model.js';
import { detectorFor } from './detectors.js';
import type { FlowSample } from './flow-samples.js';
import { forEachFlow } from './flow-samples.js';
import type { Direction, RateRule, Rule, UtilRule } from './rules.js';

/** A rule's condition holding for one subject at this tick. */
export interface Condition {
  readonly rule: Rule;
  /** What it is about: "interface", a host, "198.51.100.1:80/tcp", "10.0.0.5 → 198.51.100.9:4444/tcp", … */
  readonly subject: string;
  readonly value: number;
  readonly threshold: number;
  readonly unit: 'bytes/s' | 'percent' | 'sources' | 'ports' | 'hosts' | 'packets/s';
  /** A short human explanation. */
  readonly detail: string;
}

/** What the rules need besides the traffic. */
export interface RuleContext {
  /** Link speed in bits/s (from /sys or --link-speed), null when unknown. */
  readonly linkBitsPerSecond: number | null;
  /** True when /etc/services names the port for the protocol (6 or 17). */
  isService(port: number, proto: number): boolean;
  /** True for an address of the watched networks (-F/-G, else the private ranges). */
  isInternal(family: 4 | 6, words: Uint32Array): boolean;
}

/** Per-flow visitor of one rule; finish() gives the conditions that hold. */
export interface Accumulator {
  visit(f: FlowSample): void;
  finish(): Condition[];
}

/** The conditions of all rules active at this hour, from one walk over the flows. */
export function evaluate(rules: readonly Rule[], m: Monitor, ctx: RuleContext, hour: number): Condition[] {
  const active = rules.filter((r) => r.hours === null || inHours(r.hours, hour));
  const out: Condition[] = [];
  const totals = totalRates(m);
  const perFlow: Accumulator[] = [];
  for (const r of active) {
    if (r.kind === 'util') out.push(...utilCondition(r, totals, ctx));
    else if (r.kind === 'rate' && r.scope.type === 'interface') out.push(...threshold(r, 'interface', pick(totals, r.direction, r.window)));
    else if (r.kind === 'rate') perFlow.push(rateAccumulator(r));
    else perFlow.push(detectorFor(r, ctx));
  }
  if (perFlow.length > 0) forEachFlow(m, ctx.isInternal, (f) => perFlow.forEach((a) => a.visit(f)));
  for (const a of perFlow) out.push(...a.finish());
  return out;
}

/** [from, to) in local hours, wrapping past midnight (22-6 covers 22:00–05:59). */
export function inHours([from, to]: readonly [number, number], hour: number): boolean {
  return from <= to ? hour >= from && hour < to : hour >= from || hour < to;
}

interface Totals {
  sent: number[];
  recv: number[];
}

function totalRates(m: Monitor): Totals {
  const sent = [0, 0, 0], recv = [0, 0, 0];
  const divisors = windowDivisors(m.historyLen);
  for (let j = 0; j < 3; j++) {
    const slots = WINDOW_SLOTS[j]!;
    for (let k = 0; k < slots; k++) {
      const at = (m.pos - k + HISTORY_LENGTH) % HISTORY_LENGTH;
      sent[j]! += m.totals.sent[at]!;
      recv[j]! += m.totals.recv[at]!;
    }
    const div = divisors[j]!;
    sent[j]! /= div;
    recv[j]! /= div;
  }
  return { sent, recv };
}

function pick(t: Totals, d: Direction, w: number): number {
  return d === 'sent' ? t.sent[w]! : d === 'received' ? t.recv[w]! : t.sent[w]! + t.recv[w]!;
}

function threshold(r: RateRule, subject: string, value: number): Condition[] {
  if (!Number.isFinite(value) || value <= r.bytesPerSecond) return [];
  return [{ rule: r, subject, value, threshold: r.bytesPerSecond, unit: 'bytes/s', detail: `${r.direction} rate above the threshold` }];
}

/** Per direction: share of the link speed (full duplex); total is the busier direction. */
function utilCondition(r: UtilRule, t: Totals, ctx: RuleContext): Condition[] {
  if (ctx.linkBitsPerSecond === null || ctx.linkBitsPerSecond <= 0) return [];
  const pct = (bytes: number) => (bytes * 8 * 100) / ctx.linkBitsPerSecond!;
  const sent = pct(t.sent[r.window]!), recv = pct(t.recv[r.window]!);
  const value = r.direction === 'sent' ? sent : r.direction === 'received' ? recv : Math.max(sent, recv);
  if (!Number.isFinite(value) || value <= r.percent) return [];
  return [{ rule: r, subject: 'interface', value, threshold: r.percent, unit: 'percent', detail: `link ${r.direction === 'total' ? 'busier direction' : r.direction} at ${value.toFixed(1)} %` }];
}

/**
 * host scope: the host's (or network's) own sent/received bytes over its flows; port scope: the
 * interface's sent/received bytes over flows with that TCP/UDP port on either side.
 */
function rateAccumulator(r: RateRule): Accumulator {
  let sent = 0, recv = 0;
  const w = r.window;
  const scope = r.scope;
  const addr = new Uint8Array(16);
  const view = new DataView(addr.buffer);
  const isHost = (family: 4 | 6, words: Uint32Array) => {
    if (scope.type !== 'host' || scope.net.family !== family) return false;
    for (let i = 0; i < 4; i++) view.setUint32(i * 4, words[i]!);
    return inNetwork(scope.net, addr);
  };
  return {
    visit(f) {
      if (scope.type === 'port') {
        if ((f.proto === 6 || f.proto === 17) && (f.srcPort === scope.port || f.dstPort === scope.port)) {
          sent += f.sent[w]!;
          recv += f.recv[w]!;
        }
        return;
      }
      const first = isHost(f.family, f.src);
      const second = isHost(f.family, f.dst);
      if (first) {
        sent += f.sent[w]!;
        recv += f.recv[w]!;
      }
      else if (second) {
        sent += f.recv[w]!;
        recv += f.sent[w]!;
      }
    },
    finish() {
      const subject = scope.type === 'port' ? `port ${scope.port}` : scope.type === 'host' ? scope.text : 'interface';
      const value = r.direction === 'sent' ? sent : r.direction === 'received' ? recv : sent + recv;
      return threshold(r, subject, value);
    },
  };
}

