// The full-screen view as a pure function of its input and size: iftop's regions, columns and bars (spec 8.2, 9).
import type { FlowLine } from '../../core/screen-model.js';
import { cellWidth, fitCells, sliceCells, stringCells } from '../../format/cells.js';
import { formatBytes, formatRate } from '../../format/readable-size.js';
import { sideText } from '../host-text.js';
import { barLengths, maxBits, scaleTicks } from './bar-scale.js';
import type { ScaleState } from './bar-scale.js';
import { Canvas } from './canvas.js';
import { drawHelp } from './help.js';
import type { ScreenInput } from './screen-input.js';

export interface RenderedScreen {
  readonly canvas: Canvas;
  /** Auto-scale state for the next frame. */
  readonly scale: ScaleState;
  /** Where the terminal cursor goes (the prompt position while editing), or null to hide it. */
  readonly cursor: { row: number; col: number } | null;
  /** Lines drawn in the list area (for scroll bounds and tests). */
  readonly linesShown: number;
}

/** Cells each host column gives up to the label column (two of them make the 12-cell label column). */
export const LABEL_SHARE = 6;

/** Host column width: (COLS − 28) / 2, 4 less with per-line totals, 6 less with labels, at most 256 (iftop 9.2). */
export function hostWidth(cols: number, showTotals: boolean, labels = false): number {
  return Math.min(256, Math.floor((cols - 28) / 2) - (showTotals ? 4 : 0) - (labels ? LABEL_SHARE : 0));
}

interface BarRequest {
  row: number;
  bytes: number;
}

/** Draws one frame. Never throws for any size, including 1 × 1 and 0 × 0. */
export function renderScreen(input: ScreenInput, version: string): RenderedScreen {
  const { cols, rows } = input;
  const c = new Canvas(cols, rows);
  const bars: BarRequest[] = [];
  const top = input.showBars ? 2 : 1;
  let linesShown = 0;
  if (input.helpVisible) drawHelp(c, top, rows - 4, version);
  else if (input.panel !== null) input.panel.forEach((line, i) => (top + i < rows - 4 ? c.text(top + i, 0, line) : undefined));
  else linesShown = drawLines(c, input, top, bars);
  drawTotals(c, input, bars);
  // Bars are computed in drawing order: the first one beyond the scale moves it for the rest.
  const scaleLabelsMax = maxBits(input.scale.index, input.fixedMaxBits);
  let scale = input.scale;
  if (input.showBars) {
    const r = barLengths(input.scale, bars.map((b) => b.bytes), cols, { fixedMaxBits: input.fixedMaxBits, log: input.logScale });
    scale = r.next;
    r.lengths.forEach((len, i) => {
      if (len > 0) c.reverse(bars[i]!.row, 0, len + 1);
    });
    drawScale(c, input, scaleLabelsMax);
  } else {
    c.fillRow(0, input.glyphs.hline);
  }
  drawSeparator(c, input);
  let cursor: RenderedScreen['cursor'] = null;
  if (input.editor !== null) cursor = drawEditor(c, input.editor, cols);
  else if (input.hint !== null && rows > 0) {
    const text = ` ${input.hint} `;
    c.text(0, 0, text);
    c.reverse(0, 0, text.length);
  }
  return { canvas: c, scale, cursor, linesShown };
}

/** The flow list from row `top` while the row is above LINES − 5; returns how many lines it drew. */
function drawLines(c: Canvas, input: ScreenInput, top: number, bars: BarRequest[]): number {
  const { cols, rows, model } = input;
  const labels = input.lineLabels;
  const L = hostWidth(cols, input.showTotals, labels !== null);
  const rate = (v: number) => formatRate(v, input.useBytes);
  const twoLine = input.lineDisplay === 'two-line';
  let y = top;
  let shown = 0;
  for (let i = Math.max(0, input.scrollOffset); i < model.lines.length && y < rows - 5; i++) {
    const line = model.lines[i]!;
    const src = sideText(line, 'src', L, input.names, input.hideSource);
    const dst = sideText(line, 'dst', L, input.names, input.hideDestination);
    if (input.screenFilter !== null && !input.screenFilter.test(src) && !input.screenFilter.test(dst)) continue;
    c.text(y, 0, src);
    c.text(y, L + 4, dst);
    const label = labels?.[i];
    if (label !== undefined) c.text(y, 2 * L + 5, `${fitCells(label.text, 9)} ${label.mark}`);
    const [marker, values, cumulative] = rowContent(line, input.lineDisplay);
    c.text(y, L, marker);
    if (input.showTotals) c.text(y, cols - 32, formatBytes(cumulative));
    drawRates(c, y, cols, values.map(rate));
    bars.push({ row: y, bytes: values[input.barAverage]! });
    if (twoLine) {
      c.text(y + 1, L, ' <= ');
      if (input.showTotals) c.text(y + 1, cols - 32, formatBytes(line.totalRecv));
      drawRates(c, y + 1, cols, line.recv.map(rate));
      bars.push({ row: y + 1, bytes: line.recv[input.barAverage] });
    }
    y += twoLine ? 2 : 1;
    shown++;
  }
  return shown;
}

