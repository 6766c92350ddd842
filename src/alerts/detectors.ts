// The guide's anomaly patterns as per-tick detectors: flood, port scan, exfiltration, DNS flood, odd-port traffic, lateral.
import type { Accumulator, Condition, RuleContext } from './conditions.js';
import { endpoint, srcFirst } from './endpoints.js';
import type { FlowSample } from './flow-samples.js';
import type { DetectRule } from './rules.js';
import { scan } from './scan-detector.js';

export function detectorFor(r: DetectRule, ctx: RuleContext): Accumulator {
  switch (r.detector) {
    case 'flood': return flood(r);
    case 'scan': return scan(r, ctx);
    case 'dns-flood': return dnsFlood(r);
    case 'exfiltration': return exfiltration(r, ctx);
    case 'nonstandard-port': return oddPort(r, ctx);
    case 'lateral': return lateral(r);
  }
}

/**
 * Many distinct senders to one host:port in the closing 2-second slot, with small packets. Counted
 * from both ends of every flow, so it works whichever side the flow key puts first: the target is the
 * endpoint whose distinct peers pile up. A peer counts only if it sent in the slot, so a service
 * sending to many peers that stay silent (a DHT node, an NTP server's replies) is not "flooded".
 */
function flood(r: DetectRule): Accumulator {
  const ends = new Map<string, { peers: Set<string>; packets: number; bytes: number }>();
  const add = (end: string, peer: string, f: FlowSample) => {
    let e = ends.get(end);
    if (e === undefined) ends.set(end, (e = { peers: new Set(), packets: 0, bytes: 0 }));
    e.peers.add(peer);
    e.packets += f.slotPackets;
    e.bytes += f.slotBytes;
  };
  return {
    visit(f) {
      if (f.slotPackets === 0) return;
      if (f.recv[0]! > 0) add(endpoint(f, true), f.dstText(), f);
      if (f.sent[0]! > 0) add(endpoint(f, false), f.srcText(), f);
    },
    finish() {
      const out: Condition[] = [];
      for (const [end, e] of ends) {
        const size = e.packets > 0 ? e.bytes / e.packets : 0;
        if (e.peers.size >= r.params['sources']! && size <= r.params['packet']!) {
          out.push({ rule: r, subject: end, value: e.peers.size, threshold: r.params['sources']!, unit: 'sources', detail: `${e.peers.size} sources in 2 s, ${Math.round(size)} B average packet` });
        }
      }
      return out;
    },
  };
}

/** Packets per second to and from a DNS server (port 53, UDP or TCP) in the closing slot: queries and answers. */
function dnsFlood(r: DetectRule): Accumulator {
  const servers = new Map<string, number>();
  const add = (end: string, packets: number) => servers.set(end, (servers.get(end) ?? 0) + packets);
  return {
    visit(f) {
      if (f.slotPackets === 0 || (f.proto !== 6 && f.proto !== 17)) return;
      if (f.srcPort === 53) add(endpoint(f, true), f.slotPackets);
      else if (f.dstPort === 53) add(endpoint(f, false), f.slotPackets);
    },
    finish() {
      const out: Condition[] = [];
      for (const [end, packets] of servers) {
        const rate = packets / 2;
        if (rate >= r.params['rate']!) out.push({ rule: r, subject: end, value: rate, threshold: r.params['rate']!, unit: 'packets/s', detail: `${Math.round(rate)} DNS packets/s` });
      }
      return out;
    },
  };
}

/** Sums a per-key rate over the flows of one tick; finish() turns the sums at or above `rate` into conditions. */
function summed(r: DetectRule, detail: string, key: (f: FlowSample) => [string, number] | null): Accumulator {
  const sums = new Map<string, number>();
  return {
    visit(f) {
      const k = key(f);
      if (k !== null && k[1] > 0) sums.set(k[0], (sums.get(k[0]) ?? 0) + k[1]);
    },
    finish() {
      const out: Condition[] = [];
      for (const [subject, value] of sums) {
        if (value >= r.params['rate']!) out.push({ rule: r, subject, value, threshold: r.params['rate']!, unit: 'bytes/s', detail });
      }
      return out;
    },
  };
}

/**
 * An internal host uploading (2 s) to an external address on a port /etc/services does not name,
 * summed over the flows to that address and port (parallel streams add up). "Sustained" is the
 * rule's hold: two slots in a row by default.
 */
function exfiltration(r: DetectRule, ctx: RuleContext): Accumulator {
  return summed(r, 'sustained upload to an external host on a non-standard port', (f) => {
    const srcIn = f.srcInternal();
    if (srcIn === f.dstInternal()) return null;
    const remotePort = srcIn ? f.dstPort : f.srcPort;
    if (remotePort === 0 || ctx.isService(remotePort, f.proto)) return null;
    const inside = srcIn ? f.srcText() : f.dstText();
    return [`${inside} → ${endpoint(f, !srcIn)}`, srcIn ? f.sent[0]! : f.recv[0]!];
  });
}

/** Heavy traffic (2 s, both directions) on one flow where neither port is a known service. */
function oddPort(r: DetectRule, ctx: RuleContext): Accumulator {
  return summed(r, 'heavy traffic on ports with no known service', (f) => {
    if ((f.proto !== 6 && f.proto !== 17) || f.srcPort === 0 || f.dstPort === 0) return null;
    if (ctx.isService(f.srcPort, f.proto) || ctx.isService(f.dstPort, f.proto)) return null;
    const a = endpoint(f, true), b = endpoint(f, false);
    return [srcFirst(f) ? `${a} ↔ ${b}` : `${b} ↔ ${a}`, f.sent[0]! + f.recv[0]!];
  });
}

/** Heavy traffic (2 s, both directions, all flows of the pair) between two internal hosts: possible lateral movement. */
function lateral(r: DetectRule): Accumulator {
  return summed(r, 'heavy traffic between two internal hosts', (f) => {
    if (!f.srcInternal() || !f.dstInternal()) return null;
    const a = f.srcText(), b = f.dstText();
    return [srcFirst(f) ? `${a} ↔ ${b}` : `${b} ↔ ${a}`, f.sent[0]! + f.recv[0]!];
  });
}
