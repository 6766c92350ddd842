// One source's web state, a sink: at each tick the graph point and alerts, and (live every tick, a file a few times a second) the page's tick, rendered once for every page.
import { Analyser, EMPTY_MODEL } from '../core/analysis.js';
import type { Monitor } from '../core/monitor.js';
import type { ScreenModel } from '../core/screen-model.js';
import type { NameOf } from '../core/sort.js';
import type { SnapshotSource } from '../core/tick-snapshot.js';
import type { ViewOptions } from '../core/view-options.js';
import { formatAddress } from '../format/inet-ntop.js';
import type { Schedule } from '../ports/schedule.js';
import type { Labeller } from '../render/host-text.js';
import type { Sink, TickContext } from '../app/run/sink.js';
import { AlertBoard } from './alert-board.js';
import { programCells } from './programs.js';
import type { ProgramSource } from './programs.js';
import { RateSeries } from './rate-series.js';
import { eventId, parseEventId, sseFrame } from './sse.js';
import { lineCells, tickFacts, WEB_MAX_ROWS } from './tick-view.js';
import type { TickFacts } from './tick-view.js';

/** A file is read much faster than real time: its ticks are rendered for the page at most this often (wall clock). */
export const FILE_RENDER_MS = 250;
/** Names that arrive after the last tick (a file that has been read) are shown this long after they came, batched. */
const NAMES_RENDER_MS = 200;

/** What every source of a run shares: the run's id (new at every start) and how the page shows numbers. */
export interface WebRun {
  readonly run: string;
  readonly version: string;
  /** -B: bytes; otherwise bits, as on the screen. */
  readonly units: 'bits' | 'bytes';
  /** Whether /api/v1/history has a store behind it. */
  readonly history: boolean;
  /** Whether /metrics is served beside the page (--metrics on the same address). */
  readonly metrics: boolean;
}

export interface WebSourceDeps {
  readonly monotonicMs: () => number;
  readonly schedule: Schedule;
  /** Hands one rendered frame (the same text for every page) to the pages watching this source. */
  readonly publish: (frame: string) => void;
}

export interface WebSourceOptions {
  readonly view: ViewOptions;
  readonly labeller: Labeller;
  readonly maxRows?: number;
  /** Attribution's rows (programs, units), or none: the page hides its programs table then. */
  readonly programs?: ProgramSource | null;
  readonly fileRenderMs?: number;
}

export class WebSource implements Sink {
  readonly name: string;
  private readonly analyser = new Analyser();
  private readonly series: RateSeries;
  private readonly alerts = new AlertBoard();
  private model: ScreenModel = EMPTY_MODEL;
  private facts: TickFacts | null = null;
  private programs: string = 'null';
  /** The last rendered tick, as JSON: what a new page and /api/v1/snapshot get. */
  private lastJson: string | null = null;
  private lastRenderMs = -Infinity;
  private prevTs: number | null = null;
  /** Series state at the last render, so the next one sends only what is new. */
  private sentPoints = 0;
  private sentGeneration = 0;
  private namesPending = false;
  private ended = false;
  private readonly nameOf: NameOf;

  constructor(
    /** Position among the run's sources (the daemon's interfaces). */
    readonly index: number,
    readonly source: SnapshotSource,
    /** The interface or file name made inert. */
    readonly shown: string,
    private readonly monitor: Monitor,
    private readonly run: WebRun,
    private readonly deps: WebSourceDeps,
    private readonly options: WebSourceOptions,
  ) {
    this.name = `the web view of ${shown}`;
    this.series = new RateSeries(source.kind === 'interface' ? 'window' : 'whole');
    const l = options.labeller;
    this.nameOf = (family, addr) => (family === 0 ? '' : (l.dnsOn ? l.hostName(family, addr) : undefined) ?? formatAddress(family, addr));
  }

  tick(t: TickContext): void {
    const s = t.snapshot;
    const seconds = this.prevTs === null ? 2 : s.ts - this.prevTs;
    this.prevTs = s.ts;
    // Received is incoming, sent outgoing (iftop's direction for the interface totals).
    this.series.add(s.ts, seconds, s.totals.slotRecvBytes, s.totals.slotSentBytes);
    this.alerts.add(t.alerts);
    if (t.end !== null) {
      this.ended = true;
      this.series.flush();
    }
    const now = this.deps.monotonicMs();
    const due = this.source.kind === 'interface' || t.end !== null || now - this.lastRenderMs >= (this.options.fileRenderMs ?? FILE_RENDER_MS);
    if (!due) return;
    this.lastRenderMs = now;
    this.model = this.analyser.analyse(this.monitor, this.options.view, this.model, this.nameOf, this.options.maxRows ?? WEB_MAX_ROWS);
    this.facts = tickFacts(s);
    const rows = this.options.programs?.rows(s) ?? null;
    this.programs = rows === null ? 'null' : JSON.stringify({ count: rows.length, rows: programCells(rows) });
    this.render();
  }

  /**
   * Names arrived. Live, the next tick shows them; once the last tick has passed (a file that has been
   * read), the last tick is rendered again with them.
   */
  namesChanged(): void {
    if (!this.ended || this.namesPending || this.facts === null) return;
    this.namesPending = true;
    this.deps.schedule(() => {
      this.namesPending = false;
      this.render();
    }, NAMES_RENDER_MS);
  }

  /** The first frame of a new stream: the whole graph and the last tick. `lastEventId`: what a reconnecting page saw last. */
  helloFrame(lastEventId: string | undefined): string {
    const last = parseEventId(lastEventId);
    const resumed = last !== null && last.run === this.run.run;
    return sseFrame('hello', this.helloJson(resumed), this.facts === null ? null : eventId(this.run.run, this.facts.tick));
  }

  /** /api/v1/snapshot: the same content as a new page's first frame. */
  snapshotJson(): string {
    return this.helloJson(false);
  }

  private helloJson(resumed: boolean): string {
    const head = JSON.stringify({
      type: 'hello', run: this.run.run, version: this.run.version, units: this.run.units, history: this.run.history, metrics: this.run.metrics, resumed,
      source: this.sourceJson(), series: this.series.all(),
    });
    return `${head.slice(0, -1)},"tick":${this.lastJson ?? 'null'}}`;
  }

  /** Time of the last tick (capture time for a file), null before the first. */
  get latestTs(): number | null {
    return this.prevTs;
  }

  sourceJson(): { index: number; kind: 'interface' | 'file'; name: string; ended: boolean } {
    return { index: this.index, kind: this.source.kind, name: this.shown, ended: this.ended };
  }

  private render(): void {
    const f = this.facts!;
    const v = this.options.view;
    const regenerated = this.series.generation !== this.sentGeneration;
    const json = JSON.stringify({
      tick: f.tick, ts: f.ts, partial: f.partial, ended: this.ended,
      totals: f.totals, flows: f.flows, capture: f.capture, kernel: f.kernel,
      lineCount: this.model.lineCount, lines: lineCells(this.model, this.options.labeller, v.hideSource, v.hideDestination),
      ...(regenerated ? { series: this.series.all() } : { points: this.series.since(this.sentPoints) }),
      alerts: this.alerts.view(),
    });
    this.sentPoints = this.series.total;
    this.sentGeneration = this.series.generation;
    // The programs part is JSON already (or null): spliced in rather than parsed and written again.
    this.lastJson = `${json.slice(0, -1)},"programs":${this.programs}}`;
    this.deps.publish(sseFrame('tick', this.lastJson, eventId(this.run.run, f.tick)));
  }
}
