// A small HTTP/1.1 server for wiretop's endpoints: exact-path GET/HEAD routes, strict timeouts, a connection cap that sheds idle connections.
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { bindErrorMessage } from './bind-error.js';

export interface RouteRequest {
  readonly method: 'GET' | 'HEAD';
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
}

export interface RouteReply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string | Uint8Array;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A response that stays open and is written to over time (server-sent events). */
export interface StreamReply {
  readonly status: number;
  readonly contentType: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Called once the headers are out (not for HEAD); writes until the client goes or out.end(). */
  readonly stream: (out: StreamOut) => void;
}

export interface StreamOut {
  /** False when the chunk had to be buffered (the client reads slower than we write). */
  write(chunk: string | Uint8Array): boolean;
  /** Bytes written but not yet taken by the socket. */
  readonly buffered: number;
  /** Runs once when the stream ends, whoever ended it. */
  onClose(listener: () => void): void;
  end(): void;
  /** Drops the connection at once, unsent data and all (a reader that fell behind). */
  abort(): void;
}

/**
 * Answers one path. Its work must be bounded (no waiting on the network or a queue): a reply that takes
 * longer than `handlerTimeoutMs` becomes a 503. HEAD gets the same headers without the body.
 */
export type RouteHandler = (request: RouteRequest) => RouteReply | StreamReply | Promise<RouteReply>;

export interface HttpServerOptions {
  /** What is served, for messages: "--metrics". */
  readonly name: string;
  /** Open connections at most; beyond, the least recently active idle one is closed, or the new one if none is idle. */
  readonly maxConnections?: number;
  /** Time to receive a request's headers (slowloris), its whole request, and to keep an idle keep-alive connection. */
  readonly headersTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  readonly keepAliveTimeoutMs?: number;
  /** A connection with no traffic at all for this long is closed. */
  readonly idleTimeoutMs?: number;
  readonly handlerTimeoutMs?: number;
  /** Request line and headers together, at most. */
  readonly maxHeaderBytes?: number;
  /** A handler failed or the server hit an error after it started (the client, if any, got a 500). */
  readonly onError?: (message: string) => void;
}

export interface BoundAddress {
  readonly host: string;
  readonly port: number;
}

export const DEFAULT_MAX_CONNECTIONS = 64;

const COMMON_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' };

export class HttpServer {
  /** Connections closed at once because the cap was reached with none idle. */
  rejected = 0;
  /** Idle connections closed to make room for a new one. */
  shed = 0;
  private readonly server: Server;
  private readonly routes = new Map<string, RouteHandler>();
  /** Open connections, least recently active first, with their requests in progress. */
  private readonly sockets = new Map<Socket, { busy: number }>();
  private readonly maxConnections: number;
  private readonly handlerTimeoutMs: number;
  private bound: BoundAddress | null = null;

  constructor(private readonly options: HttpServerOptions) {
    this.maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
    this.handlerTimeoutMs = options.handlerTimeoutMs ?? 10_000;
    this.server = createServer({
      headersTimeout: options.headersTimeoutMs ?? 5_000,
      requestTimeout: options.requestTimeoutMs ?? 10_000,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 5_000,
      // How often the two timeouts above are checked (Node's default is every 30 s).
      connectionsCheckingInterval: 500,
      maxHeaderSize: options.maxHeaderBytes ?? 8192,
    });
    this.server.setTimeout(options.idleTimeoutMs ?? 30_000);
    this.server.on('connection', (socket: Socket) => this.admit(socket));
    this.server.on('request', (req: IncomingMessage, res: ServerResponse) => this.request(req, res));
    this.server.on('clientError', (e: NodeJS.ErrnoException, socket: Socket) => {
      // A malformed request, or one too slow: answer when the socket can still take it, then close.
      const status = e.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : e.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
      if (socket.writable && e.code !== 'ECONNRESET') socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      else socket.destroy();
    });
  }

  /** Mounts a handler on an exact path ("/metrics"); another output (the web view) adds its own before listen(). */
  route(path: string, handler: RouteHandler): void {
    if (!path.startsWith('/')) throw new Error(`a route path starts with /: ${path}`);
    if (this.routes.has(path)) throw new Error(`${path} is served twice`);
    this.routes.set(path, handler);
  }

  hasRoute(path: string): boolean {
    return this.routes.has(path);
  }

  /** Open connections now. */
  get connections(): number {
    return this.sockets.size;
  }

  get address(): BoundAddress | null {
    return this.bound;
  }

