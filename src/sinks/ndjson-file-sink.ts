// --ndjson-file: every flow of every tick, the totals and the alert events as JSON lines, beside any other output.
import type { Sink, TickContext } from '../app/run/sink.js';
import type { SnapshotSource } from '../core/tick-snapshot.js';
import { inert } from '../format/inert.js';
import type { LineFile } from '../ports/line-file.js';
import { NdjsonFlowsEncoder, ndjsonFlowsHeader } from '../render/ndjson-flows.js';
import { ownerFieldsEncoder } from '../render/ndjson-owners.js';
import type { Owner } from '../attribution/owner.js';
import type { FlowView } from '../core/tick-snapshot.js';

/** The owner of a flow of a snapshot view (process attribution), undefined while not looked up. */
export type FlowOwnerLookup = (flows: FlowView, id: number) => Owner | undefined;

export class NdjsonFileSink implements Sink {
  readonly name: string;
  private dropped = 0;
  private readonly encoder: NdjsonFlowsEncoder;

  constructor(
    private readonly file: LineFile,
    path: string,
    version: string,
    sources: readonly SnapshotSource[],
    private readonly report: (message: string) => void,
    owners: FlowOwnerLookup | null = null,
  ) {
    this.name = `the NDJSON file ${inert(path)}`;
    const fields = ownerFieldsEncoder();
    this.encoder = new NdjsonFlowsEncoder(owners === null ? null : (v, id) => fields(owners(v, id)));
    file.write(ndjsonFlowsHeader(version, sources));
  }

  tick(t: TickContext): void {
    const problem = this.file.takeError();
    // Thrown so the guard says it once and retries (the file is opened again at the next write).
    if (problem !== null) throw new Error(problem);
    const alerts = t.alerts.map((e) => JSON.stringify(e) + '\n').join('');
    if (!this.file.writeBytes(this.encoder.encode(t.snapshot, alerts))) {
      // A file that cannot keep up (a stalled disk) costs ticks, not memory.
      if (this.dropped++ === 0) this.report(`${this.name} is not keeping up; ticks are left out until it catches up`);
    }
  }

  async close(): Promise<void> {
    if (this.dropped > 0) this.report(`${this.name}: ${this.dropped} tick${this.dropped > 1 ? 's' : ''} left out because the file could not keep up`);
    await this.file.close();
  }
}
