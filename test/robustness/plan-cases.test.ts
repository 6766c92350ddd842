// Every named malformed-packet case of the reliability plan (6.2–6.4) as its own capture through `wiretop -r`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { PcapRecord } from '../helpers/pcap-writer.js';
import { writePcap, writeTempFile } from '../helpers/pcap-writer.js';
import { NO_DNS, run, WIRETOP } from '../helpers/run-wiretop.js';
import { concat, ethernet, ethernet8023, fill, ipv4, ipv6, llcSnap, mpls, nullLoop, raw, sll, sll2, tcp, udp } from '../helpers/frames.js';

/** One case: frames on a link type; each is followed in the capture by a good UDP packet that must still count. */
interface PlanCase {
  readonly id: string;
  readonly linktype: number;
  readonly frames: readonly { data: Uint8Array; caplen?: number; wirelen?: number }[];
}

const v4 = (o: Parameters<typeof ipv4>[0] = {}) => ipv4({ src: '10.0.0.1', dst: '198.51.100.7', ...o });
const v6 = (o: Parameters<typeof ipv6>[0] = {}) => ipv6({ src: '2001:db8::1', dst: '2001:db8::7', ...o });
const eth = (payload: Uint8Array, etherType?: number) => ethernet(etherType === undefined ? {} : { etherType }, payload);
const dstopts = (n: number) => Array.from({ length: n }, () => ({ type: 'dstopts' as const }));

