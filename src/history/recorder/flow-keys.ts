// Per-flow keys for the detail tables (host texts, local flags, service, owner), made once per flow, not per tick.
import type { FlowView, TickSnapshot } from '../../core/tick-snapshot.js';
import { formatAddress } from '../../format/inet-ntop.js';
import type { FlowOwner } from '../../ports/flow-owner.js';
import { UNATTRIBUTED } from '../../ports/flow-owner.js';
import { OTHER } from '../../ports/history-store.js';
import { serviceKey } from '../service-key.js';

export interface FlowKeys {
  readonly src: string;
  readonly dst: string;
  readonly srcLocal: boolean;
  readonly dstLocal: boolean;
  readonly service: string;
  program: string | null;
  unit: string | null;
  seenTick: number;
}

/** Flows not seen with traffic for this many ticks are forgotten (iftop expires them after 20 silent slots). */
const FORGET_TICKS = 64;

export class FlowKeyCache {
  private readonly bySerial = new Map<number, FlowKeys>();
  private readonly addr = new Uint8Array(16);
  private sweepAt = 0;

  constructor(
    private readonly isService: (port: number, proto: number) => boolean,
    private readonly owner: FlowOwner | null,
  ) {}

  get size(): number {
    return this.bySerial.size;
  }

  keys(s: TickSnapshot, view: FlowView, id: number, tick: number): FlowKeys {
    const serial = view.serial(id);
    let k = this.bySerial.get(serial);
    if (k === undefined) {
      const family = view.family(id);
      view.copySrc(id, this.addr);
      const srcLocal = s.isLocal(family, this.addr);
      const src = formatAddress(family, this.addr);
      view.copyDst(id, this.addr);
      const dstLocal = s.isLocal(family, this.addr);
      const dst = formatAddress(family, this.addr);
      k = { src, dst, srcLocal, dstLocal, service: serviceKey(view.proto(id), view.srcPort(id), view.dstPort(id), this.isService), program: null, unit: null, seenTick: tick };
      this.bySerial.set(serial, k);
    }
    k.seenTick = tick;
    if (this.owner !== null) {
      if (k.program === null) k.program = ownerKey(this.owner.program(view, id));
      if (k.unit === null) k.unit = ownerKey(this.owner.unit(view, id));
    }
    return k;
  }

  /** Drops the flows that expired at this tick, and now and then those long silent. */
  tickDone(expired: FlowView, tick: number): void {
    for (let i = 0; i < expired.count; i++) this.bySerial.delete(expired.serial(expired.at(i)));
    if (tick >= this.sweepAt) {
      this.sweepAt = tick + FORGET_TICKS;
      for (const [serial, k] of this.bySerial) if (k.seenTick < tick - FORGET_TICKS) this.bySerial.delete(serial);
    }
  }
}

/** A name from outside as a row key: never one of the reserved rows. */
function ownerKey(name: string | null): string | null {
  if (name === null) return null;
  return name === OTHER || name === UNATTRIBUTED ? `_${name}` : name;
}
