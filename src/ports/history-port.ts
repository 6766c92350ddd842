// The history store as the run path sees it: a recorder fed every snapshot, and the read side the web view charts.
import type { HistoryQuery } from './history-query.js';
import type { SnapshotSink } from './snapshot-sink.js';
import type { FlowOwner } from './flow-owner.js';

export interface HistoryOpenOptions {
  /** The database; null: the default for this user (/var/lib/wiretop/history.db as root). */
  readonly path: string | null;
  /** --flush, --retention, --detail-retention as given (already checked one by one), null for the defaults. */
  readonly flushSeconds: number | null;
  readonly retention: string | null;
  readonly detailRetention: string | null;
  /** Which port of a flow is its service (/etc/services and the well-known ports). */
  isService(port: number, proto: number): boolean;
  /** One line per problem while recording (a full disk, and when it works again). */
  report(message: string): void;
  /** Who owns each flow (process attribution), for the program and unit tables; null without it. */
  readonly owner?: FlowOwner | null;
}

export interface OpenedHistory {
  readonly sink: SnapshotSink;
  readonly path: string;
  readonly query: HistoryQuery;
}

export interface HistoryPort {
  /** Opens (creating) the database before privileges go, or says in one line why it cannot. */
  open(options: HistoryOpenOptions): OpenedHistory | { error: string };
}
