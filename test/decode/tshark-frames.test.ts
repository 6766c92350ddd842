// Cross-check with tshark (and tcpdump for SLIP, which Wireshark 4.0 does not dissect): the test builders' frames of every new link type.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decoded } from '../../src/decode/packet-record.js';
import { LinkType } from '../../src/decode/link-types.js';
import { ciscoHdlc, concat, ethernet, fill, ipv4, ipv6, llc, llcSnap, mpls, ppp } from '../helpers/frames.js';
import {
  Dot11Subtype, Dot11Type, PfAf, RadiotapFlag, dot11, frSnap, frameRelay, pflog, ppi, ppi80211Common, radiotap, slip, tokenRing,
} from '../helpers/frames-links.js';
import { writePcap } from '../helpers/pcap-writer.js';
import { decode, summarize } from './decode-util.js';

/** Runs a tool; a missing binary fails the test (CI installs tshark and tcpdump), it never skips. */
function run(tool: string, args: string[]): string {
  try {
    return execFileSync(tool, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') assert.fail(`${tool} is not installed (Debian: apt-get install ${tool})`);
    throw err;
  }
}

const v4 = (i: number): Uint8Array =>
  ipv4({ src: `198.51.100.${i + 1}`, dst: `203.0.113.${i + 1}`, proto: i % 2 === 0 ? 'tcp' : 'udp', srcPort: 40000 + i, dstPort: 9, dataLength: 3 * i });
const v6 = (i: number): Uint8Array =>
  ipv6({ src: `2001:db8::${i + 1}`, dst: `2001:db8:1::${i + 1}`, nextHeader: i % 2 === 0 ? 'udp' : 'tcp', srcPort: 50000 + i, dstPort: 9, dataLength: 5 * i });

/** Frames of each link type, valid and not: what tshark finds must be what the decoder finds. */
function framesFor(lt: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < 6; i++) {
    const ip = i % 3 === 2 ? v6(i) : v4(i);
    const ds = { toDs: i % 2 === 1, fromDs: i % 4 >= 2, addr2: `02:00:00:00:01:0${i}`, addr1: `02:00:00:00:02:0${i}` };
    switch (lt) {
      case LinkType.IEEE802_11:
        out.push(dot11({ ...ds, subtype: i % 2 === 0 ? Dot11Subtype.QOS_DATA : Dot11Subtype.DATA, order: i === 4 }, llcSnap({}, ip)));
        break;
      case LinkType.IEEE802_11_RADIOTAP:
        out.push(radiotap({ tsft: i % 2 === 0, flags: RadiotapFlag.FCS | (i >= 3 ? RadiotapFlag.DATA_PAD : 0), rate: 12, channel: [2437, 0xc0], antSignal: -50,
          extraPresent: i === 5 ? [1 << 5 | 1 << 29, 1 << 5] : [], extraFields: i === 5 ? [0xc0, 0xc1] : [] },
        dot11({ ...ds, dataPad: i >= 3, fcs: true }, llcSnap({}, ip))));
        break;
      case LinkType.PPI:
        out.push(i === 5 ? ppi({ dlt: 1, fields: [] }, ethernet({}, ip))
          // Fields of 4n bytes: Wireshark 4.0 walks aligned headers past their padding into the frame.
          : ppi({ aligned: i % 2 === 1, fields: [{ type: 7, data: fill(4) }, ppi80211Common(i % 2)] }, dot11({ ...ds, fcs: i % 2 === 1 }, llcSnap({}, ip))));
        break;
      case LinkType.IEEE802_5:
        out.push(tokenRing(i % 2 === 0 ? {} : { rif: [0x06, 0x30, 0x01, 0x10, 0x02, 0x20] }, llcSnap({}, ip)));
        break;
      case LinkType.PFLOG:
        out.push(pflog({ length: [61, 69, 100][i % 3]!, af: (ip[0] ?? 0) >> 4 === 4 ? PfAf.INET : [PfAf.INET6_OPENBSD, PfAf.INET6_FREEBSD, PfAf.INET6_DARWIN][i % 3]! }, ip));
        break;
      case LinkType.PPP_HDLC:
        out.push([ppp({}, ip), ppp({ compressProtocol: true }, ip), ppp({ protocol: 0x0281 }, mpls([16 + i, 99], ip))][i % 3]!);
        if (i === 0) out.push(ciscoHdlc({}, ip));
        break;
      case LinkType.FRELAY:
        out.push([
          frameRelay({ nlpid: (ip[0] ?? 0) >> 4 === 4 ? 0xcc : 0x8e }, ip), frameRelay({ pad: true, nlpid: 0x80 }, frSnap(0, (ip[0] ?? 0) >> 4 === 4 ? 0x0800 : 0x86dd, ip)),
          frameRelay({ encapsulation: 'cisco', etherType: (ip[0] ?? 0) >> 4 === 4 ? 0x0800 : 0x86dd }, ip),
        ][i % 3]!);
        if (i === 0) out.push(frameRelay({ addressBytes: 4, nlpid: 0xcc }, ip), frameRelay({ pad: true, nlpid: 0x80 }, frSnap(0x0080c2, 7, ethernet({}, ip))));
        break;
      case LinkType.SLIP:
        out.push(slip({ direction: i % 2 }, ip));
        break;
    }
  }
  // Frames that carry no IP for either tool.
  if (lt === LinkType.IEEE802_11 || lt === LinkType.IEEE802_11_RADIOTAP || lt === LinkType.PPI) {
    const wrap = (f: Uint8Array): Uint8Array => (lt === LinkType.IEEE802_11 ? f : lt === LinkType.PPI ? ppi({ fields: [] }, f) : radiotap({ flags: 0 }, f));
    out.push(wrap(dot11({ type: Dot11Type.MANAGEMENT, subtype: Dot11Subtype.BEACON, addr1: 'ff:ff:ff:ff:ff:ff' }, fill(36))));
    out.push(wrap(dot11({ subtype: Dot11Subtype.QOS_NULL }, fill(0))));
    out.push(wrap(dot11({ protected: true }, fill(60, 0x77))));
    out.push(wrap(dot11({}, llcSnap({ etherType: 0x888e }, fill(40)))));
  }
  if (lt === LinkType.IEEE802_5) out.push(tokenRing({ frameControl: 0x01 }, fill(30)), tokenRing({}, llc(0xf0, 0xf0, 0x03, fill(30))));
  if (lt === LinkType.FRELAY) out.push(frameRelay({ dlci: 1023, nlpid: 0x09 }, fill(13)));
  if (lt === LinkType.PPP_HDLC) out.push(ppp({ protocol: 0xc021 }, fill(14)));
  return out;
}

