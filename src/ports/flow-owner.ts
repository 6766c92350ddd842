// Who owns a flow, as the history and the metrics read it: a program name and a systemd unit per flow.
import type { FlowView } from '../core/tick-snapshot.js';

/**
 * A program name and a systemd unit, or null when not known (yet). Called for flows with traffic at a
 * tick; a non-null answer is kept for the flow's lifetime.
 */
export interface FlowOwner {
  program(flows: FlowView, id: number): string | null;
  unit(flows: FlowView, id: number): string | null;
}

/** The row (or series) for traffic whose owner is not known. */
export const UNATTRIBUTED = '__unattributed__';
