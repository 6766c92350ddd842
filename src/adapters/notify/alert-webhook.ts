// POSTs each alert event as JSON to a webhook, retrying with back-off; one request at a time, bounded queue.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AlertEvent } from '../../alerts/alert-engine.js';

const MAX_QUEUED = 100;
/** Waits before the 2nd, 3rd, … attempt; after the last one the event is given up. */
const BACKOFF_MS = [1000, 2000, 4000, 8000, 16000];
const TIMEOUT_MS = 5000;

export interface AlertWebhook {
  notify(event: AlertEvent): void;
  /** Resolves when everything queued has been delivered or given up. */
  idle(): Promise<void>;
}

/**
 * Delivers in order. A network error, a timeout or a 5xx/429 answer is retried; a 4xx other than 429
 * is not (the receiver refuses the event). Problems are reported once per failed event.
 */
export function alertWebhook(url: string, onError: (message: string) => void, sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))): AlertWebhook {
  const queue: AlertEvent[] = [];
  let running = false;
  let dropped = 0;
  let idleWaiters: (() => void)[] = [];
  const run = async () => {
    running = true;
    for (let event = queue.shift(); event !== undefined; event = queue.shift()) {
      const body = JSON.stringify(event);
      let last = '';
      for (let attempt = 0; attempt <= BACKOFF_MS.length; attempt++) {
        if (attempt > 0) await sleep(BACKOFF_MS[attempt - 1]!);
        const outcome = await post(url, body);
        if (outcome === 'ok') {
          last = '';
          break;
        }
        last = outcome;
        if (outcome.startsWith('refused')) break;
      }
      if (last !== '') onError(`alert webhook ${url}: ${last}; event ${event.id} given up`);
    }
    running = false;
    for (const w of idleWaiters) w();
    idleWaiters = [];
  };
  return {
    notify(event) {
      if (queue.length >= MAX_QUEUED) {
        if (dropped++ === 0) onError(`alert webhook ${url} is not keeping up; dropping events`);
        return;
      }
      queue.push(event);
      if (!running) void run();
    },
    idle: () => (running ? new Promise((r) => idleWaiters.push(r)) : Promise.resolve()),
  };
}

/** 'ok', or why not ('refused …' means do not retry). */
function post(url: string, body: string): Promise<string> {
  return new Promise((resolve) => {
    const request = url.startsWith('https:') ? httpsRequest : httpRequest;
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, timeout: TIMEOUT_MS }, (res) => {
      res.resume();
      const code = res.statusCode ?? 0;
      if (code >= 200 && code < 300) resolve('ok');
      else if (code >= 400 && code < 500 && code !== 429) resolve(`refused with HTTP ${code}`);
      else resolve(`HTTP ${code}`);
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (e) => resolve(e.message));
    req.end(body);
  });
}
