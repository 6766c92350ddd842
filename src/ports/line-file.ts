// An append-only text file written in the background (NDJSON, CSV): opened before privileges go, bounded backlog.
import type { LineWriter } from './line-writer.js';

export interface LineFile extends LineWriter {
  /** Appends text; false when it was dropped because the file is too far behind (the backlog is bounded). */
  write(text: string): boolean;
  /** The same for UTF-8 bytes, which may be reused by the caller as soon as this returns (they are copied). */
  writeBytes(bytes: Uint8Array): boolean;
  /** Resolves once everything written so far has been handed to the OS. */
  drained(): Promise<void>;
  /** Flushes and closes. */
  close(): Promise<void>;
  /** The latest write error (ENOSPC, EIO, …) since the last call, or null; the next write tries again. */
  takeError(): string | null;
}

export interface LineFilePort {
  /** Opens (creating, appending) a file; never throws. */
  open(path: string): { file: LineFile } | { error: string };
}
