// Live captures still open, so that a hard exit can wake their workers first: process.exit() waits for every worker thread, and one blocked in pcap_dispatch on an idle link never returns by itself.

const breakers = new Set<() => void>();

/** Registers a capture's synchronous stop (flag and pcap_breakloop); returns the function that unregisters it. */
export function registerCapture(halt: () => void): () => void {
  breakers.add(halt);
  return () => breakers.delete(halt);
}

/**
 * Tells every open capture to stop and wakes its worker, without waiting: for an exit that skips the
 * orderly shutdown (an internal error), so that process.exit() can end the worker threads.
 */
export function haltOpenCaptures(): void {
  for (const halt of breakers) {
    try {
      halt();
    } catch {
      // Exiting anyway: one capture that cannot be woken must not keep the others from it.
    }
  }
}
