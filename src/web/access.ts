// Who may read the web view: the Host header allow-list (DNS rebinding), no cross-site subresources, and the token on every request.
import { parseAddress } from '../format/inet-ntop.js';

export interface AccessPolicy {
  /** The port the view listens on (a Host naming another port was meant for another server). */
  readonly port: number;
  /** The token every request must carry; null only for a loopback address without --web-token-file. */
  readonly token: string | null;
  /** Names besides localhost and IP literals that may appear in Host (--web-allow-host), lower case. */
  readonly allowHosts: readonly string[];
}

/** What access() reads of a request (header names in lower case, as Node gives them). */
export interface AccessRequest {
  readonly path: string;
  readonly query: { get(name: string): string | null };
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export type AccessVerdict =
  | { readonly kind: 'allow' }
  /** The entry URL with a right ?token=: set the cookie and send the browser to / (the token leaves the address bar). */
  | { readonly kind: 'login'; readonly cookie: string }
  | { readonly kind: 'deny'; readonly status: 401 | 403 | 421; readonly body: string; readonly headers: Readonly<Record<string, string>> };

/** The cookie a first authenticated visit sets; per port, as cookies do not tell ports apart. */
export function cookieName(port: number): string {
  return `wiretop_web_${port}`;
}

/**
 * Host check, then cross-site check, then the token (Authorization: Bearer, the cookie, or ?token= on
 * / only, which logs in). Runs before any route, for every request, the event stream included.
 */
export function access(policy: AccessPolicy, req: AccessRequest): AccessVerdict {
  const host = header(req.headers, 'host');
  if (host === undefined || !hostAllowed(host, policy)) {
    return deny(421, 'this Host name is not one wiretop answers to (DNS rebinding protection): use the address, localhost, or allow the name with --web-allow-host\n');
  }
  // A page of another site may navigate here, but not load our scripts or data as its subresources.
  const site = header(req.headers, 'sec-fetch-site');
  if ((site === 'cross-site' || site === 'same-site') && header(req.headers, 'sec-fetch-mode') !== 'navigate') {
    return deny(403, 'cross-site requests are refused\n');
  }
  const token = policy.token;
  if (token === null) return { kind: 'allow' };
  const bearer = /^Bearer\s+(\S+)$/i.exec(header(req.headers, 'authorization') ?? '')?.[1];
  if (bearer !== undefined) return sameSecret(bearer, token) ? { kind: 'allow' } : unauthorised('the bearer token is wrong');
  const given = req.query.get('token');
  if (given !== null && req.path === '/') {
    return sameSecret(given, token) ? { kind: 'login', cookie: loginCookie(policy.port, token) } : unauthorised('the token in the address is wrong');
  }
  const cookie = cookieValue(header(req.headers, 'cookie'), cookieName(policy.port));
  if (cookie !== undefined && sameSecret(cookie, token)) return { kind: 'allow' };
  return unauthorised(cookie === undefined ? 'this web view needs its token' : 'the token of this browser session is not the current one (wiretop restarted with a new token?)');
}

/** HttpOnly: no script reads it; SameSite=Strict: no other site's page sends it; Path=/: the page, its assets, the API and the stream. */
export function loginCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}

/**
 * localhost, an IP literal (a rebinding attack needs a name it controls) or an allowed name. Localhost and
 * literals must name our port when they name one; an allowed name (behind a reverse proxy) may name any.
 */
export function hostAllowed(host: string, policy: AccessPolicy): boolean {
  const m = /^(\[[0-9A-Fa-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(host.trim());
  if (m === null) return false;
  let name = m[1]!.toLowerCase();
  if (name.endsWith('.')) name = name.slice(0, -1);
  const port = m[2] === undefined ? null : Number(m[2]);
  if (policy.allowHosts.includes(name)) return true;
  const literal = name.startsWith('[') ? parseAddress(name.slice(1, -1))?.family === 6 : parseAddress(name)?.family === 4;
  if (name !== 'localhost' && !literal) return false;
  return port === null || port === policy.port;
}

/** Compares in time that depends on the secret's length only, so the answer time says nothing about how much of a guess was right. */
export function sameSecret(given: string, secret: string): boolean {
  let diff = given.length ^ secret.length;
  // charCodeAt past the end is NaN, and NaN | 0 is 0: a short guess is compared as padded.
  for (let i = 0; i < secret.length; i++) diff |= (given.charCodeAt(i) | 0) ^ secret.charCodeAt(i);
  return diff === 0;
}

/** A token from a --web-token-file: its first line, 16 to 512 characters that need no quoting in a cookie or a header. */
export function parseToken(text: string, path: string): { token: string } | { error: string } {
  const line = text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
  if (line.length < 16 || line.length > 512 || !/^[A-Za-z0-9._~+/=-]+$/.test(line)) {
    return { error: `${path}: the web token is its first line, 16 to 512 letters, digits or ._~+/=- (openssl rand -hex 24 makes one)` };
  }
  return { token: line };
}

function unauthorised(why: string): AccessVerdict {
  return deny(401, `${why}: open the address wiretop printed at start (…/?token=…), or send Authorization: Bearer TOKEN\n`, { 'WWW-Authenticate': 'Bearer realm="wiretop"' });
}

function deny(status: 401 | 403 | 421, body: string, headers: Record<string, string> = {}): AccessVerdict {
  return { kind: 'deny', status, body, headers };
}

function header(h: AccessRequest['headers'], name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

function cookieValue(cookies: string | undefined, name: string): string | undefined {
  if (cookies === undefined) return undefined;
  for (const part of cookies.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
