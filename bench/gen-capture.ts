// Writes deterministic synthetic pcap files (Ethernet; IPv4/IPv6 × TCP/UDP) for the benchmarks, with their ground truth.
import { closeSync, openSync, writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { addressText, pairKey } from './pairs.js';
import { mulberry32 } from '../test/helpers/random.js';

export type Distribution = 'realistic' | 'uniform';

/** The seed of each offline file, shared by the benchmark and the CLI below so both write the same bytes. */
export const offlineSeed = (d: Distribution) => (d === 'uniform' ? 2 : 1);

export interface GenOptions {
  readonly path: string;
  readonly packets: number;
  readonly flows: number;
  /** Host pairs the flows are spread over (default: one per flow). */
  readonly pairs?: number;
  /** realistic: Zipf popularity and packet trains; uniform: each packet picks a flow at random (cache worst case). */
  readonly distribution: Distribution;
  /** Captured bytes per record; 0 writes whole frames (tcpreplay sends what is captured). */
  readonly snaplen: number;
  /** Timestamps are spread evenly over this many seconds (kept under 40 s so no flow expires in wiretop). */
  readonly seconds: number;
  readonly seed: number;
  /** Fixed MACs (live replay: destination = the capturing veth); otherwise derived from the flow. */
  readonly srcMac?: readonly number[];
  readonly dstMac?: readonly number[];
}

export interface GenResult {
  packets: number;
  fileBytes: number;
  /** Sum of IP lengths (IPv4 total length, IPv6 payload length + 40): what iftop and wiretop count. */
  ipBytes: number;
  frameBytes: number;
  ipv6Packets: number;
  flowsSeen: number;
  /** Host pairs with traffic. */
  pairs: number;
  /** IP bytes per unordered host pair ("a b", canonical text, a < b as strings). */
  pairBytes: Map<string, number>;
  /** Running sum of IP bytes: ipPrefix[i] = bytes of packets [0, i) (for tcpreplay --limit). */
  ipPrefix: Float64Array;
}

/** mulberry32: small, fast, seedable; Math.random is not reproducible. */
export const rng = mulberry32;

interface Flow {
  v6: boolean;
  tcp: boolean;
  a: Uint8Array; // client address (4 or 16 bytes)
  b: Uint8Array; // server address
  aPort: number;
  bPort: number;
  /** Which side sends the bulk (downloads and uploads both exist). */
  bulkFromB: boolean;
  /** Next TCP sequence number of each side, so tshark's TCP analysis sees a consistent stream. */
  seqA: number;
  seqB: number;
}

/** IPv4 pairs available: 198.51.100.3–254 × 203.0.113.0–255. */
const V4_PAIRS = 252 * 256;

/**
 * Host pairs first, then flows spread over them (flow i uses pair i mod pairs, with its own ports).
 * With pairs = flows every flow is its own host pair, so "50 k flows" means 50 k lines for tshark and
 * wiretop alike. IPv4 pairs are TEST-NET-2 × TEST-NET-3 (.1/.2 belong to the live namespaces), IPv6
 * pairs live in 2001:db8:a::/48 × 2001:db8:b::/48.
 */
function makeFlows(n: number, pairs: number, rand: () => number): Flow[] {
  const hosts: { v6: boolean; a: Uint8Array; b: Uint8Array }[] = [];
  let v4 = 0, v6 = 0;
  for (let i = 0; i < pairs; i++) {
    const isV6 = rand() < 0.3 || v4 >= V4_PAIRS;
    if (isV6) {
      const k = v6++;
      hosts.push({
        v6: true,
        a: Uint8Array.of(0x20, 0x01, 0x0d, 0xb8, 0, 0x0a, 0, 0, 0, 0, 0, 0, (k >>> 24) & 255, (k >>> 16) & 255, (k >>> 8) & 255, k & 255),
        b: Uint8Array.of(0x20, 0x01, 0x0d, 0xb8, 0, 0x0b, 0, 0, 0, 0, 0, 0, 0, 0, (k * 7919) & 255, 1 + (k % 200)),
      });
    } else {
      // A multiplier coprime to V4_PAIRS (2^10·3^2·7) permutes the pairs, so consecutive ones are not neighbours.
      const p = (v4++ * 40501) % V4_PAIRS;
      hosts.push({ v6: false, a: Uint8Array.of(198, 51, 100, 3 + (p >>> 8)), b: Uint8Array.of(203, 0, 113, p & 255) });
    }
  }
  const servicesTcp = [443, 443, 443, 80, 22, 8080, 993, 5432];
  const servicesUdp = [443, 53, 123, 5353, 3478, 51820];
  const flows: Flow[] = [];
  for (let i = 0; i < n; i++) {
    const h = hosts[i % pairs]!;
    const tcp = rand() < 0.75;
    const services = tcp ? servicesTcp : servicesUdp;
    flows.push({
      v6: h.v6, tcp, a: h.a, b: h.b, aPort: 32768 + Math.floor(rand() * 28000), bPort: services[Math.floor(rand() * services.length)]!,
      bulkFromB: rand() < 0.7, seqA: Math.floor(rand() * 2 ** 32), seqB: Math.floor(rand() * 2 ** 32),
    });
  }
  return flows;
}

/** IP length of one packet: bulk data is mostly full-size, the other way mostly ACKs (realistic bimodal mix). */
function ipLength(f: Flow, bulk: boolean, rand: () => number): number {
  const base = (f.v6 ? 40 : 20) + (f.tcp ? 32 : 8);
  const r = rand();
  if (f.tcp) {
    if (bulk) return r < 0.65 ? 1500 : r < 0.8 ? base + Math.floor(rand() * (1500 - base)) : base;
    return r < 0.8 ? base : base + 100 + Math.floor(rand() * 500);
  }
  if (r < 0.5) return base + 20 + Math.floor(rand() * 180);
  if (r < 0.8) return 1200 + Math.floor(rand() * 200);
  return base + Math.floor(rand() * (1500 - base));
}

export function generateCapture(o: GenOptions): GenResult {
  const rand = rng(o.seed);
  const flows = makeFlows(o.flows, Math.min(o.pairs ?? o.flows, o.flows), rand);
  // Zipf(1.1) popularity over a shuffled rank order, so popular flows are a random mix of families.
  const rankToFlow = Int32Array.from({ length: o.flows }, (_, i) => i);
  for (let i = o.flows - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = rankToFlow[i]!; rankToFlow[i] = rankToFlow[j]!; rankToFlow[j] = t;
  }
  const cdf = new Float64Array(o.flows);
  let acc = 0;
  for (let k = 0; k < o.flows; k++) cdf[k] = acc += 1 / (k + 1) ** 1.1;
  const zipf = () => {
    const u = rand() * acc;
    let lo = 0, hi = o.flows - 1;
    while (lo < hi) { const m = (lo + hi) >>> 1; if (cdf[m]! < u) lo = m + 1; else hi = m; }
    return rankToFlow[lo]!;
  };

  const fd = openSync(o.path, 'w');
  const buf = Buffer.alloc(4 << 20);
  let pos = 0;
  const flush = () => { writeSync(fd, buf, 0, pos); pos = 0; };
  // pcap header: µs timestamps, little-endian, Ethernet.
  buf.writeUInt32LE(0xa1b2c3d4, 0); buf.writeUInt16LE(2, 4); buf.writeUInt16LE(4, 6);
  buf.writeUInt32LE(0, 8); buf.writeUInt32LE(0, 12); buf.writeUInt32LE(o.snaplen || 65535, 16); buf.writeUInt32LE(1, 20);
  pos = 24;

  const perFlowBytes = new Float64Array(o.flows);
  const ipPrefix = new Float64Array(o.packets + 1);
  const t0 = 1_700_000_000;
  let fileBytes = 24, ipBytes = 0, frameBytes = 0, v6Packets = 0, nextNew = 0, ipId = 0;
  let flow = 0, trainLeft = 0;
  for (let i = 0; i < o.packets; i++) {
    if (o.distribution === 'uniform') flow = Math.floor(rand() * o.flows);
    else if (trainLeft-- <= 0) {
      // Introduce every flow at least once (ahead of a schedule finishing at 95 %), else Zipf.
      flow = nextNew < o.flows && nextNew < Math.ceil(((i + 1) * o.flows) / (0.95 * o.packets)) ? nextNew++ : zipf();
      trainLeft = Math.min(31, Math.floor(Math.log(1 - rand()) / Math.log(0.7))); // geometric, mean ≈ 3.3 packets
    }
    const f = flows[flow]!;
    const bulk = rand() < 0.6;
    const fromB = bulk === f.bulkFromB;
    const ipLen = ipLength(f, bulk, rand);
    const wire = Math.max(60, 14 + ipLen);
    const cap = o.snaplen === 0 ? wire : Math.min(o.snaplen, wire);
    if (pos + 16 + cap > buf.length) flush();
    const us = Math.floor((i * o.seconds * 1e6) / o.packets);
    buf.writeUInt32LE(t0 + Math.floor(us / 1e6), pos); buf.writeUInt32LE(us % 1e6, pos + 4);
    buf.writeUInt32LE(cap, pos + 8); buf.writeUInt32LE(wire, pos + 12);
    const frame = pos + 16;
    buf.fill(0, frame, frame + cap);
    writeFrame(buf, frame, f, fromB, ipLen, ipId++ & 0xffff, o);
    pos = frame + cap;
    fileBytes += 16 + cap; frameBytes += wire; ipBytes += ipLen;
    ipPrefix[i + 1] = ipBytes;
    perFlowBytes[flow]! += ipLen;
    if (f.v6) v6Packets++;
  }
  flush();
  closeSync(fd);
  const pairBytes = new Map<string, number>();
  let flowsSeen = 0;
  flows.forEach((f, i) => {
    if (perFlowBytes[i] === 0) return;
    flowsSeen++;
    const k = pairKey(addressText(f.a), addressText(f.b));
    pairBytes.set(k, (pairBytes.get(k) ?? 0) + perFlowBytes[i]!);
  });
  return { packets: o.packets, fileBytes, ipBytes, frameBytes, ipv6Packets: v6Packets, flowsSeen, pairs: pairBytes.size, pairBytes, ipPrefix };
}

/** Ethernet + IP + TCP/UDP headers at `at` (the rest of the record is already zero). */
function writeFrame(b: Buffer, at: number, f: Flow, fromB: boolean, ipLen: number, id: number, o: GenOptions): void {
  const src = fromB ? f.b : f.a, dst = fromB ? f.a : f.b;
  const dstMac = o.dstMac ?? [0x02, 0, 0, 0, dst[dst.length - 2]!, dst[dst.length - 1]!];
  const srcMac = o.srcMac ?? [0x02, 0, 0, 1, src[src.length - 2]!, src[src.length - 1]!];
  for (let k = 0; k < 6; k++) { b[at + k] = dstMac[k]!; b[at + 6 + k] = srcMac[k]!; }
  b.writeUInt16BE(f.v6 ? 0x86dd : 0x0800, at + 12);
  const ip = at + 14;
  const proto = f.tcp ? 6 : 17;
  let l4: number;
  if (f.v6) {
    b.writeUInt32BE(0x60000000, ip); b.writeUInt16BE(ipLen - 40, ip + 4); b[ip + 6] = proto; b[ip + 7] = 64;
    b.set(src, ip + 8); b.set(dst, ip + 24);
    l4 = ip + 40;
  } else {
    b[ip] = 0x45; b.writeUInt16BE(ipLen, ip + 2); b.writeUInt16BE(id, ip + 4); b.writeUInt16BE(0x4000, ip + 6);
    b[ip + 8] = 64; b[ip + 9] = proto; b.set(src, ip + 12); b.set(dst, ip + 16);
    let sum = 0;
    for (let k = 0; k < 20; k += 2) sum += b.readUInt16BE(ip + k);
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    b.writeUInt16BE(~sum & 0xffff, ip + 10);
    l4 = ip + 20;
  }
  b.writeUInt16BE(fromB ? f.bPort : f.aPort, l4); b.writeUInt16BE(fromB ? f.aPort : f.bPort, l4 + 2);
  if (f.tcp) {
    const payload = ipLen - (f.v6 ? 40 : 20) - 32;
    b.writeUInt32BE(fromB ? f.seqB : f.seqA, l4 + 4); b.writeUInt32BE(fromB ? f.seqA : f.seqB, l4 + 8);
    if (fromB) f.seqB = (f.seqB + payload) % 2 ** 32;
    else f.seqA = (f.seqA + payload) % 2 ** 32;
    b[l4 + 12] = 0x80; b[l4 + 13] = 0x18; b.writeUInt16BE(502, l4 + 14);
    b[l4 + 20] = 1; b[l4 + 21] = 1; b[l4 + 22] = 8; b[l4 + 23] = 10; // NOP NOP timestamps
  } else {
    b.writeUInt16BE(ipLen - (f.v6 ? 40 : 20), l4 + 4);
  }
}

// CLI for reproducing a file by hand: node dist/bench/gen-capture.js OUT PACKETS FLOWS realistic|uniform [SNAPLEN]
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [out, packets, flows, dist, snap] = process.argv.slice(2);
  if (out === undefined || (dist !== 'realistic' && dist !== 'uniform')) {
    process.stderr.write('usage: gen-capture.js OUT PACKETS FLOWS realistic|uniform [SNAPLEN=96]\n');
    process.exit(2);
  }
  const r = generateCapture({ path: out, packets: Number(packets), flows: Number(flows), distribution: dist, snaplen: Number(snap ?? 96), seconds: 38, seed: offlineSeed(dist) });
  process.stdout.write(`${out}: ${r.packets} packets, ${r.flowsSeen} flows, ${r.pairs} host pairs, ${r.ipBytes} IP bytes, ${r.fileBytes} file bytes\n`);
}
