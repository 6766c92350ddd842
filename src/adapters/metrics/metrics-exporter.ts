// Wiring for --metrics: the sink, its prom-client registry and the HTTP server that serves them, as one object to start and close.
import { randomInt } from 'node:crypto';
import { HttpServer } from '../http/http-server.js';
import type { BoundAddress } from '../http/http-server.js';
import { mountMetrics } from './metrics-routes.js';
import { PromRegistry } from './prom-registry.js';
import type { ListenAddress } from '../../config/listen-address.js';
import { formatListenAddress } from '../../config/listen-address.js';
import type { MetricsPort } from '../../ports/metrics-port.js';
import { DEFAULT_MAX_HOSTS, DEFAULT_TOP_REMOTE, MetricsSink } from '../../metrics/metrics-sink.js';
import { VERSION } from '../../version.js';

export interface MetricsExporterOptions {
  readonly listen: ListenAddress;
  readonly maxHosts?: number;
  readonly topRemote?: number;
  readonly rememberedHosts?: number;
  /** Node's process_* and nodejs_* metrics (default true). */
  readonly processMetrics?: boolean;
  /** Errors after start (a failed render): one line each, made inert by the caller. */
  readonly onError?: (message: string) => void;
}

export interface MetricsExporter {
  /** Feed with every snapshot (sink.tick), every tick's alert events (sink.alerts), then sink.close(). */
  readonly sink: MetricsSink;
  readonly registry: PromRegistry;
  /** The HTTP server; another output on the same address mounts its routes here before start(). */
  readonly server: HttpServer;
  /** Listens; rejects with a one-line message (port in use, no such address, privileged port). */
  start(): Promise<BoundAddress>;
  /** Stops serving (after the sink's last tick, so a last scrape could still see it). */
  close(): Promise<void>;
}

export function createMetricsExporter(o: MetricsExporterOptions): MetricsExporter {
  const registry = new PromRegistry({ processMetrics: o.processMetrics ?? true });
  const sink = new MetricsSink(registry, {
    version: VERSION,
    nodeVersion: process.version,
    maxHosts: o.maxHosts ?? DEFAULT_MAX_HOSTS,
    topRemote: o.topRemote ?? DEFAULT_TOP_REMOTE,
    ...(o.rememberedHosts === undefined ? {} : { rememberedHosts: o.rememberedHosts }),
    seed: randomInt(0, 2 ** 31),
  });
  const server = new HttpServer({ name: '--metrics', ...(o.onError === undefined ? {} : { onError: o.onError }) });
  let mounted = false;
  return {
    sink,
    registry,
    server,
    start: () => {
      // Mounted at start, so a web view sharing the server can claim / first.
      if (!mounted) mountMetrics(server, registry, VERSION);
      mounted = true;
      return server.listen(o.listen.host, o.listen.port);
    },
    close: () => server.close(),
  };
}

/** The metrics port for the run path: an exporter started (listening) or the one line why not. */
export const metricsPort: MetricsPort = {
  async start(o) {
    const m = createMetricsExporter({ listen: o.listen, maxHosts: o.maxHosts, topRemote: o.topRemote, onError: o.onError });
    try {
      await m.start();
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
    return { sink: m.sink, address: formatListenAddress(o.listen), close: () => m.close() };
  },
};
