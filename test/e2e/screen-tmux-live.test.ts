// wiretop's screen on live traffic between two network namespaces, in tmux: start-up hint, rotations, live keys, f and l, exit.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNetnsPair } from '../helpers/netns.js';
import type { NetnsPair } from '../helpers/netns.js';
import { waitForOutput } from '../helpers/run-wiretop.js';
import type { Capture } from '../helpers/tmux.js';
import { Tmux } from '../helpers/tmux.js';
import { flowRows, keptPaneScript, NODE, sh, wiretopCommand } from './e2e-fixtures.js';
import { scratchDir } from '../helpers/scratch-dir.js';

const TRAFFIC = fileURLToPath(new URL('../live/traffic.js', import.meta.url));

let net: NetnsPair;
let tmux: Tmux;
const children: ChildProcess[] = [];

before(async () => {
  tmux = new Tmux();
  net = createNetnsPair();
  for (const [port, bind] of [[6001, net.ipA], [6002, net.ip6A]] as const) {
    const sink = net.spawn(net.nsA, NODE, [TRAFFIC, 'udp-sink', '--port', String(port), '--bind', bind], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(sink);
    await waitForOutput(sink, 'ready');
  }
  // Steady traffic from B for the whole file: ~100 KB/s to 6001 over IPv4, ~10 KB/s to 6002 over IPv6.
  for (const [to, port, size, interval] of [[net.ipA, 6001, 1000, 10], [net.ip6A, 6002, 200, 20]] as const) {
    children.push(net.spawn(net.nsB, NODE, [TRAFFIC, 'udp-send', '--to', to, '--port', String(port), '--src-port', String(port + 40000),
      '--count', '100000', '--size', String(size), '--interval-ms', String(interval)], { stdio: 'ignore' }));
  }
});

after(() => {
  for (const c of children) c.kill('SIGKILL');
  tmux?.kill();
  net?.destroy();
});

/** wiretop on nsA's end of the link; `ip netns exec` and `env` exec, so the pid written first is wiretop's. */
function start(name: string, args: string[]): { status: (timeoutMs?: number) => Promise<number>; pid: () => number } {
  const pidFile = join(scratchDir('wt-live-'), 'pid');
  const command = `sh -c 'echo $$ > "$0"; exec "$@"' ${sh(pidFile)} ip netns exec ${net.nsA} ${wiretopCommand(['-i', net.ifA, ...args])}`;
  return { status: tmux.startWithStatus(name, 120, 30, command), pid: () => Number(readFileSync(pidFile, 'utf8')) };
}

const hinted = (name: string, text: string, extra: (c: Capture) => boolean = () => true, timeoutMs = 10_000) =>
  tmux.waitFor(name, `the hint "${text}"`, (c) => c.text[0]!.startsWith(` ${text} `) && extra(c), timeoutMs);

test('live: the start-up hint, the flows at the first rotation, keys, f with a bad and a good filter, l, q', async () => {
  const S = 'live';
  const { status } = start(S, ['-n', '-N']);
  await hinted(S, `Listening on ${net.ifA}`.slice(0, 19));
  let c = await tmux.waitFor(S, 'both flows', (x) => flowRows(x.text).length === 2, 6000);
  assert.match(flowRows(c.text).join('\n'), /^198\.51\.100\.1 +=> 198\.51\.100\.2 /m);
  assert.match(flowRows(c.text).join('\n'), /^2001:db8:77::1 +=> 2001:db8:77::2 /m);
  const v4 = c.text.findIndex((l) => l.startsWith('198.51.100.1 '));
  assert.match(c.text[v4 + 1]!, / <= .*\d(\.\d+)?[KM]b/, 'the received rate of the IPv4 flow');
  assert.match(c.text[27]!, /^TX: +cum: /);
  assert.match(c.text[28]!, /^RX: +\d.*B +\d/);

  tmux.keys(S, 'p');
  await hinted(S, 'Port display ON');
  c = await tmux.waitFor(S, 'ports at the next rotation', (x) => flowRows(x.text).some((l) => l.includes(':6001')), 5000);
  assert.match(flowRows(c.text).join('\n'), /^198\.51\.100\.1:6001 +=> 198\.51\.100\.2:46001 /m);

  tmux.keys(S, 'f');
  await tmux.waitFor(S, 'the filter prompt, empty', (x) => x.text[0]!.trimEnd() === 'Net filter>');
  tmux.type(S, 'port foo');
  tmux.keys(S, 'Enter');
  await hinted(S, "unknown port 'foo'");
  tmux.keys(S, 'f');
  await tmux.waitFor(S, 'the filter prompt, still empty (the bad filter was not kept)', (x) => x.text[0]!.trimEnd() === 'Net filter>');
  tmux.type(S, 'udp port 6001');
  tmux.keys(S, 'Enter');
  await hinted(S, 'Installed new filter');
  // The IPv6 flow is no longer captured: its 2 s rate falls to zero while the history fades.
  c = await tmux.waitFor(S, 'the IPv6 flow idle', (x) => {
    const i = x.text.findIndex((l) => l.startsWith('[2001:db8:77::1]:6002'));
    return i >= 0 && x.text[i + 1]!.slice(96, 104).trim() === '0b';
  }, 8000);
  tmux.keys(S, 'f');
  await tmux.waitFor(S, 'the prompt with the installed filter', (x) => x.text[0]!.trimEnd() === 'Net filter> udp port 6001');
  tmux.keys(S, 'Escape');

  tmux.keys(S, 'l');
  tmux.type(S, '^\\[2001');
  tmux.keys(S, 'Enter');
  c = await tmux.waitFor(S, 'only the IPv6 line', (x) => flowRows(x.text).length === 1 && flowRows(x.text)[0]!.startsWith('[2001'));
  tmux.keys(S, 'q');
  assert.equal(await status(), 0);
});

test('live: SIGTERM ends with 143, the capture closed, the terminal settings, cursor and normal screen back', async () => {
  const S = 'live-term';
  const dir = scratchDir('wt-live-term-');
  writeFileSync(join(dir, 'run.sh'), keptPaneScript(dir, `ip netns exec ${net.nsA} ${wiretopCommand(['-i', net.ifA, '-n', '-N'])}`));
  tmux.start(S, 120, 30, `sh ${sh(join(dir, 'run.sh'))}`);
  await tmux.waitFor(S, 'flows', (x) => flowRows(x.text).length === 2, 8000);
  process.kill(Number(readFileSync(join(dir, 'pid'), 'utf8')), 'SIGTERM');
  const c = await tmux.waitFor(S, 'the normal screen', (x) => x.text.some((l) => l.startsWith('AFTER-WIRETOP-MARKER')));
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  assert.equal(read('status'), '143\n');
  assert.equal(read('after'), read('before'), 'stty -g as before');
  assert.equal(read('after-a'), read('before-a'), 'stty -a as before');
  assert.equal(tmux.display(S, '#{alternate_on} #{cursor_flag}'), '0 1');
  assert.ok(c.text.some((l) => l.startsWith('BEFORE-WIRETOP-MARKER')));
});
