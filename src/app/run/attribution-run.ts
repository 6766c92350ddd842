// Attribution in a run: one engine for the host, each source's new flows submitted after every drain, rows per source at every tick.
import { AttributionAccounts, DEFAULT_ACCOUNTS_OPTIONS, sortRows } from '../../attribution/accounts.js';
import type { AttributionRow, OwnerSource, RowView } from '../../attribution/accounts.js';
import { AttributionEngine, DEFAULT_ATTRIBUTION_OPTIONS } from '../../attribution/engine.js';
import type { Owner } from '../../attribution/owner.js';
import { GAP_LABELS } from '../../attribution/owner.js';
import type { ProgramSource } from '../../web/programs.js';
import { KEY_WORDS } from '../../core/flow-key.js';
import type { Monitor } from '../../core/monitor.js';
import type { FlowView, RateWindow } from '../../core/tick-snapshot.js';
import type { AttributionHost, AttributionPort } from '../../ports/attribution.js';
import type { Clock } from '../../ports/clock.js';
import type { Schedule } from '../../ports/schedule.js';
import type { OwnerRows } from '../owner-rows.js';
import type { Sink, TickContext } from './sink.js';
import type { Extras } from '../../cli/args.js';

/**
 * Serials are per source (each interface has its own flow table): the engine, shared by the host's
 * sources, sees source i's serials offset by i × 2^40, so they never meet.
 */
const SOURCE_STRIDE = 2 ** 40;

/** Whether a run attributes traffic to processes: the engine, why not (said when asked), or a user error. */
export type AttributionChoice = { readonly run: RunAttribution } | { readonly off: string } | { readonly error: string };

/**
 * Attribution is on for live captures unless --no-processes; a file has no processes. --by needs it.
 * Opened before privileges go (the netlink socket, /proc as root); a host that refuses is a note, not an error.
 */
export function chooseAttribution(port: AttributionPort, extras: Extras, live: boolean, check: boolean, clock: Clock, schedule: Schedule,
  note: (message: string) => void): AttributionChoice {
  if (!live) {
    return extras.by !== null ? { error: `--by ${extras.by} needs a live capture: a file has no processes` } : { off: 'No processes: a file holds no process information' };
  }
  if (extras.noProcesses) {
    return extras.by !== null ? { error: `--by ${extras.by} needs process attribution, which --no-processes turns off` } : { off: 'Process attribution is off (--no-processes)' };
  }
  // A check answers with one status line; it needs no processes.
  if (check) return { off: 'No process attribution in a check' };
  const host = port.open();
  if ('error' in host) {
    if (extras.by !== null) return { error: `--by ${extras.by}: ${host.error}` };
    note(`no process attribution: ${host.error}`);
    return { off: `No process attribution: ${host.error}` };
  }
  return { run: new RunAttribution(host, clock, schedule) };
}

/** One source's view of the attribution: its accounts (rows), owner lookups by flow id, the drain hook, the sink. */
export class SourceAttribution implements Sink, OwnerRows {
  readonly name = 'the process attribution';
  private readonly accounts: AttributionAccounts;
  private readonly owners: OwnerSource;
  private latest: { process: AttributionRow[]; unit: AttributionRow[]; container: AttributionRow[] } = { process: [], unit: [], container: [] };

  constructor(
    private readonly engine: AttributionEngine,
    private readonly monitor: Monitor,
    private readonly base: number,
    private readonly report: (message: string) => void,
    private readonly registry: FlowOwners,
  ) {
    monitor.table.trackCreated();
    const e = engine, b = base;
    this.owners = {
      ownerOf: (serial) => e.ownerOf(b + serial),
      submit: (serial, key) => e.submit(b + serial, key),
      forget: (serial) => e.forget(b + serial),
      get pendingOwner() {
        return e.pendingOwner;
      },
    };
    this.accounts = new AttributionAccounts(this.owners, DEFAULT_ACCOUNTS_OPTIONS);
  }

  /** After each drain of the capture: the flows created since are looked up (batched by the engine). */
  afterDrain(): void {
    const t = this.monitor.table;
    t.takeCreated((id) => this.engine.submit(this.base + t.seq[id]!, t.keys, id * KEY_WORDS));
  }

  tick(t: TickContext): void {
    this.registry.register(t.snapshot.flows, this);
    this.registry.register(t.snapshot.expired, this);
    if (t.snapshot.partial && t.end !== 'file') return;
    this.afterDrain();
    // The rows of this tick get what the lookups can say now (a timer that was late does not hold them back).
    if (this.engine.hasWork) this.engine.flush();
    this.engine.maintain();
    this.accounts.update(t.snapshot);
    this.latest = { process: this.accounts.rows('process'), unit: this.accounts.rows('unit'), container: this.accounts.rows('container') };
    for (const n of this.engine.takeNotices()) this.report(n);
  }

  /** The rows of the latest tick, sorted by a window (or cumulative). */
  rows(view: RowView, by: RateWindow | 'cumulative'): AttributionRow[] {
    return sortRows(this.latest[view], by);
  }

  /** The web view's programs table: the process rows, gaps and exited processes named by what they are. */
  readonly programs: ProgramSource = {
    rows: () => this.rows('process', 1).map((r) => (r.name !== null ? r : { ...r, name: r.kind === 'gap' ? `(${GAP_LABELS[r.unattributed ?? 'pending']})` : '(exited processes)' })),
  };

  /** The owner of a flow of a view (undefined: never looked up). */
  ownerOfFlow(flows: FlowView, id: number): Owner | undefined {
    return this.owners.ownerOf(flows.serial(id));
  }

  /** The owner of a flow table id (the analysis filters flows by owner). */
  ownerOfId(id: number): Owner | undefined {
    return this.owners.ownerOf(this.monitor.table.seq[id]!);
  }
}

/** The host's engine and its sources. */
export class RunAttribution {
  private readonly engine: AttributionEngine;
  private sources = 0;
  /** Owners by flow view, for the outputs that record per program (history, the NDJSON file, the web view). */
  readonly owners = new FlowOwners();

  constructor(host: AttributionHost, clock: Clock, schedule: Schedule) {
    this.engine = new AttributionEngine({ kernel: host.kernel, proc: host.proc, littleEndian: host.littleEndian, clock, schedule }, DEFAULT_ATTRIBUTION_OPTIONS);
  }

  forSource(monitor: Monitor, report: (message: string) => void): SourceAttribution {
    return new SourceAttribution(this.engine, monitor, SOURCE_STRIDE * this.sources++, report, this.owners);
  }

  close(): void {
    this.engine.close();
  }
}

/**
 * Which source's attribution a flow view belongs to: registered by each source's sink at its tick,
 * before the outputs after it (history, the NDJSON file) ask for the owners of the same views.
 */
export class FlowOwners {
  private readonly byView = new WeakMap<FlowView, SourceAttribution>();

  register(view: FlowView, source: SourceAttribution): void {
    this.byView.set(view, source);
  }

  ownerOf(flows: FlowView, id: number): Owner | undefined {
    return this.byView.get(flows)?.ownerOfFlow(flows, id);
  }

  /** The same as a function (what the outputs take). */
  readonly lookup = (flows: FlowView, id: number): Owner | undefined => this.ownerOf(flows, id);
}
