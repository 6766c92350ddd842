// Prometheus metrics as the run path sees them: a sink fed every tick, served over HTTP until closed.
import type { AlertEvent } from '../alerts/alert-engine.js';
import type { ListenAddress } from '../config/listen-address.js';
import type { FlowOwner } from './flow-owner.js';
import type { SnapshotSink } from './snapshot-sink.js';

export interface RunningMetrics {
  /** Fed with every snapshot of every source and every tick's alert events. */
  readonly sink: SnapshotSink & {
    alerts(events: readonly AlertEvent[]): void;
    /** Attribution is on: per-program and per-unit series too. */
    attributeWith(owner: FlowOwner): void;
  };
  /** Where it listens, as given to the user. */
  readonly address: string;
  /** Stops serving (after the sink's last tick, so a last scrape can still see it). */
  close(): Promise<void>;
}

export interface MetricsPort {
  /** Listens (before privileges go: ports below 1024 need root) or says in one line why it cannot. */
  start(options: {
    readonly listen: ListenAddress;
    readonly maxHosts: number;
    readonly topRemote: number;
    readonly onError: (message: string) => void;
  }): Promise<RunningMetrics | { error: string }>;
}
