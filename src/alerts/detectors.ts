// The guide's anomaly patterns as per-tick detectors: flood, port scan, exfiltration, DNS flood, odd-port traffic, lateral.
import type { Accumulator, Condition, RuleContext } from './conditions.js';
import type { FlowSample } from './flow-samples.js';
import { wordsText } from './flow-samples.js';
import type { DetectRule } from './rules.js';

/** Linux's default ephemeral range starts here: replies to an attacker's random source ports land above it. */
const EPHEMERAL_FROM = 32768;

const PROTO: Record<number, string> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 58: 'icmpv6' };
const protoName = (p: number) => PROTO[p] ?? `proto ${p}`;
const endpoint = (family: 4 | 6, words: Uint32Array, port: number, proto: number) => {
  const a = wordsText(family, words);
  return `${family === 6 ? `[${a}]` : a}:${port}/${protoName(proto)}`;
};

export function detectorFor(r: DetectRule, ctx: RuleContext): Accumulator {
  switch (r.detector) {
    case 'flood': return flood(r);
    case 'scan': return scan(r, ctx);
    case 'dns-flood': return dnsFlood(r);
    case 'exfiltration': return perFlow((f) => exfiltration(r, ctx, f));
    case 'nonstandard-port': return perFlow((f) => oddPort(r, ctx, f));
    case 'lateral': return perFlow((f) => lateral(r, ctx, f));
  }
}

/**
 * Many distinct senders to one host:port in the closing 2-second slot, with small packets. Counted
 * from both ends of every flow, so it works whichever side the flow key puts first: the target is the
 * endpoint whose distinct peers pile up.
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
      const a = wordsText(f.family, f.src), b = wordsText(f.family, f.dst);
      add(endpoint(f.family, f.src, f.srcPort, f.proto), b, f);
      add(endpoint(f.family, f.dst, f.dstPort, f.proto), a, f);
    },
    finish() {
      const out: Condition[] = [];
      for (const [end, e] of ends) {
        const size = e.bytes / e.packets;
        if (e.peers.size >= r.params['sources']! && size <= r.params['packet']!) {
          out.push({ rule: r, subject: end, value: e.peers.size, threshold: r.params['sources']!, unit: 'sources', detail: `${e.peers.size} sources in 2 s, ${Math.round(size)} B average packet` });
        }
      }
      return out;
    },
  };
}

/**
 * One address reaching many ports of one host (or the same port on many hosts) within 10 s, each
 * with little traffic. Ports in the ephemeral range are left out so a target answering an attacker's
 * random source ports is not taken for a scanner, and so is a side whose own port is a service.
 */
function scan(r: DetectRule, ctx: RuleContext): Accumulator {
  const ports = new Map<string, Set<number>>(); // "scanner>target" → target ports
  const hosts = new Map<string, Set<string>>(); // "scanner>port" → target hosts
  const note = (self: string, selfPort: number, peer: string, peerPort: number, proto: number) => {
    if (peerPort === 0 || peerPort >= EPHEMERAL_FROM) return;
    // A server answering from its service port (DNS to a resolver's random ports) is not probing.
    if (selfPort !== 0 && ctx.isService(selfPort, proto)) return;
    const pk = `${self}>${peer}`, hk = `${self}>${peerPort}/${protoName(proto)}`;
    (ports.get(pk) ?? ports.set(pk, new Set()).get(pk)!).add(peerPort);
    (hosts.get(hk) ?? hosts.set(hk, new Set()).get(hk)!).add(peer);
  };
  return {
    visit(f) {
      if (f.recentBytes === 0 || f.recentBytes > r.params['bytes']!) return;
      const a = wordsText(f.family, f.src), b = wordsText(f.family, f.dst);
      // Only a side that sent something in the 10 s can be the one probing (not the target of a reflection).
      if (f.sent[1]! > 0) note(a, f.srcPort, b, f.dstPort, f.proto);
      if (f.recv[1]! > 0) note(b, f.dstPort, a, f.srcPort, f.proto);
    },
    finish() {
      const best = new Map<string, Condition>();
      const keep = (scanner: string, c: Condition) => {
        const had = best.get(scanner);
        if (had === undefined || c.value > had.value) best.set(scanner, c);
      };
      for (const [k, set] of ports) {
        if (set.size < r.params['ports']!) continue;
        const [scanner, target] = k.split('>') as [string, string];
        keep(scanner, { rule: r, subject: scanner, value: set.size, threshold: r.params['ports']!, unit: 'ports', detail: `${set.size} ports of ${target} in 10 s` });
      }
      for (const [k, set] of hosts) {
        if (set.size < r.params['hosts']!) continue;
        const [scanner, port] = k.split('>') as [string, string];
        keep(scanner, { rule: r, subject: scanner, value: set.size, threshold: r.params['hosts']!, unit: 'hosts', detail: `${set.size} hosts on port ${port} in 10 s` });
      }
      return [...best.values()];
    },
  };
}

