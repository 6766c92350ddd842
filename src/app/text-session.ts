// The -t presenter as a sink: at each tick analyse and hand over a block to print; keys change options and reprint.
import { Analyser, EMPTY_MODEL } from '../core/analysis.js';
import type { Monitor } from '../core/monitor.js';
import type { CaptureCounters, ScreenModel } from '../core/screen-model.js';
import type { NameOf } from '../core/sort.js';
import { formatAddress } from '../format/inet-ntop.js';
import type { Labeller } from '../render/host-text.js';
import type { KernelCounters } from '../core/screen-model.js';
import { ndjsonTick } from '../render/ndjson.js';
import { renderTextBlock } from '../render/text-block.js';
import type { TextKeyState } from './text-keys.js';
import { applyTextKey } from './text-keys.js';
import type { AlertEvent } from '../alerts/alert-engine.js';
import { alertLine } from './alert-watch.js';
import { textLabels } from '../render/text-labels.js';
import type { Sink, TickContext } from './run/sink.js';
import type { AttributionRow, RowView } from '../attribution/accounts.js';
import { lineOwners } from '../attribution/line-owners.js';
import { ownerFieldsEncoder, ownerRowRecord } from '../render/ndjson-owners.js';
import { renderOwnerBlock } from '../render/owner-text-block.js';
import type { OwnerRows } from './owner-rows.js';
import { rowWindow } from './owner-rows.js';

export interface TextSessionConfig {
  /** -L */
  readonly numLines: number;
  /** -B */
  readonly useBytes: boolean;
  /** --ndjson instead of text blocks. */
  readonly ndjson: boolean;
  /** --labels: service labels and trends per line, utilisation and trend of the totals. */
  readonly labels?: boolean;
  /** Link speed in bits/s (utilisation), null when unknown. */
  readonly linkBits?: number | null;
  /** Service names for the labels. */
  readonly services?: (port: number, proto: number) => string | undefined;
  /** Attribution's rows and owners (a live capture with attribution on), else null. */
  readonly owners?: OwnerRows | null;
  /** --by: blocks list these rows instead of the host pairs (NDJSON adds their records). */
  readonly by?: RowView | null;
}

/** What one printed block shows: the analysis and the counters at that tick. */
export interface Block {
  readonly model: ScreenModel;
  readonly ts: number;
  readonly counters: CaptureCounters;
  readonly kernel: KernelCounters | null;
  /** Alerts that fired or resolved at this tick, printed before the block. */
  readonly alerts: readonly AlertEvent[];
  /** False for a tick that prints only its alerts (not due for a list under -s, or paused). */
  readonly listing: boolean;
  /** --by: the rows of that view at this tick, sorted. */
  readonly rows?: readonly AttributionRow[];
  /** NDJSON with attribution: per shown line, its owner fields. */
  readonly lineOwners?: readonly string[];
}

/** Builds the labeller for the current name switches (DNS on/off, service names on/off). */
export type LabellerFactory = (dnsOn: boolean, portNamesOn: boolean) => Labeller;

export class TextSession implements Sink {
  readonly name = 'the text output';
  /** The model of the last analysis (what a key press reprints). */
  model: ScreenModel = EMPTY_MODEL;
  private readonly analyser = new Analyser();
  /** What the last analysis gave from attribution (kept for a key's reprint). */
  private rows: readonly AttributionRow[] | undefined;
  private lineOwnerFields: readonly string[] | undefined;
  private readonly ownerFields = ownerFieldsEncoder();

  constructor(
    private readonly monitor: Monitor,
    readonly state: TextKeyState,
    private readonly config: TextSessionConfig,
    private readonly labeller: LabellerFactory,
    private readonly kernel: () => KernelCounters | null = () => null,
    /** Where blocks go: rendered and written at once (live), or queued until their names are known (files). */
    private readonly emit: (block: Block) => void = () => {},
  ) {}

  /**
   * A tick (before its slot closes): analyse unless paused and hand over a block when the list is
   * due or alerts happened. The final part-slot of a file gets its block too; a stopped live run none.
   */
  tick(t: TickContext): void {
    const block = t.snapshot.partial ? (t.end === 'file' ? this.finalBlock(t) : null) : this.tickBlock(t);
    if (block !== null) this.emit(block);
  }

  private tickBlock(t: TickContext): Block | null {
    const ts = t.snapshot.ts;
    let block: Block | null = null;
    if (!this.state.paused) {
      this.analyse();
      if (t.due) block = { ...this.current(ts), alerts: t.alerts };
    }
    // An alert is news when it happens, not at the next list (-s 60 prints one list, at the end).
    if (block === null && t.alerts.length > 0) block = { ...this.current(ts), alerts: t.alerts, listing: false };
    return block;
  }

