// Synthetic traffic for the alert scenarios: benign mixes and attack patterns as timed packets, written as a pcap.
import { ethernet, ipv4, ipv6, tcp, udp } from '../helpers/frames.js';
import type { PcapRecord } from '../helpers/pcap-writer.js';
// Seeded, so every run builds the same capture.
import { mulberry32 as prng } from '../helpers/random.js';

/** One packet: IP total length `size` (headers only are stored: the capture is cut like tcpdump -s 96). */
export interface Pkt {
  t: number;
  src: string;
  dst: string;
  proto: 'tcp' | 'udp';
  sport: number;
  dport: number;
  size: number;
  /** TCP flags (default ACK). */
  flags?: number;
}

export const SYN = 0x02, RST_ACK = 0x14, SYN_ACK = 0x12, ACK = 0x10, PSH_ACK = 0x18;


/** Frames with real headers and a forged IP length (the bytes wiretop counts), sorted by time. */
export function toRecords(packets: Pkt[], base: number): PcapRecord[] {
  packets.sort((a, b) => a.t - b.t);
  return packets.map((p) => {
    const v6 = p.src.includes(':');
    const transport = p.proto === 'tcp'
      ? tcp({ srcPort: p.sport, dstPort: p.dport, flags: p.flags ?? ACK })
      : udp({ srcPort: p.sport, dstPort: p.dport, length: Math.max(8, p.size - (v6 ? 40 : 20)) });
    const ip = v6
      ? ipv6({ src: p.src, dst: p.dst, nextHeader: p.proto, payload: transport, payloadLength: p.size - 40 })
      : ipv4({ src: p.src, dst: p.dst, proto: p.proto, payload: transport, totalLength: p.size });
    const data = ethernet({}, ip);
    return { ts: base + p.t, data, wirelen: 14 + p.size };
  });
}

const ephemeral = (rnd: () => number) => 32768 + Math.floor(rnd() * 28000);

/**
 * A one-way bulk transfer at `rate` bytes/s in `segment`-byte packets (TSO-sized, as a sending host
 * captures them), acknowledged by 52-byte packets every other segment.
 */
export function bulk(o: { from: string; to: string; sport: number; dport: number; start: number; end: number; rate: number; segment?: number; proto?: 'tcp' | 'udp' }): Pkt[] {
  const seg = o.segment ?? 16000, proto = o.proto ?? 'tcp';
  const gap = seg / o.rate;
  const out: Pkt[] = [];
  let i = 0;
  for (let t = o.start; t < o.end; t += gap, i++) {
    out.push({ t, src: o.from, dst: o.to, proto, sport: o.sport, dport: o.dport, size: seg, flags: PSH_ACK });
    if (proto === 'tcp' && i % 2 === 1) out.push({ t: t + 0.0005, src: o.to, dst: o.from, proto, sport: o.dport, dport: o.sport, size: 52 });
  }
  return out;
}

/** A browsing client: DNS lookups, and every few seconds an HTTPS (sometimes HTTP) page from one of a few servers. */
export function webMix(o: { client: string; resolver: string; start: number; end: number; seed: number }): Pkt[] {
  const rnd = prng(o.seed);
  const out: Pkt[] = [];
  for (let t = o.start; t < o.end; t += 0.4 + rnd() * 0.4) {
    const sport = ephemeral(rnd);
    out.push({ t, src: o.client, dst: o.resolver, proto: 'udp', sport, dport: 53, size: 70 });
    out.push({ t: t + 0.01, src: o.resolver, dst: o.client, proto: 'udp', sport: 53, dport: sport, size: 150 });
  }
  for (let t = o.start; t < o.end - 2; t += 1 + rnd() * 2) {
    const server = `203.0.113.${10 + Math.floor(rnd() * 8)}`, port = rnd() < 0.8 ? 443 : 80, sport = ephemeral(rnd);
    out.push({ t, src: o.client, dst: server, proto: 'tcp', sport, dport: port, size: 60, flags: SYN });
    out.push({ t: t + 0.02, src: server, dst: o.client, proto: 'tcp', sport: port, dport: sport, size: 60, flags: SYN_ACK });
    out.push({ t: t + 0.03, src: o.client, dst: server, proto: 'tcp', sport, dport: port, size: 600, flags: PSH_ACK });
    const page = 100_000 + rnd() * 900_000;
    out.push(...bulk({ from: server, to: o.client, sport: port, dport: sport, start: t + 0.06, end: t + 0.06 + page / 1_500_000, rate: 1_500_000, segment: 1500 }));
  }
  return out;
}

/** An interactive SSH session (keystrokes and echoes) with a 3 MB scp in the middle. */
export function sshSession(o: { client: string; server: string; start: number; end: number; seed: number }): Pkt[] {
  const rnd = prng(o.seed);
  const sport = 51022;
  const out: Pkt[] = [];
  for (let t = o.start; t < o.end; t += 0.08 + rnd() * 0.3) {
    out.push({ t, src: o.client, dst: o.server, proto: 'tcp', sport, dport: 22, size: 88 + Math.floor(rnd() * 40) });
    out.push({ t: t + 0.03, src: o.server, dst: o.client, proto: 'tcp', sport: 22, dport: sport, size: 88 + Math.floor(rnd() * 400) });
  }
  const mid = (o.start + o.end) / 2;
  out.push(...bulk({ from: o.server, to: o.client, sport: 22, dport: 51023, start: mid, end: mid + 2, rate: 1_500_000, segment: 1500 }));
  return out;
}