interface Seen { ip: boolean; family?: number; src?: string | undefined; dst?: string | undefined; length?: number; srcPort?: number; dstPort?: number }

/** tshark's outermost IPv4/IPv6 header and ports of every frame. */
function tsharkView(path: string): Seen[] {
  const fields = ['ip.src', 'ip.dst', 'ip.len', 'ipv6.src', 'ipv6.dst', 'ipv6.plen', 'tcp.srcport', 'tcp.dstport', 'udp.srcport', 'udp.dstport'];
  const text = run('tshark', ['-r', path, '-T', 'fields', '-E', 'occurrence=f', ...fields.flatMap((f) => ['-e', f])]);
  return text.replace(/\n$/, '').split('\n').map((line) => {
    const [s4, d4, len4, s6, d6, plen, ts, td, us, ud] = line.split('\t');
    const ports = { srcPort: Number(ts || us || 0), dstPort: Number(td || ud || 0) };
    if (s4) return { ip: true, family: 4, src: s4, dst: d4, length: Number(len4), ...ports };
    if (s6) return { ip: true, family: 6, src: s6, dst: d6, length: Number(plen) + 40, ...ports };
    return { ip: false };
  });
}

/** tcpdump's view, for SLIP: "IP (… length N)" / "IP6 (… payload length: N)" and the address.port pair line. */
function tcpdumpView(path: string): Seen[] {
  const text = run('tcpdump', ['-nn', '-v', '-r', path]);
  const out: Seen[] = [];
  for (const m of text.matchAll(/^\S+ (IP6?) \((.*?)\)\s+(\S+?)\.(\d+) > (\S+?)\.(\d+):/gms)) {
    const v6 = m[1] === 'IP6';
    const length = v6 ? Number(/payload length: (\d+)/.exec(m[2] ?? '')?.[1]) + 40 : Number(/length (\d+)/.exec(m[2] ?? '')?.[1]);
    out.push({ ip: true, family: v6 ? 6 : 4, src: m[3], dst: m[5], length, srcPort: Number(m[4]), dstPort: Number(m[6]) });
  }
  return out;
}

