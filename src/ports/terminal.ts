// The full-screen terminal as the screen loop sees it: size, lifecycle, frames, keys, resizes.
import type { RenderedScreen } from '../render/screen/render-screen.js';

export interface Terminal {
  size(): { cols: number; rows: number };
  /** Alternate screen, hidden cursor, raw input. */
  enter(): void;
  /** Writes a frame: only the rows that changed, or everything when `full`. */
  draw(screen: RenderedScreen, full: boolean): void;
  beep(): void;
  /** Back to the normal screen, cursor and input mode; safe to call more than once. */
  restore(): void;
  onKey(listener: (key: string) => void): void;
  onResize(listener: () => void): void;
}

/**
 * The full-screen terminal with everything that must restore it: signals and control keys that end
 * the screen, Ctrl+Z, the process exit hook.
 */
export interface ScreenHost {
  readonly terminal: Terminal;
  /** The exit status decided by a signal or a control key (0 until then). */
  status(): number;
  /** What a signal or control key that quits calls. */
  attach(end: () => void): void;
}
