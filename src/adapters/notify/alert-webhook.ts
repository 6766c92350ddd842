// POSTs each alert event as JSON to a webhook, retrying with back-off; one request at a time, bounded queue.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AlertEvent } from '../../alerts/alert-engine.js';

const MAX_QUEUED = 100;
/** Waits before the 2nd, 3rd, … attempt; after the last one the event is given up. */
const BACKOFF_MS = [1000, 2000, 4000, 8000, 16000];
/** The whole exchange, not just socket idleness: a receiver that trickles bytes must not stall the queue. */
const DEADLINE_MS = 5000;

export interface AlertWebhook {
  notify(event: AlertEvent): void;
  /** Resolves when everything queued has been delivered or given up. */
  idle(): Promise<void>;
  /** Events queued or being delivered. */
  pending(): number;
}

/**
 * Delivers in order. A network error, a timeout or a 5xx/429 answer is retried; any other 3xx or 4xx
 * is not (the receiver refuses the event, or it moved: redirects are not followed). Problems are
 * reported once per failed event, naming the receiver by its origin only: a webhook's path is often
 * its secret (Slack, Teams), and messages end up in logs.
 */
export function alertWebhook(
  url: string,
  onError: (message: string) => void,
  sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
  deadlineMs = DEADLINE_MS,
): AlertWebhook {
  const queue: AlertEvent[] = [];
  let running = false;
  let inFlight = 0;
  let dropped = 0;
  let idleWaiters: (() => void)[] = [];
  const name = origin(url);
  const run = async () => {
    running = true;
    for (let event = queue.shift(); event !== undefined; event = queue.shift()) {
      inFlight = 1;
      const body = JSON.stringify(event);
      let last = '';
      for (let attempt = 0; attempt <= BACKOFF_MS.length; attempt++) {
        if (attempt > 0) await sleep(BACKOFF_MS[attempt - 1]!);
        const outcome = await post(url, body, deadlineMs);
        if (outcome === 'ok') {
          last = '';
          break;
        }
        last = outcome;
        if (outcome.startsWith('refused')) break;
      }
      inFlight = 0;
      if (last !== '') onError(`alert webhook ${name}: ${last}; event ${event.id} given up`);
    }
  };
  const finish = () => {
    running = false;
    inFlight = 0;
    for (const w of idleWaiters) w();
    idleWaiters = [];
  };
  return {
    notify(event) {
      if (queue.length >= MAX_QUEUED) {
        if (dropped++ === 0) onError(`alert webhook ${name} is not keeping up; dropping events`);
        return;
      }
      queue.push(event);
      if (!running) {
        run().then(finish, (e: unknown) => {
          onError(`alert webhook ${name}: ${e instanceof Error ? e.message : String(e)}`);
          queue.length = 0;
          finish();
        });
      }
    },
    idle: () => (running ? new Promise((r) => idleWaiters.push(r)) : Promise.resolve()),
    pending: () => queue.length + inFlight,
  };
}

/** "https://hooks.example.com" of a URL (the part that is safe to show). */
function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(bad URL)';
  }
}

/** 'ok', or why not ('refused …' means do not retry). */
function post(url: string, body: string, deadlineMs: number): Promise<string> {
  return new Promise((resolve) => {
    const request = url.startsWith('https:') ? httpsRequest : httpRequest;
    let req: ReturnType<typeof httpRequest>;
    try {
      req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        const code = res.statusCode ?? 0;
        if (code >= 200 && code < 300) resolve('ok');
        else if (code >= 300 && code < 500 && code !== 429) resolve(`refused with HTTP ${code}`);
        else resolve(`HTTP ${code}`);
      });
    } catch (e) {
      resolve(`refused: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    const deadline = setTimeout(() => req.destroy(new Error(`no answer within ${deadlineMs / 1000} s`)), deadlineMs);
    req.on('close', () => clearTimeout(deadline));
    req.on('error', (e) => resolve(e.message));
    req.end(body);
  });
}