const CASES: PlanCase[] = [
  { id: 'L-01 runt frames (caplen 0, 1, 13)', linktype: 1, frames: [0, 1, 13].map((n) => ({ data: eth(v4()), caplen: n })) },
  { id: 'L-02 VLAN tag cut short (caplen 15)', linktype: 1, frames: [{ data: ethernet({ vlan: [42] }, v4()), caplen: 15 }] },
  { id: 'L-03 200 stacked 802.1Q/802.1ad tags', linktype: 1, frames: [{ data: ethernet({ vlan: Array.from({ length: 200 }, (_, i) => ({ id: i, tpid: i % 2 ? 0x8100 : 0x88a8 })) }, v4()) }] },
  { id: 'L-04 MPLS stack without bottom-of-stack to the end', linktype: 1, frames: [{ data: eth(mpls(Array.from({ length: 50 }, () => ({ label: 16, bos: false })), fill(0)), 0x8847) }] },
  { id: 'L-05 802.3 length + LLC/SNAP', linktype: 1, frames: [{ data: ethernet8023({}, llcSnap({ etherType: 0x0800 }, v4())) }, { data: ethernet8023({}, llcSnap({ etherType: 0x0806 }, fill(28))) }] },
  { id: 'L-06 cooked SLL/SLL2 with halen > 8 and an unknown protocol', linktype: 113, frames: [{ data: sll({ halen: 255, protocol: 0x1234 }, v4()) }, { data: sll({ halen: 20 }, v4()) }] },
  { id: 'L-06 (SLL2)', linktype: 276, frames: [{ data: sll2({ halen: 255, protocol: 0xffff }, v4()) }] },
  { id: 'L-07 NULL with AF 0xFFFFFFFF', linktype: 0, frames: [{ data: nullLoop(0xffffffff, false, v4()) }] },
  { id: 'L-07 raw IP with version nibble 0', linktype: 101, frames: [{ data: raw(v4({ version: 0 })) }] },
  { id: '4-01 IHL 0–4', linktype: 1, frames: [0, 1, 2, 3, 4].map((ihl) => ({ data: eth(v4({ ihl })) })) },
  { id: '4-02 IHL 15 in a 24-byte packet', linktype: 1, frames: [{ data: eth(v4({ ihl: 15, payload: fill(4) })) }] },
  { id: '4-03 total length < IHL×4, 0, > caplen', linktype: 1, frames: [{ data: eth(v4({ totalLength: 10 })) }, { data: eth(v4({ totalLength: 0 })) }, { data: eth(v4({ totalLength: 60000 })), caplen: 40 }] },
  { id: '4-04 option lengths 0 and 1, RR pointer beyond', linktype: 1, frames: [{ data: eth(v4({ options: [0x07, 0x00] })) }, { data: eth(v4({ options: [0x44, 0x01, 0xff, 0x00] })) }, { data: eth(v4({ options: [0x07, 0x07, 0xff, 0, 0, 0, 0, 0] })) }] },
  { id: '4-05 fragments: first, non-first, 8-byte tiny, overlapping, duplicate', linktype: 1, frames: [
    { data: eth(v4({ proto: 'udp', mf: true, dataLength: 16 })) }, { data: eth(v4({ proto: 'udp', fragOffset: 3, payload: fill(8) })) },
    { data: eth(v4({ proto: 'tcp', mf: true, payload: fill(8) })) }, { data: eth(v4({ proto: 'udp', fragOffset: 1, payload: fill(24) })) },
    { data: eth(v4({ proto: 'udp', fragOffset: 1, payload: fill(24) })) }] },
  { id: '4-06 IP-in-IP one level and nested to 64 KiB', linktype: 1, frames: [{ data: eth(v4({ proto: 4, payload: v4() })) }, { data: eth(nested(2000)), caplen: 65535 }] },
  { id: '4-07 GRE loops', linktype: 1, frames: [{ data: eth(v4({ proto: 47, payload: concat([0, 0, 0x08, 0x00], v4({ proto: 47, payload: concat([0, 0, 0x08, 0x00], v4()) })) })) }] },
  { id: '4-08 TCP data offset < 5, > remaining; all flags; port 0', linktype: 1, frames: [
    { data: eth(v4({ proto: 6, payload: tcp({ dataOffset: 1 }) })) }, { data: eth(v4({ proto: 6, payload: tcp({ dataOffset: 15 }) })) },
    { data: eth(v4({ proto: 6, payload: tcp({ flags: 0xff, srcPort: 0, dstPort: 0 }) })) }] },
  { id: '4-09 UDP length < 8, > IP payload', linktype: 1, frames: [{ data: eth(v4({ proto: 17, payload: udp({ length: 3 }) })) }, { data: eth(v4({ proto: 17, payload: udp({ length: 60000 }) })) }] },
  { id: '4-10 ICMP error quoting a truncated header', linktype: 1, frames: [{ data: eth(v4({ proto: 1, payload: concat([3, 1, 0, 0, 0, 0, 0, 0], [0x4f, 0, 0, 20]) })) }] },
  { id: '4-11 addresses 0.0.0.0, 255.255.255.255, multicast, src == dst', linktype: 1, frames: [
    { data: eth(ipv4({ src: '0.0.0.0', dst: '255.255.255.255' })) }, { data: eth(ipv4({ src: '10.0.0.1', dst: '224.0.0.251' })) }, { data: eth(ipv4({ src: '10.0.0.9', dst: '10.0.0.9' })) }] },
  { id: '6-01 fixed header cut (caplen 10, 39)', linktype: 1, frames: [{ data: eth(v6()), caplen: 14 + 10 }, { data: eth(v6()), caplen: 14 + 39 }] },
  { id: '6-02 Next Header 50 (ESP), also after a DstOpt', linktype: 1, frames: [{ data: eth(v6({ nextHeader: 50, payload: fill(8) })) }, { data: eth(v6({ extHeaders: dstopts(1), nextHeader: 50, payload: fill(8) })) }] },
  { id: '6-03 1000 chained DstOpt headers', linktype: 1, frames: [{ data: eth(v6({ extHeaders: dstopts(1000), nextHeader: 59, payload: fill(0) })), caplen: 65535 }] },
  { id: '6-04 HBH not first; two HBH', linktype: 1, frames: [{ data: eth(v6({ extHeaders: [{ type: 'dstopts' }, { type: 'hbh' }] })) }, { data: eth(v6({ extHeaders: [{ type: 'hbh' }, { type: 'hbh' }] })) }] },
  { id: '6-05 extension len 255 beyond caplen', linktype: 1, frames: [{ data: eth(v6({ extHeaders: [{ type: 'dstopts', len: 255 }] })), caplen: 80 }] },
  { id: '6-06 routing header with segments-left > addresses', linktype: 1, frames: [{ data: eth(v6({ extHeaders: [{ type: 'routing', len: 2, body: [4, 200] }] })) }] },
  { id: '6-07 fragment header offset > 0; atomic fragment', linktype: 1, frames: [{ data: eth(v6({ extHeaders: [{ type: 'fragment', fragOffset: 5 }] })) }, { data: eth(v6({ extHeaders: [{ type: 'fragment' }] })) }] },
  { id: '6-08 AH with payload length 0 and 255', linktype: 1, frames: [{ data: eth(v6({ extHeaders: [{ type: 'ah', len: 0 }] })) }, { data: eth(v6({ extHeaders: [{ type: 'ah', len: 255 }] })), caplen: 200 }] },
  { id: '6-09 Next Header 59 with trailing bytes', linktype: 1, frames: [{ data: eth(v6({ nextHeader: 59, payload: fill(100, 0x78) })) }] },
  { id: '6-10 payload length 0 without jumbo; bad jumbo option', linktype: 1, frames: [{ data: eth(v6({ payloadLength: 0 })) }, { data: eth(v6({ payloadLength: 0, extHeaders: [{ type: 'hbh', body: [0xc2, 4, 0, 0, 0, 1] }] })) }] },
  { id: '6-11 IPv6-in-IPv6 nesting; 6in4', linktype: 1, frames: [{ data: eth(v6({ nextHeader: 41, payload: v6({ nextHeader: 41, payload: v6() }) })) }, { data: eth(v4({ proto: 41, payload: v6() })) }] },
  { id: '6-12 Mobility, HIP, Shim6, experimental 253/254', linktype: 1, frames: [135, 139, 140, 253, 254].map((nh) => ({ data: eth(v6({ extHeaders: nh < 141 ? [{ type: nh }] : [], nextHeader: nh, payload: fill(16) })) })) },
];

