// The analyser's memory of each flow's line across ticks gives exactly what a fresh analysis gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Monitor } from '../../src/core/monitor.js';
import { Analyser, EMPTY_MODEL } from '../../src/core/analysis.js';
import { FlowGroups } from '../../src/core/line-groups.js';
import { LineTable } from '../../src/core/line-table.js';
import type { ScreenModel } from '../../src/core/screen-model.js';
import { defaultViewOptions, LINE_DISPLAYS, PORT_DISPLAYS, SORT_ORDERS } from '../../src/core/view-options.js';
import type { ViewOptions } from '../../src/core/view-options.js';
import { NO_LOCAL_NETWORK } from '../../src/core/local-network.js';
import { formatAddress } from '../../src/format/inet-ntop.js';
import { ipv4, ipv4Address, ipv6 } from '../helpers/frames.js';
import { mulberry32 } from '../helpers/random.js';

const nameOf = (f: 0 | 4 | 6, a: Uint8Array) => (f === 0 ? '' : formatAddress(f, a));

test('one analyser used tick after tick equals a fresh one each tick, through option changes, freezes, expiry, id reuse and overflow', () => {
  const rand = mulberry32(77);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  // A small cap so the overflow line comes and goes; hosts and ports few enough that flows share lines.
  const m = new Monitor({ local: { ...NO_LOCAL_NETWORK, ipv4: [ipv4Address('10.0.0.1')] }, maxFlows: 40, hashSeed: 5 });
  const kept = new Analyser();
  let keptModel: ScreenModel = EMPTY_MODEL;
  let freshModel: ScreenModel = EMPTY_MODEL;
  let opts: ViewOptions = defaultViewOptions();
  let changes = 0, frozenTicks = 0, overflowTicks = 0;
  for (let tick = 0; tick < 400; tick++) {
    const burst = tick % 60 < 35 ? Math.floor(rand() * 60) : 0; // quiet stretches let every flow expire
    for (let i = 0; i < burst; i++) {
      const peer = Math.floor(rand() * 12);
      const received = rand() < 0.5;
      const v6 = rand() < 0.3;
      const frame = v6
        ? ipv6({ src: received ? `2001:db8::${peer + 2}` : '2001:db8::1', dst: received ? '2001:db8::1' : `2001:db8::${peer + 2}`, nextHeader: pick(['tcp', 'udp'] as const), srcPort: 1000 + Math.floor(rand() * 4), dstPort: 80 + Math.floor(rand() * 3), dataLength: Math.floor(rand() * 900) })
        : ipv4({ src: received ? `10.0.1.${peer}` : '10.0.0.1', dst: received ? '10.0.0.1' : `10.0.1.${peer}`, proto: pick(['tcp', 'udp'] as const), srcPort: 1000 + Math.floor(rand() * 4), dstPort: 80 + Math.floor(rand() * 3), dataLength: Math.floor(rand() * 900) });
      m.frame(101, frame, 0, frame.length, frame.length);
    }
    if (rand() < 0.25) {
      changes++;
      opts = {
        hideSource: rand() < 0.2,
        hideDestination: rand() < 0.2,
        portDisplay: pick(PORT_DISPLAYS),
        lineDisplay: pick(LINE_DISPLAYS),
        sort: pick(SORT_ORDERS),
        frozen: rand() < 0.15,
      };
    }
    if (opts.frozen) frozenTicks++;
    if (m.overflow.active) overflowTicks++;
    const limit = rand() < 0.5 ? Infinity : 1 + Math.floor(rand() * 8);
    keptModel = kept.analyse(m, opts, keptModel, nameOf, limit, true);
    freshModel = new Analyser().analyse(m, opts, freshModel, nameOf, limit, true);
    assert.deepEqual(keptModel, freshModel, `tick ${tick} (${JSON.stringify(opts)})`);
    if (rand() < 0.7) m.rotate();
  }
  // The scenario exercised what it is meant to.
  assert.ok(changes > 50 && frozenTicks > 10 && overflowTicks > 10, `changes ${changes}, frozen ticks ${frozenTicks}, overflow ticks ${overflowTicks}`);
});

test('a table more than half full keeps its line memory from tick to tick (it is rebuilt only when options change)', () => {
  const m = new Monitor({ local: { ...NO_LOCAL_NETWORK, ipv4: [ipv4Address('10.0.0.1')] }, maxFlows: 1000, hashSeed: 9 });
  const groups = new FlowGroups();
  const lines = new LineTable();
  const opts: ViewOptions = { ...defaultViewOptions(), portDisplay: 'on' };
  const tick = (o: ViewOptions) => {
    for (let f = 0; f < 900; f++) {
      const frame = ipv4({ src: '10.0.0.1', dst: `10.1.${f >> 8}.${f & 255}`, proto: 'udp', srcPort: 5000 + f, dstPort: 53, dataLength: 10 });
      m.frame(101, frame, 0, frame.length, frame.length);
    }
    lines.reset(m.table.size + 1, m.table.maxFlows + 1);
    groups.begin(m.table, o);
    for (let id = 0; id < m.table.idBound; id++) if (m.table.used[id] === 1) groups.line(m.table, id, o, lines);
    m.rotate();
    return lines.count;
  };
  for (let i = 0; i < 10; i++) assert.equal(tick(opts), 900);
  assert.equal(m.table.size, 900);
  assert.equal(groups.rebuilds, 1, 'built once, then remembered');
  assert.equal(tick({ ...opts, portDisplay: 'off' }), 900, 'one line per host pair');
  assert.equal(groups.rebuilds, 2, 'rebuilt for the new options');
});
