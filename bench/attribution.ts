// Attribution cost with 20 000 sockets and 1 000 processes: socket-table mechanisms compared, then the engine under connection churn.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { openNetlink } from '../src/adapters/sockets/netlink-ffi.js';
import { openHostAttribution } from '../src/adapters/sockets/host-attribution.js';
import type { OwnerSource } from '../src/attribution/accounts.js';
import { AttributionAccounts, sortRows } from '../src/attribution/accounts.js';
import { AttributionEngine, DEFAULT_ATTRIBUTION_OPTIONS } from '../src/attribution/engine.js';
import type { Owner, ProcessOwner } from '../src/attribution/owner.js';
import { parseProcNet } from '../src/attribution/proc-net-parse.js';
import { dumpRequest, lookupRequest, NETLINK_SOCK_DIAG, parseDiagDatagram } from '../src/attribution/sock-diag-codec.js';
import { newSocketRecord, SocketKind } from '../src/attribution/socket-record.js';
import type { FlowView, TickSnapshot } from '../src/core/tick-snapshot.js';
import { churn, createLoadHost } from './attribution-load.js';
import { fmt, median, NODE } from './measure.js';

const RUNS = 7;

function timed(fn: () => number): { median: number; max: number; result: number } {
  const runs: number[] = [];
  let result = 0;
  fn();
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    result = fn();
    runs.push(performance.now() - t);
  }
  return { median: median(runs), max: Math.max(...runs), result };
}

/** Socket table mechanisms: a whole table via sock_diag, the same via /proc/net text, one exact lookup, and ss -p's full fd scan. */
function mechanisms(): string[] {
  const rec = newSocketRecord();
  const buf = new Uint8Array(1 << 16);
  const nl = openNetlink(NETLINK_SOCK_DIAG);
  const sample: { l: Uint32Array; lp: number; r: Uint32Array; rp: number }[] = [];
  const dump = () => {
    let n = 0;
    for (const family of [4, 6] as const) {
      nl.send(dumpRequest({ family, proto: 6 }, 0xffffffff, 1, true));
      for (;;) {
        const len = nl.receive(buf, true);
        const end = parseDiagDatagram(buf, len, 6, true, rec, (x) => {
          if (n++ % 10 === 0 && sample.length < 2000) sample.push({ l: x.local.slice(), lp: x.localPort, r: x.remote.slice(), rp: x.remotePort });
        }, { malformed: 0 });
        if (end.kind !== 'more') break;
      }
    }
    return n;
  };
  const text = () => {
    let n = 0;
    for (const [file, family] of [['/proc/net/tcp', 4], ['/proc/net/tcp6', 6]] as const) {
      const b = readFileSync(file);
      parseProcNet(b, b.length, SocketKind.TCP, family, true, rec, () => n++, { malformed: 0 });
    }
    return n;
  };
  const exact = () => {
    for (const s of sample) {
      nl.send(lookupRequest({ family: 4, proto: 6 }, s.l, s.lp, s.r, s.rp, 2, true));
      nl.receive(buf, false);
    }
    return sample.length;
  };
  const scan = () => {
    let fds = 0;
    for (const p of readdirSync('/proc')) {
      if (!/^\d+$/.test(p)) continue;
      try {
        for (const fd of readdirSync(`/proc/${p}/fd`)) {
          try {
            readlinkSync(`/proc/${p}/fd/${fd}`);
            fds++;
          } catch { /* closed */ }
        }
      } catch { /* exited */ }
    }
    return fds;
  };
  const d = timed(dump), t = timed(text), e = timed(exact), f = timed(scan);
  nl.close();
  return [
    '| mechanism (this namespace) | items | median ms | worst ms |', '|---|---:|---:|---:|',
    `| sock_diag dump, TCP v4+v6 (what \`ss -t\` does) | ${fmt(d.result)} sockets | ${fmt(d.median, 1)} | ${fmt(d.max, 1)} |`,
    `| /proc/net/tcp + tcp6 read and parsed | ${fmt(t.result)} sockets | ${fmt(t.median, 1)} | ${fmt(t.max, 1)} |`,
    `| sock_diag exact lookups (one per new flow) | ${fmt(e.result)} lookups | ${fmt(e.median, 1)} (${fmt((e.median * 1000) / e.result, 1)} µs each) | ${fmt(e.max, 1)} |`,
    `| every /proc/PID/fd read (what \`ss -p\` does) | ${fmt(f.result)} fds | ${fmt(f.median, 1)} | ${fmt(f.max, 1)} |`,
  ];
}

interface Scenario {
  readonly name: string;
  readonly rate: number;
  readonly life: number;
  readonly fork: boolean;
}

