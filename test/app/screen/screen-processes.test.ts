// The screen with process attribution: w cycles processes → units → containers → flows, 1/2/3 sort them, l pid:/proc: filters the flows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SocketKind } from '../../../src/attribution/socket-record.js';
import { NO_LOCAL_NETWORK } from '../../../src/core/local-network.js';
import { settle } from '../../helpers/fake-screen.js';
import type { ScriptedFrame } from '../../helpers/fake-screen.js';
import { screenHarness } from '../../helpers/screen-harness.js';
import { ipv4, ipv4Address, tcp, udp } from '../../helpers/frames.js';
import { FakeHost } from '../../attribution/fake-host.js';

const RAW_IP = 101;
const DOCKER = 'a1b2c3d4e5f6'.padEnd(64, '0');

function frame(src: string, dst: string, sport: number, dport: number, size: number, proto: 'tcp' | 'udp'): ScriptedFrame {
  const l4 = proto === 'tcp' ? tcp({ srcPort: sport, dstPort: dport, dataLength: size - 40 }) : udp({ srcPort: sport, dstPort: dport, dataLength: size - 28 });
  return { linktype: RAW_IP, data: ipv4({ src, dst, proto, payload: l4 }) };
}

/** nginx (www-data, nginx.service) serving 203.0.113.9 over TCP; a client in a docker container sending UDP to 198.51.100.7. */
function host(): FakeHost {
  const h = new FakeHost();
  h.addresses.set(0, ['10.0.0.80']);
  h.addProcess(200, { comm: 'nginx', cmdline: 'nginx: worker process\0', uid: 33, cgroup: '0::/system.slice/nginx.service', sockets: [701] });
  h.addProcess(300, { comm: 'client', cmdline: '/usr/bin/client\0', uid: 0, cgroup: `0::/system.slice/docker-${DOCKER}.scope`, sockets: [702] });
  h.sockets.push(
    { kind: SocketKind.TCP, proto: 6, family: 4, local: '10.0.0.80', localPort: 443, remote: '203.0.113.9', remotePort: 40000, state: 1, inode: 701, uid: 33 },
    { kind: SocketKind.UDP, proto: 17, family: 4, local: '10.0.0.80', localPort: 5000, remote: '198.51.100.7', remotePort: 9000, state: 1, inode: 702, uid: 0 },
  );
  return h;
}

const traffic = (): ScriptedFrame[] => [
  ...Array.from({ length: 20 }, () => frame('10.0.0.80', '203.0.113.9', 443, 40000, 1500, 'tcp')),
  ...Array.from({ length: 4 }, () => frame('10.0.0.80', '198.51.100.7', 5000, 9000, 500, 'udp')),
];

function harness() {
  const h = host();
  return screenHarness({ cols: 100, rows: 30, local: { ...NO_LOCAL_NETWORK, ipv4: [ipv4Address('10.0.0.80')] }, attribution: { kernel: h.kernel, proc: h.proc, littleEndian: true } });
}

test('w: processes (PID, user, program, both directions at 2/10/40 s and cumulative), then units, containers, and back to the flows', async () => {
  const h = harness();
  const done = h.run();
  await settle();
  h.source.push(...traffic());
  await h.rotate();
  await h.press('w');
  let lines = h.terminal.last.lines;
  const top = lines.findIndex((l) => l.startsWith('Processes: 2, sorted by 10s (w: next view)'));
  assert.ok(top > 0, lines.join('\n'));
  assert.match(lines[top + 1]!, /^PID {5}user {5}program +2s +10s +40s +cumulative$/);
  // 30 000 B in the first slot: 15 000 B/s in every window while the history is one slot long (iftop's warm-up).
  assert.match(lines[top + 2]!, /^200 {5}www-data nginx +=> +117Kb +117Kb +117Kb +29\.3KB$/);
  assert.match(lines[top + 3]!, /^ {2}nginx: worker process \[nginx\.service\] +<= +0b +0b +0b +0B$/);
  assert.match(lines[top + 4]!, /^300 {5}root {5}client +=> +7\.81Kb/);
  assert.match(lines[top + 5]!, /^ {2}\/usr\/bin\/client \[a1b2c3d4e5f6\] +<=/);
  await h.press('w');
  lines = h.terminal.last.lines;
  assert.ok(lines.some((l) => /^nginx\.service +=> +117Kb/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /^docker-a1b2c3d4e5f6.*~00\.scope +=> +7\.81Kb/.test(l)), lines.join('\n'));
  await h.press('w');
  lines = h.terminal.last.lines;
  assert.ok(lines.some((l) => /^docker a1b2c3d4e5f6 +=> +7\.81Kb/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /^\(no container\) +=> +117Kb/.test(l)));
  await h.press('w');
  assert.ok(h.terminal.last.lines.some((l) => l.includes('203.0.113.9')), 'back to the flows');
  await h.press('q');
  await done;
});

test('l proc:NAME / pid:N shows that program\'s flows only; a bad term says why; plain text is iftop\'s regular expression again', async () => {
  const h = harness();
  const done = h.run();
  await settle();
  h.source.push(...traffic());
  await h.rotate();
  const has = (text: string) => h.terminal.last.lines.some((l) => l.includes(text));
  assert.ok(has('203.0.113.9') && has('198.51.100.7'));
  await h.press('l', ...'proc:client', 'enter');
  h.source.push(...traffic());
  await h.rotate();
  assert.ok(has('198.51.100.7') && !has('203.0.113.9'), h.terminal.last.lines.join('\n'));
  await h.press('l', ...Array.from({ length: 20 }, () => 'backspace'), ...'pid:200', 'enter');
  h.source.push(...traffic());
  await h.rotate();
  assert.ok(has('203.0.113.9') && !has('198.51.100.7'));
  await h.press('l', ...Array.from({ length: 20 }, () => 'backspace'), ...'pid:x', 'enter');
  assert.ok(has('pid:x: not a process id'));
  await h.press('l', ...Array.from({ length: 20 }, () => 'backspace'), ...'198\\.51', 'enter');
  h.source.push(...traffic());
  await h.rotate();
  assert.ok(has('198.51.100.7') && !has('203.0.113.9'), 'the regular expression filter');
  await h.press('q');
  await done;
});

test('without attribution (a file, --no-processes) w and the owner terms say why, once, as a hint', async () => {
  const h = screenHarness({ cols: 100, rows: 30, local: { ...NO_LOCAL_NETWORK, ipv4: [ipv4Address('10.0.0.80')] }, ownersOff: 'No processes: a file holds no process information' });
  const done = h.run();
  await settle();
  h.source.push(...traffic());
  await h.rotate();
  await h.press('w');
  assert.ok(h.terminal.last.lines[0]!.trimStart().startsWith('No processes: a file holds no process information'), h.terminal.last.lines[0]);
  assert.ok(h.terminal.last.lines.some((l) => l.includes('203.0.113.9')), 'still the flows');
  await h.press('l', ...'unit:nginx', 'enter');
  assert.ok(h.terminal.last.lines[0]!.trimStart().startsWith('No processes'));
  await h.press('q');
  await done;
});
