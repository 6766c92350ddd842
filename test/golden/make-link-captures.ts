// Golden captures of the radio and serial link types (802.11, radiotap, PPI, token ring, pflog, PPP_HDLC, Frame Relay, SLIP).
//
// Built by make-captures.ts (goldenCaptures() includes these), so the golden test rebuilds them byte for
// byte. Every file spans two slots and mixes IP with the non-IP frames of its link type; the accounted
// lengths are the numbers in the calls. link-totals.test.ts checks each file's byte total against tshark
// (tcpdump for SLIP).
import { ciscoHdlc, concat, ethernet, fill, ipv4, ipv6, llc, llcSnap, mpls, ppp } from '../helpers/frames.js';
import {
  Dot11Subtype, Dot11Type, PfAf, RadiotapFlag, dot11, frSnap, frameRelay, pflog, ppi, ppi80211Common, radiotap, slip, tokenRing,
} from '../helpers/frames-links.js';
import { writePcap } from '../helpers/pcap-writer.js';
import type { PcapRecord } from '../helpers/pcap-writer.js';

const T = 1_700_000_000;
const at = (offset: number, data: Uint8Array): PcapRecord => ({ ts: T + offset, data });

type L4 = 'tcp' | 'udp';
/** An IPv4 packet whose Total Length is `len`. */
function v4(proto: L4, src: string, sp: number, dst: string, dp: number, len: number): Uint8Array {
  return ipv4({ src, dst, proto, srcPort: sp, dstPort: dp, dataLength: len - (proto === 'tcp' ? 40 : 28) });
}
/** An IPv6 packet accounted as `len` bytes. */
function v6(proto: L4, src: string, sp: number, dst: string, dp: number, len: number): Uint8Array {
  return ipv6({ src, dst, nextHeader: proto, srcPort: sp, dstPort: dp, dataLength: len - 40 - (proto === 'tcp' ? 20 : 8) });
}

const STA = '02:00:00:00:20:02';
const AP = '02:00:00:00:20:aa';

/** Monitor-mode Wi-Fi: a TCP exchange through the AP (FCS, data padding, extended bitmaps), and what is not IP. */
function radiotapCapture(): Uint8Array {
  const rt = { tsft: true, rate: 108, channel: [5180, 0x0140] as const, antSignal: -47 };
  const up = (ip: Uint8Array, o = {}): Uint8Array =>
    radiotap({ ...rt, flags: RadiotapFlag.FCS }, dot11({ toDs: true, addr1: AP, addr2: STA, addr3: AP, fcs: true, ...o }, llcSnap({}, ip)));
  return writePcap([
    at(0, up(v4('tcp', '10.20.0.2', 40000, '198.51.100.80', 443, 600))),
    at(0.25, radiotap({ ...rt, flags: RadiotapFlag.FCS | RadiotapFlag.DATA_PAD },
      dot11({ fromDs: true, addr1: STA, addr2: AP, addr3: AP, dataPad: true, fcs: true }, llcSnap({}, v4('tcp', '198.51.100.80', 443, '10.20.0.2', 40000, 1400))))),
    at(0.5, radiotap({ ...rt, flags: RadiotapFlag.FCS }, dot11({ type: Dot11Type.MANAGEMENT, subtype: Dot11Subtype.BEACON, addr1: 'ff:ff:ff:ff:ff:ff', addr2: AP, fcs: true }, fill(40, 0x01)))),
    at(0.75, radiotap({ ...rt, flags: RadiotapFlag.FCS }, dot11({ toDs: true, protected: true, addr1: AP, addr2: '02:00:00:00:20:03', fcs: true }, fill(120, 0x5c)))),
    at(0.8, radiotap({ ...rt, flags: RadiotapFlag.FCS }, dot11({ fromDs: true, protected: true, addr1: '02:00:00:00:20:03', addr2: AP, fcs: true }, fill(300, 0x5d)))),
    at(1, radiotap({ ...rt, flags: RadiotapFlag.FCS }, dot11({ subtype: Dot11Subtype.QOS_NULL, toDs: true, addr1: AP, addr2: STA, fcs: true }, fill(0)))),
    at(1.25, radiotap({ ...rt, flags: RadiotapFlag.FCS | RadiotapFlag.BAD_FCS }, dot11({ toDs: true, addr1: AP, addr2: STA, fcs: true }, llcSnap({}, v4('udp', '10.20.0.2', 40001, '203.0.113.53', 53, 90))))),
    at(1.5, radiotap({ flags: 0, extraPresent: [1 << 5 | 1 << 29, 1 << 5], extraFields: [0xd1, 0xd2] },
      dot11({ subtype: Dot11Subtype.DATA, fromDs: true, addr1: '33:33:00:00:00:fb', addr2: AP }, llcSnap({}, v6('udp', '2001:db8:20::2', 5353, 'ff02::fb', 5353, 140))))),
    at(2.5, up(v4('udp', '10.20.0.2', 40001, '203.0.113.53', 53, 80), { subtype: Dot11Subtype.DATA })),
    at(3, up(v4('tcp', '10.20.0.2', 40000, '198.51.100.80', 443, 52), { order: true })),
  ], { linktype: 127 });
}

