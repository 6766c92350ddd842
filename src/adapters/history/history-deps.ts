// The real HistoryDeps for `wiretop history` (process streams, clock, environment, the SQLite reader) and the recorder sink.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { HistoryDeps } from '../../history/history-main.js';
import { intlZoneParts } from './intl-zone.js';
import { HistoryRecorder } from '../../history/recorder/recorder.js';
import type { HistoryRecorderOptions } from '../../history/recorder/recorder.js';
import { openHistoryReader } from './sqlite-reader.js';
import { openHistoryWriter } from './sqlite-writer.js';

/** What main.ts passes to historyMain. */
export function realHistoryDeps(version: string): HistoryDeps {
  const env = process.env;
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    env,
    now: () => Date.now() / 1000,
    uid: process.getuid?.() ?? -1,
    openStore: openHistoryReader,
    exists: existsSync,
    locale: env['LC_ALL'] || env['LC_CTYPE'] || env['LANG'] || '',
    systemTimeZone: Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC',
    zoneRules: intlZoneParts,
    terminal: process.stdout.isTTY === true ? { columns: process.stdout.columns, rows: process.stdout.rows } : null,
    version,
  };
}

export type HistorySinkOptions = Omit<HistoryRecorderOptions, 'writer' | 'runId'> & {
  /** The database (defaultHistoryPath(uid, env) when the user gave none). */
  readonly path: string;
  readonly toolVersion: string;
  /** Mode of a new database file: default 0640 (root and its group; chmod 0644 to let every user read it). */
  readonly fileMode?: number;
};

export type OpenSinkResult =
  | { readonly ok: true; readonly recorder: HistoryRecorder; readonly path: string; readonly created: boolean; readonly migratedFrom: number | null }
  | { readonly ok: false; readonly problem: string };

/**
 * Opens (or creates, with its directory) the database and returns the recorder to hand every
 * TickSnapshot to (recorder.tick) and to close at exit (recorder.close: the last flush). A refused
 * file (newer schema, corrupt, someone else's) is a problem to report and exit with; a full disk or a
 * read-only file is not: the recorder reports it once and retries at every flush.
 */
export function openHistorySink(o: HistorySinkOptions): OpenSinkResult {
  const root = process.getuid?.() === 0;
  const w = openHistoryWriter(o.path, {
    toolVersion: o.toolVersion, now: Date.now() / 1000, ...(o.fileMode === undefined ? {} : { fileMode: o.fileMode }),
    // XDG: the state directory of a user is theirs alone.
    dirMode: root ? 0o755 : 0o700,
  });
  if (!w.ok) return w;
  if (w.migratedFrom !== null) o.report(`history: ${w.writer.path} upgraded from history schema ${w.migratedFrom}`);
  const recorder = new HistoryRecorder({ ...o, writer: w.writer, runId: randomUUID() });
  return { ok: true, recorder, path: w.writer.path, created: w.created, migratedFrom: w.migratedFrom };
}
