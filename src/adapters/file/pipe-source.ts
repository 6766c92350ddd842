// Reads a pipe (-r -, a FIFO) as a non-blocking stream: a quiet writer neither holds the run nor its exit, and a read that waits a moment says "nothing yet".
import { Socket } from 'node:net';
import type { ClosableSource } from './read-capture-file.js';

/** How long one read() waits for the writer before it returns "nothing yet" (so stop requests are seen). */
export const PIPE_IDLE_MS = 200;

/** Bytes taken from the pipe ahead of the parser before the stream is paused (backpressure on the writer). */
const AHEAD_BYTES = 4 * 1024 * 1024;

/**
 * A ByteSource over the pipe at descriptor `fd` (taken over: closed by close()). The descriptor is read
 * by libuv's event loop, not by a thread-pool read: a blocking read of a pipe cannot be called off and
 * would keep the process from exiting until the writer sends or closes. read() resolves with bytes,
 * 0 at the end, or -1 when nothing came within `idleMs`.
 */
export function pipeSource(fd: number, idleMs = PIPE_IDLE_MS): ClosableSource {
  const socket = new Socket({ fd, readable: true, writable: false });
  const chunks: Buffer[] = [];
  let queued = 0;
  /** Offset into chunks[0] of what read() has not taken yet. */
  let head = 0;
  let ended = false;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const poke = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  socket.on('data', (d: Buffer) => {
    chunks.push(d);
    queued += d.length;
    if (queued >= AHEAD_BYTES) socket.pause();
    poke();
  });
  socket.on('end', () => {
    ended = true;
    poke();
  });
  socket.on('error', (e) => {
    failure = e;
    poke();
  });

  const copyOut = (buf: Uint8Array, offset: number, length: number): number => {
    let n = 0;
    while (n < length && chunks.length > 0) {
      const c = chunks[0]!;
      const take = Math.min(length - n, c.length - head);
      buf.set(c.subarray(head, head + take), offset + n);
      n += take;
      head += take;
      if (head === c.length) {
        chunks.shift();
        head = 0;
      }
    }
    queued -= n;
    if (queued < AHEAD_BYTES && socket.isPaused()) socket.resume();
    return n;
  };

  return {
    async read(buf, offset, length) {
      if (queued === 0 && !ended && failure === null) {
        let timer: NodeJS.Timeout | undefined;
        await new Promise<void>((resolve) => {
          wake = resolve;
          timer = setTimeout(poke, idleMs);
        });
        clearTimeout(timer);
      }
      if (queued > 0) return copyOut(buf, offset, length);
      if (failure !== null) throw failure;
      return ended ? 0 : -1;
    },
    close() {
      socket.destroy();
    },
  };
}
