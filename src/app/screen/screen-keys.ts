// Every key of iftop's screen (spec 9.4) as a pure reducer: key in, state changed, effects out.
import type { LineDisplay, PortDisplay } from '../../core/view-options.js';
import { editLine } from './line-editor.js';
import { posixExtendedRegExp } from './posix-regex.js';
import { parseOwnerFilter } from '../../attribution/owner-filter.js';
import type { UiState } from './ui-state.js';
import { showHint } from './ui-state.js';

/** What the caller must do after a key. */
export type KeyEffect =
  | { type: 'quit' }
  /** Draw again from the current model (iftop's redraw / tick(1)). */
  | { type: 'redraw' }
  /** Clear the terminal and draw everything (^L). */
  | { type: 'repaint' }
  /** Re-run the analysis now (display options that change aggregation or order, outside a live capture). */
  | { type: 'reanalyse' }
  /** Install a new capture filter; the outcome comes back through filterInstalled(). */
  | { type: 'set-capture-filter'; text: string }
  | { type: 'beep' };

const PORT_HINT: Record<PortDisplay, string> = { off: 'Port display OFF', on: 'Port display ON', 'source-only': 'Port display SOURCE', 'destination-only': 'Port display DEST' };
const CYCLE_S: Record<PortDisplay, PortDisplay> = { off: 'source-only', 'source-only': 'off', 'destination-only': 'on', on: 'destination-only' };
const CYCLE_D: Record<PortDisplay, PortDisplay> = { off: 'destination-only', 'destination-only': 'off', 'source-only': 'on', on: 'source-only' };
const LINE_CYCLE: Record<LineDisplay, LineDisplay> = { 'two-line': 'one-line-both', 'one-line-both': 'one-line-received', 'one-line-received': 'one-line-sent', 'one-line-sent': 'two-line' };
const LINE_HINT: Record<LineDisplay, string> = { 'two-line': 'Two lines per host', 'one-line-both': 'One line per host', 'one-line-received': 'Received traffic only', 'one-line-sent': 'Sent traffic only' };
const OWNER_CYCLE: Partial<Record<UiState['panel'], UiState['panel']>> = { flows: 'processes', processes: 'units', units: 'containers', containers: 'flows' };
const PANEL_HINT: Partial<Record<UiState['panel'], string>> = { flows: 'Flows view', processes: 'Processes view (1/2/3 sort)', units: 'Units view', containers: 'Containers view' };
const BAR_CYCLE = [1, 2, 0] as const; // 10 s → 40 s → 2 s → 10 s, indexed by the current average
const BAR_HINT = ['Bars show 2s average', 'Bars show 10s average', 'Bars show 40s average'];

/**
 * Applies a key (a character, or 'up'/'left'/'enter'/'escape'/'resize'/… for named keys). Changes that
 * alter aggregation or order take effect at the next tick, as in iftop; the caller may re-analyse at
 * once when no new data can arrive (a finished file).
 */
