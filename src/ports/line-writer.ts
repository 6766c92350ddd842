// Where a line-oriented output (CSV, the JSON document) goes: a file opened before privileges are dropped, or stdout.

export interface LineWriter {
  /**
   * Writes text made of whole lines. Returns false when the text was dropped because the reader is not
   * keeping up (a live run keeps capturing instead of buffering without bound); the caller counts it.
   */
  write(text: string): boolean;
  /** Resolves once everything written so far has been handed to the OS (a writer that buffers: when its buffer drained). */
  drained(): Promise<void>;
  /** Flushes and closes (stdout: flushes only); resolves once everything kept was handed to the OS. */
  close(): Promise<void>;
}