/** Marker, the three rates and the cumulative figure of a line's first row in each line mode. */
function rowContent(line: FlowLine, mode: ScreenInput['lineDisplay']): [string, number[], number] {
  switch (mode) {
    case 'one-line-both':
      return ['<=> ', line.sent.map((s, j) => s + line.recv[j]!), line.totalSent + line.totalRecv];
    case 'one-line-received':
      return [' <= ', [...line.recv], line.totalRecv];
    default:
      return [' => ', [...line.sent], line.totalSent];
  }
}

/** The 2 s, 10 s and 40 s columns, left-aligned at COLS − 24, − 16 and − 8. */
function drawRates(c: Canvas, row: number, cols: number, texts: string[]): void {
  texts.forEach((t, j) => c.text(row, cols - 24 + 8 * j, t));
}

function drawTotals(c: Canvas, input: ScreenInput, bars: BarRequest[]): void {
  const { cols, rows, model } = input;
  const rate = (v: number) => formatRate(v, input.useBytes);
  const tx = rows - 3, rx = rows - 2, total = rows - 1;
  const sum = model.totalSent.map((s, j) => s + model.totalRecv[j]!);
  c.text(tx, 0, 'TX: ');
  c.text(rx, 0, 'RX: ');
  c.text(total, 0, 'TOTAL: ');
  c.text(tx, 16, 'cum: ');
  c.text(tx, 22, formatBytes(model.cumulativeSent));
  c.text(rx, 22, formatBytes(model.cumulativeRecv));
  c.text(total, 22, formatBytes(model.cumulativeSent + model.cumulativeRecv));
  c.text(tx, 32, 'peak: ');
  c.text(tx, 39, rate(model.peakSent));
  c.text(rx, 39, rate(model.peakRecv));
  c.text(total, 39, rate(model.peakTotal));
  c.text(tx, cols - 32, 'rates:');
  // Beyond iftop: utilisation of the link, where the row has room between peak and rates.
  const u = input.utilisation;
  if (u !== null && cols >= 100) {
    const pct = (v: number) => `${v < 10 ? v.toFixed(1) : Math.round(v)}%`.padStart(5);
    c.text(tx, 48, `util ${pct(u.sent)}`);
    c.text(rx, 48, `util ${pct(u.recv)}`);
    c.text(total, 48, `util ${pct(u.total)} ${input.totalMark}`.trimEnd());
  } else if (input.totalMark !== '' && cols >= 100) {
    c.text(total, 48, `trend ${input.totalMark}`);
  }
  drawRates(c, tx, cols, model.totalSent.map(rate));
  drawRates(c, rx, cols, model.totalRecv.map(rate));
  drawRates(c, total, cols, sum.map(rate));
  bars.push({ row: tx, bytes: model.totalSent[input.barAverage] }, { row: rx, bytes: model.totalRecv[input.barAverage] });
}

/** Row 0: tick labels; row 1: the line with a corner and a tee under every tick on screen. */
function drawScale(c: Canvas, input: ScreenInput, max: number): void {
  const { cols, glyphs } = input;
  c.fillRow(1, glyphs.hline);
  c.text(1, 0, glyphs.corner);
  for (const t of scaleTicks(max, cols, { log: input.logScale, useBytes: input.useBytes })) {
    if (t.col < cols) c.text(1, t.col, glyphs.tee);
    c.text(0, t.labelCol, t.label);
  }
}

/** Row LINES − 4: a full-width line, with wiretop's notices on it. */
function drawSeparator(c: Canvas, input: ScreenInput): void {
  const row = input.rows - 4;
  c.fillRow(row, input.glyphs.hline);
  const notes: string[] = [];
  if (input.dropped > 0) notes.push(`${input.dropped} dropped by kernel`);
  if (input.malformed > 0) notes.push(`${input.malformed} malformed`);
  if ((input.encrypted ?? 0) > 0) notes.push(`${input.encrypted} encrypted`);
  let bannerEnd = 0;
  if (input.banner !== null) {
    const text = ` ${input.banner} `;
    c.text(row, 2, text);
    c.reverse(row, 2, text.length);
    bannerEnd = 2 + text.length;
  }
  if (notes.length > 0) {
    // Right-aligned; left out when the screen is too narrow to show it beside the banner.
    const text = ` ${notes.join(', ')} `;
    const col = input.cols - text.length - 2;
    if (col >= Math.max(bannerEnd + 1, 0)) c.text(row, col, text);
  }
}

/** `Net filter> text` on row 0, scrolled so the cursor stays visible; returns the cursor cell. */
function drawEditor(c: Canvas, e: NonNullable<ScreenInput['editor']>, cols: number): { row: number; col: number } {
  const head = `${e.prompt}> `;
  const headCells = stringCells(head);
  // iftop scrolls when the text passes COLS − len(prompt) − 3; head holds the prompt and "> ". Counted
  // in cells and scrolled by whole characters, so wide characters keep the cursor on its character.
  const room = Math.max(1, cols - headCells - 1);
  let start = 0;
  let cells = stringCells(e.text.slice(0, e.cursor));
  for (const ch of e.text.slice(0, e.cursor)) {
    if (cells <= room) break;
    cells -= cellWidth(ch.codePointAt(0)!);
    start += ch.length;
  }
  c.fillRow(0, ' ');
  c.text(0, 0, head + sliceCells(e.text.slice(start), room));
  return { row: 0, col: Math.min(cols - 1, headCells + cells) };
}
