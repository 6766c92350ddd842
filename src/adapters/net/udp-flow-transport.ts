// Flow export datagrams over a connected, paced UDP socket: never throws or blocks, drops and reports when it cannot send.
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { lookup } from 'node:dns';
import type { FlowTransport } from '../../ports/flow-transport.js';

export interface UdpTarget {
  readonly host: string;
  readonly port: number;
  /** Address family of a literal host, null for a name to resolve. */
  readonly family: 4 | 6 | null;
}

export interface UdpTransportOptions {
  /** Bytes waiting to be sent beyond which new datagrams are dropped (default 16 MiB). */
  readonly maxQueuedBytes?: number;
  /** Sending rate (default 10 000 datagrams/s, about 14 MB/s at 1400 bytes). */
  readonly datagramsPerSecond?: number;
  /** After a problem, this long without another one after a send means it works again (default 1 s). */
  readonly recoveryMs?: number;
  /** After a failed name lookup or connect, the next attempt waits this long (default 5 s). */
  readonly retryMs?: number;
}

export interface UdpFlowTransport extends FlowTransport {
  /** Datagrams dropped without being sent (queue full, no connection); each is also reported as a problem. */
  readonly dropped: number;
  /** Datagrams waiting in the queue. */
  readonly queued: number;
  /** Sends what is queued (for at most timeoutMs, default 10 s), then closes the socket. */
  close(timeoutMs?: number): Promise<void>;
}

/** Sends handed to libuv at once; the rest waits in the queue. */
const MAX_IN_FLIGHT = 64;
/** Datagrams a pump may send back to back (the token bucket's depth). */
const BURST = 64;

/**
 * The socket is connect()ed to the collector, so the kernel turns an ICMP port unreachable into
 * ECONNREFUSED on a later send (or on the socket): a stopped collector shows up as problems, not
 * silence. Datagrams are paced: a 100 000-flow tick is thousands of datagrams, and a collector's
 * receive buffer (212 KB by default on Linux, about 150 datagrams) loses whatever arrives faster
 * than it reads; a queue (bounded) carries the excess over the next milliseconds instead.
 */
