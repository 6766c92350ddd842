// Where alert events go besides the display: the log file, the command, the webhook (each queues and never blocks).
import type { AlertEvent } from '../alerts/alert-engine.js';

export interface AlertLogFile {
  write(event: AlertEvent): void;
  close(): void;
}

export interface QueuedNotifier {
  notify(event: AlertEvent): void;
  /** Resolves when the queue is empty (used before exit). */
  idle(): Promise<void>;
  /** Events queued or being delivered. */
  pending(): number;
}

export interface AlertNotifiers {
  /** Opens (creating) the log for appending, before privileges go; throws a one-line Error when it cannot. */
  openLog(path: string, report: (message: string) => void): AlertLogFile;
  command(command: string, report: (message: string) => void): QueuedNotifier;
  webhook(url: string, report: (message: string) => void): QueuedNotifier;
}

/** Local time for `hours` rules and the alerts view (the zone is the host's; tests fix it). */
export interface LocalTime {
  /** Local hour of day of an epoch timestamp. */
  hourOf(ts: number): number;
  /** Local "HH:MM:SS" of an epoch timestamp. */
  clockText(ts: number): string;
}
