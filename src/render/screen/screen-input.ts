// Everything one frame of the full-screen view is drawn from (the renderer is a pure function of this).
import type { ScreenModel } from '../../core/screen-model.js';
import type { LineDisplay } from '../../core/view-options.js';
import type { Labeller } from '../host-text.js';
import type { ScaleState } from './bar-scale.js';

/** Line-drawing characters: Unicode box drawing in a UTF-8 locale, ASCII otherwise. */
export interface Glyphs {
  readonly hline: string;
  readonly corner: string;
  readonly tee: string;
}

export const UNICODE_GLYPHS: Glyphs = { hline: '─', corner: '└', tee: '┴' };
export const ASCII_GLYPHS: Glyphs = { hline: '-', corner: '+', tee: '+' };

export interface ScreenInput {
  readonly cols: number;
  readonly rows: number;
  readonly model: ScreenModel;
  readonly names: Labeller;
  readonly glyphs: Glyphs;
  readonly scale: ScaleState;
  /** -m in bits/s; 0 = automatic. */
  readonly fixedMaxBits: number;
  readonly showBars: boolean;
  readonly logScale: boolean;
  /** Which average the bars show: 0 = 2 s, 1 = 10 s, 2 = 40 s. */
  readonly barAverage: 0 | 1 | 2;
  /** `T`: per-line cumulative column. */
  readonly showTotals: boolean;
  readonly lineDisplay: LineDisplay;
  readonly hideSource: boolean;
  readonly hideDestination: boolean;
  readonly useBytes: boolean;
  readonly helpVisible: boolean;
  /** `j`/`k`: list entries skipped from the top. */
  readonly scrollOffset: number;
  /** `l`: lines are shown only if this matches the source or destination text. */
  readonly screenFilter: RegExp | null;
  /** Transient message drawn in reverse video over the top-left corner. */
  readonly hint: string | null;
  /** `f`/`l` prompt being edited on the top row. */
  readonly editor: { readonly prompt: string; readonly text: string; readonly cursor: number } | null;
  /** Beyond iftop: capture loss and malformed packets, shown on the separator row when non-zero. */
  readonly dropped: number;
  readonly malformed: number;
  /** 802.11 frames that were encrypted (a monitor-mode capture without the keys): their traffic is not counted. */
  readonly encrypted?: number;
  /** Beyond iftop: a persistent one-line notice (interface down or gone, alerts firing). */
  readonly banner: string | null;
  /** Beyond iftop: lines shown instead of the flows (the alerts and connections views). */
  readonly panel: readonly string[] | null;
  /** With labels on: per model line, the service label and the trend mark; null = no label column. */
  readonly lineLabels: readonly { readonly text: string; readonly mark: string }[] | null;
  /** Link utilisation in percent (sent, received, busier direction), when the link speed is known. */
  readonly utilisation: { readonly sent: number; readonly recv: number; readonly total: number } | null;
  /** Trend mark of the totals (labels on), '' otherwise. */
  readonly totalMark: string;
}
