// The full-screen presenter's state machine, a sink: ticks analyse, keys change the view, frames are drawn.
import { Analyser, EMPTY_MODEL } from '../../core/analysis.js';
import type { Monitor } from '../../core/monitor.js';
import type { ScreenModel } from '../../core/screen-model.js';
import type { NameOf } from '../../core/sort.js';
import { formatAddress } from '../../format/inet-ntop.js';
import { INITIAL_SCALE } from '../../render/screen/bar-scale.js';
import type { ScaleState } from '../../render/screen/bar-scale.js';
import { renderScreen } from '../../render/screen/render-screen.js';
import type { RenderedScreen } from '../../render/screen/render-screen.js';
import type { Glyphs } from '../../render/screen/screen-input.js';
import type { LabellerFactory } from '../text-session.js';
import { applyScreenKey } from './screen-keys.js';
import type { AlertWatch } from '../alert-watch.js';
import type { AlertEvent } from '../../alerts/alert-engine.js';
import { hostTable } from '../../core/host-table.js';
import { SLOT_SECONDS } from '../../core/screen-model.js';
import { renderTrafficGraphs } from '../../render/graph/traffic-graph.js';
import { trendMark, trendOf } from '../../core/trend.js';
import { lineLabel, sumRates } from '../../render/labels.js';
import { alertsPanel, hostsPanel } from '../../render/screen/panels.js';
import type { ClockText } from '../../render/screen/panels.js';

import type { KeyEffect } from './screen-keys.js';
import type { OwnerRows } from '../owner-rows.js';
import { rowWindow } from '../owner-rows.js';
import { ownersPanel } from '../../render/screen/owners-panel.js';
import type { Sink, TickContext } from '../run/sink.js';
import { expireHint, showHint } from './ui-state.js';
import type { UiState } from './ui-state.js';

export interface ScreenConfig {
  readonly version: string;
  readonly glyphs: Glyphs;
  /** -m in bits/s (0 = automatic scale). */
  readonly fixedMaxBits: number;
  /** -B */
  readonly useBytes: boolean;
  readonly labeller: LabellerFactory;
  /** Alert rules, evaluated at every tick. */
  readonly alerts?: AlertWatch | null;
  /** Link speed in bits/s for the utilisation figures, null when unknown. */
  readonly linkBits?: number | null;
  /** Service names for labels (independent of the N switch, which only affects the host columns). */
  readonly services?: (port: number, proto: number) => string | undefined;
  /** Local "HH:MM:SS" of a timestamp for the alerts view (default: UTC). */
  readonly clockText?: ClockText;
  /** Attribution's rows and owners (the `w` views, the `l` owner filter); null without attribution. */
  readonly owners?: OwnerRows | null;
}

/** Samples the graphs keep: wider than any terminal. */
const GRAPH_SAMPLES = 1000;

const UTC_CLOCK: ClockText = (ts) => {
  const s = Math.floor(ts) % 86400;
  return [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60].map((n) => String(n).padStart(2, '0')).join(':');
};

/** Notices drawn beyond iftop's regions. */
export interface ScreenStatus {
  readonly dropped: number;
  readonly malformed: number;
  readonly banner: string | null;
}

export class ScreenSession implements Sink {
  readonly name = 'the screen';
  model: ScreenModel = EMPTY_MODEL;
  private scale: ScaleState = INITIAL_SCALE;
  private readonly analyser = new Analyser();
  private rows = 50;
  /** Received and sent bytes/s of each 2-second slot, oldest first (the graphs view), at most GRAPH_SAMPLES. */
  private readonly incoming: number[] = [];
  private readonly outgoing: number[] = [];
  /** The last alert events, newest last (the alerts view lists them). */
  private readonly recent: AlertEvent[] = [];

  constructor(
    private readonly monitor: Monitor,
    readonly ui: UiState,
    private readonly config: ScreenConfig,
  ) {
    config.alerts?.onEvent((e) => {
      this.recent.push(e);
      if (this.recent.length > 50) this.recent.shift();
    });
  }

  /** A tick (before its slot closes): analyse unless paused, let a transient hint expire. */
  tick(t: TickContext): void {
    if (t.snapshot.partial) return;
    // The graphs keep moving while the list is paused, as the cumulative totals do.
    this.incoming.push(t.snapshot.totals.slotRecvBytes / SLOT_SECONDS);
    this.outgoing.push(t.snapshot.totals.slotSentBytes / SLOT_SECONDS);
    if (this.incoming.length > GRAPH_SAMPLES) {
      this.incoming.shift();
      this.outgoing.shift();
    }
    if (!this.ui.paused) this.reanalyse();
    expireHint(this.ui, t.snapshot.ts);
  }

  /** Analysis without closing the slot (after a key, when no more traffic will come). */
  reanalyse(): void {
    const limit = this.ui.screenFilter !== null ? Infinity : this.ui.scrollOffset + Math.max(this.rows, 256);
    const owners = this.config.owners ?? null, filter = this.ui.ownerFilter;
    const include = owners === null || filter === null ? null : (id: number) => filter.test(owners.ownerOfId(id));
    this.model = this.analyser.analyse(this.monitor, this.ui.view, this.model, this.nameOf(), limit, this.ui.labels, include);
  }

  /** A key; returns what the caller has to do (quit, redraw, install a filter, …). */
  key(k: string, now: number): KeyEffect[] {
    return applyScreenKey(this.ui, k, now);
  }

  /** The outcome of a capture-filter change: the old filter stays when the new one is refused. */
  filterInstalled(text: string, error: string | null, now: number): void {
    if (error === null) {
      this.ui.captureFilter = text.trim() === '' ? '' : text;
      showHint(this.ui, 'Installed new filter', now);
    } else {
      showHint(this.ui, error, now);
    }
  }

