// Cross-check with scapy: frames scapy builds (radiotap, 802.11, PPI, pflog, PPP in HDLC framing) decode as scapy dissects them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decoded } from '../../src/decode/packet-record.js';
import { runScapy } from '../helpers/scapy.js';
import { decode, summarize } from './decode-util.js';

/*
 * Seeded, so the same 600 frames every run. Each line: link type, frame hex, and what scapy's own
 * dissector finds in the bytes it built (not what the script meant to build), as JSON.
 */
const SCRIPT = String.raw`
import json, random, logging
logging.getLogger('scapy').setLevel(logging.ERROR)
from scapy.all import *
from scapy.layers.dot11 import *
from scapy.layers.pflog import PFLog
from scapy.contrib.mpls import MPLS
from scapy.contrib.ppi_cace import PPI_Dot11Common
bind_layers(PPP, MPLS, proto=0x0281)  # RFC 3032 §5; scapy 2.5 does not bind it itself

rnd = random.Random(20231114)
def mac(): return '02:%02x:%02x:%02x:%02x:%02x' % tuple(rnd.randrange(256) for _ in range(5))
def ip4(): return rnd.choice(['198.51.100.', '203.0.113.']) + str(rnd.randrange(1, 255))
def ip6(): return '2001:db8:%x::%x' % (rnd.randrange(65536), rnd.randrange(1, 65536))
def l4():
    data = Raw(b'z' * rnd.randrange(0, 200))
    if rnd.random() < 0.5: return TCP(sport=rnd.randrange(1024, 65536), dport=rnd.choice([22, 80, 443]), flags='PA') / data
    return UDP(sport=rnd.randrange(1024, 65536), dport=rnd.choice([9, 123, 5004])) / data
def ip():
    if rnd.random() < 0.5: return IP(src=ip4(), dst=ip4(), id=rnd.randrange(65536)) / l4()
    return IPv6(src=ip6(), dst=ip6(), hlim=64) / l4()

def dot11(fcs):
    cls = Dot11FCS if fcs else Dot11
    kind = rnd.random()
    flags = rnd.choice(['', 'to-DS', 'from-DS', 'to-DS+from-DS'])
    if kind < 0.1:
        return cls(type=0, subtype=8, addr1='ff:ff:ff:ff:ff:ff', addr2=mac(), addr3=mac()) / Dot11Beacon() / Dot11Elt(ID=0, info=b'wiretop')
    if kind < 0.2:
        f = (flags + '+protected').lstrip('+')
        return cls(type=2, subtype=8, FCfield=f, addr1=mac(), addr2=mac(), addr3=mac(), addr4=mac()) / Dot11QoS() / Dot11CCMP(data=b'q' * 40)
    qos = rnd.random() < 0.6
    hdr = cls(type=2, subtype=8 if qos else 0, FCfield=flags, addr1=mac(), addr2=mac(), addr3=mac(), addr4=mac(), SC=rnd.randrange(4096) << 4)
    return (hdr / Dot11QoS(TID=rnd.randrange(8)) if qos else hdr) / LLC() / SNAP() / ip()

def radiotap():
    fcs = rnd.random() < 0.5
    names = [n for n in ['TSFT', 'Flags', 'Rate', 'Channel', 'dBm_AntSignal', 'Antenna'] if rnd.random() < 0.6 or (n == 'Flags' and fcs)]
    ext = []
    if rnd.random() < 0.3:
        names.append('Ext')
        ext = [RadioTapExtendedPresenceMask(present='b0+Ext'), RadioTapExtendedPresenceMask(present='b5')]
    kw = dict(present='+'.join(names)) if names else dict(present=0)
    if 'Flags' in names: kw['Flags'] = 'FCS' if fcs else 0
    if 'Channel' in names: kw.update(ChannelFrequency=2437, ChannelFlags='2GHz+OFDM')
    if 'dBm_AntSignal' in names: kw['dBm_AntSignal'] = -rnd.randrange(20, 90)
    if ext: kw['Ext'] = ext
    return RadioTap(**kw) / dot11(fcs)

def ppi():
    if rnd.random() < 0.25: return PPI(dlt=1, headers=[]) / Ether(src=mac(), dst=mac()) / ip()
    fcs = rnd.random() < 0.5
    return PPI(dlt=105, headers=[PPI_Hdr() / PPI_Dot11Common(Pkt_Flags='FCS' if fcs else 0)]) / dot11(fcs)

def pflog():
    p = ip()
    return PFLog(addrfamily=2 if IP in p else 24, action=rnd.randrange(2), iface=b'em0', direction=rnd.choice([1, 2])) / p

def hdlc():
    p = ip()
    if rnd.random() < 0.3: return HDLC() / PPP(proto=0x0281) / MPLS(label=rnd.randrange(16, 1 << 20), s=1, ttl=64) / p
    return HDLC() / PPP(proto=0x21 if IP in p else 0x57) / p

BUILD = {127: radiotap, 105: lambda: dot11(False), 192: ppi, 117: pflog, 50: hdlc}
PARSE = {127: RadioTap, 105: Dot11, 192: PPI, 117: PFLog, 50: HDLC}

def expect(lt, raw):
    p = PARSE[lt](raw)
    layers = list(p.iterpayloads())
    wlan = next((l for l in layers if isinstance(l, Dot11)), None)
    eth = next((l for l in layers if isinstance(l, Ether)), None)
    out = {}
    if wlan is not None: out.update(srcMac=wlan.addr2, dstMac=wlan.addr1)
    elif eth is not None: out.update(srcMac=eth.src, dstMac=eth.dst)
    if wlan is not None and 'protected' in str(wlan.FCfield): return dict(want='encrypted')
    if IP in p:
        i = p[IP]; out.update(want='ok', family=4, src=i.src, dst=i.dst, proto=i.proto, length=i.len)
    elif IPv6 in p:
        i = p[IPv6]; out.update(want='ok', family=6, src=i.src, dst=i.dst, proto=i.nh, length=i.plen + 40)
    else:
        return dict(want='non_ip')
    t = p.getlayer(TCP) or p.getlayer(UDP)
    out.update(srcPort=t.sport if t else 0, dstPort=t.dport if t else 0)
    return out

for n in range(600):
    lt = [127, 127, 127, 105, 192, 117, 50][n % 7]
    raw = bytes(BUILD[lt]())
    print(json.dumps(dict(lt=lt, hex=raw.hex(), **expect(lt, raw))))
`;

