// A rows × cols grid of terminal cells with a reverse-video flag per cell: what the screen renderer draws into.
import { cellWidth } from '../../format/cells.js';

/** One row as the terminal adapter writes it: text runs, each plain or reverse video. */
export interface Run {
  readonly text: string;
  readonly reverse: boolean;
}

/**
 * Drawing clips at the edges and never throws, whatever the size (down to 0 × 0). A wide character
 * takes two cells (the second holds ''); one that would not fit before the edge becomes a space.
 */
export class Canvas {
  private readonly cells: string[];
  private readonly rev: Uint8Array;

  constructor(
    readonly cols: number,
    readonly rows: number,
  ) {
    this.cols = Math.max(0, Math.floor(cols));
    this.rows = Math.max(0, Math.floor(rows));
    this.cells = new Array<string>(this.cols * this.rows).fill(' ');
    this.rev = new Uint8Array(this.cols * this.rows);
  }

  /**
   * Writes text from (row, col) to the right, clipped at the right edge. Text that would start left
   * of the screen is not drawn at all (curses refuses such a move), which keeps narrow screens tidy.
   */
  text(row: number, col: number, text: string): void {
    if (row < 0 || row >= this.rows || col < 0) return;
    let c = Math.floor(col);
    for (const ch of text) {
      if (c >= this.cols) return;
      const w = cellWidth(ch.codePointAt(0)!);
      if (w === 0) continue;
      if (c >= 0) {
        if (w === 2 && c + 1 >= this.cols) {
          this.put(row, c, ' ');
          return;
        }
        this.put(row, c, ch);
        if (w === 2) this.put(row, c + 1, '');
      }
      c += w;
    }
  }

  /** Fills a whole row with one character. */
  fillRow(row: number, ch: string): void {
    for (let c = 0; c < this.cols; c++) this.put(row, c, ch);
  }

  /** Turns reverse video on for `length` cells from (row, col), clipped. */
  reverse(row: number, col: number, length: number): void {
    if (row < 0 || row >= this.rows) return;
    const from = Math.max(0, col), to = Math.min(this.cols, col + length);
    for (let c = from; c < to; c++) this.rev[row * this.cols + c] = 1;
  }

  /** Row text, exactly `cols` cells wide. */
  line(row: number): string {
    return this.cells.slice(row * this.cols, (row + 1) * this.cols).join('');
  }

  /** All rows as plain text (what a test snapshot compares). */
  lines(): string[] {
    return Array.from({ length: this.rows }, (_, r) => this.line(r));
  }

  /** Row as runs of equal attributes, for the terminal adapter. */
  runs(row: number): Run[] {
    const out: Run[] = [];
    let text = '';
    let reverse = false;
    for (let c = 0; c < this.cols; c++) {
      const r = this.rev[row * this.cols + c] === 1;
      if (r !== reverse && text !== '') {
        out.push({ text, reverse });
        text = '';
      }
      reverse = r;
      text += this.cells[row * this.cols + c]!;
    }
    if (text !== '') out.push({ text, reverse });
    return out;
  }

  /** Which cells of a row are reverse video, as a string of '#' and '.' (for tests). */
  reverseMask(row: number): string {
    let s = '';
    for (let c = 0; c < this.cols; c++) s += this.rev[row * this.cols + c] === 1 ? '#' : '.';
    return s;
  }

  private put(row: number, col: number, ch: string): void {
    const i = row * this.cols + col;
    // Overwriting half of a wide character: blank its other half so no orphan half remains.
    if (this.cells[i] === '' && col > 0) this.cells[i - 1] = ' ';
    if (col + 1 < this.cols && this.cells[i + 1] === '' && ch !== '') this.cells[i + 1] = ' ';
    this.cells[i] = ch;
  }
}