let heldPeerPort = 0;
/** The client port of one of the holders' connections (the last one the dump saw), for the start-up flow. */
function anyHeldPort(): number {
  const out = spawnSync('ss', ['-Htn', 'state', 'established'], { encoding: 'utf8' }).stdout.trim().split('\n');
  const line = out[Math.floor(out.length / 2)]!.trim().split(/\s+/);
  heldPeerPort = Number(line[3]!.split(':').pop());
  return Number(line[2]!.split(':').pop());
}

/** The engine on the main thread while connections churn; flows are submitted `lagMs` after they open (capture delivery). */
async function engineRun(ns: string, port: number, s: Scenario, seconds: number, lagMs: number): Promise<string> {
  const host = openHostAttribution();
  const batches: { at: number; ms: number }[] = [];
  const engine = new AttributionEngine({
    kernel: host.kernel, proc: host.proc, littleEndian: host.littleEndian,
    clock: { monotonicMs: () => performance.now(), epochSeconds: () => Date.now() / 1000 },
    schedule: (fn, ms) => {
      const t = setTimeout(() => {
        const start = performance.now();
        fn();
        batches.push({ at: start, ms: performance.now() - start });
      }, ms);
      return () => clearTimeout(t);
    },
  }, DEFAULT_ATTRIBUTION_OPTIONS);
  const key = new Uint32Array(10);
  let serial = 0;
  const submit = (local: number) => {
    key[0] = (4 << 8) | 6;
    key[1] = key[5] = 0x7f000001;
    key[9] = ((local << 16) | port) >>> 0;
    engine.submit(++serial, key);
  };
  // Start-up: the first flow, on a socket of one of the sleepers, makes the engine index the processes already running.
  const warm = performance.now();
  key[0] = (4 << 8) | 6;
  key[1] = key[5] = 0x7f000001;
  key[9] = ((anyHeldPort() << 16) | heldPeerPort) >>> 0;
  engine.submit(++serial, key);
  engine.flush();
  while (engine.ownerOf(1) === engine.pendingOwner) engine.flush();
  const startup = performance.now() - warm;
  if (engine.ownerOf(1)?.kind !== 'process') throw new Error(`start-up flow not attributed: ${JSON.stringify(engine.ownerOf(1))}`);
  batches.length = 0;
  const begin = performance.now();
  const cpu0 = process.cpuUsage();
  // The run path calls maintain() once per tick (exited processes); it counts as attribution cost too.
  const ticker = setInterval(() => {
    const start = performance.now();
    engine.maintain();
    batches.push({ at: start, ms: performance.now() - start });
  }, 2000);
  await churn(ns, port, s.rate, seconds, s.life, s.fork, (p) => setTimeout(() => submit(p), lagMs));
  await new Promise((r) => setTimeout(r, lagMs + 500));
  clearInterval(ticker);
  const cpu = process.cpuUsage(cpu0);
  if (process.env['BENCH_DEBUG'] !== undefined) process.stderr.write(`${JSON.stringify({ ...engine.stats, phases: engine.phaseScans })}\n`);
  engine.close();
  const perBatch = batches.map((b) => b.ms);
  const ticks = new Map<number, number>();
  for (const b of batches) ticks.set(Math.floor((b.at - begin) / 2000), (ticks.get(Math.floor((b.at - begin) / 2000)) ?? 0) + b.ms);
  const perTick = [...ticks.values()];
  const flows = serial - 1;
  let processes = 0;
  const gaps = new Map<string, number>();
  for (let i = 2; i <= serial; i++) {
    const o = engine.ownerOf(i);
    if (o?.kind === 'process') processes++;
    else gaps.set(o?.reason ?? 'none', (gaps.get(o?.reason ?? 'none') ?? 0) + 1);
  }
  const total = perBatch.reduce((a, b) => a + b, 0);
  return `| ${s.name} | ${fmt(flows)} | ${fmt(startup, 0)} | ${fmt(batches.length)} | ${fmt(median(perBatch), 2)} / ${fmt(Math.max(...perBatch), 1)} | ` +
    `${fmt(median(perTick), 1)} / ${fmt(Math.max(...perTick), 1)} | ${fmt((total * 1000) / Math.max(1, flows), 0)} | ` +
    `${fmt((100 * processes) / Math.max(1, flows), 1)} %${[...gaps].map(([r, n]) => `, ${r} ${n}`).join('')} | ${fmt(((cpu.user + cpu.system) / 1000 / (seconds * 1000)) * 100, 1)} % |`;
}

