// Appends alert events to a file as JSON lines; the file is opened up front (before privileges are dropped).
import { closeSync, openSync, writeSync } from 'node:fs';
import type { AlertEvent } from '../../alerts/alert-engine.js';

export interface AlertLog {
  write(event: AlertEvent): void;
  close(): void;
}

/** Opens (creating if needed) for appending; throws a one-line Error when that is not possible. */
export function openAlertLog(path: string, onError: (message: string) => void): AlertLog {
  let fd: number;
  try {
    fd = openSync(path, 'a', 0o640);
  } catch (e) {
    throw new Error(`cannot open the alert log ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let failed = false;
  return {
    write(event) {
      try {
        writeSync(fd, JSON.stringify(event) + '\n');
        failed = false;
      } catch (e) {
        // Said once per run of failures (a full disk), not once per event.
        if (!failed) onError(`cannot write the alert log ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
        failed = true;
      }
    },
    close: () => closeSync(fd),
  };
}
