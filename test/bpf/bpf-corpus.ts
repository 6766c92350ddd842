// Varied frames for the BPF differential test: Ethernet (VLAN, QinQ, ARP), IPv4/IPv6, TCP/UDP/ICMP, fragments, snaps.
import { ethernet, fill, ipv4, ipv6, PacketType, sll } from '../helpers/frames.js';
import type { Ipv4Options } from '../helpers/frames.js';
import type { PcapRecord } from '../helpers/pcap-writer.js';

const T = 1_700_000_000;

/** IP packets (no link header) shared by every link type; each is distinct (its IP id or size differs). */
export function ipPackets(): Uint8Array[] {
  const tcp = (src: string, sp: number, dst: string, dp: number, flags: number, id: number, extra: Ipv4Options = {}) =>
    ipv4({ src, dst, proto: 'tcp', id, ...extra, payload: tcpSegment(sp, dp, flags) });
  return [
    tcp('10.0.0.1', 40000, '10.0.0.2', 80, 0x02, 1), // SYN
    tcp('10.0.0.2', 80, '10.0.0.1', 40000, 0x12, 2), // SYN-ACK
    tcp('10.0.0.1', 40001, '192.168.1.1', 22, 0x10, 3, { ttl: 128 }), // ssh ACK
    tcp('192.168.5.5', 2222, '10.0.0.1', 40002, 0x18, 4), // port 2222: in 10/8, not port 22
    tcp('172.16.0.1', 1000, '10.9.9.9', 3000, 0x18, 5), // portrange lower bound
    tcp('172.16.0.2', 2000, '10.9.9.9', 3000, 0x01, 6), // upper bound, FIN
    tcp('172.16.0.3', 2001, '10.9.9.9', 3000, 0x04, 7), // just outside, RST
    ipv4({ src: '10.0.0.1', dst: '192.168.1.1', proto: 'tcp', id: 8, options: [1, 1, 1, 1], payload: tcpSegment(40003, 22, 0x02) }), // IHL 6
    ipv4({ src: '10.0.0.1', dst: '10.0.0.53', proto: 'udp', srcPort: 5353, dstPort: 53, id: 9, dataLength: 30 }),
    ipv4({ src: '10.0.0.53', dst: '10.0.0.1', proto: 'udp', srcPort: 53, dstPort: 5353, id: 10, dataLength: 300 }), // > 200 bytes
    ipv4({ src: '172.16.0.1', dst: '10.0.0.1', proto: 'udp', srcPort: 1500, dstPort: 1999, id: 11, dataLength: 4 }),
    ipv4({ src: '10.0.0.1', dst: '8.8.8.8', proto: 'icmp', id: 12, ttl: 32, dataLength: 56 }), // ttl < 64
    ipv4({ src: '8.8.8.8', dst: '10.0.0.1', proto: 'icmp', id: 13, ttl: 120, dataLength: 56 }),
    ipv4({ src: '10.1.1.1', dst: '10.2.2.2', proto: 47, id: 14, payload: fill(24, 0x65) }), // GRE
    ipv4({ src: '10.0.0.1', dst: '10.0.0.9', proto: 'udp', srcPort: 4000, dstPort: 53, id: 15, mf: true, dataLength: 64 }), // first fragment
    ipv4({ src: '10.0.0.1', dst: '10.0.0.9', proto: 17, id: 15, fragOffset: 9, payload: new Uint8Array([0x00, 0x35, 0x00, 0x35, 0, 8, 0, 0]) }), // later fragment: bytes look like port 53
    ipv4({ src: '224.0.0.251', dst: '10.0.0.1', proto: 'udp', srcPort: 1, dstPort: 2, id: 16, dataLength: 8 }),
    ipv4({ src: '10.0.0.7', dst: '239.1.2.3', proto: 'udp', srcPort: 1234, dstPort: 5000, id: 17, dataLength: 100 }), // multicast
    ipv6({ src: '2001:db8::1', dst: '2001:db8::2', nextHeader: 'tcp', srcPort: 40000, dstPort: 443, dataLength: 10 }),
    ipv6({ src: '2001:db8::1', dst: '2001:db8::53', nextHeader: 'udp', srcPort: 5353, dstPort: 53, dataLength: 20 }),
    ipv6({ src: '2001:db8::1', dst: '2001:db8::2', nextHeader: 'icmpv6', dataLength: 32 }),
    ipv6({ src: '2001:db8::9', dst: '2001:db8::2', nextHeader: 'tcp', srcPort: 1500, dstPort: 22, extHeaders: [{ type: 'hbh' }], dataLength: 300 }),
    ipv6({ src: 'fe80::1', dst: 'ff02::1', nextHeader: 'udp', srcPort: 546, dstPort: 547, dataLength: 40 }),
  ];
}

