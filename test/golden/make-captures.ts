// Builds every generated golden capture from the frame builders; run it to rewrite test/golden/captures/.
//
//   node dist/test/golden/make-captures.js        (after tsc; writes into the source tree's test/golden/captures)
//
// The golden test rebuilds the same bytes in memory and compares them with the committed files, so a
// capture can only change together with this script. Times are exact binary fractions of a second, so
// microsecond and nanosecond files hold them exactly. Accounted lengths (IP Total Length, or IPv6
// Payload Length + 40) are the numbers in the calls below; see README.md for what each file pins.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ethernet, fill, ipv4, ipv6, PacketType, sll } from '../helpers/frames.js';
import { writePcap, writePcapng } from '../helpers/pcap-writer.js';
import type { PcapRecord } from '../helpers/pcap-writer.js';
import { linkCaptures } from './make-link-captures.js';

/** Capture time of every file's first packet: 2023-11-14 22:13:20 UTC. */
export const T = 1_700_000_000;

type L4 = 'tcp' | 'udp' | 'icmp';
const HEADER4: Record<L4, number> = { tcp: 40, udp: 28, icmp: 28 };

/** An IPv4 packet whose Total Length (the accounted size) is `len`. */
function v4(proto: L4, src: string, sp: number, dst: string, dp: number, len: number): Uint8Array {
  return ipv4({ src, dst, proto, srcPort: sp, dstPort: dp, dataLength: len - HEADER4[proto] });
}

/** An IPv6 packet accounted as `len` bytes (Payload Length + 40). */
function v6(proto: 'tcp' | 'udp', src: string, sp: number, dst: string, dp: number, len: number): Uint8Array {
  return ipv6({ src, dst, nextHeader: proto, srcPort: sp, dstPort: dp, dataLength: len - 40 - (proto === 'tcp' ? 20 : 8) });
}

const eth = (ip: Uint8Array): Uint8Array => ethernet({}, ip);
const at = (offset: number, data: Uint8Array): PcapRecord => ({ ts: T + offset, data });

/** Two slots, three host pairs plus one inside 192.0.2.0/24: views, sorting, units, -F. */
function hosts(): Uint8Array {
  return writePcap([
    at(0.0, eth(v4('tcp', '192.0.2.10', 40001, '198.51.100.20', 80, 1000))),
    at(0.25, eth(v4('tcp', '198.51.100.20', 80, '192.0.2.10', 40001, 1500))),
    at(0.5, eth(v4('udp', '192.0.2.10', 5353, '198.51.100.20', 53, 200))),
    at(0.75, eth(v4('icmp', '192.0.2.10', 0, '198.51.100.20', 0, 84))),
    at(1.0, eth(v4('tcp', '203.0.113.5', 443, '192.0.2.10', 50000, 600))),
    at(1.25, eth(v4('udp', '192.0.2.10', 40002, '192.0.2.11', 33333, 60))),
    at(2.5, eth(v4('tcp', '10.1.1.1', 40100, '192.0.2.10', 22, 400))),
    at(3.0, eth(v4('tcp', '198.51.100.20', 80, '192.0.2.10', 40001, 500))),
  ]);
}

/** 52.5 s: A in slots 0–4, B in slots 2–7, C in slots 10 and 26: warm-up divisors and expiry. */
function ticks(): Uint8Array {
  const records: PcapRecord[] = [];
  for (const t of [0, 2.5, 4.5, 6.5, 8.5]) records.push(at(t, eth(v4('udp', '10.0.0.2', 5001, '10.0.0.1', 6001, 1000))));
  for (const t of [4.25, 6.25, 8.25, 10.25, 12.25, 14.25]) records.push(at(t, eth(v4('tcp', '10.0.0.3', 443, '10.0.0.1', 50000, 1500))));
  for (const t of [20.5, 52.5]) records.push(at(t, eth(v4('icmp', '10.0.0.9', 0, '10.0.0.1', 0, 100))));
  return writePcap(records.sort((a, b) => a.ts - b.ts));
}

/** 97 s of silence after slot 1: at most 21 slots are closed, then the driver jumps. */
function gap(): Uint8Array {
  return writePcap([
    at(0, eth(v4('udp', '10.0.0.2', 5001, '10.0.0.1', 6001, 1000))),
    at(1, eth(v4('udp', '10.0.0.2', 5001, '10.0.0.1', 6001, 1000))),
    at(3, eth(v4('tcp', '10.0.0.3', 443, '10.0.0.1', 50000, 500))),
    at(100, eth(v4('udp', '10.0.0.4', 5002, '10.0.0.1', 6002, 2000))),
    at(101, eth(v4('udp', '10.0.0.4', 5002, '10.0.0.1', 6002, 2000))),
  ]);
}

/** IPv6: brackets around addresses with ports, a multicast destination, a long address, link-local. */
function ipv6Capture(): Uint8Array {
  return writePcap([
    at(0, eth(v6('tcp', '2001:db8::10', 443, '2001:db8::1', 50000, 1240))),
    at(0.5, eth(v6('udp', '2001:db8::1', 5353, 'ff02::fb', 5353, 140))),
    at(1, eth(v6('tcp', '2001:db8:aaaa:bbbb:cccc:dddd:eeee:1', 40000, '2001:db8::1', 443, 2000))),
    at(1.5, eth(v6('udp', 'fe80::1', 546, 'fe80::2', 547, 120))),
  ]);
}

