// A simulated run for the JSON and CSV sink tests: flows that start, carry traffic, expire and whose ids are reused, with consistent totals.
import type { TickSnapshot } from '../../src/core/tick-snapshot.js';
import { fakeSnapshot } from '../helpers/fake-snapshot.js';
import type { FakeFlow } from '../helpers/fake-snapshot.js';
import { mulberry32 } from '../helpers/random.js';

export interface SimFlow {
  id: number;
  serial: number;
  proto: number;
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  cum: [number, number, number, number];
  slot: [number, number, number, number];
  firstSeen: number;
  lastSeen: number;
  idleTicks: number;
}

/**
 * Ticks of one source: each tick some flows get traffic, flows idle for `expireAfter` ticks expire
 * (listed in `expired` at that tick, gone after), new flows take the lowest free id. Totals are the
 * cumulative counters of every flow ever plus the overflow line's.
 */
export class FlowRun {
  readonly flows = new Map<number, SimFlow>();
  /** Final counters of every flow that expired, by serial. */
  readonly ended = new Map<number, SimFlow>();
  overflowCum: [number, number, number, number] = [0, 0, 0, 0];
  private serial = 0;
  private readonly expiredCum: [number, number, number, number] = [0, 0, 0, 0];
  private readonly rand: () => number;
  tickNo = 0;

  constructor(seed: number, private readonly source: TickSnapshot['source'] = { kind: 'interface', name: 'eth0' }, private readonly expireAfter = 3) {
    this.rand = mulberry32(seed);
  }

  /** One tick at ts: `starts` new flows, traffic on about half of the live ones, optional overflow traffic. */
  tick(ts: number, starts: number, overflow = 0): TickSnapshot {
    const r = this.rand, int = (n: number) => Math.floor(r() * n);
    this.tickNo++;
    for (let k = 0; k < starts; k++) {
      let id = 0;
      while (this.flows.has(id)) id++;
      const v6 = r() < 0.3, proto = [6, 17, 1, 58][int(4)]!;
      const fam6 = v6 || proto === 58;
      this.flows.set(id, {
        id, serial: this.serial++, proto: fam6 && proto === 1 ? 58 : proto,
        src: fam6 ? `2001:db8:1::${1 + int(200)}` : `198.51.100.${1 + int(200)}`,
        dst: fam6 ? `2001:db8:2::${1 + int(5000)}` : `203.0.113.${1 + int(200)}`,
        srcPort: proto === 6 || proto === 17 ? 1024 + int(60000) : 0, dstPort: proto === 6 || proto === 17 ? 443 : 0,
        cum: [0, 0, 0, 0], slot: [0, 0, 0, 0], firstSeen: ts - r(), lastSeen: ts, idleTicks: 0,
      });
    }
    const view: FakeFlow[] = [];
    const expiring: SimFlow[] = [];
    for (const f of this.flows.values()) {
      const busy = f.cum[0] + f.cum[1] === 0 || r() < 0.5;
      f.slot = busy ? [int(1e5), 1 + int(1e6), int(90), 1 + int(900)] : [0, 0, 0, 0];
      for (let i = 0; i < 4; i++) f.cum[i]! += f.slot[i]!;
      if (busy) {
        f.idleTicks = 0;
        f.lastSeen = ts - r() * 2;
      } else f.idleTicks++;
      const expired = f.idleTicks >= this.expireAfter;
      if (expired) expiring.push(f);
      view.push({
        id: f.id, serial: f.serial, proto: f.proto, src: f.src, dst: f.dst, srcPort: f.srcPort, dstPort: f.dstPort,
        slotSentBytes: f.slot[0], slotRecvBytes: f.slot[1], slotSentPackets: f.slot[2], slotRecvPackets: f.slot[3],
        cumulativeSentBytes: f.cum[0], cumulativeRecvBytes: f.cum[1], cumulativeSentPackets: f.cum[2], cumulativeRecvPackets: f.cum[3],
        sentRate: [f.slot[0] / 2, f.cum[0] / 10, f.cum[0] / 40], recvRate: [f.slot[1] / 2, f.cum[1] / 10, f.cum[1] / 40],
        firstSeen: f.firstSeen, lastSeen: f.lastSeen, expired,
      });
    }
    const ov: [number, number, number, number] = overflow > 0 ? [overflow, 2 * overflow, 1, 2] : [0, 0, 0, 0];
    for (let i = 0; i < 4; i++) this.overflowCum[i]! += ov[i]!;
    const slot = (i: number) => view.reduce((a, f) => a + ([f.slotSentBytes, f.slotRecvBytes, f.slotSentPackets, f.slotRecvPackets][i] ?? 0), 0) + ov[i]!;
    const cum = (i: number) => [...this.flows.values()].reduce((a, f) => a + f.cum[i]!, 0) + this.expiredCum[i]! + this.overflowCum[i]!;
    const s = fakeSnapshot({
      ts, tick: this.tickNo, source: this.source, flows: view,
      totals: {
        slotSentBytes: slot(0), slotRecvBytes: slot(1), slotSentPackets: slot(2), slotRecvPackets: slot(3),
        cumulativeSentBytes: cum(0), cumulativeRecvBytes: cum(1), cumulativeSentPackets: cum(2), cumulativeRecvPackets: cum(3),
      },
      overflow: {
        slotSentBytes: ov[0], slotRecvBytes: ov[1], slotSentPackets: ov[2], slotRecvPackets: ov[3],
        sentRate: [ov[0] / 2, 0, 0], recvRate: [ov[1] / 2, 0, 0],
        cumulativeSentBytes: this.overflowCum[0], cumulativeRecvBytes: this.overflowCum[1],
        cumulativeSentPackets: this.overflowCum[2], cumulativeRecvPackets: this.overflowCum[3],
      },
      counters: { frames: 1000 * this.tickNo, accounted: 990 * this.tickNo, malformed: this.tickNo },
      kernel: this.source.kind === 'interface' ? { received: 1000 * this.tickNo, dropped: 3, ifDropped: 1 } : null,
    });
    for (const f of expiring) {
      this.flows.delete(f.id);
      this.ended.set(f.serial, { ...f, cum: [...f.cum] });
      for (let i = 0; i < 4; i++) this.expiredCum[i]! += f.cum[i]!;
    }
    return s;
  }
}