/** 802.11 without a radio header (105): an ad-hoc pair, a WDS link with HT Control, management and control frames. */
function wlanCapture(): Uint8Array {
  return writePcap([
    at(0, dot11({ subtype: Dot11Subtype.DATA, addr1: '02:00:00:00:21:02', addr2: '02:00:00:00:21:01' }, llcSnap({}, v4('udp', '10.21.0.1', 123, '10.21.0.2', 123, 76)))),
    at(0.5, dot11({ toDs: true, fromDs: true, order: true, addr1: '02:00:00:00:21:0b', addr2: '02:00:00:00:21:0a' },
      llcSnap({}, v6('tcp', '2001:db8:21::a', 22, '2001:db8:21::b', 50022, 1000)))),
    at(1, dot11({ type: Dot11Type.MANAGEMENT, subtype: 4, addr1: 'ff:ff:ff:ff:ff:ff' }, fill(20))),
    at(1.25, concat([0xd4, 0, 0, 0], fill(6, 0x02))), // control: ACK
    at(2.25, dot11({ subtype: Dot11Subtype.DATA, addr1: '02:00:00:00:21:01', addr2: '02:00:00:00:21:02' }, llcSnap({}, v4('udp', '10.21.0.2', 123, '10.21.0.1', 123, 76)))),
    at(2.75, dot11({ toDs: true, fromDs: true, order: true, addr1: '02:00:00:00:21:0a', addr2: '02:00:00:00:21:0b' },
      llcSnap({}, v6('tcp', '2001:db8:21::b', 50022, '2001:db8:21::a', 22, 300)))),
  ], { linktype: 105 });
}

/** PPI: 802.11 with and without FCS (802.11-Common flags), aligned fields, and Ethernet inside. */
function ppiCapture(): Uint8Array {
  const wlan = (ip: Uint8Array, fcs: boolean): Uint8Array =>
    ppi({ aligned: fcs, fields: [{ type: 7, data: fill(4) }, ppi80211Common(fcs ? 1 : 0)] },
      dot11({ toDs: true, addr1: '02:00:00:00:22:aa', addr2: '02:00:00:00:22:02', fcs }, llcSnap({}, ip)));
  return writePcap([
    at(0, wlan(v4('tcp', '10.22.0.2', 40000, '198.51.100.22', 80, 500), true)),
    at(0.5, wlan(v4('tcp', '198.51.100.22', 80, '10.22.0.2', 40000, 1500), false)),
    at(1, ppi({}, dot11({ type: Dot11Type.MANAGEMENT, subtype: Dot11Subtype.BEACON }, fill(30)))),
    at(1.5, ppi({ dlt: 1, fields: [] }, ethernet({}, v6('udp', '2001:db8:22::1', 546, '2001:db8:22::2', 547, 120)))),
    at(2.5, wlan(v4('tcp', '10.22.0.2', 40000, '198.51.100.22', 80, 40), true)),
  ], { linktype: 192 });
}

/** Token ring: LLC/SNAP IPv4, a source-routed IPv6 frame, a MAC frame and NetBIOS LLC. */
function tokenRingCapture(): Uint8Array {
  const a = { src: '10:00:5a:00:23:01', dst: '10:00:5a:00:23:02' };
  return writePcap([
    at(0, tokenRing(a, llcSnap({}, v4('tcp', '10.23.0.1', 40000, '10.23.0.2', 80, 700)))),
    at(0.5, tokenRing({ src: a.dst, dst: a.src }, llcSnap({}, v4('tcp', '10.23.0.2', 80, '10.23.0.1', 40000, 1200)))),
    at(1, tokenRing({ ...a, rif: [0x08, 0x30, 0x01, 0x23, 0x04, 0x56, 0x07, 0x80] }, llcSnap({}, v6('udp', '2001:db8:23::1', 40001, '2001:db8:23::2', 53, 90)))),
    at(1.25, tokenRing({ frameControl: 0x01, ...a }, fill(20))),
    at(1.5, tokenRing(a, llc(0xf0, 0xf0, 0x03, fill(40)))),
    at(3, tokenRing(a, llcSnap({}, v4('tcp', '10.23.0.1', 40000, '10.23.0.2', 80, 300)))),
  ], { linktype: 6 });
}

