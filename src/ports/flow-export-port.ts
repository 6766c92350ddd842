// Flow export as the run path sees it: one exporter per source, fed every snapshot, closed with a final flush.
import type { FlowExportSettings } from '../export/flow-export-options.js';
import type { SnapshotSink } from './snapshot-sink.js';

export interface FlowExportPort {
  /**
   * An exporter to the settings' collector for one source: `interfaceName` is the live interface (its
   * index goes into the records), null for a file. Collector problems go to `report`, one line each.
   */
  create(settings: FlowExportSettings, interfaceName: string | null, report: (message: string) => void): SnapshotSink;
}