/** Raw IP (101): a third-party pair both ways, address order, a multicast and a self-addressed packet. */
function thirdParty(): Uint8Array {
  return writePcap([
    at(0, v4('udp', '127.1.0.9', 103, '127.2.0.8', 203, 150)),
    at(0.25, v4('udp', '127.2.0.8', 203, '127.1.0.9', 103, 200)),
    at(0.5, v4('udp', '10.1.1.230', 1230, '10.1.1.1', 1001, 300)),
    at(0.75, v4('udp', '10.1.1.1', 1001, '239.1.2.3', 1239, 250)),
    at(1, v4('udp', '10.9.9.9', 1999, '10.9.9.9', 1999, 50)),
  ], { linktype: 101 });
}

/** Good packets around a bad header, a short frame, a wrong IP version, ARP and a forged length. */
function malformed(): Uint8Array {
  return writePcap([
    at(0, eth(v4('udp', '10.0.0.2', 5001, '10.0.0.1', 6001, 500))),
    at(0.25, eth(ipv4({ src: '10.0.0.5', dst: '10.0.0.1', ihl: 3, dataLength: 40 }))),
    at(0.5, eth(v4('udp', '10.0.0.5', 5005, '10.0.0.1', 6005, 300)).slice(0, 14 + 12)),
    at(0.75, ethernet({ etherType: 0x0800 }, ipv4({ src: '10.0.0.6', dst: '10.0.0.1', version: 5, dataLength: 20 }))),
    at(1, ethernet({ etherType: 0x0806 }, fill(28, 1))),
    at(1.25, eth(ipv4({ src: '10.0.0.7', dst: '10.0.0.1', proto: 'udp', srcPort: 30007, dstPort: 30001, dataLength: 60, totalLength: 3000 }))),
    at(1.5, eth(v4('tcp', '10.0.0.3', 443, '10.0.0.1', 50000, 700))),
  ]);
}

/** 802.1Q (VID 42) IPv4 and IPv6, an 802.1ad + 802.1Q stack, and one untagged frame. */
function vlan(): Uint8Array {
  return writePcap([
    at(0, ethernet({ vlan: [42] }, v4('tcp', '10.42.0.2', 443, '10.42.0.1', 40000, 1000))),
    at(0.5, ethernet({ vlan: [42] }, v6('udp', '2001:db8:42::2', 53, '2001:db8:42::1', 40001, 300))),
    at(1, ethernet({ vlan: [{ id: 100, tpid: 0x88a8 }, 42] }, v4('udp', '10.42.0.3', 123, '10.42.0.1', 40002, 200))),
    at(1.5, ethernet({}, v4('tcp', '10.42.0.2', 443, '10.42.0.1', 40000, 500))),
  ]);
}

/** Linux cooked (113): the packet type gives the direction even without addresses of our own. */
function cooked(): Uint8Array {
  return writePcap([
    at(0, sll({ packetType: PacketType.OUTGOING }, v4('tcp', '10.0.0.1', 40000, '93.184.216.34', 443, 800))),
    at(0.5, sll({ packetType: PacketType.HOST }, v4('tcp', '93.184.216.34', 443, '10.0.0.1', 40000, 1400))),
    at(1, sll({ packetType: PacketType.BROADCAST }, v4('udp', '10.0.0.7', 137, '10.0.0.255', 137, 78))),
    at(1.5, sll({ packetType: PacketType.OUTGOING }, v6('udp', '2001:db8::1', 40003, '2001:db8::53', 53, 100))),
  ], { linktype: 113 });
}

/** pcapng with an Ethernet interface (µs) and a raw-IP interface (ns), packets interleaved over two slots. */
function twoLinks(): Uint8Array {
  const e = (iface: number, t: number, data: Uint8Array) => ({ type: 'epb' as const, iface, ts: T + t, data });
  return writePcapng([{
    interfaces: [{ linktype: 1 }, { linktype: 101, tsresol: 9 }],
    blocks: [
      e(0, 0, eth(v4('tcp', '192.0.2.1', 40000, '192.0.2.2', 80, 1000))),
      e(1, 0.5, v4('udp', '198.51.100.1', 53, '198.51.100.2', 40000, 300)),
      e(0, 1.5, eth(v4('tcp', '192.0.2.2', 80, '192.0.2.1', 40000, 1500))),
      e(1, 2.5, v4('udp', '198.51.100.1', 53, '198.51.100.2', 40000, 700)),
      e(0, 3, eth(v4('tcp', '192.0.2.1', 40000, '192.0.2.2', 80, 100))),
    ],
  }]);
}

/** File name → bytes of every generated capture. */
export function goldenCaptures(): Map<string, Uint8Array> {
  return new Map([
    ['hosts.pcap', hosts()],
    ['ticks.pcap', ticks()],
    ['gap.pcap', gap()],
    ['ipv6.pcap', ipv6Capture()],
    ['third-party.pcap', thirdParty()],
    ['malformed.pcap', malformed()],
    ['vlan.pcap', vlan()],
    ['cooked.pcap', cooked()],
    ['two-links.pcapng', twoLinks()],
    ...linkCaptures(),
  ]);
}

/** The source tree's capture folder (dist/test/golden/ → test/golden/captures). */
export const CAPTURES_DIR = fileURLToPath(new URL('../../../test/golden/captures/', import.meta.url));

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  mkdirSync(CAPTURES_DIR, { recursive: true });
  for (const [name, bytes] of goldenCaptures()) {
    writeFileSync(join(CAPTURES_DIR, name), bytes);
    process.stdout.write(`wrote ${join(CAPTURES_DIR, name)} (${bytes.length} bytes)\n`);
  }
}