interface Expected {
  lt: number; hex: string; want: 'ok' | 'encrypted' | 'non_ip';
  family?: number; src?: string; dst?: string; proto?: number; length?: number; srcPort?: number; dstPort?: number;
  srcMac?: string; dstMac?: string;
}

/** scapy prints IPv6 addresses compressed as inet_ntop does; the test's summary uses the same RFC 5952 form. */
test('600 seeded scapy frames (radiotap ± FCS and extended bitmaps, 802.11, PPI, pflog, PPP/HDLC ± MPLS) decode as scapy dissects them', () => {
  const lines = runScapy(SCRIPT);
  assert.equal(lines.length, 600);
  const seen = { ok: 0, encrypted: 0, non_ip: 0 };
  for (const line of lines) {
    const e = JSON.parse(line) as Expected;
    const frame = Uint8Array.from(Buffer.from(e.hex, 'hex'));
    const { status, rec } = decode(e.lt, frame);
    const context = `link type ${e.lt}: ${e.hex}`;
    seen[e.want]++;
    if (e.want === 'encrypted') { assert.equal(status, Decoded.ENCRYPTED, context); continue; }
    if (e.want === 'non_ip') { assert.equal(status, Decoded.NON_IP, context); continue; }
    assert.equal(status, Decoded.OK, context);
    const s = summarize(rec);
    const got = { family: s.family, src: s.src, dst: s.dst, proto: s.proto, length: s.length, srcPort: s.srcPort, dstPort: s.dstPort };
    const want = { family: e.family, src: e.src, dst: e.dst, proto: e.proto, length: e.length, srcPort: e.srcPort, dstPort: e.dstPort };
    assert.deepEqual(got, want, context);
    assert.equal(s.lengthFromWire, false, context);
    if (e.srcMac !== undefined) assert.deepEqual([s.hasMac, s.srcMac, s.dstMac], [true, e.srcMac, e.dstMac], context);
    else assert.equal(s.hasMac, false, context);
  }
  // The mix really reached every outcome.
  for (const [what, n] of Object.entries(seen)) assert.ok(n >= 20, `${what}: ${n}`);
});