export function applyScreenKey(ui: UiState, key: string, now: number): KeyEffect[] {
  if (ui.editor !== null) return editorKey(ui, key, now);
  const v = ui.view;
  const hint = (text: string, persistent = false): KeyEffect[] => {
    showHint(ui, text, now, persistent);
    return [{ type: 'redraw' }];
  };
  const regroup = (text: string): KeyEffect[] => [...hint(text), { type: 'reanalyse' }];
  switch (key) {
    case 'q':
      return [{ type: 'quit' }];
    case 'h':
    case '?':
      ui.helpVisible = !ui.helpVisible;
      return [{ type: 'redraw' }];
    case 'n':
      ui.dnsOn = !ui.dnsOn;
      return hint(ui.dnsOn ? 'DNS resolution on' : 'DNS resolution off');
    case 'N':
      ui.portNamesOn = !ui.portNamesOn;
      return hint(ui.portNamesOn ? 'Port resolution on' : 'Port resolution off');
    case 's':
      v.hideSource = !v.hideSource;
      return regroup(v.hideSource ? 'Hide source host' : 'Show source host');
    case 'd':
      v.hideDestination = !v.hideDestination;
      return regroup(v.hideDestination ? 'Hide dest host' : 'Show dest host');
    case 'S':
      v.portDisplay = CYCLE_S[v.portDisplay];
      return regroup(PORT_HINT[v.portDisplay]);
    case 'D':
      v.portDisplay = CYCLE_D[v.portDisplay];
      return regroup(PORT_HINT[v.portDisplay]);
    case 'p':
      v.portDisplay = v.portDisplay === 'off' ? 'on' : 'off';
      return regroup(PORT_HINT[v.portDisplay]);
    case 't':
      v.lineDisplay = LINE_CYCLE[v.lineDisplay];
      return hint(LINE_HINT[v.lineDisplay]);
    case 'T':
      ui.showTotals = !ui.showTotals;
      return hint(ui.showTotals ? 'Show cumulative totals' : 'Hide cumulative totals');
    case 'b':
      ui.showBars = !ui.showBars;
      return hint(ui.showBars ? 'Bars on' : 'Bars off');
    case 'B':
      ui.barAverage = BAR_CYCLE[ui.barAverage];
      return hint(BAR_HINT[ui.barAverage]!);
    case 'L':
      ui.logScale = !ui.logScale;
      return hint(ui.logScale ? 'Logarithmic scale' : 'Linear scale');
    case 'P':
      ui.paused = !ui.paused;
      return hint(ui.paused ? 'Display paused' : 'Display unpaused', ui.paused);
    case 'o':
      v.frozen = !v.frozen;
      return hint(v.frozen ? 'Order frozen' : 'Order unfrozen', v.frozen);
    case '1':
    case '2':
    case '3':
      v.sort = key === '1' ? '2s' : key === '2' ? '10s' : '40s';
      return regroup(`Sort by col ${key}`);
    case '<':
      v.sort = 'source';
      return regroup('Sort by source');
    case '>':
      v.sort = 'destination';
      return regroup('Sort by dest');
    case 'j':
      ui.scrollOffset++;
      return [{ type: 'redraw' }];
    case 'k':
      if (ui.scrollOffset === 0) return [];
      ui.scrollOffset--;
      return [{ type: 'redraw' }];
    case 'f':
      ui.editor = { kind: 'capture-filter', text: ui.captureFilter, cursor: ui.captureFilter.length };
      return [{ type: 'redraw' }];
    case 'l': {
      const text = ui.screenFilter?.text ?? ui.ownerFilter?.text ?? '';
      ui.editor = { kind: 'screen-filter', text, cursor: text.length };
      return [{ type: 'redraw' }];
    }
    case '!':
      return hint('Sorry, subshells have been disabled.');
    // wiretop's own keys (iftop leaves them unbound):
    case 'a':
      ui.panel = ui.panel === 'alerts' ? 'flows' : 'alerts';
      return hint(ui.panel === 'alerts' ? 'Alerts view' : 'Flows view');
    case 'c':
      ui.panel = ui.panel === 'hosts-by-connections' ? 'hosts-by-rate' : ui.panel === 'hosts-by-rate' ? 'flows' : 'hosts-by-connections';
      return hint(ui.panel === 'flows' ? 'Flows view' : ui.panel === 'hosts-by-rate' ? 'Hosts by rate' : 'Hosts by connections');
    case 'g':
      ui.panel = ui.panel === 'graphs' ? 'flows' : 'graphs';
      return hint(ui.panel === 'graphs' ? 'Traffic graphs (L: log scale)' : 'Flows view');
    case 'w': {
      if (ui.ownersOff !== null) return hint(ui.ownersOff);
      ui.panel = OWNER_CYCLE[ui.panel] ?? 'processes';
      return hint(PANEL_HINT[ui.panel] ?? 'Flows view');
    }
    case 'x':
      ui.labels = !ui.labels;
      return [...hint(ui.labels ? 'Service labels and trends' : 'No labels'), { type: 'reanalyse' }];
    case '\x0c':
      return [{ type: 'repaint' }];
    default:
      return hint('Press H or ? for help');
  }
}

function editorKey(ui: UiState, key: string, now: number): KeyEffect[] {
  const e = ui.editor!;
  const outcome = editLine(e, key);
  if (outcome === 'beep') return [{ type: 'beep' }];
  if (outcome === 'editing') return [{ type: 'redraw' }];
  ui.editor = null;
  if (outcome === 'cancel') return [{ type: 'redraw' }];
  if (e.kind === 'capture-filter') return [{ type: 'set-capture-filter', text: e.text }, { type: 'redraw' }];
  // Beyond iftop: pid:N, proc:NAME, unit:NAME, container:ID, … show one owner's flows.
  const owner = parseOwnerFilter(e.text);
  if (owner.kind !== 'none') {
    ui.screenFilter = null;
    ui.ownerFilter = null;
    if (owner.kind === 'error') showHint(ui, owner.message, now);
    else if (ui.ownersOff !== null) showHint(ui, ui.ownersOff, now);
    else {
      ui.ownerFilter = { text: e.text, test: owner.test };
      showHint(ui, `Flows of ${e.text.trim()}`, now);
    }
    return [{ type: 'redraw' }, { type: 'reanalyse' }];
  }
  const hadOwner = ui.ownerFilter !== null;
  ui.ownerFilter = null;
  // Screen filter: an extended, case-insensitive regular expression; an invalid one clears the filter.
  const regex = posixExtendedRegExp(e.text);
  if (regex === null) {
    ui.screenFilter = null;
    showHint(ui, 'Invalid regexp', now);
  } else {
    ui.screenFilter = { text: e.text, regex };
  }
  return hadOwner ? [{ type: 'redraw' }, { type: 'reanalyse' }] : [{ type: 'redraw' }];
}
