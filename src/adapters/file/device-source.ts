// Reads a character device given as -r (anything neither a regular file nor a pipe) without a blocking read: a quiet device neither holds the run nor its exit.
import { closeSync, readSync } from 'node:fs';
import type { ClosableSource } from './read-capture-file.js';
import { PIPE_IDLE_MS } from './pipe-source.js';

/** How often a quiet device is asked again within one read(). */
const POLL_MS = 20;

/**
 * A ByteSource over `fd`, opened with O_NONBLOCK (taken over: closed by close()). libuv cannot watch
 * a character device, and a thread-pool read of one that has nothing to say cannot be called off: it
 * would keep Ctrl-C or q from ending the process until the device spoke. So reads are non-blocking
 * ones, retried every POLL_MS while the device is quiet, and read() resolves with bytes, 0 at the end,
 * or -1 when nothing came within `idleMs` (the caller then sees to its output and stop requests).
 */
export function deviceSource(fd: number, idleMs = PIPE_IDLE_MS): ClosableSource {
  return {
    async read(buf, offset, length) {
      const until = Date.now() + idleMs;
      for (;;) {
        try {
          return readSync(fd, buf, offset, length, null);
        } catch (err) {
          if ((err as { code?: unknown }).code !== 'EAGAIN') throw err;
        }
        if (Date.now() >= until) return -1;
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    },
    close() {
      try {
        closeSync(fd);
      } catch {
        // Already closed: nothing to release.
      }
    },
  };
}