/** A TCP header with given flags (checksum left 0: filters do not look at it). */
function tcpSegment(sp: number, dp: number, flags: number): Uint8Array {
  const s = new Uint8Array(20);
  const v = new DataView(s.buffer);
  v.setUint16(0, sp);
  v.setUint16(2, dp);
  v.setUint32(4, 1000 + sp);
  s[12] = 5 << 4;
  s[13] = flags;
  v.setUint16(14, 65535);
  return s;
}

function records(frames: readonly Uint8Array[]): PcapRecord[] {
  return frames.map((data, i) => ({ ts: T + i * 0.01, data }));
}

/** Ethernet: the IP packets untagged, VLAN 42, QinQ, plus ARP, a snapped frame and truncated ones. */
export function ethernetRecords(): PcapRecord[] {
  const ip = ipPackets();
  const frames = ip.map((p) => ethernet({}, p));
  for (const p of [ip[0]!, ip[8]!, ip[18]!, ip[19]!, ip[11]!]) frames.push(ethernet({ vlan: [42] }, p));
  frames.push(ethernet({ vlan: [7] }, ip[1]!));
  frames.push(ethernet({ vlan: [{ id: 100, tpid: 0x88a8 }, 42] }, ip[2]!));
  frames.push(ethernet({ dst: 'ff:ff:ff:ff:ff:ff', etherType: 0x0806 }, fill(28, 1)));
  frames.push(ethernet({ dst: 'ff:ff:ff:ff:ff:ff' }, ip[16]!));
  const recs = records(frames);
  const big = ethernet({}, ipv4({ src: '10.0.0.1', dst: '10.0.0.2', proto: 'udp', srcPort: 9999, dstPort: 53, id: 99, dataLength: 1400 }));
  recs.push({ ts: T + 1, data: big.slice(0, 96), wirelen: big.length }); // snapped at 96: len is the wire length
  const syn = frames[0]!;
  recs.push({ ts: T + 1.01, data: syn.slice(0, 30), wirelen: syn.length }); // cut inside the IP header
  recs.push({ ts: T + 1.02, data: syn.slice(0, 40), wirelen: syn.length }); // cut before the ports
  recs.push({ ts: T + 1.03, data: syn.slice(0, 10), wirelen: syn.length }); // not even an Ethernet header
  recs.push({ ts: T + 1.04, data: ethernet({ vlan: [42] }, ip[0]!).slice(0, 16), wirelen: 80 }); // cut inside the tag
  return recs;
}

/** Raw IP (LINKTYPE_RAW 101): the IP packets alone, and a truncated one. */
export function rawRecords(): PcapRecord[] {
  const ip = ipPackets();
  const recs = records(ip);
  recs.push({ ts: T + 1, data: ip[0]!.slice(0, 22), wirelen: ip[0]!.length });
  return recs;
}

/** Linux cooked (113): the IP packets with varied packet types, and a truncated one. */
export function sllRecords(): PcapRecord[] {
  const types = [PacketType.HOST, PacketType.OUTGOING, PacketType.BROADCAST, PacketType.MULTICAST, PacketType.OTHERHOST];
  const frames = ipPackets().map((p, i) => sll({ packetType: types[i % types.length]! }, p));
  frames.push(sll({ protocol: 0x0806 }, fill(28, 2)));
  const recs = records(frames);
  recs.push({ ts: T + 1, data: frames[0]!.slice(0, 20), wirelen: frames[0]!.length });
  return recs;
}
