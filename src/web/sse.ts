// Server-sent events framing (HTML Standard §9.2): one frame per message, the reconnection delay, keep-alive comments, Last-Event-ID.

/** How long a page's EventSource waits before it reconnects (after a restart, a network loss). */
export const SSE_RETRY_MS = 2000;
/** A comment this often keeps proxies and the server's idle timeout from closing a quiet stream. */
export const SSE_KEEPALIVE_MS = 15_000;

/**
 * `event:` and `id:` lines, then the data. `data` must be one line (JSON.stringify never writes a raw
 * CR or LF); a line break in it would end the field early, so any is refused.
 */
export function sseFrame(event: string, data: string, id: string | null = null): string {
  if (/[\r\n]/.test(data) || /[\r\n]/.test(event) || (id !== null && /[\r\n\0]/.test(id))) throw new Error('an event field holds a line break');
  return `${id === null ? '' : `id: ${id}\n`}event: ${event}\ndata: ${data}\n\n`;
}

/** The first bytes of a stream: the retry delay, so a page reconnects at this pace. */
export function sseOpening(retryMs = SSE_RETRY_MS): string {
  return `retry: ${retryMs}\n\n`;
}

export const SSE_KEEPALIVE = ': keep-alive\n\n';

/** The event id of a tick: the run (changes when wiretop restarts) and the tick number. */
export function eventId(run: string, tick: number): string {
  return `${run}-${tick}`;
}

/** What a reconnecting page last saw, from its Last-Event-ID header (null when absent or not ours). */
export function parseEventId(header: string | undefined): { run: string; tick: number } | null {
  if (header === undefined) return null;
  const m = /^([A-Za-z0-9_]{1,64})-(\d{1,15})$/.exec(header.trim());
  return m === null ? null : { run: m[1]!, tick: Number(m[2]) };
}
