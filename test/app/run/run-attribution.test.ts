// Attribution through run() with fake ports: --by blocks and records that add up to the totals, owners on flow records, the errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from '../../../src/app/run/run.js';
import { parseArgs } from '../../../src/cli/args.js';
import { loadConfiguration } from '../../../src/cli/configuration.js';
import type { Configuration } from '../../../src/cli/configuration.js';
import { SocketKind } from '../../../src/attribution/socket-record.js';
import { fakeWorld } from '../../helpers/fake-deps.js';
import type { TimedFrame } from '../../helpers/fake-deps.js';
import { ipv4 } from '../../helpers/frames.js';
import { FakeHost } from '../../attribution/fake-host.js';

const RAW_IP = 101;

function config(argv: string[]): Configuration {
  const parsed = parseArgs(argv);
  assert.equal(parsed.kind, 'run', JSON.stringify(parsed));
  return loadConfiguration(parsed as Extract<typeof parsed, { kind: 'run' }>, undefined, () => ({ error: { code: 'ENOENT', message: 'none' } }));
}

/** `bytes` of IP (UDP) from peer:port to 10.0.0.1:local at atMs. */
function received(atMs: number, peer: string, bytes: number, port: number, local: number): TimedFrame {
  return { atMs, linktype: RAW_IP, data: ipv4({ src: peer, dst: '10.0.0.1', proto: 'udp', srcPort: port, dstPort: local, dataLength: bytes - 28 }) };
}

/** 10.0.0.1 with one process, "resolver" (pid 100, uid 1000 ann, in unbound.service), holding an unconnected UDP socket on port 40000. */
function host(): FakeHost {
  const h = new FakeHost();
  h.addresses.set(0, ['10.0.0.1']);
  h.addProcess(100, { comm: 'resolver', cmdline: 'resolver\0--port\x0040000\0', uid: 1000, cgroup: '0::/system.slice/unbound.service', sockets: [501] });
  h.sockets.push({ kind: SocketKind.UDP, proto: 17, family: 4, local: '0.0.0.0', localPort: 40000, remote: '0.0.0.0', remotePort: 0, state: 7, inode: 501, uid: 1000 });
  return h;
}

const TRAFFIC = [
  received(500, '10.0.0.2', 1000, 53, 40000), received(2500, '10.0.0.2', 3000, 53, 40000),
  // Nobody listens on 40001: the kernel answers, there is no socket.
  received(4100, '10.0.0.3', 500, 443, 40001), received(5900, '10.0.0.2', 1000, 53, 40000),
];

function world() {
  const h = host();
  return fakeWorld({ live: [TRAFFIC], attribution: { open: () => ({ kernel: h.kernel, proc: h.proc, littleEndian: true }) } });
}

type Rec = Record<string, unknown> & { type: string };
const records = (text: string): Rec[] => text.trim().split('\n').map((l) => JSON.parse(l) as Rec);

test('-t --by process: iftop-style blocks of processes and labelled gaps, with the totals of the host-pair block', async () => {
  const w = world();
  assert.equal(await run(w.deps, config(['-t', '-n', '-N', '-s', '6', '-i', 'test0', '--by', 'process']), false), 0, w.stderr.text);
  assert.equal(w.stdout.text, [
    'Listening on test0',
    '   # PID     user     program                       last 2s   last 10s   last 40s cumulative',
    '--------------------------------------------------------------------------------------------',
    '   1 100     ann      resolver                =>         0b         0b         0b         0B',
    '     resolver --port 40000 [unbound.service]  <=     3.91Kb     6.51Kb     6.51Kb     4.88KB',
    '   2 (no socket (kernel reply))               =>         0b         0b         0b         0B',
    '                                              <=     1.95Kb       667b       667b       500B',
    '--------------------------------------------------------------------------------------------',
    'Total send rate:                                         0b         0b         0b',
    'Total receive rate:                                  5.86Kb     7.16Kb     7.16Kb',
    'Total send and receive rate:                         5.86Kb     7.16Kb     7.16Kb',
    '--------------------------------------------------------------------------------------------',
    'Peak rate (sent/received/total):                         0b     11.7Kb     11.7Kb',
    'Cumulative (sent/received/total):                        0B     5.37KB     5.37KB',
    '============================================================================================',
    '',
    '',
  ].join('\n'));
});