export function createUdpFlowTransport(target: UdpTarget, options: UdpTransportOptions = {}): UdpFlowTransport {
  const maxQueuedBytes = options.maxQueuedBytes ?? 16 * 1024 * 1024;
  const rate = options.datagramsPerSecond ?? 10_000;
  const recoveryMs = options.recoveryMs ?? 1000;
  const retryMs = options.retryMs ?? 5000;
  let listener: (problem: string | null) => void = () => {};
  let socket: Socket | null = null;
  let state: 'idle' | 'connecting' | 'connected' | 'failed' | 'closed' = 'idle';
  let failedReason = '';
  let failedAt = 0;
  let queue: Uint8Array[] = [];
  let head = 0;
  let queuedBytes = 0;
  let inFlight = 0;
  let dropped = 0;
  let tokens = BURST;
  let refilledAt = performance.now();
  let pumpTimer: ReturnType<typeof setTimeout> | null = null;
  let failing = false;
  let lastProblemAt = -Infinity;
  let recoveryTimer: ReturnType<typeof setTimeout> | null = null;
  let drainWaiters: (() => void)[] = [];

  const problem = (reason: string) => {
    lastProblemAt = performance.now();
    failing = true;
    listener(reason);
  };
  const drop = (reason: string) => {
    dropped++;
    problem(reason);
  };
  const drained = () => {
    if (inFlight > 0 || head < queue.length) return;
    for (const w of drainWaiters) w();
    drainWaiters = [];
  };
  const sent = (err: Error | null) => {
    inFlight--;
    if (err !== null) problem(describe(err, target));
    else if (failing && recoveryTimer === null) {
      // UDP has no acknowledgement: a send that no error follows for a while is as good as it gets.
      const since = performance.now();
      recoveryTimer = setTimeout(() => {
        recoveryTimer = null;
        if (failing && lastProblemAt < since) {
          failing = false;
          listener(null);
        }
      }, recoveryMs);
      recoveryTimer.unref();
    }
    pump();
    drained();
  };
  const pump = () => {
    if (state !== 'connected' || socket === null) return;
    const now = performance.now();
    tokens = Math.min(BURST, tokens + ((now - refilledAt) * rate) / 1000);
    refilledAt = now;
    while (head < queue.length && inFlight < MAX_IN_FLIGHT && tokens >= 1) {
      const d = queue[head]!;
      queue[head++] = EMPTY;
      queuedBytes -= d.length;
      tokens--;
      inFlight++;
      try {
        socket.send(d, (err) => sent(err ?? null));
      } catch (e) {
        sent(e instanceof Error ? e : new Error(String(e)));
      }
    }
    if (head === queue.length) {
      queue = [];
      head = 0;
    } else if (pumpTimer === null && inFlight < MAX_IN_FLIGHT) {
      // Out of tokens: come back when the next few have accrued.
      pumpTimer = setTimeout(() => {
        pumpTimer = null;
        pump();
      }, Math.max(1, Math.ceil((Math.min(BURST, queue.length - head) * 1000) / rate)));
    }
  };
  const fail = (err: Error) => {
    if (state === 'closed') return;
    state = 'failed';
    failedReason = describe(err, target);
    failedAt = performance.now();
    socket?.close();
    socket = null;
    const lost = queue.length - head;
    queue = [];
    head = 0;
    queuedBytes = 0;
    for (let i = 0; i < lost; i++) drop(failedReason);
    drained();
  };
  const connect = () => {
    state = 'connecting';
    const open = (address: string, family: 4 | 6) => {
      if (state !== 'connecting') return;
      const s = createSocket({ type: family === 4 ? 'udp4' : 'udp6' });
      socket = s;
      // Errors of an earlier datagram (an ICMP port unreachable read by recvmsg) arrive here.
      s.on('error', (err) => {
        if (state === 'connecting') fail(err);
        else if (state === 'connected') problem(describe(err, target));
      });
      s.on('message', () => {}); // nothing is expected back: read and discarded
      s.connect(target.port, address, () => {
        if (state !== 'connecting' || socket !== s) return;
        state = 'connected';
        pump();
      });
    };
    if (target.family !== null) open(target.host, target.family);
    else {
      lookup(target.host, (err, address, family) => {
        if (err !== null) fail(err);
        else open(address, family === 6 ? 6 : 4);
      });
    }
  };

  return {
    get dropped() {
      return dropped;
    },
    get queued() {
      return queue.length - head;
    },
    onStatus(l) {
      listener = l;
    },
    send(d) {
      if (state === 'closed') return;
      if (state === 'failed') {
        if (performance.now() - failedAt < retryMs) {
          drop(failedReason);
          return;
        }
        state = 'idle';
      }
      if (queuedBytes + d.length > maxQueuedBytes) {
        drop(`${queue.length - head} datagrams (${queuedBytes} bytes) waiting to be sent: dropping`);
        return;
      }
      queue.push(d);
      queuedBytes += d.length;
      if (state === 'idle') connect();
      else pump();
    },
    async close(timeoutMs = 10_000) {
      if (state === 'closed') return;
      if (inFlight > 0 || head < queue.length) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, timeoutMs);
          drainWaiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
      state = 'closed';
      for (const t of [recoveryTimer, pumpTimer]) if (t !== null) clearTimeout(t);
      queue = [];
      head = 0;
      const s = socket;
      socket = null;
      if (s !== null) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
}

const EMPTY = new Uint8Array(0);

/** One line naming the cause and, where there is one, the fix. */
function describe(err: Error, target: UdpTarget): string {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  switch (code) {
    case 'ECONNREFUSED':
      return `refused (ECONNREFUSED: is a collector listening on UDP port ${target.port}?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NONAME':
      return `cannot resolve "${target.host}" (${code})`;
    case 'EMSGSIZE':
      return 'datagram larger than the path allows (EMSGSIZE: lower --flow-mtu)';
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
    case 'EADDRNOTAVAIL':
      return `no route to the collector (${code})`;
    default:
      return `${err.message.replace(/[\r\n]+/g, ' ')}${code !== '' && !err.message.includes(code) ? ` (${code})` : ''}`;
  }
}
