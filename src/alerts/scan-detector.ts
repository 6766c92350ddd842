// The port-scan / host-sweep detector: one address probing many ports of a host, or one port (or ping) on many hosts.
import type { Accumulator, Condition, RuleContext } from './conditions.js';
import type { FlowSample } from './flow-samples.js';
import { protoName } from './endpoints.js';
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
  const ports = new Map<string, Set<number>>(); // "scanner>target" → target ports
  const hosts = new Map<string, Set<string>>(); // "scanner>port/proto" → target hosts
  const add = <T>(map: Map<string, Set<T>>, key: string, value: T) => {
    let set = map.get(key);
    if (set === undefined) map.set(key, (set = new Set()));
    set.add(value);
  };
  const note = (f: FlowSample, fromSrc: boolean) => {
    const self = fromSrc ? f.srcText() : f.dstText(), peer = fromSrc ? f.dstText() : f.srcText();
    const selfPort = fromSrc ? f.srcPort : f.dstPort, peerPort = fromSrc ? f.dstPort : f.srcPort;
    if (f.proto === 1 || f.proto === 58) return add(hosts, `${self}>${protoName(f.proto)}`, peer);
    if (peerPort === 0 || peerPort >= EPHEMERAL_FROM) return;
    if (selfPort !== 0 && peerPort >= 1024 && ctx.isService(selfPort, f.proto)) return;
    add(ports, `${self}>${peer}`, peerPort);
    add(hosts, `${self}>${peerPort}/${protoName(f.proto)}`, peer);
  };
  return {
    visit(f) {
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
      for (const [k, set] of ports) {
        if (set.size < r.params['ports']!) continue;
        const [scanner, target] = k.split('>') as [string, string];
        keep(scanner, { rule: r, subject: scanner, value: set.size, threshold: r.params['ports']!, unit: 'ports', detail: `${set.size} ports of ${target} in 10 s` });
      }
      for (const [k, set] of hosts) {
        if (set.size < r.params['hosts']!) continue;
        const [scanner, port] = k.split('>') as [string, string];
        keep(scanner, { rule: r, subject: scanner, value: set.size, threshold: r.params['hosts']!, unit: 'hosts', detail: `${set.size} hosts on ${port.includes('/') ? `port ${port}` : port} in 10 s` });
      }
      return [...best.values()];
    },
  };
}
