// Representative full-screen states (flows, modes, scales, help, prompt, hints, notices) that the snapshot table renders.
import type { ScreenInput } from '../../../src/render/screen/screen-input.js';
import { fakeLabeller, flowLine, kbit, kbyte, mbit, mbyte, modelOf, screenInput, ZERO } from '../../helpers/screen-fixtures.js';

/** The size table every state is rendered at. */
export const SIZES: readonly (readonly [number, number])[] = [[200, 50], [120, 40], [80, 24], [50, 20], [20, 5], [1, 1], [0, 0]];

/** Names as a test /etc/hosts would give them: a long one, an IPv6 one, a wide-character one; 2001:db8::2 stays numeric. */
export const NAMES = fakeLabeller(
  {
    '192.0.2.10': 'gateway.example.net',
    '198.51.100.20': 'a-very-long-host-name-for-truncation-testing.example.org',
    '2001:db8::1': 'v6host.example',
    '203.0.113.5': '名前.example',
  },
  { '443/6': 'https', '53/17': 'domain', '22/6': 'ssh' },
);

const r = (a: number, b: number, c: number): [number, number, number] => [a, b, c];

/** Two-line flows in display order; totals stay under 10 Mbit/s so the 10 Mbit scale holds. */
export const FLOWS = modelOf([
  flowLine({ src: '192.0.2.10', srcPort: 40001, dst: '198.51.100.20', dstPort: 443, proto: 6,
    sent: r(mbit(1.6), mbit(1.5), mbit(1.2)), recv: r(mbit(4.2), mbit(4.0), mbit(3.1)), totalSent: mbyte(3.9), totalRecv: mbyte(10.2) }),
  flowLine({ src: '2001:db8::1', srcPort: 5353, dst: '2001:db8::2', dstPort: 53, proto: 17,
    sent: r(kbit(211), kbit(205), kbit(180)), recv: r(kbit(39.1), kbit(37.9), kbit(30)), totalSent: kbyte(412), totalRecv: kbyte(76.4) }),
  flowLine({ src: '192.0.2.10', srcPort: 22, dst: '203.0.113.5', dstPort: 50022, proto: 6,
    sent: r(kbit(95), kbit(90), kbit(60)), recv: r(kbit(12), kbit(11), kbit(9)), totalSent: kbyte(190), totalRecv: kbyte(24) }),
  flowLine({ src: '10.1.1.1', srcPort: 123, dst: '192.0.2.10', dstPort: 123, proto: 17,
    sent: ZERO, recv: r(1000, 800, 200), totalRecv: 4000 }),
  ...Array.from({ length: 8 }, (_, i) =>
    flowLine({ src: '192.0.2.10', srcPort: 41000 + i, dst: `198.51.100.${30 + i}`, dstPort: 80, proto: 6,
      sent: r(kbit(40 - 4 * i), kbit(36 - 4 * i), kbit(20 - 2 * i)), recv: ZERO, totalSent: kbyte(80 - 8 * i) })),
]);

export interface State {
  readonly name: string;
  readonly input: Omit<ScreenInput, 'cols' | 'rows'>;
  /** Keep the reverse-video masks in the snapshot (bars, hints, banner). */
  readonly masks: boolean;
}

const TEN_MBIT = { index: 4, jumped: true } as const;

function state(name: string, masks: boolean, o: Partial<ScreenInput>): State {
  return { name, masks, input: screenInput({ model: FLOWS, names: NAMES, scale: TEN_MBIT, ...o }) };
}

export const STATES: readonly State[] = [
  { name: 'start', masks: true, input: screenInput({ hint: 'Listening on eth0' }) },
  state('two-line', true, {}),
  state('one-line-both', true, { lineDisplay: 'one-line-both' }),
  state('one-line-sent', false, { lineDisplay: 'one-line-sent' }),
  state('one-line-received', false, { lineDisplay: 'one-line-received' }),
  state('bars-off', true, { showBars: false }),
  state('log-scale', true, { logScale: true }),
  state('bytes', false, { useBytes: true }),
  state('fixed-1M', true, { fixedMaxBits: 1024 * 1024 }), // -m 1M
  state('totals', false, { showTotals: true }),
  state('help', false, { helpVisible: true }),
  state('scrolled', false, { scrollOffset: 2 }),
  state('screen-filter', false, { screenFilter: /V6HOST|名前/i }),
  state('editor', false, { editor: { prompt: 'Net filter', text: 'udp port 53', cursor: 11 } }),
  state('paused', true, { hint: 'Display paused' }),
  state('notices', true, { dropped: 1234, malformed: 5, banner: 'eth0 is down' }),
];
