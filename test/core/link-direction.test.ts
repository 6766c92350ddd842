// Direction on the new link types through the real monitor: 802.11 transmitter/receiver and token ring MACs, SLIP's
// direction byte, and protected 802.11 frames in their own counter (part of non_ip).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Monitor } from '../../src/core/monitor.js';
import { Analyser, EMPTY_MODEL } from '../../src/core/analysis.js';
import { defaultViewOptions } from '../../src/core/view-options.js';
import { NO_LOCAL_NETWORK } from '../../src/core/local-network.js';
import type { LocalNetwork } from '../../src/core/local-network.js';
import { LinkType } from '../../src/decode/link-types.js';
import { formatAddress } from '../../src/format/inet-ntop.js';
import { fill, ipv4, llcSnap, macAddress } from '../helpers/frames.js';
import { RadiotapFlag, dot11, radiotap, slip, tokenRing } from '../helpers/frames-links.js';

const OUR_MAC = '02:00:00:00:00:01';
const AP = '02:00:00:00:00:aa';
const LOCAL: LocalNetwork = { ...NO_LOCAL_NETWORK, mac: macAddress(OUR_MAC) };

function feed(m: Monitor, linktype: number, frame: Uint8Array): void {
  m.frame(linktype, frame, 0, frame.length, frame.length);
}

function lines(m: Monitor): string[] {
  const model = new Analyser().analyse(m, defaultViewOptions(), EMPTY_MODEL, () => '');
  return model.lines.map((l) => `${l.family === 0 ? '?' : formatAddress(l.family, l.src)} => ${l.family === 0 ? '?' : formatAddress(l.family, l.dst)} ${l.totalSent}/${l.totalRecv}`);
}

const packet = (src: string, dst: string): Uint8Array => ipv4({ src, dst, payload: new Uint8Array(30) }); // 50 bytes

test('802.11 under radiotap: our MAC as transmitter is sent, as receiver (or a broadcast receiver) received', () => {
  const m = new Monitor({ local: LOCAL, maxFlows: 100, hashSeed: 1 });
  const rt = (o: Parameters<typeof dot11>[0], ip: Uint8Array): Uint8Array => radiotap({ flags: RadiotapFlag.FCS }, dot11({ ...o, fcs: true }, llcSnap({}, ip)));
  feed(m, LinkType.IEEE802_11_RADIOTAP, rt({ toDs: true, addr1: AP, addr2: OUR_MAC }, packet('10.9.9.9', '10.8.8.8')));
  feed(m, LinkType.IEEE802_11_RADIOTAP, rt({ fromDs: true, addr1: OUR_MAC, addr2: AP }, packet('10.7.7.7', '10.6.6.6')));
  feed(m, LinkType.IEEE802_11_RADIOTAP, rt({ fromDs: true, addr1: 'ff:ff:ff:ff:ff:ff', addr2: AP }, packet('10.5.5.5', '10.4.4.4')));
  assert.deepEqual(lines(m), ['10.9.9.9 => 10.8.8.8 50/0', '10.6.6.6 => 10.7.7.7 0/50', '10.4.4.4 => 10.5.5.5 0/50']);
});

test('token ring: the source MAC (routing bit cleared) ours is sent', () => {
  const m = new Monitor({ local: LOCAL, maxFlows: 100, hashSeed: 1 });
  feed(m, LinkType.IEEE802_5, tokenRing({ src: OUR_MAC, rif: [0x02, 0x30] }, llcSnap({}, packet('10.9.9.9', '10.8.8.8'))));
  feed(m, LinkType.IEEE802_5, tokenRing({ src: '02:00:00:00:00:09', dst: OUR_MAC }, llcSnap({}, packet('10.7.7.7', '10.6.6.6'))));
  assert.deepEqual(lines(m), ['10.9.9.9 => 10.8.8.8 50/0', '10.6.6.6 => 10.7.7.7 0/50']);
});

test('SLIP: the direction byte gives the direction without any address of our own', () => {
  const m = new Monitor({ local: NO_LOCAL_NETWORK, maxFlows: 100, hashSeed: 1 });
  feed(m, LinkType.SLIP, slip({ direction: 1 }, packet('10.1.1.1', '10.2.2.2')));
  feed(m, LinkType.SLIP, slip({ direction: 0 }, packet('10.2.2.2', '10.1.1.1')));
  assert.deepEqual(lines(m), ['10.1.1.1 => 10.2.2.2 50/50']);
});

test('protected 802.11 data frames count as non-IP and as encrypted; other non-IP frames only as non-IP', () => {
  const m = new Monitor({ local: NO_LOCAL_NETWORK, maxFlows: 100, hashSeed: 1 });
  for (let i = 0; i < 3; i++) feed(m, LinkType.IEEE802_11, dot11({ protected: true }, fill(64, 0x42)));
  feed(m, LinkType.IEEE802_11, dot11({ type: 0, subtype: 8 }, fill(40)));
  feed(m, LinkType.IEEE802_11, dot11({}, llcSnap({}, packet('10.1.1.1', '10.2.2.2'))));
  feed(m, LinkType.IEEE802_11, dot11({ protected: true }, fill(0)).slice(0, 20));
  const c = m.counters;
  assert.deepEqual([c.frames, c.accounted, c.nonIp, c.encrypted, c.malformed, c.unsupported], [6, 1, 4, 3, 1, 0]);
});
