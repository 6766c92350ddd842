// @ts-check
// The event stream of one source: EventSource reconnects by itself (sending Last-Event-ID); when it gives up (an error status) we try again later.

/** How long to wait before opening a new stream after the browser gave up on one. */
const RETRY_MS = 3000;

/**
 * @typedef {{
 *   onHello: (hello: any) => void,
 *   onTick: (tick: any) => void,
 *   onState: (state: 'connecting' | 'live' | 'reconnecting' | 'refused', detail: string) => void,
 * }} StreamHandlers
 */

/**
 * The last update times (ms) of the page, kept bounded (performance marks would pile up in an open tab):
 * the handler's own work ('tick'), with the charts drawn and style and layout done ('update'), and until
 * the next frame was painted ('frame', which includes waiting for it). Benchmarks read it.
 */
export const timings = {
  /** @type {{ tick: number[], update: number[], frame: number[] }} */
  last: { tick: [], update: [], frame: [] },
  /**
   * @param {'tick' | 'update' | 'frame'} kind
   * @param {number} ms
   */
  record(kind, ms) {
    const a = this.last[kind];
    a.push(ms);
    if (a.length > 300) a.shift();
  },
};

/**
 * @param {string} source the source's index
 * @param {StreamHandlers} h
 * @returns {{ close(): void }}
 */
export function openStream(source, h) {
  /** @type {EventSource | null} */
  let es = null;
  /** @type {number | undefined} */
  let timer;
  let closed = false;
  const url = `/api/v1/stream?source=${encodeURIComponent(source)}`;
  const connect = () => {
    h.onState('connecting', '');
    const s = new EventSource(url);
    es = s;
    s.addEventListener('hello', (e) => {
      h.onState('live', '');
      h.onHello(JSON.parse(/** @type {MessageEvent<string>} */ (e).data));
    });
    s.addEventListener('tick', (e) => {
      const start = performance.now();
      h.onTick(JSON.parse(/** @type {MessageEvent<string>} */ (e).data));
      timings.record('tick', performance.now() - start);
      // After the charts' own microtask (uPlot draws there): the whole update, style and layout forced now.
      queueMicrotask(() => {
        void document.documentElement.offsetHeight;
        timings.record('update', performance.now() - start);
      });
      // Until the next frame is on screen (includes waiting for it).
      requestAnimationFrame(() => setTimeout(() => timings.record('frame', performance.now() - start), 0));
    });
    s.addEventListener('error', () => {
      if (closed) return;
      if (s.readyState === EventSource.CONNECTING) {
        h.onState('reconnecting', '');
        return;
      }
      // CLOSED: the server answered with an error (a new token after a restart, too many pages): ask why, try again later.
      s.close();
      fetch('/api/v1/sources', { credentials: 'same-origin', cache: 'no-store' }).then(
        (r) => h.onState(r.status === 401 ? 'refused' : 'reconnecting', r.status === 401 ? 'the token is no longer valid: open the address wiretop printed at start' : `the server answered ${r.status}`),
        () => h.onState('reconnecting', ''),
      );
      timer = window.setTimeout(connect, RETRY_MS);
    });
  };
  connect();
  return {
    close() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      es?.close();
    },
  };
}