/** pf logs: the 61-, 69- and 100-byte headers of the BSDs, IPv4 and both IPv6 family numbers, an unknown family. */
function pflogCapture(): Uint8Array {
  return writePcap([
    at(0, pflog({ length: 61, ifname: 'em0' }, v4('tcp', '203.0.113.24', 51000, '10.24.0.1', 22, 60))),
    at(0.5, pflog({ length: 69, ifname: 'vtnet0' }, v4('tcp', '203.0.113.24', 51000, '10.24.0.1', 22, 60))),
    at(1, pflog({ length: 100, af: PfAf.INET6_OPENBSD, ifname: 'em1' }, v6('udp', '2001:db8:24::9', 40000, '2001:db8:24::1', 53, 100))),
    at(1.5, pflog({ length: 69, af: PfAf.INET6_FREEBSD }, v6('udp', '2001:db8:24::9', 40000, '2001:db8:24::1', 53, 200))),
    at(1.75, pflog({ af: 7 }, fill(40, 0x45))),
    at(2.5, pflog({ length: 100, dir: 2 }, v4('udp', '10.24.0.1', 123, '198.51.100.123', 123, 76))),
  ], { linktype: 117 });
}

/** PPP in HDLC framing: IPv4, compressed protocol, IPv6, MPLS over PPP, LCP, and Cisco HDLC frames. */
function pppHdlcCapture(): Uint8Array {
  return writePcap([
    at(0, ppp({}, v4('tcp', '10.25.0.1', 40000, '198.51.100.25', 443, 400))),
    at(0.5, ppp({ compressProtocol: true }, v4('tcp', '198.51.100.25', 443, '10.25.0.1', 40000, 1300))),
    at(1, ppp({}, v6('udp', '2001:db8:25::1', 40001, '2001:db8:25::53', 53, 70))),
    at(1.25, ppp({ protocol: 0x0281 }, mpls([{ label: 1000 }, { label: 16 }], v4('udp', '10.25.9.1', 5004, '10.25.9.2', 5004, 150)))),
    at(1.5, ppp({ protocol: 0xc021 }, concat([0x09, 0x01, 0x00, 0x08], fill(4)))), // LCP echo request
    at(1.75, ciscoHdlc({ address: 0x8f, etherType: 0x8035 }, fill(18))), // SLARP keepalive
    at(2.5, ciscoHdlc({}, v4('udp', '10.25.0.1', 123, '198.51.100.123', 123, 76))),
  ], { linktype: 50 });
}

/** Frame Relay: RFC 2427 IPv4/IPv6/SNAP, bridged Ethernet, Cisco encapsulation, and LMI. */
function frameRelayCapture(): Uint8Array {
  return writePcap([
    at(0, frameRelay({ dlci: 100 }, v4('tcp', '10.26.0.1', 40000, '10.26.1.1', 80, 600))),
    at(0.5, frameRelay({ dlci: 100, pad: true, nlpid: 0x80 }, frSnap(0, 0x0800, v4('tcp', '10.26.1.1', 80, '10.26.0.1', 40000, 1500)))),
    at(1, frameRelay({ dlci: 200, nlpid: 0x8e }, v6('udp', '2001:db8:26::1', 40001, '2001:db8:26::2', 53, 80))),
    at(1.25, frameRelay({ dlci: 300, pad: true, nlpid: 0x80 }, frSnap(0x0080c2, 7, ethernet({}, v4('udp', '10.26.3.1', 5000, '10.26.3.2', 5001, 250))))),
    at(1.5, frameRelay({ dlci: 400, encapsulation: 'cisco' }, v4('udp', '10.26.4.1', 5000, '10.26.4.2', 5001, 350))),
    at(1.75, frameRelay({ dlci: 1023, nlpid: 0x09 }, concat([0x00, 0x75, 0x95, 0x01, 0x01, 0x01, 0x03, 0x02, 0x01, 0x00]))), // Cisco LMI status enquiry
    at(2.5, frameRelay({ dlci: 100 }, v4('tcp', '10.26.0.1', 40000, '10.26.1.1', 80, 40))),
  ], { linktype: 107 });
}

/** SLIP: the direction byte says sent or received, with no address of our own. */
function slipCapture(): Uint8Array {
  return writePcap([
    at(0, slip({ direction: 1 }, v4('tcp', '10.27.0.1', 40000, '198.51.100.27', 80, 300))),
    at(0.5, slip({ direction: 0 }, v4('tcp', '198.51.100.27', 80, '10.27.0.1', 40000, 1000))),
    at(1, slip({ direction: 1, chdr: [0x70] }, v4('udp', '10.27.0.1', 40001, '198.51.100.53', 53, 60))),
    at(2.5, slip({ direction: 0 }, v6('tcp', '2001:db8:27::80', 443, '2001:db8:27::1', 40002, 500))),
  ], { linktype: 8 });
}

/** File name → bytes of every link-type capture. */
export function linkCaptures(): [string, Uint8Array][] {
  return [
    ['radiotap.pcap', radiotapCapture()],
    ['wlan.pcap', wlanCapture()],
    ['ppi.pcap', ppiCapture()],
    ['token-ring.pcap', tokenRingCapture()],
    ['pflog.pcap', pflogCapture()],
    ['ppp-hdlc.pcap', pppHdlcCapture()],
    ['frame-relay.pcap', frameRelayCapture()],
    ['slip.pcap', slipCapture()],
  ];
}
