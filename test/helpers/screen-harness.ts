// The full-screen presenter wired as run() wires it (ticker, driver, alert sink) over the fake terminal, clock and capture.
import assert from 'node:assert/strict';
import type { AlertWatch } from '../../src/app/alert-watch.js';
import { bpfProgramText } from '../../src/app/labelling.js';
import { NameService } from '../../src/app/name-service.js';
import { LiveDriver } from '../../src/app/run/live-driver.js';
import type { RunControl } from '../../src/app/run/presenter.js';
import { ScreenPresenter } from '../../src/app/run/screen-presenter.js';
import { GuardedSink } from '../../src/app/run/sink.js';
import type { Sink } from '../../src/app/run/sink.js';
import { Ticker } from '../../src/app/run/ticker.js';
import { DEFAULT_EXTRAS } from '../../src/cli/args.js';
import type { Settings } from '../../src/config/settings.js';
import { DEFAULT_SETTINGS } from '../../src/config/settings.js';
import type { LocalNetwork } from '../../src/core/local-network.js';
import { Monitor } from '../../src/core/monitor.js';
import type { ServiceTable } from '../../src/format/services.js';
import { DEFAULT_NAME_LIMITS, NameCache } from '../../src/names/name-cache.js';
import type { ScreenHost } from '../../src/ports/terminal.js';
import { UNICODE_GLYPHS } from '../../src/render/screen/screen-input.js';
import { AlertSink } from '../../src/sinks/alert-sink.js';
import { RunAttribution } from '../../src/app/run/attribution-run.js';
import type { AttributionHost } from '../../src/ports/attribution.js';
import { FakeClock, FakeSource, FakeTerminal, loopControls, settle } from './fake-screen.js';

export const NO_SERVICES: ServiceTable = { serviceName: () => undefined, size: 0 };

export interface ScreenHarnessOptions {
  readonly cols?: number;
  readonly rows?: number;
  readonly settings?: Partial<Settings>;
  readonly local: LocalNetwork;
  readonly maxFlows?: number;
  readonly alerts?: AlertWatch;
  readonly services?: ServiceTable;
  readonly linkBits?: number | null;
  readonly clockText?: (ts: number) => string;
  /** Process attribution over this host, wired as run() wires it (a sink before the screen, the drain hook). */
  readonly attribution?: AttributionHost;
  /** Why there are no process views, when attribution is not given. */
  readonly ownersOff?: string;
}

/** Names that never arrive: every row shows its numeric address. */
function noNames(clock: FakeClock): NameService {
  return new NameService(new NameCache(DEFAULT_NAME_LIMITS, 0), { reverse: () => Promise.resolve(null) }, () => new Map(), clock, () => () => {});
}

export function screenHarness(o: ScreenHarnessOptions) {
  const clock = new FakeClock();
  const source = new FakeSource(clock);
  const terminal = new FakeTerminal(o.cols ?? 80, o.rows ?? 24);
  const monitor = new Monitor({ local: o.local, maxFlows: o.maxFlows ?? 1000, hashSeed: 7 });
  let end: () => void = () => {};
  const host: ScreenHost = { terminal, status: () => 0, attach: (e) => (end = e) };
  let stopping = false;
  let driver: LiveDriver | null = null;
  let presenter: ScreenPresenter | null = null;
  const owned = o.attribution === undefined ? null : new RunAttribution(o.attribution, clock, () => () => {}).forSource(monitor, (m) => assert.fail(m));
  const control: RunControl = {
    stop: () => {
      stopping = true;
      driver?.end({ reason: 'quit' });
      presenter?.end();
    },
    get stopping() {
      return stopping;
    },
  };
  presenter = new ScreenPresenter(
    { version: 'test', clock, schedule: () => () => {}, services: o.services ?? NO_SERVICES, glyphs: UNICODE_GLYPHS,
      clockText: o.clockText ?? ((ts) => String(ts)), yieldToEvents: () => settle(1) },
    { settings: { ...DEFAULT_SETTINGS, ...o.settings }, extras: { ...DEFAULT_EXTRAS, alertRules: [] }, messages: [] },
    monitor, host, () => noNames(clock), o.alerts ?? null, o.linkBits ?? null, control, () => 0,
    owned !== null ? { rows: owned } : { off: o.ownersOff ?? 'No process attribution in this run' },
  );
  const sinks: Sink[] = [...(o.alerts === undefined ? [] : [new AlertSink(o.alerts, monitor)]), ...(owned === null ? [] : [owned]), ...presenter.sinks];
  const ticker = new Ticker(monitor, { kind: 'interface', name: 'test0' }, sinks.map((s) => new GuardedSink(s, (m) => assert.fail(m))));
  const hooks = presenter.liveHooks();
  const live = new LiveDriver(monitor, ticker, { source, clock, schedule: () => () => {} }, 0, owned === null ? hooks : { ...hooks, afterDrain: () => owned.afterDrain() });
  driver = live;
  source.onFailure((message) => live.end({ reason: 'failed', message }));
  const p = presenter;
  return {
    clock, source, terminal, monitor, presenter: p, session: p.session, control,
    /** What a signal or control key does through the screen host. */
    signalQuit: () => end(),
    /** Starts the live loop as run() does; resolves to how it ended. */
    run: () => {
      p.startLive(live, { shown: 'test0', setFilter: (text) => source.setFilter(bpfProgramText(text)) });
      return live.run();
    },
    end: (why: Parameters<LiveDriver['end']>[0]) => live.end(why),
    ...loopControls(clock, source, terminal),
  };
}
