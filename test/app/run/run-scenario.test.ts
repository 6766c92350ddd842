// The whole program through run() with fake ports: a live-like and a file-like run, their outputs byte for byte, beside an NDJSON file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../../src/app/run/run.js';
import { capturePort } from '../../../src/adapters/capture/capture-port.js';
import { parseArgs } from '../../../src/cli/args.js';
import { loadConfiguration } from '../../../src/cli/configuration.js';
import type { Configuration } from '../../../src/cli/configuration.js';
import { fakeWorld, memoryFile } from '../../helpers/fake-deps.js';
import type { TimedFrame } from '../../helpers/fake-deps.js';
import { ipv4 } from '../../helpers/frames.js';
import { GOLDEN_DIR } from '../../golden/golden-cases.js';

const RAW_IP = 101;

function config(argv: string[]): Configuration {
  const parsed = parseArgs(argv);
  assert.equal(parsed.kind, 'run');
  return loadConfiguration(parsed as Extract<typeof parsed, { kind: 'run' }>, undefined, () => ({ error: { code: 'ENOENT', message: 'none' } }));
}

/** `bytes` of IP (UDP) from peer to 10.0.0.1 at atMs. */
function received(atMs: number, peer: string, bytes: number, port = 53): TimedFrame {
  return { atMs, linktype: RAW_IP, data: ipv4({ src: peer, dst: '10.0.0.1', proto: 'udp', srcPort: port, dstPort: 40000, dataLength: bytes - 28 }) };
}

type NdjsonRecord = Record<string, unknown> & { type: string };
const records = (text: string): NdjsonRecord[] => text.trim().split('\n').map((l) => JSON.parse(l) as NdjsonRecord);

test('live-like: -t -s 6 prints iftop\'s lines and one block at 6 s; the NDJSON file beside it holds every tick and the final part-slot', async () => {
  const w = fakeWorld({ live: [[received(500, '10.0.0.2', 1000), received(2500, '10.0.0.2', 3000), received(4100, '10.0.0.3', 500, 443), received(5900, '10.0.0.2', 1000)]] });
  const status = await run(w.deps, config(['-t', '-n', '-N', '-s', '6', '-i', 'test0', '--ndjson-file', '/log/flows.ndjson']), false);
  assert.equal(status, 0, w.stderr.text);
  assert.equal(w.stderr.text, 'interface: test0\nIP address is: 10.0.0.1\n');
  assert.equal(w.stdout.text, [
    'Listening on test0',
    '   # Host name (port/service if enabled)            last 2s   last 10s   last 40s cumulative',
    '--------------------------------------------------------------------------------------------',
    '   1 10.0.0.1                                 =>         0b         0b         0b         0B',
    // 1000 B in the last slot: 500 B/s; 5000 B over the 6 s of history so far: 833 B/s.
    '     10.0.0.2                                 <=     3.91Kb     6.51Kb     6.51Kb     4.88KB',
    '   2 10.0.0.1                                 =>         0b         0b         0b         0B',
    // 500 B in the last slot: 250 B/s; 500 B over the 6 s of history: 83 B/s.
    '     10.0.0.3                                 <=     1.95Kb       667b       667b       500B',
    '--------------------------------------------------------------------------------------------',
    // 1500 B in the slot 4–6 s: 750 B/s; 5500 B over 6 s: 917 B/s.
    'Total send rate:                                         0b         0b         0b',
    'Total receive rate:                                  5.86Kb     7.16Kb     7.16Kb',
    'Total send and receive rate:                         5.86Kb     7.16Kb     7.16Kb',
    '--------------------------------------------------------------------------------------------',
    // The busiest slot (2–4 s) held 3000 B: 1500 B/s.
    'Peak rate (sent/received/total):                         0b     11.7Kb     11.7Kb',
    'Cumulative (sent/received/total):                        0B     5.37KB     5.37KB',
    '============================================================================================',
    '',
    '',
  ].join('\n'));
  const file = w.files.get('/log/flows.ndjson')!;
  assert.ok(file.closed, 'closed with a final flush');
  const r = records(file.text);
  assert.deepEqual(r[0], { type: 'header', schema_version: 1, tool: 'wiretop', version: 'test', records: 'flows', interfaces: ['test0'], files: [], interval_s: 2 });
  const totals = r.filter((x) => x.type === 'totals');
  assert.deepEqual(totals.map((t) => [t['ts'], t['partial']]), [[1_700_000_002, false], [1_700_000_004, false], [1_700_000_006, false], [1_700_000_006, true]]);
  const last = totals.at(-1) as unknown as { cumulative_bytes: { received: number }; cumulative_packets: { received: number } };
  assert.deepEqual([last.cumulative_bytes.received, last.cumulative_packets.received], [5500, 4]);
  // Each flow's latest record (a flow has one at every tick it moved).
  const latest = new Map(r.filter((x) => x.type === 'flow').map((x) => [x['serial'], x]));
  const flows = [...latest.values()];
  assert.deepEqual(flows.map((f) => [f['src'], f['dst'], f['dst_port'], f['cumulative_received_bytes'], f['cumulative_received_packets'], f['first_seen'], f['last_seen']]), [
    ['10.0.0.1', '10.0.0.2', 53, 5000, 3, 1_700_000_000.5, 1_700_000_005.9],
    ['10.0.0.1', '10.0.0.3', 443, 500, 1, 1_700_000_004.1, 1_700_000_004.1],
  ]);
});

