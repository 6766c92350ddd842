// One pass over a snapshot's flows: this slot's bytes and packets per IP protocol and per host address, without a string per flow.
import { KEY_WORDS } from '../core/flow-key.js';
import { KeyIndex } from '../core/key-index.js';
import type { TickSnapshot } from '../core/tick-snapshot.js';
import { protocolIndex, PROTOCOLS } from './metric-families.js';

/** A host key: family, then the 4 address words (IPv4 in the first). */
export const HOST_WORDS = 5;

/** Per-protocol slot sums, PROTOCOLS.length entries each, from the flows alone (overflow traffic not included). */
export interface ProtocolSums {
  readonly sentBytes: Float64Array;
  readonly recvBytes: Float64Array;
  readonly sentPackets: Float64Array;
  readonly recvPackets: Float64Array;
}

/**
 * Reused from tick to tick. Host h (0 ≤ h < hostCount) has its key at hosts.keys[h*5..] and its slot
 * counters from its own point of view: "sent" = bytes whose IP source it is (ecosystem-conventions §8.1).
 */
export class TickTally {
  readonly protocols: ProtocolSums = {
    sentBytes: new Float64Array(PROTOCOLS.length), recvBytes: new Float64Array(PROTOCOLS.length),
    sentPackets: new Float64Array(PROTOCOLS.length), recvPackets: new Float64Array(PROTOCOLS.length),
  };
  readonly hosts: KeyIndex;
  hostSentBytes = new Float64Array(0);
  hostRecvBytes = new Float64Array(0);
  hostSentPackets = new Float64Array(0);
  hostRecvPackets = new Float64Array(0);
  private readonly key = new Uint32Array(KEY_WORDS);
  private readonly hostKey = new Uint32Array(HOST_WORDS);

  constructor(seed: number) {
    this.hosts = new KeyIndex(HOST_WORDS, seed);
  }

  get hostCount(): number {
    return this.hosts.count;
  }

  /** Counts every flow of the snapshot (idle ones too: they name hosts wiretop tracks). */
  run(s: TickSnapshot): void {
    const p = this.protocols;
    p.sentBytes.fill(0);
    p.recvBytes.fill(0);
    p.sentPackets.fill(0);
    p.recvPackets.fill(0);
    const flows = s.flows;
    const n = flows.count;
    this.hosts.reset(2 * n, 1024);
    this.sizeHostArrays(this.hosts.capacity);
    const key = this.key, hk = this.hostKey;
    const sB = this.hostSentBytes, rB = this.hostRecvBytes, sP = this.hostSentPackets, rP = this.hostRecvPackets;
    for (let i = 0; i < n; i++) {
      const id = flows.at(i);
      flows.copyKey(id, key);
      const sb = flows.slotSentBytes(id), rb = flows.slotRecvBytes(id);
      const sp = flows.slotSentPackets(id), rp = flows.slotRecvPackets(id);
      const pi = protocolIndex(key[0]! & 0xff);
      p.sentBytes[pi]! += sb;
      p.recvBytes[pi]! += rb;
      p.sentPackets[pi]! += sp;
      p.recvPackets[pi]! += rp;
      hk[0] = key[0]! >>> 8;
      hk[1] = key[1]!; hk[2] = key[2]!; hk[3] = key[3]!; hk[4] = key[4]!;
      const a = this.hosts.idOf(hk);
      if (this.hosts.added) sB[a] = rB[a] = sP[a] = rP[a] = 0;
      hk[1] = key[5]!; hk[2] = key[6]!; hk[3] = key[7]!; hk[4] = key[8]!;
      const b = this.hosts.idOf(hk);
      if (this.hosts.added) sB[b] = rB[b] = sP[b] = rP[b] = 0;
      // The flow's "sent" side is its first address: that host sent them and the other received them.
      sB[a]! += sb;
      rB[a]! += rb;
      sP[a]! += sp;
      rP[a]! += rp;
      sB[b]! += rb;
      rB[b]! += sb;
      sP[b]! += rp;
      rP[b]! += sp;
    }
  }

  private sizeHostArrays(cap: number): void {
    if (this.hostSentBytes.length >= cap) return;
    this.hostSentBytes = new Float64Array(cap);
    this.hostRecvBytes = new Float64Array(cap);
    this.hostSentPackets = new Float64Array(cap);
    this.hostRecvPackets = new Float64Array(cap);
  }
}
