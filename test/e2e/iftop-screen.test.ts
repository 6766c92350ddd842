// The real iftop and wiretop side by side in tmux on the same namespace traffic: same scale rows, flow rows, columns, totals layout.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createNetnsPair } from '../helpers/netns.js';
import type { NetnsPair } from '../helpers/netns.js';
import { run, waitForOutput } from '../helpers/run-wiretop.js';
import type { Capture } from '../helpers/tmux.js';
import { normaliseAcs, Tmux } from '../helpers/tmux.js';
import { flowRows, NODE, sh, sleep, wiretopCommand } from './e2e-fixtures.js';

const TRAFFIC = fileURLToPath(new URL('../live/traffic.js', import.meta.url));
const SIZES = [[120, 30], [80, 24]] as const;

let net: NetnsPair;
let tmux: Tmux;
const children: ChildProcess[] = [];

before(async () => {
  const which = await run('sh', ['-c', 'command -v iftop']);
  assert.equal(which.code, 0, 'iftop is not installed (apt-get install iftop); the side-by-side screen test cannot run');
  tmux = new Tmux();
  net = createNetnsPair();
  for (const [mode, port, bind] of [['udp-sink', 6001, net.ipA], ['udp-sink', 6002, net.ip6A], ['tcp-sink', 6003, net.ipA]] as const) {
    const sink = net.spawn(net.nsA, NODE, [TRAFFIC, mode, '--port', String(port), '--bind', bind], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(sink);
    await waitForOutput(sink, 'ready');
  }
  // Clearly ranked steady rates for the whole test: TCP ~800 KB/s, UDP/IPv4 ~200 KB/s, UDP/IPv6 ~25 KB/s (under -m 10M).
  const send = (args: string[]) => children.push(net.spawn(net.nsB, NODE, [TRAFFIC, ...args], { stdio: 'ignore' }));
  send(['tcp-send', '--to', net.ipA, '--port', '6003', '--src-port', '41003', '--bytes', '80000000', '--chunk', '8000', '--interval-ms', '10']);
  send(['udp-send', '--to', net.ipA, '--port', '6001', '--src-port', '41001', '--count', '100000', '--size', '972', '--interval-ms', '5']);
  send(['udp-send', '--to', net.ip6A, '--port', '6002', '--src-port', '41002', '--count', '100000', '--size', '202', '--interval-ms', '10']);
});

after(() => {
  for (const c of children) c.kill('SIGKILL');
  tmux?.kill();
  net?.destroy();
});

const ARGS = (): string[] => ['-i', net.ifA, '-n', '-N', '-P', '-m', '10M'];

function iftopCommand(): string {
  return `ip netns exec ${net.nsA} env -i PATH=${sh(process.env['PATH'] ?? '/usr/sbin:/usr/bin:/sbin:/bin')} HOME=/nonexistent ` +
    `LANG=C.UTF-8 TERM=screen iftop ${ARGS().map(sh).join(' ')}`;
}

const NUMBER = /^ +\d+(\.\d+)?[KMG]?[bB] *$/;

/** The layout of one screen: rows with ACS normalised, and the fields that must sit at iftop's columns. */
function normalise(c: Capture): string[] {
  return c.text.map(normaliseAcs);
}

function assertSameLayout(a: Capture, b: Capture, cols: number, rows: number): void {
  const [ia, wb] = [normalise(a), normalise(b)];
  const L = Math.floor((cols - 28) / 2);
  assert.equal(wb[0], ia[0], 'scale labels (-m 10M: 2.00Mb … 10.0Mb)');
  assert.equal(wb[1], ia[1], 'scale line with corner and tees');
  assert.equal(wb[rows - 4], ia[rows - 4], 'separator row');
  const fa = flowRows(ia), fb = flowRows(wb);
  assert.ok(fa.length >= 3, `iftop shows the three flows:\n${ia.join('\n')}`);
  assert.deepEqual(fb.map((r) => r.slice(0, 2 * L + 4)), fa.map((r) => r.slice(0, 2 * L + 4)), 'same flows, host strings, markers, order');
  for (const [i, row] of ia.entries()) {
    if (i < 2 || i >= rows - 4) continue;
    assert.equal(wb[i]!.slice(0, 2 * L + 4), row.slice(0, 2 * L + 4), `row ${i}: host columns`);
    for (const col of [cols - 24, cols - 16, cols - 8]) {
      const [x, y] = [row.slice(col, col + 8), wb[i]!.slice(col, col + 8)];
      assert.equal(NUMBER.test(y), NUMBER.test(x), `row ${i} col ${col}: a rate in both or in neither ("${x}" / "${y}")`);
    }
  }
  for (const [r, label] of [[rows - 3, 'TX:'], [rows - 2, 'RX:'], [rows - 1, 'TOTAL:']] as const) {
    assert.ok(ia[r]!.startsWith(label) && wb[r]!.startsWith(label), `${label} at col 0`);
    for (const [col, width] of [[22, 7], [39, 7], [cols - 24, 8], [cols - 16, 8], [cols - 8, 8]] as const) {
      const [x, y] = [ia[r]!.slice(col, col + width), wb[r]!.slice(col, col + width)];
      assert.ok(NUMBER.test(x) && NUMBER.test(y), `${label} col ${col}: "${x}" / "${y}"`);
    }
  }
  assert.equal(wb[rows - 3]!.slice(16, 21), ia[rows - 3]!.slice(16, 21), 'cum: at 16');
  assert.equal(wb[rows - 3]!.slice(32, 38), ia[rows - 3]!.slice(32, 38), 'peak: at 32');
  assert.equal(wb[rows - 3]!.slice(cols - 32, cols - 26), ia[rows - 3]!.slice(cols - 32, cols - 26), 'rates: at COLS − 32');
  assertBars(a, cols, rows, 'iftop');
  assertBars(b, cols, rows, 'wiretop');
}

/** A shown rate ("5.03Mb", "958Kb", "0b") in bits/s, K = 1024. */
function bits(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([KMG]?)b$/.exec(text.trim());
  assert.ok(m !== null, `not a rate in bits: "${text}"`);
  return Number(m[1]) * 1024 ** ['', 'K', 'M', 'G'].indexOf(m[2]!);
}

/**
 * Every bar (flow rows, TX, RX) is trunc(10 s rate / 10 Mibit × COLS) + 1 cells from col 0, as far as the
 * 3-digit rate shown lets us tell (±1 cell); rates differ between the programs, the rule must not.
 */
function assertBars(c: Capture, cols: number, rows: number, who: string): void {
  for (let r = 2; r < rows - 1; r++) {
    const rate = c.text[r]!.slice(cols - 16, cols - 8);
    if (!NUMBER.test(rate)) continue;
    const len = Math.trunc((bits(rate) / (10 * 1024 * 1024)) * cols);
    const cells = c.reverse[r]!.indexOf('.') < 0 ? cols : c.reverse[r]!.indexOf('.');
    const want = len > 0 ? Math.min(cols, len + 1) : 0;
    assert.ok(Math.abs(cells - want) <= 1, `${who} row ${r}: bar of ${cells} cells for ${rate.trim()}, expected ${want}\n${c.text[r]}\n${c.reverse[r]}`);
  }
  assert.equal(c.reverse[rows - 1], '.'.repeat(cols), `${who}: no bar on the TOTAL row`);
}

test('iftop and wiretop -n -N -P -m 10M side by side at 120×30 and 80×24: same layout, same rows', async () => {
  for (const [cols, rows] of SIZES) {
    tmux.start(`iftop-${cols}`, cols, rows, iftopCommand());
    tmux.start(`wiretop-${cols}`, cols, rows, `ip netns exec ${net.nsA} ${wiretopCommand(ARGS())}`);
  }
  // Past the start-up hints (2–3 s) and a few rotations, so both lists are stable.
  await sleep(7000);
  for (const [cols, rows] of SIZES) {
    const ready = (x: Capture) => flowRows(x.text).length >= 3 && !/^ \S/.test(x.text[0]!); // no hint over the labels
    const [a, b] = [await tmux.waitFor(`iftop-${cols}`, 'iftop\'s flows', ready), await tmux.waitFor(`wiretop-${cols}`, 'wiretop\'s flows', ready)];
    assertSameLayout(a, b, cols, rows);
  }
  for (const [cols] of SIZES) for (const p of ['iftop', 'wiretop']) tmux.keys(`${p}-${cols}`, 'q');
});