test('live-like: a capture that fails ends the run with one line and status 1 (the interface is still there, re-opening fails)', async () => {
  const w = fakeWorld({ live: [[received(500, '10.0.0.2', 1000)]], failAt: { atMs: 3000, message: 'boom' } });
  // Every open after the first fails: the port is swapped for one that refuses.
  const open = w.deps.capture.openLive;
  let opened = 0;
  (w.deps.capture as { openLive: typeof open }).openLive = async (r) => (opened++ === 0 ? open(r) : { error: { code: 'PCAP_OPEN', message: 'no' } });
  const status = await run(w.deps, config(['-t', '-n', '-i', 'test0']), false);
  assert.equal(status, 1);
  assert.match(w.stderr.text, /\nwiretop: capture on test0 failed: boom\n$/);
  assert.match(w.stdout.text, /^Listening on test0\n {3}# Host name/, 'the block of the first tick came before');
});

test('live-like: SIGTERM ends text mode with status 143 after flushing the NDJSON file; a check says UNKNOWN', async () => {
  const w = fakeWorld({ live: [[received(500, '10.0.0.2', 1000), received(2600, '10.0.0.2', 1000)]] });
  const done = run(w.deps, config(['-t', '-n', '-i', 'test0', '--ndjson-file', 'f']), false);
  while (w.clock.ms < 3000) await new Promise((r) => setImmediate(r));
  w.signal('SIGTERM');
  assert.equal(await done, 143);
  const last = records(w.files.get('f')!.text).filter((x) => x.type === 'totals').at(-1)!;
  assert.equal(last['partial'], true);
  assert.deepEqual(last['cumulative_bytes'], { sent: 0, received: 2000 }, 'the part-slot after the last tick is in the file');

  const c = fakeWorld({ live: [[]] });
  const checking = run(c.deps, { ...config(['-n', '-i', 'test0', '-s', '8']), ...{} }, true);
  while (c.clock.ms < 3000) await new Promise((r) => setImmediate(r));
  c.signal('SIGTERM');
  assert.equal(await checking, 3);
  assert.equal(c.stdout.text, 'WIRETOP UNKNOWN - interrupted by SIGTERM\n');
});

test('file-like: a committed capture read through run() prints exactly what its golden file holds', async () => {
  const w = fakeWorld({
    files: {
      openFile: (path) => capturePort.openFile(join(GOLDEN_DIR, path)),
      compileFilter: (text, lt) => capturePort.compileFilter(text, lt),
    },
  });
  const status = await run(w.deps, config(['-r', 'captures/hosts.pcap', '-t', '-n', '-N', '-P']), false);
  assert.equal(status, 0, w.stderr.text);
  assert.equal(w.stdout.text, readFileSync(join(GOLDEN_DIR, 'expected', 'hosts-ports-numeric.txt'), 'utf8'));
});

test('file-like: time comes from the packets; a block per 2 s of capture time and one for the part-slot; the NDJSON file names the file', async () => {
  const frames = [0.1, 1.9, 2.0, 5.5].map((t, i) => ({ ts: 1_600_000_000 + t, linktype: RAW_IP, data: ipv4({ src: '10.0.0.9', dst: '10.0.0.8', proto: 'udp', srcPort: 9, dstPort: 9, dataLength: 100 * (i + 1) - 28 }) }));
  const w = fakeWorld({ files: { openFile: async () => ({ file: memoryFile(frames) }), compileFilter: () => ({ error: 'none' }) } });
  const status = await run(w.deps, config(['-r', 'mem.pcap', '-t', '-B', '-n', '--ndjson-file', 'out']), false);
  assert.equal(status, 0, w.stderr.text);
  assert.equal(w.stdout.text.split('\n')[0], 'Reading from mem.pcap');
  // Slots run from the first packet (0.1 s): ticks at 2.1 and 4.1 s of capture time, then the part-slot to 5.5 s.
  assert.equal(w.stdout.text.split('\n').filter((l) => l.startsWith('Cumulative')).length, 3);
  assert.match(w.stdout.text.split('\n').filter((l) => l.startsWith('Cumulative')).at(-1)!, / 0B +0\.98KB +0\.98KB$/);
  const r = records(w.files.get('out')!.text);
  assert.deepEqual(r[0]!['files'], ['mem.pcap']);
  assert.deepEqual(r.filter((x) => x.type === 'totals').map((t) => t['ts']), [1_600_000_002.1, 1_600_000_004.1, 1_600_000_005.5]);
  assert.ok(r.every((x) => x.type === 'header' || x['file'] === 'mem.pcap'));
});