/**
 * A busy HTTPS server: hundreds of clients, each a request and a 20–60 KB answer in full-size packets.
 * Many sources to one port, like a flood, but the packets are large: it must not look like one.
 */
export function busyServer(o: { server: string; start: number; end: number; seed: number }): Pkt[] {
  const rnd = prng(o.seed);
  const out: Pkt[] = [];
  for (let t = o.start; t < o.end - 1; t += 0.01) {
    const client = `${rnd() < 0.5 ? '198.51.100' : '203.0.113'}.${1 + Math.floor(rnd() * 254)}`, sport = ephemeral(rnd);
    out.push({ t, src: client, dst: o.server, proto: 'tcp', sport, dport: 443, size: 60, flags: SYN });
    out.push({ t: t + 0.001, src: o.server, dst: client, proto: 'tcp', sport: 443, dport: sport, size: 60, flags: SYN_ACK });
    out.push({ t: t + 0.03, src: client, dst: o.server, proto: 'tcp', sport, dport: 443, size: 517, flags: PSH_ACK });
    const size = 20_000 + rnd() * 40_000;
    for (let sent = 0, i = 0; sent < size; sent += 1500, i++) {
      out.push({ t: t + 0.04 + i * 0.002, src: o.server, dst: client, proto: 'tcp', sport: 443, dport: sport, size: 1500, flags: PSH_ACK });
      if (i % 2 === 1) out.push({ t: t + 0.05 + i * 0.002, src: client, dst: o.server, proto: 'tcp', sport, dport: 443, size: 52 });
    }
  }
  return out;
}

/** Small UDP packets from `sources` distinct addresses (random source ports) to one host:port. */
export function udpFlood(o: { target: string; port: number; sources: number; start: number; end: number; perSourcePps: number; seed: number }): Pkt[] {
  const rnd = prng(o.seed);
  const out: Pkt[] = [];
  for (let s = 0; s < o.sources; s++) {
    const src = `${s < 254 ? '203.0.113' : '198.51.100'}.${1 + (s % 254)}`, sport = 1024 + Math.floor(rnd() * 64000);
    for (let t = o.start + rnd() / o.perSourcePps; t < o.end; t += 1 / o.perSourcePps) {
      out.push({ t, src, dst: o.target, proto: 'udp', sport, dport: o.port, size: 60 });
    }
  }
  return out;
}

/** A SYN scan of ports 1..`ports` of one host from one source port; closed ports answer RST, open ones SYN-ACK. */
export function portScan(o: { scanner: string; target: string; ports: number; perSecond: number; start: number; open: readonly number[] }): Pkt[] {
  const out: Pkt[] = [];
  for (let p = 1; p <= o.ports; p++) {
    const t = o.start + (p - 1) / o.perSecond;
    out.push({ t, src: o.scanner, dst: o.target, proto: 'tcp', sport: 54321, dport: p, size: 44, flags: SYN });
    out.push({ t: t + 0.001, src: o.target, dst: o.scanner, proto: 'tcp', sport: p, dport: 54321, size: 40, flags: o.open.includes(p) ? SYN_ACK : RST_ACK });
  }
  return out;
}

/** One port probed on many hosts (`prefix` + 1..hosts); a few answer. */
export function hostSweep(o: { scanner: string; prefix: string; hosts: number; port: number; perSecond: number; start: number }): Pkt[] {
  const out: Pkt[] = [];
  for (let h = 1; h <= o.hosts; h++) {
    const t = o.start + (h - 1) / o.perSecond, target = `${o.prefix}${h.toString(o.prefix.includes(':') ? 16 : 10)}`;
    out.push({ t, src: o.scanner, dst: target, proto: 'tcp', sport: 40123, dport: o.port, size: o.scanner.includes(':') ? 64 : 44, flags: SYN });
    if (h % 7 === 0) out.push({ t: t + 0.001, src: target, dst: o.scanner, proto: 'tcp', sport: o.port, dport: 40123, size: o.scanner.includes(':') ? 60 : 40, flags: RST_ACK });
  }
  return out;
}

/** DNS queries at `qps` from one client (random source ports), each answered. */
export function dnsQueries(o: { client: string; resolver: string; qps: number; start: number; end: number; seed: number }): Pkt[] {
  const rnd = prng(o.seed);
  const out: Pkt[] = [];
  for (let t = o.start; t < o.end; t += 1 / o.qps) {
    const sport = 1024 + Math.floor(rnd() * 64000);
    out.push({ t, src: o.client, dst: o.resolver, proto: 'udp', sport, dport: 53, size: 72 });
    out.push({ t: t + 0.0005, src: o.resolver, dst: o.client, proto: 'udp', sport: 53, dport: sport, size: 140 });
  }
  return out;
}