  /** The current state of the part-slot at the end of a file (it is judged like a tick). */
  private finalBlock(t: TickContext): Block {
    this.analyse();
    return { ...this.current(t.snapshot.ts), alerts: t.alerts };
  }

  private analyse(): void {
    this.model = this.analyser.analyse(this.monitor, this.state.view, this.model, this.nameOf(), this.limit(), this.config.labels === true);
    const owners = this.config.owners ?? null;
    if (owners === null) return;
    const by = this.config.by ?? null;
    this.rows = by === null ? undefined : owners.rows(by, rowWindow(this.state.view.sort));
    if (this.config.ndjson) {
      const shown = Math.min(this.model.lines.length, this.limit());
      this.lineOwnerFields = lineOwners(this.monitor.table, shown, (id) => this.analyser.rankOf(id), (id) => owners.ownerOfId(id)).map(this.ownerFields);
    }
  }

  /** A key typed in text mode: the message, then (for most keys) the current list again. */
  key(k: string, ts: number): { text: string; quit: boolean } {
    const outcome = applyTextKey(k, this.state);
    return { text: outcome.message + (outcome.printBlock ? this.render(this.current(ts)) : ''), quit: outcome.quit };
  }

  /** The last model with the counters as they are now. */
  current(ts: number): Block {
    return {
      model: this.model, ts, counters: { ...this.monitor.counters }, kernel: this.kernel(), alerts: [], listing: true,
      ...(this.rows === undefined ? {} : { rows: this.rows }),
      ...(this.lineOwnerFields === undefined ? {} : { lineOwners: this.lineOwnerFields }),
    };
  }

  /** Renders a block with the current display switches. */
  render(b: Block): string {
    const s = this.state;
    if (this.config.ndjson) {
      const alerts = b.alerts.map((e) => JSON.stringify(e) + '\n').join('');
      if (!b.listing) return alerts;
      const fields = b.lineOwners;
      const by = this.config.by ?? null;
      const rows = by === null || b.rows === undefined ? '' : b.rows.map((r, i) => ownerRowRecord(by, r, b.ts, i + 1) + '\n').join('');
      return alerts + ndjsonTick(b.model, b.ts, this.config.numLines, b.counters, b.kernel, fields === undefined ? null : (i) => fields[i] ?? '') + rows;
    }
    if (!b.listing) return b.alerts.map((e) => alertLine(e) + '\n').join('');
    const by = this.config.by ?? null;
    if (by !== null && b.rows !== undefined) {
      return b.alerts.map((e) => alertLine(e) + '\n').join('') + renderOwnerBlock(by, b.rows, b.model, { numLines: this.config.numLines, useBytes: this.config.useBytes });
    }
    const opts = { numLines: this.config.numLines, useBytes: this.config.useBytes, hideSource: s.view.hideSource, hideDestination: s.view.hideDestination };
    const labelled = this.config.labels === true ? { ...opts, ...textLabels(b.model, this.config.services ?? (() => undefined), this.config.linkBits ?? null) } : opts;
    return b.alerts.map((e) => alertLine(e) + '\n').join('') + renderTextBlock(b.model, labelled, this.labeller(s.dnsOn, s.portNamesOn));
  }

  /** Numeric addresses a block shows (the names a file replay waits for before printing it). */
  shownAddresses(b: Block): string[] {
    const out: string[] = [];
    if (!b.listing || b.rows !== undefined) return out;
    for (const l of b.model.lines.slice(0, Math.max(0, this.config.numLines))) {
      if (l.family === 0) continue;
      if (!this.state.view.hideSource) out.push(formatAddress(l.family, l.src));
      if (!this.state.view.hideDestination) out.push(formatAddress(l.family, l.dst));
    }
    return out;
  }

  /** Numeric addresses the latest analysis would show (whose names are worth asking for before a block is due). */
  candidateAddresses(): string[] {
    return this.shownAddresses({ model: this.model, ts: 0, counters: this.monitor.counters, kernel: null, alerts: [], listing: true });
  }

  /** Whether rendering a block shows host names (text blocks with DNS on; NDJSON has none). */
  get showsNames(): boolean {
    return !this.config.ndjson && this.state.dnsOn && (this.config.by ?? null) === null;
  }

  /** Lines worth materialising: the block shows -L of them (frozen mode keeps what it had). */
  private limit(): number {
    return Math.max(0, this.config.numLines);
  }

  private nameOf(): NameOf {
    const names = this.labeller(this.state.dnsOn, this.state.portNamesOn);
    return (family, addr) =>
      family === 0 ? '' : ((names.dnsOn ? names.hostName(family, addr) : undefined) ?? formatAddress(family, addr));
  }
}
