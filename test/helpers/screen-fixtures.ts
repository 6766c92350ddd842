// Builders for full-screen render tests: flow lines, models, ScreenInput defaults, a fake name labeller, rate units, ACS mapping.
import { EMPTY_MODEL } from '../../src/core/analysis.js';
import type { FlowLine, Rates, ScreenModel } from '../../src/core/screen-model.js';
import { formatAddress } from '../../src/format/inet-ntop.js';
import { stringCells } from '../../src/format/cells.js';
import type { Labeller } from '../../src/render/host-text.js';
import { NUMERIC_LABELLER } from '../../src/render/host-text.js';
import { INITIAL_SCALE } from '../../src/render/screen/bar-scale.js';
import type { Canvas } from '../../src/render/screen/canvas.js';
import { UNICODE_GLYPHS } from '../../src/render/screen/screen-input.js';
import type { ScreenInput } from '../../src/render/screen/screen-input.js';
import { ipv4Address, ipv6Address } from './frames.js';

/*
 * Rates are bytes/s and iftop shows them in bits with K = 1024, so "1.60Mb" is 1.60 × 131072 B/s and
 * "473Kb" is 473 × 128 = 60544 B/s. The helpers below turn a displayed number back into bytes.
 */
/** Kbit/s (K = 1024) → bytes/s. */
export const kbit = (x: number): number => x * 128;
/** Mbit/s (M = 1024²) → bytes/s. */
export const mbit = (x: number): number => x * 131072;
/** KB (1024) → bytes. */
export const kbyte = (x: number): number => x * 1024;
/** MB (1024²) → bytes. */
export const mbyte = (x: number): number => x * 1048576;

export const ZERO: Rates = [0, 0, 0];

/** 16-byte address field of a FlowLine (IPv4 in the first 4 bytes); '*' is the all-zero hidden side. */
export function addressField(text: string): Uint8Array {
  const out = new Uint8Array(16);
  if (text === '*') return out;
  out.set(text.includes(':') ? ipv6Address(text) : ipv4Address(text));
  return out;
}

export interface LineSpec {
  src: string;
  dst: string;
  /** Family when both sides are '*' (hidden). */
  family?: 4 | 6;
  srcPort?: number;
  dstPort?: number;
  proto?: number;
  sent?: Rates;
  recv?: Rates;
  totalSent?: number;
  totalRecv?: number;
}

let seq = 0;

export function flowLine(s: LineSpec): FlowLine {
  const family = s.family ?? (s.src.includes(':') || s.dst.includes(':') ? 6 : 4);
  seq++;
  return {
    family, proto: s.proto ?? (s.srcPort !== undefined || s.dstPort !== undefined ? 6 : 0),
    src: addressField(s.src), srcPort: s.srcPort ?? 0, dst: addressField(s.dst), dstPort: s.dstPort ?? 0,
    sent: s.sent ?? ZERO, recv: s.recv ?? ZERO, totalSent: s.totalSent ?? 0, totalRecv: s.totalRecv ?? 0,
    seq,
  };
}

/** A model whose totals are the sums of its lines unless given. */
export function modelOf(lines: readonly FlowLine[], o: Partial<ScreenModel> = {}): ScreenModel {
  const sum = (pick: (l: FlowLine) => Rates): Rates =>
    [0, 1, 2].map((j) => lines.reduce((n, l) => n + pick(l)[j]!, 0)) as Rates;
  const totalSent = o.totalSent ?? sum((l) => l.sent);
  const totalRecv = o.totalRecv ?? sum((l) => l.recv);
  return {
    lines, lineCount: lines.length, totalSent, totalRecv,
    peakSent: totalSent[0], peakRecv: totalRecv[0], peakTotal: totalSent[0] + totalRecv[0],
    cumulativeSent: lines.reduce((n, l) => n + l.totalSent, 0),
    cumulativeRecv: lines.reduce((n, l) => n + l.totalRecv, 0),
    ...o,
  };
}

/** iftop's defaults: 80 × 24, bars on, linear 64 kbit scale, two lines, 10 s bars, numeric names. */
export function screenInput(o: Partial<ScreenInput> = {}): ScreenInput {
  return {
    cols: 80, rows: 24, model: EMPTY_MODEL, names: NUMERIC_LABELLER, glyphs: UNICODE_GLYPHS,
    scale: INITIAL_SCALE, fixedMaxBits: 0, showBars: true, logScale: false, barAverage: 1,
    showTotals: false, lineDisplay: 'two-line', hideSource: false, hideDestination: false,
    useBytes: false, helpVisible: false, scrollOffset: 0, screenFilter: null, hint: null,
    editor: null, dropped: 0, malformed: 0, banner: null, panel: null, lineLabels: null, utilisation: null, totalMark: '',
    ...o,
  };
}

/**
 * A resolver that knows some names, like a test /etc/hosts: keys are addresses as inet_ntop prints
 * them. Services are keyed "port/proto" (e.g. "80/6").
 */
export function fakeLabeller(hosts: Record<string, string>, services: Record<string, string> = {}, dnsOn = true): Labeller {
  return {
    dnsOn,
    hostName: (family, addr) => hosts[formatAddress(family, addr)],
    serviceName: (port, proto) => services[`${port}/${proto}`],
  };
}

/** The spec's tmux captures draw ACS lines as letters: q = ─, m = └, v = ┴ (only on rows made of them). */
export function acs(row: string): string {
  return /^[qmv]+$/.test(row) ? row.replace(/q/g, '─').replace(/m/g, '└').replace(/v/g, '┴') : row;
}

/** A captured block from the spec: rows without trailing blanks, ACS letters mapped, padded to cols. */
export function specRows(block: string, cols: number): string[] {
  const rows = block.split('\n');
  if (rows[0] === '') rows.shift();
  if (rows.at(-1) === '') rows.pop();
  return rows.map((r) => acs(r).padEnd(cols));
}

/** Every row of the canvas is exactly `cols` terminal cells wide and there are `rows` of them. */
export function assertGeometry(c: Canvas, cols: number, rows: number): string | null {
  const lines = c.lines();
  if (lines.length !== Math.max(0, rows)) return `expected ${rows} rows, got ${lines.length}`;
  for (const [i, l] of lines.entries()) {
    if (stringCells(l) !== cols) return `row ${i} is ${stringCells(l)} cells, not ${cols}: ${JSON.stringify(l)}`;
  }
  return null;
}
