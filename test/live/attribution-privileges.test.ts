// Attribution after a privilege drop: CAP_NET_RAW alone attributes the user's own processes and says "no permission" once; with CAP_SYS_PTRACE + CAP_DAC_READ_SEARCH everyone is attributed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Owner } from '../../src/attribution/owner.js';
import type { ProbeAnswer } from '../helpers/attribution-probe.js';
import { JsonChild } from '../helpers/json-child.js';
import { createNetnsPair } from '../helpers/netns.js';
import type { NetnsPair } from '../helpers/netns.js';

const NODE = process.execPath;
const ACTORS = fileURLToPath(new URL('./attribution-actors.js', import.meta.url));
const TRAFFIC = fileURLToPath(new URL('./traffic.js', import.meta.url));
const PROBE = fileURLToPath(new URL('../helpers/attribution-probe.js', import.meta.url));
const AS_NOBODY = ['--reuid=65534', '--regid=65534', '--clear-groups'];

let net: NetnsPair;
const children: JsonChild[] = [];
let rootActor: { pid: number; localPort: number };
let nobodyActor: { pid: number; localPort: number };

function spawnIn(ns: string, cmd: string, args: readonly string[], label: string): JsonChild<Record<string, unknown>> {
  const c = new JsonChild<Record<string, unknown>>(net.spawn(ns, cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] }), label);
  children.push(c as JsonChild);
  return c;
}

before(async () => {
  net = createNetnsPair();
  const sink = spawnIn(net.nsB, NODE, [TRAFFIC, 'tcp-sink', '--port', '5001', '--bind', net.ipB], 'sink');
  assert.equal(await sink.line(), 'ready');
  rootActor = await spawnIn(net.nsA, NODE, [ACTORS, 'tcp-hold', '--to', net.ipB, '--port', '5001'], 'root actor').next() as typeof rootActor;
  nobodyActor = await spawnIn(net.nsA, 'setpriv', [...AS_NOBODY, NODE, ACTORS, 'tcp-hold', '--to', net.ipB, '--port', '5001'], 'nobody actor').next() as typeof nobodyActor;
});

after(() => {
  for (const c of children) c.kill();
  net?.destroy();
});

/** A probe running as nobody with exactly these capabilities (ambient, so they survive exec); its Cap lines too. */
async function probeWith(caps: readonly string[]): Promise<{ ask: () => Promise<{ root: Owner; nobody: Owner; notices: readonly string[] }>; capEff: string; capPrm: string }> {
  const list = caps.map((c) => `+${c}`).join(',');
  const p = spawnIn(net.nsA, 'setpriv', [...AS_NOBODY, `--inh-caps=${list}`, `--ambient-caps=${list}`, NODE, PROBE], 'probe');
  const ready = await p.next() as { pid: number };
  const status = readFileSync(`/proc/${ready.pid}/status`, 'utf8');
  const cap = (name: string) => /^Cap(\w+):\s*(\w+)$/m.exec(status.split('\n').find((l) => l.startsWith(name)) ?? '')?.[2] ?? '';
  let serial = 0;
  const ask = async () => {
    const flows = [rootActor, nobodyActor].map((a) => ({ serial: ++serial, proto: 6, src: net.ipA, srcPort: a.localPort, dst: net.ipB, dstPort: 5001 }));
    p.send({ flows });
    const a = await p.next(15_000) as unknown as ProbeAnswer;
    return { root: a.owners[String(flows[0]!.serial)]!, nobody: a.owners[String(flows[1]!.serial)]!, notices: a.notices };
  };
  return { ask, capEff: cap('CapEff'), capPrm: cap('CapPrm') };
}

test('only CAP_NET_RAW: the user\'s own process is attributed, root\'s is "no permission" (as root), and that is said once', async () => {
  const p = await probeWith(['net_raw']);
  assert.equal(p.capEff, '0000000000002000', 'exactly CAP_NET_RAW');
  const first = await p.ask();
  assert.ok(first.nobody.kind === 'process' && first.nobody.pid === nobodyActor.pid && first.nobody.user === 'nobody', JSON.stringify(first.nobody));
  assert.deepEqual(first.root.kind === 'gap' && [first.root.reason, first.root.user], ['no-permission', 'root']);
  assert.equal(first.notices.filter((n) => /no permission/.test(n)).length, 1);
  assert.match(first.notices.find((n) => /no permission/.test(n))!, /CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH/);
  const again = await p.ask();
  assert.deepEqual(again.root.kind === 'gap' && again.root.reason, 'no-permission');
  assert.deepEqual(again.notices, [], 'not said again');
});

test('CAP_SYS_PTRACE + CAP_DAC_READ_SEARCH (and CAP_NET_RAW): every process is attributed', async () => {
  const p = await probeWith(['net_raw', 'sys_ptrace', 'dac_read_search']);
  // CAP_DAC_READ_SEARCH is bit 2, CAP_NET_RAW bit 13, CAP_SYS_PTRACE bit 19.
  assert.equal(p.capEff, (BigInt(1) << 2n | BigInt(1) << 13n | BigInt(1) << 19n).toString(16).padStart(16, '0'));
  const r = await p.ask();
  assert.ok(r.root.kind === 'process' && r.root.pid === rootActor.pid && r.root.user === 'root', JSON.stringify(r.root));
  assert.ok(r.nobody.kind === 'process' && r.nobody.pid === nobodyActor.pid);
  assert.deepEqual(r.notices, []);
});

test('either capability alone is not enough: listing the fds needs one, reading the links the other', async () => {
  for (const caps of [['net_raw', 'sys_ptrace'], ['net_raw', 'dac_read_search']]) {
    const r = await (await probeWith(caps)).ask();
    assert.equal(r.root.kind === 'gap' && r.root.reason, 'no-permission', caps.join('+'));
  }
});
