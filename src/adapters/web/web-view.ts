// The web port: the token (read from its file or made here), the assets, the routes, on a server of its own or shared with --metrics.
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { formatListenAddress } from '../../config/listen-address.js';
import type { ListenAddress } from '../../config/listen-address.js';
import type { RunningMetrics } from '../../ports/metrics-port.js';
import type { WebPort, WebStartOptions } from '../../ports/web-port.js';
import { parseToken } from '../../web/access.js';
import type { AccessPolicy } from '../../web/access.js';
import { HttpServer } from '../http/http-server.js';
import { createMetricsExporter } from '../metrics/metrics-exporter.js';
import { SseClients } from './sse-clients.js';
import { loadAssets } from './web-assets.js';
import type { Asset } from './web-assets.js';
import { mountWeb } from './web-routes.js';

/** 32 random bytes, base64url: 43 characters that need no quoting in a URL, a cookie or a header. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The token of --web-token-file; a file others can read is said once (the token is as good as a password). */
export function readTokenFile(path: string, warn: (message: string) => void): { token: string } | { error: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { error: `cannot read the web token file ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}` };
  }
  const parsed = parseToken(text, path);
  if ('token' in parsed) {
    try {
      if ((statSync(path).mode & 0o077) !== 0) warn(`${path}: the web token file can be read by other users (chmod 600 it)`);
    } catch {
      /* read a moment ago; nothing to add */
    }
  }
  return parsed;
}

export const webPort: WebPort = {
  async start(o: WebStartOptions) {
    const token = o.tokenFile !== null ? readTokenFile(o.tokenFile, o.onError) : { token: o.generateToken ? generateToken() : null };
    if ('error' in token) return { error: token.error };
    let assets: Asset[];
    try {
      assets = loadAssets();
    } catch (e) {
      return { error: `cannot load the web view's files: ${e instanceof Error ? e.message : String(e)} (a broken installation? reinstall wiretop)` };
    }
    const policy: AccessPolicy = { port: o.listen.port, token: token.token, allowHosts: o.allowHosts };
    const clients = new SseClients();
    let metrics: RunningMetrics | null = null;
    let server: HttpServer;
    try {
      if (o.metrics !== null) {
        const exporter = createMetricsExporter({ listen: o.listen, maxHosts: o.metrics.maxHosts, topRemote: o.metrics.topRemote, onError: o.onError });
        server = exporter.server;
        // Before start(): the page claims /, so the metrics' landing page steps aside.
        mountWeb(server, { hub: o.hub, policy, assets, clients });
        await exporter.start();
        metrics = { sink: exporter.sink, address: formatListenAddress(o.listen), close: () => exporter.close() };
      } else {
        server = new HttpServer({ name: '--web', onError: o.onError });
        mountWeb(server, { hub: o.hub, policy, assets, clients });
        await server.listen(o.listen.host, o.listen.port);
      }
    } catch (e) {
      clients.closeAll();
      return { error: e instanceof Error ? e.message : String(e) };
    }
    const generated = o.tokenFile === null && token.token !== null;
    return {
      web: {
        url: `http://${formatListenAddress(o.listen)}/`,
        loginUrl: generated ? `http://${formatListenAddress(reachable(o.listen))}/?token=${token.token}` : null,
        publish: (index, frame) => clients.publish(index, frame),
        close: async () => {
          clients.closeAll();
          await server.close();
        },
      },
      metrics,
    };
  },
};

/** A wildcard address is not one a browser can open: this host's loopback stands for it. */
function reachable(listen: ListenAddress): ListenAddress {
  if (listen.host === '0.0.0.0') return { host: '127.0.0.1', port: listen.port };
  if (listen.host === '::') return { host: '::1', port: listen.port };
  return listen;
}
