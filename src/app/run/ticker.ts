// The one owner of rotation: at each tick build the snapshot, hand it to every sink in order, then close the slot.
import type { Monitor } from '../../core/monitor.js';
import type { KernelCounters } from '../../core/screen-model.js';
import { SnapshotBuilder } from '../../core/table-snapshot.js';
import type { SnapshotSource } from '../../core/tick-snapshot.js';
import type { GuardedSink, RunEnd, TickContext } from './sink.js';

/**
 * One per source (each interface of the daemon has its own monitor and ticker; sinks may be shared).
 * Nothing else calls monitor.rotate(), so every output sees every slot exactly once, before it closes.
 */
export class Ticker {
  private readonly builder: SnapshotBuilder;

  constructor(
    private readonly monitor: Monitor,
    source: SnapshotSource,
    private readonly sinks: readonly GuardedSink[],
    private readonly kernel: () => KernelCounters | null = () => null,
  ) {
    this.builder = new SnapshotBuilder(monitor, source);
  }

  /** A slot boundary at `ts` (seconds since the epoch): snapshot, sinks, rotation. */
  tick(ts: number, due: boolean): void {
    this.deliver(ts, false, due, null);
    this.monitor.rotate(ts);
  }

  /** The final part-slot (end of file, or the run stopping): snapshot and sinks, nothing rotates. */
  finish(ts: number, end: RunEnd): void {
    this.deliver(ts, true, end === 'file', end);
  }

  private deliver(ts: number, partial: boolean, due: boolean, end: RunEnd | null): void {
    const snapshot = this.builder.build(ts, partial, this.kernel());
    const context: TickContext = { snapshot, alerts: [], due, end };
    for (const s of this.sinks) s.tick(context);
  }
}
