// An output fed once per tick with the snapshot of one source (metrics, JSON, CSV, flow export), then closed once.
import type { TickSnapshot } from '../core/tick-snapshot.js';

export interface SnapshotSink {
  /**
   * One tick of one source; the snapshot's views are valid only during this call. The run's last
   * snapshot (partial or not) comes through here too, before close().
   */
  tick(snapshot: TickSnapshot): void;
  /** The run ended (end of file, -s, a signal): write what is left; resolves once it is handed to the OS. */
  close(): Promise<void>;
}