/** A flow view over plain arrays (the flow table's shape, without one), for timing the per-tick aggregation. */
function arrayView(n: number, tick: number): FlowView {
  const v = {
    count: n, at: (i: number) => i, serial: (id: number) => id + 1, copyKey: (_id: number, out: Uint32Array) => out.fill(0),
    family: () => 4 as const, proto: () => 6, copySrc: () => {}, copyDst: () => {}, srcPort: () => 0, dstPort: () => 0,
    slotSentBytes: (id: number) => id % 1500, slotRecvBytes: () => 100, slotSentPackets: () => 1, slotRecvPackets: () => 1,
    sentRate: (id: number, w: number) => (id % 1500) / (2 << w), recvRate: () => 50, cumulativeSentBytes: (id: number) => (id % 1500) * tick,
    cumulativeRecvBytes: () => 100 * tick, cumulativeSentPackets: () => tick, cumulativeRecvPackets: () => tick, firstSeen: () => 0, lastSeen: () => 0,
  };
  return v;
}

function aggregation(flows: number, owners: number): string {
  const procs: ProcessOwner[] = Array.from({ length: owners }, (_, i) => ({
    kind: 'process', pid: i + 1, startTime: 1, name: `p${i}`, cmdline: '', uid: 0, user: 'root', unit: `u${i % 50}.service`, container: null, cgroup: '/', netns: 1, exitedAt: null,
  }));
  const source: OwnerSource = {
    ownerOf: (s: number): Owner => procs[s % owners]!, submit: () => {}, forget: () => {},
    pendingOwner: { kind: 'gap', reason: 'pending', uid: null, user: null, unit: null, container: null },
  };
  const acc = new AttributionAccounts(source, { exitedRetentionSeconds: 300 });
  let tick = 0;
  const empty = arrayView(0, 0);
  const zero = { sentRate: [0, 0, 0], recvRate: [0, 0, 0], slotSentBytes: 0, slotRecvBytes: 0, slotSentPackets: 0, slotRecvPackets: 0, cumulativeSentBytes: 0, cumulativeRecvBytes: 0, cumulativeSentPackets: 0, cumulativeRecvPackets: 0 } as const;
  const t = timed(() => {
    tick++;
    const s = { tick, ts: tick * 2, flows: arrayView(flows, tick), expired: empty, overflow: zero } as unknown as TickSnapshot;
    acc.update(s);
    return sortRows(acc.rows('process'), 0).length + acc.rows('unit').length;
  });
  return `| per-tick rows (update, process view sorted, unit view) | ${fmt(flows)} flows, ${fmt(owners)} processes | ${fmt(t.median, 1)} | ${fmt(t.max, 1)} |`;
}

async function inner(ns: string, port: number, quick: boolean): Promise<void> {
  const out: string[] = [...mechanisms(), ''];
  const seconds = quick ? 6 : 20;
  out.push('| engine scenario | new flows | start-up ms | batches | per batch median / worst ms | per 2 s tick median / worst ms | µs per new flow | attributed | whole process CPU |',
    '|---|---:|---:|---:|---:|---:|---:|---|---:|');
  const only = process.env['BENCH_SCENARIO'];
  for (const s of [
    { name: '100 new connections/s, one client, 1 s each', rate: 100, life: 1, fork: false },
    { name: '1 000 new connections/s, one client, 0.5 s each', rate: 1000, life: 0.5, fork: false },
    { name: '20 new processes/s, one 150 ms connection each', rate: 20, life: 0.15, fork: true },
  ].filter((_, i) => only === undefined || String(i) === only)) {
    process.stderr.write(`scenario: ${s.name}\n`);
    out.push(await engineRun(ns, port, s, seconds, 100));
  }
  out.push('', '| per-tick aggregation | size | median ms | worst ms |', '|---|---:|---:|---:|', aggregation(20_000, 1_000));
  process.stdout.write(`${out.join('\n')}\n`);
}

async function outer(argv: readonly string[]): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('the attribution benchmark needs root (a network namespace with 20 000 sockets)');
  const quick = argv.includes('--quick');
  const sockets = quick ? 4000 : 20_000, processes = quick ? 200 : 1000;
  const host = await createLoadHost(sockets, processes);
  try {
    const flags = (process.env['BENCH_NODE_FLAGS'] ?? '').split(' ').filter((f) => f !== '');
    const r = spawnSync('ip', ['netns', 'exec', host.ns, NODE, ...flags, new URL(import.meta.url).pathname, '--inner', host.ns, String(host.serverPort), ...(quick ? ['--quick'] : [])], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`inner run failed (${r.status})`);
    process.stdout.write(`Measured ${new Date().toISOString()} by \`node dist/bench/attribution.js\`, Node ${process.version}: ${fmt(sockets)} TCP sockets held by ${fmt(processes)} processes in a namespace; engine on the main thread, flows submitted 100 ms after their connection opened.\n\n${r.stdout}`);
  } finally {
    host.destroy();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  const i = argv.indexOf('--inner');
  (i >= 0 ? inner(argv[i + 1]!, Number(argv[i + 2]), argv.includes('--quick')) : outer(argv)).then(() => process.exit(0), (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
