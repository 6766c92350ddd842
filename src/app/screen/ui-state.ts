// State of the full-screen view that keys change: iftop's display options plus hint, prompt, scroll and filters.
import type { Settings } from '../../config/settings.js';
import type { ViewOptions } from '../../core/view-options.js';
import type { OwnerFilter } from '../../attribution/owner-filter.js';

/** The attribution views `w` cycles through after the flows. */
export type OwnerPanel = 'processes' | 'units' | 'containers';

export interface Hint {
  readonly text: string;
  /** Whole seconds when it was shown (iftop compares integer seconds). */
  readonly since: number;
  /** Paused/frozen hints stay until the next hint replaces them. */
  readonly persistent: boolean;
}

export interface Editor {
  readonly kind: 'capture-filter' | 'screen-filter';
  text: string;
  cursor: number;
}

export interface UiState {
  view: ViewOptions;
  dnsOn: boolean;
  portNamesOn: boolean;
  paused: boolean;
  showBars: boolean;
  /** 0 = 2 s, 1 = 10 s, 2 = 40 s. */
  barAverage: 0 | 1 | 2;
  logScale: boolean;
  showTotals: boolean;
  helpVisible: boolean;
  scrollOffset: number;
  screenFilter: { readonly text: string; readonly regex: RegExp } | null;
  /** The user's capture filter text now installed ('' = none). */
  captureFilter: string;
  hint: Hint | null;
  editor: Editor | null;
  /** Beyond iftop: the panel shown instead of the flows. */
  panel: 'flows' | 'alerts' | 'hosts-by-connections' | 'hosts-by-rate' | 'graphs' | OwnerPanel;
  /** `l` with pid:, proc:, unit:, container:, …: only that owner's flows make lines. */
  ownerFilter: { readonly text: string; readonly test: OwnerFilter } | null;
  /** Why there are no process views (a file, --no-processes, attribution could not start); null when there are. */
  ownersOff: string | null;
  /** Beyond iftop: service labels and trend marks (`x`, --labels). */
  labels: boolean;
}

export function initialUiState(s: Settings, view: ViewOptions): UiState {
  return {
    view,
    dnsOn: s.dnsResolution,
    portNamesOn: s.portResolution,
    paused: false,
    showBars: s.showBars,
    barAverage: 1,
    logScale: s.logScale,
    showTotals: s.showTotals,
    helpVisible: false,
    scrollOffset: 0,
    screenFilter: null,
    captureFilter: s.filterCode ?? '',
    hint: null,
    editor: null,
    panel: 'flows',
    labels: false,
    ownerFilter: null,
    ownersOff: 'No process attribution in this run',
  };
}

/** Shows a hint (iftop's showhelp): at most 80 characters. */
export function showHint(ui: UiState, text: string, nowSeconds: number, persistent = false): void {
  ui.hint = { text: text.slice(0, 80), since: Math.floor(nowSeconds), persistent };
}

/** Drops a transient hint once more than 2 whole seconds have passed; true when it changed. */
export function expireHint(ui: UiState, nowSeconds: number): boolean {
  if (ui.hint === null || ui.hint.persistent || Math.floor(nowSeconds) - ui.hint.since <= 2) return false;
  ui.hint = null;
  return true;
}