  /** Starts listening; rejects with a one-line message naming the fix (port in use, no such address, …). */
  listen(host: string, port: number): Promise<BoundAddress> {
    return new Promise((resolve, reject) => {
      const failed = (e: NodeJS.ErrnoException) => reject(new Error(bindErrorMessage(this.options.name, host, port, e)));
      this.server.once('error', failed);
      this.server.listen({ host, port }, () => {
        this.server.off('error', failed);
        this.server.on('error', (e: Error) => this.options.onError?.(`${this.options.name}: ${e.message}`));
        const a = this.server.address();
        this.bound = a !== null && typeof a === 'object' ? { host: a.address, port: a.port } : { host, port };
        resolve(this.bound);
      });
    });
  }

  /** Stops listening and closes every connection (requests in progress get up to graceMs to finish). */
  async close(graceMs = 1000): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const [socket, s] of this.sockets) if (s.busy === 0) socket.destroy();
    const timer = setTimeout(() => this.server.closeAllConnections(), graceMs);
    await closed;
    clearTimeout(timer);
    this.bound = null;
  }

  private admit(socket: Socket): void {
    if (this.sockets.size >= this.maxConnections) {
      let idle: Socket | null = null;
      for (const [s, state] of this.sockets) {
        if (state.busy === 0) {
          idle = s;
          break;
        }
      }
      if (idle === null) {
        this.rejected++;
        socket.destroy();
        return;
      }
      // Idle connections (no request yet, or kept alive between requests) cost nothing to close and
      // are what a flood of sockets holds; the least recently active goes first.
      this.shed++;
      this.sockets.delete(idle);
      idle.destroy();
    }
    this.sockets.set(socket, { busy: 0 });
    socket.once('close', () => this.sockets.delete(socket));
  }

  /** Marks the connection busy until the response is done, keeping the map in order of activity. */
  private touch(socket: Socket, delta: number): void {
    const s = this.sockets.get(socket);
    if (s === undefined) return;
    s.busy += delta;
    this.sockets.delete(socket);
    this.sockets.set(socket, s);
  }

  private request(req: IncomingMessage, res: ServerResponse): void {
    const socket = req.socket;
    this.touch(socket, 1);
    res.once('close', () => this.touch(socket, -1));
    this.answer(req, res).catch((e: unknown) => {
      this.options.onError?.(`${this.options.name}: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) send(res, false, { status: 500, contentType: 'text/plain; charset=utf-8', body: 'internal error\n' });
      else res.destroy();
    });
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      send(res, false, text(400, 'bad request\n'), true);
      return;
    }
    const handler = this.routes.get(url.pathname);
    const method = req.method ?? '';
    if (handler === undefined) {
      send(res, method === 'HEAD', text(404, 'not found\n'), method !== 'GET' && method !== 'HEAD');
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      // The body (if any) is not read: the connection closes after the answer.
      send(res, false, { ...text(405, 'method not allowed\n'), headers: { Allow: 'GET, HEAD' } }, true);
      return;
    }
    const reply = await this.withTimeout(handler({ method, path: url.pathname, query: url.searchParams, headers: req.headers }));
    if ('stream' in reply) openStream(res, method === 'HEAD', reply);
    else send(res, method === 'HEAD', reply);
  }

  private withTimeout(value: RouteReply | StreamReply | Promise<RouteReply>): Promise<RouteReply | StreamReply> {
    if (!(value instanceof Promise)) return Promise.resolve(value);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<RouteReply>((resolve) => {
      timer = setTimeout(() => resolve(text(503, 'busy, try again\n')), this.handlerTimeoutMs);
    });
    return Promise.race([value, late]).finally(() => clearTimeout(timer));
  }
}

function text(status: number, body: string): RouteReply {
  return { status, contentType: 'text/plain; charset=utf-8', body };
}

function send(res: ServerResponse, head: boolean, reply: RouteReply, close = false): void {
  const body = typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : reply.body;
  res.writeHead(reply.status, {
    ...COMMON_HEADERS,
    ...reply.headers,
    'Content-Type': reply.contentType,
    'Content-Length': String(body.byteLength),
    ...(close ? { Connection: 'close' } : {}),
  });
  res.end(head ? undefined : body);
}

/** Headers without a length, then the handler writes; the connection stays busy (never shed as idle) until the stream ends. */
function openStream(res: ServerResponse, head: boolean, reply: StreamReply): void {
  res.writeHead(reply.status, { ...COMMON_HEADERS, ...reply.headers, 'Content-Type': reply.contentType });
  if (head) {
    res.end();
    return;
  }
  res.flushHeaders();
  res.socket?.setNoDelay(true);
  reply.stream({
    write: (chunk) => (res.writableEnded || res.destroyed ? false : res.write(chunk)),
    get buffered() {
      return res.writableLength;
    },
    onClose: (listener) => void res.once('close', listener),
    end: () => {
      if (!res.writableEnded) res.end();
    },
    abort: () => res.destroy(),
  });
}