test('--ndjson --by unit: flow records name their process, unit records add up to the totals exactly', async () => {
  const w = world();
  assert.equal(await run(w.deps, config(['--ndjson', '-n', '-s', '6', '-i', 'test0', '--by', 'unit']), false), 0, w.stderr.text);
  const r = records(w.stdout.text);
  const totals = r.filter((x) => x.type === 'totals').at(-1) as unknown as { ts: number; cumulative_bytes: { received: number } };
  const units = r.filter((x) => x.type === 'unit' && x['ts'] === totals.ts);
  assert.deepEqual(units.map((u) => [u['name'], u['unattributed'], u['processes'], u['cumulative_received_bytes']]), [
    ['unbound.service', null, 1, 5000],
    [null, 'no-socket', 0, 500],
  ]);
  assert.equal(units.reduce((s, u) => s + (u['cumulative_received_bytes'] as number), 0), totals.cumulative_bytes.received);
  const flows = r.filter((x) => x.type === 'flow' && x['ts'] === totals.ts);
  assert.deepEqual(flows.map((f) => [(f['process'] as { pid: number; name: string; user: string; unit: string } | null), f['unattributed']]), [
    [{ pid: 100, name: 'resolver', cmdline: 'resolver --port 40000', user: 'ann', uid: 1000, unit: 'unbound.service', container: null, exited: false }, null],
    [null, 'no-socket'],
  ]);
});

test('--ndjson-file flow records carry the owner; with --no-processes they do not, and nothing reads /proc', async () => {
  const w = world();
  assert.equal(await run(w.deps, config(['-t', '-n', '-s', '6', '-i', 'test0', '--ndjson-file', 'f']), false), 0, w.stderr.text);
  const flows = records(w.files.get('f')!.text).filter((x) => x.type === 'flow');
  assert.ok(flows.length > 0);
  for (const f of flows) assert.ok('process' in f && 'unattributed' in f, JSON.stringify(f));
  assert.equal((flows.find((f) => f['dst_port'] === 53)!['process'] as { pid: number }).pid, 100);
  let opened = false;
  const off = fakeWorld({ live: [TRAFFIC], attribution: { open: () => ((opened = true), { error: 'never' }) } });
  assert.equal(await run(off.deps, config(['-t', '-n', '-s', '6', '-i', 'test0', '--ndjson-file', 'f', '--no-processes']), false), 0, off.stderr.text);
  assert.equal(opened, false);
  for (const f of records(off.files.get('f')!.text).filter((x) => x.type === 'flow')) assert.ok(!('process' in f), JSON.stringify(f));
});

test('--by needs processes: one line for a file or --no-processes; a host that cannot be read is a note, the run goes on', async () => {
  const file = fakeWorld();
  assert.equal(await run(file.deps, config(['-t', '-r', 'x.pcap', '--by', 'process']), false), 1);
  const off = fakeWorld();
  assert.equal(await run(off.deps, config(['-t', '-i', 'test0', '--by', 'container', '--no-processes']), false), 1);
  assert.equal(off.stderr.text.split('\n').filter((l) => l.startsWith('wiretop:')).join('\n'), 'wiretop: --by container needs process attribution, which --no-processes turns off');
  const refused = fakeWorld({ live: [TRAFFIC], attribution: { open: () => ({ error: 'netlink and /proc are unavailable' }) } });
  assert.equal(await run(refused.deps, config(['-t', '-n', '-s', '2', '-i', 'test0']), false), 0);
  assert.match(refused.stderr.text, /wiretop: no process attribution: netlink and \/proc are unavailable\n/);
  assert.match(refused.stdout.text, /10\.0\.0\.2/);
  assert.deepEqual(parseArgs(['--by', 'host']), { kind: 'error', message: '--by takes process, unit or container, not "host" (wiretop -h lists the options)' });
});
