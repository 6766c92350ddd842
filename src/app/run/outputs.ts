// The outputs beside the presenter (--ndjson-file, and later metrics, history, flow export): opened before privileges go.
import type { Configuration } from '../../cli/configuration.js';
import type { SnapshotSource } from '../../core/tick-snapshot.js';
import type { LineFilePort } from '../../ports/line-file.js';
import { NdjsonFileSink } from '../../sinks/ndjson-file-sink.js';
import type { Sink } from './sink.js';

export interface OutputsDeps {
  readonly version: string;
  readonly lineFiles: LineFilePort;
}

/**
 * Opens every output the options ask for, or says in one line why one cannot be. `stdoutFree`:
 * nothing else writes to standard output (the daemon), so `-` may mean it.
 */
export function openOutputs(deps: OutputsDeps, config: Configuration, sources: readonly SnapshotSource[], stdoutFree: boolean,
  report: (message: string) => void): { sinks: Sink[] } | { error: string } {
  const sinks: Sink[] = [];
  const path = config.extras.ndjsonFile;
  if (path !== null) {
    if (path === '-' && !stdoutFree) {
      return { error: '--ndjson-file - would mix JSON lines into the screen or text output on standard output: give a file (or /dev/fd/3 with 3>&1 for a pipe)' };
    }
    const opened = deps.lineFiles.open(path);
    if ('error' in opened) return { error: opened.error };
    sinks.push(new NdjsonFileSink(opened.file, path, deps.version, sources, report));
  }
  return { sinks };
}
