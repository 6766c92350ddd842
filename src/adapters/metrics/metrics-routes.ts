// GET /metrics from the registry (one render at a time, reused for a moment) and the landing page at /.
import { landingPage, LANDING_CSP } from '../../render/landing-page.js';
import type { HttpServer, RouteHandler, RouteReply } from '../http/http-server.js';
import type { PromRegistry } from './prom-registry.js';

/** A render this recent is served again: any number of scrapers cost at most a few renders per second. */
export const RENDER_REUSE_MS = 250;

/**
 * The /metrics handler. Concurrent scrapes share one render; the work is bounded by the number of
 * series, which the metrics sink keeps bounded.
 */
export function metricsRoute(registry: PromRegistry, reuseMs = RENDER_REUSE_MS): RouteHandler {
  let inFlight: Promise<RouteReply> | null = null;
  let last: { reply: RouteReply; at: number } | null = null;
  return () => {
    const now = performance.now();
    if (last !== null && now - last.at < reuseMs) return last.reply;
    if (inFlight !== null) return inFlight;
    inFlight = registry.render().then(
      (body) => {
        const reply: RouteReply = { status: 200, contentType: registry.contentType, body };
        last = { reply, at: performance.now() };
        inFlight = null;
        return reply;
      },
      (e: unknown) => {
        inFlight = null;
        throw e;
      },
    );
    return inFlight;
  };
}

/** The landing page (exporter etiquette: a page at / that links to /metrics). */
export function landingRoute(version: string, links: readonly { path: string; title: string }[]): RouteHandler {
  const reply: RouteReply = {
    status: 200,
    contentType: 'text/html; charset=utf-8',
    body: landingPage({ version, links }),
    headers: { 'Content-Security-Policy': LANDING_CSP },
  };
  return () => reply;
}

/**
 * Mounts /metrics, and the landing page at / unless something else (the web view) serves / on the
 * same server: then that page should link to /metrics itself.
 */
export function mountMetrics(server: HttpServer, registry: PromRegistry, version: string): void {
  server.route('/metrics', metricsRoute(registry));
  if (!server.hasRoute('/')) server.route('/', landingRoute(version, [{ path: '/metrics', title: 'metrics in the Prometheus text format' }]));
}
