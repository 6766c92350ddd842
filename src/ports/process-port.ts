// The process-level things the run path needs: signals, suspending for Ctrl+Z, stdin keys, dropping privileges.

/** What a run still needs root's powers for after the drop. */
export interface PrivilegeNeeds {
  /** A live capture, which may have to be opened again (its interface went away and came back). */
  readonly recapture: boolean;
  /** Process attribution, which reads other users' /proc/PID/fd. */
  readonly attribution: boolean;
}

/** Signals that end a run; SIGHUP also reloads the daemon's alert rules. */
export type HandledSignal = 'SIGHUP' | 'SIGINT' | 'SIGQUIT' | 'SIGTERM';

/** Signal numbers for the 128+n exit statuses. */
export const SIGNAL_NUMBERS: Readonly<Record<HandledSignal, number>> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGTERM: 15 };

export type DropResult =
  | { kind: 'dropped'; user: string; uid: number; gid: number }
  | { kind: 'not-root' }
  | { kind: 'kept-root' }
  | { kind: 'error'; message: string };

export interface KeyReader {
  /** Restores the terminal mode and stops reading. */
  close(): void;
}

export interface ProcessPort {
  /** Routes SIGINT/SIGTERM/SIGHUP/SIGQUIT to the handler; returns a function that removes it. */
  onSignal(handler: (signal: HandledSignal) => void): () => void;
  /** Single keys from stdin (raw mode on a terminal); Ctrl+C, Ctrl+\ and Ctrl+Z come as signal keys. */
  readKeys(onKey: (key: string) => void, onSignalKey: (signal: 'SIGINT' | 'SIGQUIT' | 'SIGTSTP') => void): KeyReader;
  /** Stops the process (Ctrl+Z); `resumed` runs once it is continued. */
  suspend(resumed: () => void): void;
  /**
   * Leaves root once everything privileged is open (tcpdump -Z). With `needs.recapture` (a live
   * capture) CAP_NET_RAW stays permitted (not effective) so a capture that went away can be opened
   * again; with `needs.attribution`, also CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH, effective, to read
   * other users' /proc/PID/fd. Reading a file needs neither: it keeps no capability at all.
   */
  dropPrivileges(user: string | null, needs: PrivilegeNeeds): DropResult;
}
