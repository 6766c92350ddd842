// The real terminal: alternate screen, hidden cursor, raw input, diffed row writes, and restore on every way out.
import { inert } from '../../format/inert.js';
import type { RenderedScreen } from '../../render/screen/render-screen.js';
import type { Terminal } from '../../ports/terminal.js';
import { StringDecoder } from 'node:string_decoder';
import { KeyReader } from './key-parser.js';

const ESC = '\x1b[';
/**
 * How long the rest of an escape sequence may take to arrive before what came is taken as typed (a lone
 * Esc). Over ssh a sequence can be split across reads; a person cannot type Esc and then `[` this fast.
 */
const SEQUENCE_WAIT_MS = 50;

/**
 * Writes only the rows whose text or attributes changed since the last frame (a full frame after a
 * resize, ^L or resume). Reverse video is the only attribute used, so NO_COLOR terminals are served
 * as they are. Writes are synchronous on a TTY, so a frame is never half-written at exit.
 */
export class TtyTerminal implements Terminal {
  private previous: string[] = [];
  private entered = false;
  private keyListener: (key: string) => void = () => {};
  private resizeListener: () => void = () => {};
  private controlListener: ((key: string) => void) | null = null;
  /** A character split across reads is joined, not turned into U+FFFD. */
  private readonly decoder = new StringDecoder('utf8');
  private readonly keys = new KeyReader();
  private flushTimer: NodeJS.Timeout | null = null;
  private readonly onData = (chunk: Buffer) => {
    this.cancelFlush();
    this.deliver(this.keys.feed(this.decoder.write(chunk)));
    if (this.keys.waiting) {
      this.flushTimer = setTimeout(() => {
        this.flushTimer = null;
        this.deliver(this.keys.flush());
      }, SEQUENCE_WAIT_MS);
      this.flushTimer.unref();
    }
  };

  constructor(
    private readonly input: NodeJS.ReadStream,
    private readonly output: NodeJS.WriteStream,
  ) {
    output.on('resize', () => this.resizeListener());
  }

  size(): { cols: number; rows: number } {
    return { cols: this.output.columns ?? 80, rows: this.output.rows ?? 24 };
  }

  enter(): void {
    if (this.entered) return;
    this.entered = true;
    this.previous = [];
    if (this.input.isTTY) this.input.setRawMode(true);
    this.input.on('data', this.onData);
    this.input.resume();
    this.write(`${ESC}?1049h${ESC}?25l${ESC}2J`);
  }

  draw(screen: RenderedScreen, full: boolean): void {
    if (!this.entered) return;
    const c = screen.canvas;
    let out = full ? `${ESC}0m${ESC}2J` : '';
    if (full || this.previous.length !== c.rows) this.previous = [];
    for (let r = 0; r < c.rows; r++) {
      const runs = c.runs(r);
      // Cells hold only inert text (names were sanitised upstream); inert() again costs little and is a backstop.
      const encoded = runs.map((run) => (run.reverse ? `${ESC}7m${inert(run.text)}${ESC}27m` : inert(run.text))).join('');
      if (this.previous[r] === encoded) continue;
      this.previous[r] = encoded;
      out += `${ESC}${r + 1};1H${encoded}`;
    }
    out += screen.cursor === null ? `${ESC}?25l` : `${ESC}${screen.cursor.row + 1};${screen.cursor.col + 1}H${ESC}?25h`;
    this.write(out);
  }

  beep(): void {
    this.write('\x07');
  }

  restore(): void {
    if (!this.entered) return;
    this.entered = false;
    this.input.off('data', this.onData);
    this.cancelFlush();
    this.keys.flush();
    this.input.pause();
    try {
      if (this.input.isTTY) this.input.setRawMode(false);
    } catch {
      // The terminal may already be gone (EIO); nothing left to restore then.
    }
    this.write(`${ESC}0m${ESC}?25h${ESC}?1049l`);
  }

  onKey(listener: (key: string) => void): void {
    this.keyListener = listener;
  }

  onResize(listener: () => void): void {
    this.resizeListener = listener;
  }

  /** Ctrl+C, Ctrl+Z and Ctrl+\ go to this listener instead of the key listener. */
  interceptControlKeys(listener: (key: string) => void): void {
    this.controlListener = listener;
  }

  /** Delivers a key as if typed (used to repaint after a resume). */
  emitKey(key: string): void {
    this.keyListener(key);
  }

  private deliver(keys: readonly string[]): void {
    for (const k of keys) {
      // In raw mode Ctrl+C, Ctrl+Z and Ctrl+\ arrive as characters, not signals.
      if (this.controlListener !== null && (k === '\x03' || k === '\x1a' || k === '\x1c')) this.controlListener(k);
      else this.keyListener(k);
    }
  }

  private cancelFlush(): void {
    if (this.flushTimer !== null) clearTimeout(this.flushTimer);
    this.flushTimer = null;
  }

  private write(text: string): void {
    if (!this.output.destroyed) this.output.write(text);
  }
}
