// The daemon's log: one line per event on stderr, with journald's <N> priority prefix when stderr is the journal.
import { inert } from '../../format/inert.js';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** syslog priorities journald reads from a `<N>` prefix (sd-daemon.h). */
const PRIORITY = { error: 3, warn: 4, info: 6 } as const;

/**
 * Lines are `wiretop: …`, made inert (interface names and paths come from outside). Under systemd
 * (stderr connected to the journal) each line starts with its priority, so `journalctl -p warning`
 * works; elsewhere the prefix would only be noise.
 */
export function logger(write: (text: string) => void, journal: boolean): Logger {
  const line = (level: keyof typeof PRIORITY) => (message: string) =>
    write(`${journal ? `<${PRIORITY[level]}>` : ''}wiretop: ${inert(message)}\n`);
  return { info: line('info'), warn: line('warn'), error: line('error') };
}
