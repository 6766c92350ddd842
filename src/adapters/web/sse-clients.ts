// The pages watching each source over server-sent events: one frame encoded once and written to all, slow readers dropped, keep-alives.
import type { StreamOut } from '../http/http-server.js';
import { SSE_KEEPALIVE, SSE_KEEPALIVE_MS } from '../../web/sse.js';

/** Streams open at once at most (a browser opens one per tab). */
export const MAX_STREAMS = 32;
/**
 * A page whose socket holds this much unsent data is dropped: it reads slower than the ticks come (a
 * stalled tab, a bad link) and would make the server keep every frame. It reconnects and starts afresh.
 */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export class SseClients {
  /** Streams dropped because they fell behind. */
  dropped = 0;
  private readonly bySource = new Map<number, Set<StreamOut>>();
  private count = 0;
  private readonly keepalive: NodeJS.Timeout;

  constructor(private readonly maxStreams = MAX_STREAMS, private readonly maxBuffered = MAX_BUFFERED_BYTES, keepaliveMs = SSE_KEEPALIVE_MS) {
    this.keepalive = setInterval(() => this.broadcastAll(SSE_KEEPALIVE), keepaliveMs);
    this.keepalive.unref();
  }

  get size(): number {
    return this.count;
  }

  /** Whether another stream may open now. */
  get full(): boolean {
    return this.count >= this.maxStreams;
  }

  /** A new page on source `index`: its first bytes (the retry delay, the whole state), then every frame. */
  add(index: number, out: StreamOut, first: string): void {
    let set = this.bySource.get(index);
    if (set === undefined) this.bySource.set(index, (set = new Set()));
    const clients = set;
    clients.add(out);
    this.count++;
    out.onClose(() => {
      if (clients.delete(out)) this.count--;
    });
    out.write(first);
  }

  /** The same bytes to every page of the source: encoded once, however many there are. */
  publish(index: number, frame: string): void {
    const set = this.bySource.get(index);
    if (set === undefined || set.size === 0) return;
    this.writeAll(set, Buffer.from(frame, 'utf8'));
  }

  /** Ends every stream (the pages reconnect to whatever serves next). */
  closeAll(): void {
    clearInterval(this.keepalive);
    for (const set of this.bySource.values()) for (const out of [...set]) out.end();
  }

  private broadcastAll(text: string): void {
    const bytes = Buffer.from(text, 'utf8');
    for (const set of this.bySource.values()) this.writeAll(set, bytes);
  }

  private writeAll(set: Set<StreamOut>, bytes: Uint8Array): void {
    for (const out of [...set]) {
      if (out.buffered > this.maxBuffered) {
        this.dropped++;
        set.delete(out);
        this.count--;
        out.abort();
        continue;
      }
      out.write(bytes);
    }
  }
}
