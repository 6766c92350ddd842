// Where text-mode blocks go: stdout in production, a string array in tests.

export interface TextOutput {
  /**
   * Writes text. Returns false when the text was dropped because the reader is not keeping up
   * (live mode keeps capturing instead of buffering without bound).
   */
  write(text: string): boolean;
  /** Resolves once everything written so far has been handed to the OS (used before exit and in replay). */
  drained(): Promise<void>;
}

/** Standard output as the run path sees it: text output that can fail (EPIPE, ENOSPC). */
export interface OutputStream extends TextOutput {
  /** Called once the stream fails: EPIPE (reader gone) or another error such as ENOSPC on /dev/full. */
  onClosed(listener: (error: { readonly code?: string | undefined; readonly message: string }) => void): void;
}
