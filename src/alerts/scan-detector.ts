// The port-scan / host-sweep detector: one address probing many ports of a host, or one port (or ping) on many hosts.
import type { Accumulator, Condition, RuleContext } from './conditions.js';
import type { FlowSample } from './flow-samples.js';
import { protoName } from './endpoints.js';
import { PairIndex } from '../core/pair-index.js';
import type { DetectRule } from './rules.js';

/** Linux's default ephemeral range starts here: replies to an attacker's random source ports land above it. */
const EPHEMERAL_FROM = 32768;
/**
 * What a probed side may send back in 10 s and still count as probed: a bare RST, SYN-ACK or ICMP
 * answer or two. A DNS answer or an SSH banner is more: that peer was talked to, not probed.
 */
const REPLY_MAX = 120;

/**
 * Within 10 s and with each flow small: one address reaching ≥ `ports` ports of one host, or one
 * port on ≥ `hosts` hosts (ICMP echo sweeps count as a port). A side counts as the prober only if it
 * sent something and the other side answered at most a bare reply. Ports in the ephemeral range are
 * left out (a target answering a scanner's random source ports), and so is a side answering from a
 * named service port to an unprivileged port (a DNS server replying to a resolver's random ports).
 * Known limits: a scan of ports ≥ 1024 from a service source port (nmap -g 53) is not seen.
 */
export function scan(r: DetectRule, ctx: RuleContext): Accumulator {
  // Numbers, not strings or a Set per key: a sweep of a /16 is 65 536 flows a tick.
  const pairs = new PairIndex(); // (scanner, target) hosts
  const pairPorts = new PairIndex(); // (pair, target port): distinct ports per pair
  const portsOf: number[] = [];
  const probes = new PairIndex(); // (scanner, port × 256 + protocol); ICMP with port 0
  const probeHosts = new PairIndex(); // (probe, target): distinct targets per probe
  const hostsOf: number[] = [];
  let walk: FlowSample | null = null;
  const note = (f: FlowSample, fromSrc: boolean) => {
    const self = fromSrc ? f.srcHost() : f.dstHost(), peer = fromSrc ? f.dstHost() : f.srcHost();
    const selfPort = fromSrc ? f.srcPort : f.dstPort, peerPort = fromSrc ? f.dstPort : f.srcPort;
    const icmp = f.proto === 1 || f.proto === 58;
    if (!icmp) {
      if (peerPort === 0 || peerPort >= EPHEMERAL_FROM) return;
      if (selfPort !== 0 && peerPort >= 1024 && ctx.isService(selfPort, f.proto)) return;
      const pair = pairs.idOf(self, peer);
      pairPorts.idOf(pair, peerPort);
      if (pairPorts.added) portsOf[pair] = (portsOf[pair] ?? 0) + 1;
    }
    const probe = probes.idOf(self, (icmp ? 0 : peerPort) * 256 + f.proto);
    probeHosts.idOf(probe, peer);
    if (probeHosts.added) hostsOf[probe] = (hostsOf[probe] ?? 0) + 1;
  };
  return {
    visit(f) {
      walk = f;
      if (f.recentBytes === 0 || f.recentBytes > r.params['bytes']!) return;
      if (f.recentSent > 0 && f.recentRecv <= REPLY_MAX) note(f, true);
      if (f.recentRecv > 0 && f.recentSent <= REPLY_MAX) note(f, false);
    },
    finish() {
      const best = new Map<string, Condition>();
      const keep = (scanner: string, c: Condition) => {
        const had = best.get(scanner);
        if (had === undefined || c.value > had.value) best.set(scanner, c);
      };
      for (let pair = 0; pair < pairs.count; pair++) {
        const n = portsOf[pair] ?? 0;
        if (n < r.params['ports']!) continue;
        const scanner = walk!.hostText(pairs.x(pair)), target = walk!.hostText(pairs.y(pair));
        keep(scanner, { rule: r, subject: scanner, value: n, threshold: r.params['ports']!, unit: 'ports', detail: `${n} ports of ${target} in 10 s` });
      }
      for (let probe = 0; probe < probes.count; probe++) {
        const n = hostsOf[probe] ?? 0;
        if (n < r.params['hosts']!) continue;
        const scanner = walk!.hostText(probes.x(probe));
        const port = Math.floor(probes.y(probe) / 256), proto = probes.y(probe) % 256;
        const what = proto === 1 || proto === 58 ? protoName(proto) : `port ${port}/${protoName(proto)}`;
        keep(scanner, { rule: r, subject: scanner, value: n, threshold: r.params['hosts']!, unit: 'hosts', detail: `${n} hosts on ${what} in 10 s` });
      }
      return [...best.values()];
    },
  };
}