const LINK_TYPES = [LinkType.IEEE802_11, LinkType.IEEE802_11_RADIOTAP, LinkType.PPI, LinkType.IEEE802_5, LinkType.PFLOG, LinkType.PPP_HDLC, LinkType.FRELAY, LinkType.SLIP];

test('tshark (tcpdump for SLIP) finds the same IP header, length and ports in every frame as the decoder, and no IP where it finds none', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wt-links-'));
  try {
    for (const lt of LINK_TYPES) {
      const frames = framesFor(lt);
      const path = join(dir, `${lt}.pcap`);
      writeFileSync(path, writePcap(frames.map((data, i) => ({ ts: 1_700_000_000 + i, data })), { linktype: lt }));
      const oracle = lt === LinkType.SLIP ? tcpdumpView(path) : tsharkView(path);
      assert.equal(oracle.length, frames.length, `link type ${lt}: one line per frame`);
      frames.forEach((frame, i) => {
        const { status, rec } = decode(lt, frame);
        const want = oracle[i]!;
        const context = `link type ${lt}, frame ${i + 1}: ${Buffer.from(frame).toString('hex')}`;
        if (!want.ip) {
          assert.ok(status === Decoded.NON_IP || status === Decoded.ENCRYPTED, `${context}: status ${status}`);
          return;
        }
        assert.equal(status, Decoded.OK, context);
        const s = summarize(rec);
        assert.deepEqual({ ip: true, family: s.family, src: s.src, dst: s.dst, length: s.length, srcPort: s.srcPort, dstPort: s.dstPort }, want, context);
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('deliberate differences from tshark: bad-FCS frames are MALFORMED, A-MSDUs and later fragments NON_IP; tshark reads IP in them', () => {
  const ip = v4(1);
  const cases: [Uint8Array, number][] = [
    [radiotap({ flags: RadiotapFlag.FCS | RadiotapFlag.BAD_FCS }, dot11({ fcs: true }, llcSnap({}, ip))), Decoded.MALFORMED],
    [radiotap({ flags: 0 }, dot11({ qosControl: 0x0080 }, concat(fill(6, 2), fill(6, 4), [0, ip.length + 8], llcSnap({}, ip)))), Decoded.NON_IP],
  ];
  const dir = mkdtempSync(join(tmpdir(), 'wt-links-'));
  try {
    const path = join(dir, 'deviations.pcap');
    writeFileSync(path, writePcap(cases.map(([data], i) => ({ ts: 1_700_000_000 + i, data })), { linktype: LinkType.IEEE802_11_RADIOTAP }));
    const seen = tsharkView(path);
    cases.forEach(([frame, status], i) => {
      assert.equal(seen[i]?.ip, true, `tshark reads IP in case ${i}`);
      assert.equal(decode(LinkType.IEEE802_11_RADIOTAP, frame).status, status, `case ${i}`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
