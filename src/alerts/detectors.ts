// The guide's anomaly patterns as per-tick detectors: flood, port scan, exfiltration, DNS flood, odd-port traffic, lateral.
import { PairIndex } from '../core/pair-index.js';
import { SLOT_SECONDS } from '../core/screen-model.js';
import type { Accumulator, Condition, RuleContext } from './conditions.js';
import { endpoint, endpointText, srcFirst } from './endpoints.js';
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
  // Numbers, not strings or a Set per endpoint: a flood is 100 000 flows a tick.
  const ends = new PairIndex(); // (host, port × 256 + protocol)
  const endPeers = new PairIndex(); // (endpoint, peer host): distinct peers per endpoint
  const peers: number[] = [], packets: number[] = [], bytes: number[] = [];
  let walk: FlowSample | null = null;
  const add = (host: number, port: number, peer: number, f: FlowSample) => {
    const end = ends.idOf(host, port * 256 + f.proto);
    endPeers.idOf(end, peer);
    if (endPeers.added) peers[end] = (peers[end] ?? 0) + 1;
    packets[end] = (packets[end] ?? 0) + f.slotPackets;
    bytes[end] = (bytes[end] ?? 0) + f.slotBytes;
  };
  return {
    visit(f) {
      walk = f;
      if (f.slotPackets === 0) return;
      if (f.recv[0]! > 0) add(f.srcHost(), f.srcPort, f.dstHost(), f);
      if (f.sent[0]! > 0) add(f.dstHost(), f.dstPort, f.srcHost(), f);
    },
    finish() {
      const out: Condition[] = [];
      for (let end = 0; end < ends.count; end++) {
        const n = peers[end] ?? 0, p = packets[end] ?? 0;
        const size = p > 0 ? (bytes[end] ?? 0) / p : 0;
        if (n >= r.params['sources']! && size <= r.params['packet']!) {
          const host = ends.x(end), port = Math.floor(ends.y(end) / 256), proto = ends.y(end) % 256;
          const subject = endpointText(walk!, host, port, proto);
          out.push({ rule: r, subject, value: n, threshold: r.params['sources']!, unit: 'sources', detail: `${n} sources in 2 s, ${Math.round(size)} B average packet` });
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
        const rate = packets / SLOT_SECONDS;
        if (rate >= r.params['rate']!) out.push({ rule: r, subject: end, value: rate, threshold: r.params['rate']!, unit: 'packets/s', detail: `${Math.round(rate)} DNS packets/s` });
      }
      return out;
    },
  };
}

/**
 * Sums a per-subject rate over the flows of one tick; finish() turns the sums at or above `rate` into
 * conditions. `value` is 0 for a flow the detector does not look at; the subject text is only made
 * for flows with a rate, so idle flows cost no string.
 */
function summed(r: DetectRule, detail: string, value: (f: FlowSample) => number, subject: (f: FlowSample) => string): Accumulator {
  const sums = new Map<string, number>();
  return {
    visit(f) {
      const v = value(f);
      if (v > 0) {
        const k = subject(f);
        sums.set(k, (sums.get(k) ?? 0) + v);
      }
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
    if (srcIn === f.dstInternal()) return 0;
    const remotePort = srcIn ? f.dstPort : f.srcPort;
    if (remotePort === 0 || ctx.isService(remotePort, f.proto)) return 0;
    return srcIn ? f.sent[0]! : f.recv[0]!;
  }, (f) => {
    const srcIn = f.srcInternal();
    return `${srcIn ? f.srcText() : f.dstText()} → ${endpoint(f, !srcIn)}`;
  });
}

/** Heavy traffic (2 s, both directions) on one flow where neither port is a known service. */
function oddPort(r: DetectRule, ctx: RuleContext): Accumulator {
  return summed(r, 'heavy traffic on ports with no known service', (f) => {
    if ((f.proto !== 6 && f.proto !== 17) || f.srcPort === 0 || f.dstPort === 0) return 0;
    if (ctx.isService(f.srcPort, f.proto) || ctx.isService(f.dstPort, f.proto)) return 0;
    return f.sent[0]! + f.recv[0]!;
  }, (f) => {
    const a = endpoint(f, true), b = endpoint(f, false);
    return srcFirst(f) ? `${a} ↔ ${b}` : `${b} ↔ ${a}`;
  });
}

/** Heavy traffic (2 s, both directions, all flows of the pair) between two internal hosts: possible lateral movement. */
function lateral(r: DetectRule): Accumulator {
  return summed(r, 'heavy traffic between two internal hosts', (f) => (f.srcInternal() && f.dstInternal() ? f.sent[0]! + f.recv[0]! : 0), (f) => {
    const a = f.srcText(), b = f.dstText();
    return srcFirst(f) ? `${a} ↔ ${b}` : `${b} ↔ ${a}`;
  });
}
