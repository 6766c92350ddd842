// --web for the run path: checks the options, starts the endpoint (sharing --metrics' server on the same address), and makes a web sink per source.
import type { Configuration } from '../../cli/configuration.js';
import type { Monitor } from '../../core/monitor.js';
import type { SnapshotSource } from '../../core/tick-snapshot.js';
import { inert } from '../../format/inert.js';
import type { ServiceTable } from '../../format/services.js';
import type { Clock } from '../../ports/clock.js';
import type { HistoryQuery } from '../../ports/history-query.js';
import type { RunningMetrics } from '../../ports/metrics-port.js';
import type { Schedule } from '../../ports/schedule.js';
import type { RunningWeb, WebPort } from '../../ports/web-port.js';
import type { ProgramSource } from '../../web/programs.js';
import { WebHub } from '../../web/web-hub.js';
import { tokenRequired } from '../../web/web-options.js';
import { WebSource } from '../../web/web-source.js';
import { labellerFactory } from '../labelling.js';
import type { NameService } from '../name-service.js';
import { viewOptionsFrom } from '../view-settings.js';
import type { Sink } from './sink.js';

export interface WebOutputDeps {
  readonly version: string;
  readonly web: WebPort;
  readonly clock: Clock;
  readonly schedule: Schedule;
  readonly services: ServiceTable;
  nameService(dnsServer: string | null, onNames: () => void): NameService;
  seed(): number;
}

export interface WebOutput {
  readonly web: RunningWeb;
  /** The metrics exporter when it shares the web view's server, else null (--metrics then starts its own). */
  readonly metrics: RunningMetrics | null;
  /** The web sink of one source (it analyses that source's monitor as the screen does). */
  forSource(source: SnapshotSource, index: number, monitor: Monitor, programs?: ProgramSource | null): Sink;
  /** "web view on http://127.0.0.1:8080/" for the daemon's start-up line. */
  readonly described: string;
  /** To print once at start (the login URL of a generated token), or null. */
  readonly notice: string | null;
}

/**
 * Starts the web view. `canShowToken`: whether a token made here can be shown to the user (text mode
 * can print it; behind the full screen it would be hidden, and the daemon's log is no place for it).
 */
export async function openWeb(deps: WebOutputDeps, config: Configuration, history: HistoryQuery | null, canShowToken: boolean,
  report: (message: string) => void): Promise<WebOutput | { error: string }> {
  const { extras, settings } = config;
  const listen = extras.web!;
  const metrics = extras.metrics;
  if (metrics !== null && metrics.port === listen.port && metrics.host !== listen.host) {
    return { error: '--web and --metrics use the same port on different addresses: give both the same address (they then share one server) or two ports' };
  }
  const needsToken = tokenRequired(listen);
  if (needsToken && extras.webTokenFile === null && !canShowToken) {
    return { error: `--web on ${listen.host} is reachable from the network and needs a token: give --web-token-file FILE (a token made at start could not be shown here)` };
  }
  const hub = new WebHub(history, () => deps.clock.epochSeconds());
  const shared = metrics !== null && metrics.host === listen.host && metrics.port === listen.port;
  const started = await deps.web.start({
    listen, hub, tokenFile: extras.webTokenFile, generateToken: needsToken, allowHosts: extras.webAllowHosts,
    metrics: shared ? { maxHosts: extras.metricsMaxHosts, topRemote: extras.metricsTopRemote } : null, onError: report,
  });
  if ('error' in started) return started;
  const { web } = started;
  const run = {
    run: `${Math.floor(deps.clock.epochSeconds()).toString(36)}${deps.seed().toString(36)}`,
    version: deps.version, units: settings.useBytes ? 'bytes' as const : 'bits' as const, history: history !== null, metrics: shared,
  };
  const sources: WebSource[] = [];
  // Names only when the display would look them up (the daemon never does).
  const names = settings.dnsResolution ? deps.nameService(extras.dnsServer, () => sources.forEach((s) => s.namesChanged())) : null;
  const labeller = labellerFactory(deps.services, names)(settings.dnsResolution, settings.portResolution);
  const view = viewOptionsFrom(settings);
  return {
    web,
    metrics: started.metrics,
    forSource: (source, index, monitor, programs = null) => {
      const name = source.kind === 'interface' ? source.name : source.path;
      const s = new WebSource(index, source, inert(name), monitor, run,
        { monotonicMs: () => deps.clock.monotonicMs(), schedule: deps.schedule, publish: (frame) => web.publish(index, frame) },
        { view, labeller, programs });
      sources.push(s);
      hub.add(s);
      return s;
    },
    described: `web view on ${web.url}${shared ? ' (with the metrics)' : ''}`,
    notice: web.loginUrl === null ? null : `web view at ${web.url}; its token is in this address, open it once: ${web.loginUrl}`
      + (listen.host === '0.0.0.0' || listen.host === '::' ? " (from another machine, with this host's address instead)" : ''),
  };
}