  /** True when a transient hint just expired (the caller redraws). */
  expireHint(now: number): boolean {
    return expireHint(this.ui, now);
  }

  /** Draws a frame; call once per redraw (the auto-scale moves on with each, as in iftop). */
  frame(cols: number, rows: number, status: ScreenStatus): RenderedScreen {
    this.rows = rows;
    const ui = this.ui;
    // Cumulative totals come from the live counters, so they keep growing while the display is paused.
    const model = { ...this.model, cumulativeSent: this.monitor.totals.totalSent, cumulativeRecv: this.monitor.totals.totalRecv };
    const r = renderScreen(
      {
        cols, rows, model,
        names: this.config.labeller(ui.dnsOn, ui.portNamesOn),
        glyphs: this.config.glyphs,
        scale: this.scale,
        fixedMaxBits: this.config.fixedMaxBits,
        showBars: ui.showBars,
        logScale: ui.logScale,
        barAverage: ui.barAverage,
        showTotals: ui.showTotals,
        lineDisplay: ui.view.lineDisplay,
        hideSource: ui.view.hideSource,
        hideDestination: ui.view.hideDestination,
        useBytes: this.config.useBytes,
        helpVisible: ui.helpVisible,
        scrollOffset: ui.scrollOffset,
        screenFilter: ui.screenFilter?.regex ?? null,
        hint: ui.hint?.text ?? null,
        editor: ui.editor === null ? null : { prompt: ui.editor.kind === 'capture-filter' ? 'Net filter' : 'Screen filter', text: ui.editor.text, cursor: ui.editor.cursor },
        dropped: status.dropped,
        malformed: status.malformed,
        encrypted: this.monitor.counters.encrypted,
        banner: status.banner ?? this.alertBanner(),
        panel: this.panel(cols),
        lineLabels: ui.labels ? this.labels(model) : null,
        utilisation: this.utilisation(model),
        totalMark: ui.labels ? trendMark(trendOf(sumRates(model.totalSent, model.totalRecv)), this.config.glyphs.hline === '─') : '',
      },
      this.config.version,
    );
    this.scale = r.scale;
    return r;
  }

  /** The most severe firing alert, as a banner, when there is one. */
  private alertBanner(): string | null {
    const active = this.config.alerts?.active() ?? [];
    if (active.length === 0) return null;
    const a = active[0]!;
    return `${active.length} alert${active.length > 1 ? 's' : ''}: ${a.severity} ${a.subject}: ${a.detail} (a: view)`;
  }

  private panel(cols: number): readonly string[] | null {
    const ui = this.ui;
    if (ui.panel === 'alerts') return alertsPanel(this.config.alerts?.active() ?? [], this.recent, this.config.alerts != null, this.config.clockText ?? UTC_CLOCK);
    if (ui.panel === 'flows') return null;
    if (ui.panel === 'processes' || ui.panel === 'units' || ui.panel === 'containers') {
      const view = ui.panel === 'processes' ? 'process' : ui.panel === 'units' ? 'unit' : 'container';
      const w = rowWindow(ui.view.sort);
      const rows = this.config.owners?.rows(view, w) ?? [];
      return ownersPanel(view, rows, cols, this.config.useBytes, ['2s', '10s', '40s'][w]!, ui.scrollOffset, ui.ownerFilter?.text ?? null);
    }
    if (ui.panel === 'graphs') {
      const height = Math.max(0, this.rows - 4 - (ui.showBars ? 2 : 1));
      const from = Math.max(0, this.incoming.length - cols);
      return renderTrafficGraphs({
        width: cols, height, incoming: this.incoming.slice(from), outgoing: this.outgoing.slice(from), sampleSeconds: SLOT_SECONDS,
        totalIn: this.monitor.totals.totalRecv, totalOut: this.monitor.totals.totalSent, scale: ui.logScale ? 'log' : 'linear',
        unicode: this.config.glyphs.hline === '─', useBytes: this.config.useBytes,
      });
    }
    const { rows, count } = hostTable(this.monitor, ui.panel === 'hosts-by-rate' ? 'rate' : 'connections', Math.max(0, this.rows - 7));
    const names = this.config.labeller(ui.dnsOn, ui.portNamesOn);
    return hostsPanel(rows, count, cols, ui.panel === 'hosts-by-rate', this.config.useBytes, (h) =>
      (names.dnsOn ? names.hostName(h.family, h.addr) : undefined) ?? formatAddress(h.family, h.addr));
  }

  private labels(model: ScreenModel): { text: string; mark: string }[] {
    const services = this.config.services ?? (() => undefined);
    const unicode = this.config.glyphs.hline === '─';
    return model.lines.map((l) => {
      const label = lineLabel(l, services);
      return { text: label.oddHeavy ? `${label.text}*` : label.text, mark: trendMark(label.trend, unicode) };
    });
  }

  private utilisation(model: ScreenModel): { sent: number; recv: number; total: number } | null {
    const link = this.config.linkBits ?? null;
    if (link === null || link <= 0) return null;
    const pct = (bytes: number) => (bytes * 800) / link;
    const sent = pct(model.totalSent[1]), recv = pct(model.totalRecv[1]);
    return { sent, recv, total: Math.max(sent, recv) };
  }

  private nameOf(): NameOf {
    const names = this.config.labeller(this.ui.dnsOn, this.ui.portNamesOn);
    return (family, addr) =>
      family === 0 ? '' : ((names.dnsOn ? names.hostName(family, addr) : undefined) ?? formatAddress(family, addr));
  }
}
