// Live captures still open, woken at any process exit: process.exit() waits for every worker thread, and one blocked in pcap_dispatch on an idle link never returns by itself.

const breakers = new Set<() => void>();
let hooked = false;

/**
 * Registers a capture's synchronous stop (flag and pcap_breakloop); returns the function that
 * unregisters it. One 'exit' listener for all of them: it runs before Node ends the worker threads, so
 * an exit that skips the orderly shutdown (an internal error, any process.exit) cannot hang there.
 */
export function registerCapture(halt: () => void): () => void {
  breakers.add(halt);
  if (!hooked) {
    hooked = true;
    process.on('exit', haltOpenCaptures);
  }
  return () => breakers.delete(halt);
}

/** Tells every open capture to stop and wakes its worker, without waiting. */
function haltOpenCaptures(): void {
  for (const halt of breakers) {
    try {
      halt();
    } catch {
      // Exiting anyway: one capture that cannot be woken must not keep the others from it.
    }
  }
}