/** IPv4 inside IPv4 `depth` times (outer first). */
function nested(depth: number): Uint8Array {
  let p = v4();
  for (let i = 0; i < depth && p.length < 65000; i++) p = v4({ proto: 4, payload: p });
  return p;
}

const GOOD = () => ethernet({}, ipv4({ src: '10.0.0.1', dst: '198.51.100.99', proto: 'udp', srcPort: 9, dstPort: 9, dataLength: 72 }));

for (const c of CASES) {
  test(`${c.id}: counted, nothing on stderr, the good packet after it still counts, counters add up`, async () => {
    const records: PcapRecord[] = [];
    c.frames.forEach((f, i) => {
      const caplen = Math.min(f.caplen ?? f.data.length, f.data.length);
      records.push({ ts: 1_700_000_000 + i / 10, data: f.data.subarray(0, caplen), wirelen: f.wirelen ?? f.data.length });
      records.push({ ts: 1_700_000_000 + i / 10 + 0.01, data: c.linktype === 1 ? GOOD() : goodOn(c.linktype) });
    });
    const path = await writeTempFile(writePcap(records, { linktype: c.linktype, snaplen: 262144 }), 'case.pcap');
    try {
      const r = await run(process.execPath, [WIRETOP, ...NO_DNS, '-r', path, '-t', '--ndjson', '-P', '-L', '1000'], { timeoutMs: 20_000 });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '', 'nothing on stderr');
      const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      const totals = lines.filter((l) => l['type'] === 'totals').at(-1) as { capture: Record<string, number> };
      const k = totals.capture;
      assert.equal(k['frames'], records.length);
      assert.equal(k['accounted']! + k['malformed']! + k['non_ip']! + k['unsupported_link']! + k['filtered']!, k['frames'], JSON.stringify(k));
      const good = lines.filter((l) => l['type'] === 'flow' && (l['src'] === '198.51.100.99' || l['dst'] === '198.51.100.99') && l['src_port'] === 9);
      assert.equal(good.length, 1, 'the good packets form one line');
      const bytes = (good[0]!['cumulative_sent_bytes'] as number) + (good[0]!['cumulative_received_bytes'] as number);
      assert.equal(bytes, c.frames.length * 100, 'every good packet counted, 100 bytes each');
    } finally {
      rmSync(dirname(path), { recursive: true, force: true });
    }
  });
}

/** The good UDP packet framed for another link type. */
function goodOn(linktype: number): Uint8Array {
  const ip = ipv4({ src: '10.0.0.1', dst: '198.51.100.99', proto: 'udp', srcPort: 9, dstPort: 9, dataLength: 72 });
  if (linktype === 113) return sll({}, ip);
  if (linktype === 276) return sll2({}, ip);
  if (linktype === 0) return nullLoop(2, false, ip);
  return raw(ip);
}
