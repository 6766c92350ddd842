// The web view's routes on an HttpServer: every one behind the access check, with a strict CSP and no CORS; the page, its assets, the API, the event stream.
import type { HttpServer, RouteHandler, RouteReply, RouteRequest, StreamReply } from '../http/http-server.js';
import { access } from '../../web/access.js';
import type { AccessPolicy } from '../../web/access.js';
import { sseOpening } from '../../web/sse.js';
import type { WebHub, WebReply } from '../../web/web-hub.js';
import type { Asset } from './web-assets.js';
import type { SseClients } from './sse-clients.js';

/** Scripts and styles from this origin only (no inline script or style element), data from this origin only, no frames, no forms. */
export const PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
  + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** On every answer of the web view. No Access-Control-* header ever: other origins cannot read anything. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': PAGE_CSP,
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

/** The API paths (§8.6 of the design notes). */
export const API = { sources: '/api/v1/sources', snapshot: '/api/v1/snapshot', history: '/api/v1/history', stream: '/api/v1/stream' } as const;

export interface WebRoutes {
  readonly hub: WebHub;
  readonly policy: AccessPolicy;
  readonly assets: readonly Asset[];
  readonly clients: SseClients;
}

/** Mounts the page at / (before --metrics mounts its own routes when they share the server), the assets and the API. */
export function mountWeb(server: HttpServer, r: WebRoutes): void {
  const guard = (handler: (req: RouteRequest) => RouteReply | StreamReply): RouteHandler => (req) => {
    const verdict = access(r.policy, req);
    if (verdict.kind === 'deny') return plain(verdict.status, verdict.body, verdict.headers);
    // The token leaves the address bar (and so the history and any Referer) at once: the cookie carries it from now on.
    if (verdict.kind === 'login') return plain(303, 'logged in: go to /\n', { 'Set-Cookie': verdict.cookie, Location: '/' });
    return handler(req);
  };
  for (const a of r.assets) {
    const reply: RouteReply = { status: 200, contentType: a.contentType, body: a.body, headers: { ...SECURITY_HEADERS, ETag: a.etag, 'Cache-Control': 'no-cache' } };
    const notModified: RouteReply = { status: 304, contentType: a.contentType, body: new Uint8Array(0), headers: { ...SECURITY_HEADERS, ETag: a.etag, 'Cache-Control': 'no-cache' } };
    server.route(a.path, guard((req) => (req.headers['if-none-match'] === a.etag ? notModified : reply)));
  }
  server.route(API.sources, guard(() => api(r.hub.sourcesReply())));
  server.route(API.snapshot, guard((req) => api(r.hub.snapshotReply(req.query))));
  server.route(API.history, guard((req) => api(r.hub.historyReply(req.query))));
  server.route(API.stream, guard((req) => stream(r, req)));
}

function stream(r: WebRoutes, req: RouteRequest): RouteReply | StreamReply {
  const source = r.hub.find(req.query);
  if (source === null) return api({ status: 404, contentType: 'application/json; charset=utf-8', body: '{"error":"no such source (see /api/v1/sources)"}' });
  // EventSource gives up on an error status; the page then retries by itself, later.
  if (r.clients.full) return plain(503, 'too many pages are watching; try again later\n', { 'Retry-After': '10' });
  const lastId = req.headers['last-event-id'];
  const first = sseOpening() + source.helloFrame(Array.isArray(lastId) ? lastId[0] : lastId);
  return {
    status: 200,
    contentType: 'text/event-stream; charset=utf-8',
    headers: { ...SECURITY_HEADERS, 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' },
    stream: (out) => r.clients.add(source.index, out, first),
  };
}

function api(reply: WebReply): RouteReply {
  return { status: reply.status, contentType: reply.contentType, body: reply.body, headers: SECURITY_HEADERS };
}

function plain(status: number, body: string, headers: Readonly<Record<string, string>> = {}): RouteReply {
  return { status, contentType: 'text/plain; charset=utf-8', body, headers: { ...SECURITY_HEADERS, ...headers } };
}
