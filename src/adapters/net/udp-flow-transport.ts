// Flow export datagrams over a connected UDP socket: never throws or blocks, drops and reports when it cannot send.
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
  /** Datagrams waiting (for the connection, or in the socket's queue) beyond which new ones are dropped. */
  readonly maxQueued?: number;
  /** After a problem, this long without another one after a send means it works again. */
  readonly recoveryMs?: number;
  /** After a failed name lookup or connect, the next attempt waits this long. */
  readonly retryMs?: number;
}

export interface UdpFlowTransport extends FlowTransport {
  /** Datagrams dropped without being sent (queue full, not connected); each is also reported as a problem. */
  readonly dropped: number;
  /** Waits (at most timeoutMs) for queued datagrams to reach the OS, then closes the socket. */
  close(timeoutMs?: number): Promise<void>;
}

/**
 * The socket is connect()ed to the collector, so the kernel turns an ICMP port unreachable into
 * ECONNREFUSED on a later send (or on the socket): a stopped collector shows up as problems, not
 * silence. Sends before the connection is up wait in a bounded queue.
 */
export function createUdpFlowTransport(target: UdpTarget, options: UdpTransportOptions = {}): UdpFlowTransport {
  const maxQueued = options.maxQueued ?? 4096;
  const recoveryMs = options.recoveryMs ?? 1000;
  const retryMs = options.retryMs ?? 5000;
  let listener: (problem: string | null) => void = () => {};
  let socket: Socket | null = null;
  let state: 'idle' | 'connecting' | 'connected' | 'failed' | 'closed' = 'idle';
  let failedReason = '';
  let failedAt = 0;
  const waiting: Uint8Array[] = [];
  let inFlight = 0;
  let dropped = 0;
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
    drained();
  };
  const drained = () => {
    if (inFlight > 0 || waiting.length > 0) return;
    for (const w of drainWaiters) w();
    drainWaiters = [];
  };
  const write = (d: Uint8Array) => {
    if (socket === null) return;
    if (inFlight >= maxQueued) {
      drop(`send queue full (${maxQueued} datagrams waiting): dropping`);
      return;
    }
    inFlight++;
    try {
      socket.send(d, (err) => sent(err ?? null));
    } catch (e) {
      sent(e instanceof Error ? e : new Error(String(e)));
    }
  };
  const fail = (err: Error) => {
    if (state === 'closed') return;
    state = 'failed';
    failedReason = describe(err, target);
    failedAt = performance.now();
    socket?.close();
    socket = null;
    for (const _ of waiting.splice(0)) drop(failedReason);
    drained();
  };
  const connect = () => {
    state = 'connecting';
    const open = (address: string, family: 4 | 6) => {
      if (state !== 'connecting') return;
      const s = createSocket({ type: family === 4 ? 'udp4' : 'udp6' });
      socket = s;
      // Errors of an earlier datagram (ICMP port unreachable read by recvmsg) arrive here.
      s.on('error', (err) => {
        if (state === 'connecting') fail(err);
        else if (state === 'connected') problem(describe(err, target));
      });
      s.on('message', () => {}); // nothing is expected back; read and discard
      s.connect(target.port, address, () => {
        if (state !== 'connecting' || socket !== s) return;
        state = 'connected';
        for (const d of waiting.splice(0)) write(d);
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
      if (state === 'idle') connect();
      if (state === 'connected') write(d);
      else if (waiting.length >= maxQueued) drop(`not connected yet and ${maxQueued} datagrams waiting: dropping`);
      else waiting.push(d);
    },
    async close(timeoutMs = 2000) {
      if (state === 'closed') return;
      if (inFlight > 0 || (state === 'connecting' && waiting.length > 0)) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, timeoutMs);
          drainWaiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
      state = 'closed';
      if (recoveryTimer !== null) clearTimeout(recoveryTimer);
      waiting.length = 0;
      const s = socket;
      socket = null;
      if (s !== null) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
}

/** One line naming the cause and, where there is one, the fix. */
function describe(err: Error, target: UdpTarget): string {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  switch (code) {
    case 'ECONNREFUSED':
      return `refused (ECONNREFUSED: is the collector listening on UDP port ${target.port}?)`;
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