/** Packets per second to a DNS server (port 53, UDP or TCP) in the closing slot. */
function dnsFlood(r: DetectRule): Accumulator {
  const servers = new Map<string, number>();
  const add = (end: string, packets: number) => servers.set(end, (servers.get(end) ?? 0) + packets);
  return {
    visit(f) {
      if (f.slotPackets === 0 || (f.proto !== 6 && f.proto !== 17)) return;
      if (f.srcPort === 53) add(endpoint(f.family, f.src, 53, f.proto), f.slotPackets);
      else if (f.dstPort === 53) add(endpoint(f.family, f.dst, 53, f.proto), f.slotPackets);
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

function perFlow(check: (f: FlowSample) => Condition | null): Accumulator {
  const out: Condition[] = [];
  return {
    visit(f) {
      const c = check(f);
      if (c !== null) out.push(c);
    },
    finish: () => out,
  };
}

/** A sustained upload from an internal host to an external address on a port /etc/services does not name. */
function exfiltration(r: DetectRule, ctx: RuleContext, f: FlowSample): Condition | null {
  const rate = r.params['rate']!;
  const srcIn = ctx.isInternal(f.family, f.src), dstIn = ctx.isInternal(f.family, f.dst);
  if (srcIn === dstIn) return null;
  // Bytes/s the internal side sent in the closing 2 s; "sustained" is the rule's hold (two slots by default).
  const up = srcIn ? f.sent[0]! : f.recv[0]!;
  const remotePort = srcIn ? f.dstPort : f.srcPort;
  if (up < rate || remotePort === 0 || ctx.isService(remotePort, f.proto)) return null;
  const [inside, outside] = srcIn ? [wordsText(f.family, f.src), endpoint(f.family, f.dst, f.dstPort, f.proto)] : [wordsText(f.family, f.dst), endpoint(f.family, f.src, f.srcPort, f.proto)];
  return { rule: r, subject: `${inside} → ${outside}`, value: up, threshold: rate, unit: 'bytes/s', detail: `sustained upload to an external host on non-standard port ${remotePort}` };
}

/** Heavy traffic where neither port is a known service. */
function oddPort(r: DetectRule, ctx: RuleContext, f: FlowSample): Condition | null {
  if ((f.proto !== 6 && f.proto !== 17) || f.srcPort === 0 || f.dstPort === 0) return null;
  if (ctx.isService(f.srcPort, f.proto) || ctx.isService(f.dstPort, f.proto)) return null;
  const rate = f.sent[0]! + f.recv[0]!;
  if (rate < r.params['rate']!) return null;
  const a = endpoint(f.family, f.src, f.srcPort, f.proto), b = endpoint(f.family, f.dst, f.dstPort, f.proto);
  const aFirst = insideFirst(ctx, f);
  return { rule: r, subject: aFirst ? `${a} ↔ ${b}` : `${b} ↔ ${a}`, value: rate, threshold: r.params['rate']!, unit: 'bytes/s', detail: 'heavy traffic on ports with no known service' };
}

/** Heavy traffic between two internal hosts (possible lateral movement). */
function lateral(r: DetectRule, ctx: RuleContext, f: FlowSample): Condition | null {
  if (!ctx.isInternal(f.family, f.src) || !ctx.isInternal(f.family, f.dst)) return null;
  const rate = f.sent[0]! + f.recv[0]!;
  if (rate < r.params['rate']!) return null;
  const a = wordsText(f.family, f.src), b = wordsText(f.family, f.dst);
  const aFirst = insideFirst(ctx, f);
  return { rule: r, subject: aFirst ? `${a} ↔ ${b}` : `${b} ↔ ${a}`, value: rate, threshold: r.params['rate']!, unit: 'bytes/s', detail: 'heavy traffic between two internal hosts' };
}

/**
 * Whether the flow's first side goes first in a two-sided subject: the internal side, else the lower
 * address. The flow table's order depends on which packet came first, and a subject (the alert's id)
 * must not.
 */
function insideFirst(ctx: RuleContext, f: FlowSample): boolean {
  const aIn = ctx.isInternal(f.family, f.src), bIn = ctx.isInternal(f.family, f.dst);
  if (aIn !== bIn) return aIn;
  for (let i = 0; i < 4; i++) if (f.src[i] !== f.dst[i]) return f.src[i]! < f.dst[i]!;
  return f.srcPort <= f.dstPort;
}
