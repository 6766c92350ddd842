// Offline benchmark: wiretop -r FILE -t against tcpdump and tshark on generated captures, plus per-pair byte totals.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Distribution, GenResult } from './gen-capture.js';
import { generateCapture, offlineSeed } from './gen-capture.js';
import { pairKey } from './pairs.js';
import { fmt, median, NODE, ROOT, timed, waitForQuiet, WIRETOP } from './measure.js';
import type { Timed } from './measure.js';
import { profileOffline } from './profile.js';

export interface OfflineConfig {
  readonly dir: string;
  readonly packets: number;
  readonly flows: number;
  readonly runs: number;
}

interface ToolRow {
  tool: string;
  command: string;
  runs: Timed[];
}

export interface Check {
  pairs: number;
  /** Pairs whose wiretop total differs from tshark's (or is missing on one side). */
  mismatches: number;
  generatorMismatches: number;
  tsharkTotal: number;
  wiretopTotal: number;
  wiretopPairSum: number;
  generatorTotal: number;
  examples: string[];
}

export interface OfflineResult {
  distribution: Distribution;
  file: string;
  gen: GenResult;
  rows: ToolRow[];
  /** Median wall time of `wiretop --version`: Node start-up and module loading, included in every wiretop run. */
  startupS: number;
  check: Check;
  profile: string;
}

/** The floor programs (floor-reader.ts): what any Node reader of the file must spend, without wiretop's code. */
const FLOOR = fileURLToPath(new URL('./floor-reader.js', import.meta.url));
const FLOOR_PARSE = 'floor: node reads + walks headers';
const FLOOR_TABLE = 'floor: + 1 hash-table add per packet';

/** The commands timed, in the order each round runs them (rounds interleave the tools to spread noise). */
function commands(file: string): { tool: string; cmd: string; args: string[] }[] {
  return [
    { tool: 'tcpdump (libpcap read)', cmd: 'tcpdump', args: ['-r', file, '-w', '/dev/null'] },
    // -n -N: no reverse DNS (a file's blocks wait for the names they show) and no service names, as tshark -z conv.
    { tool: 'wiretop -r -t -n -N', cmd: NODE, args: [WIRETOP, '-r', file, '-t', '-n', '-N'] },
    // conv,ip alone would skip the IPv6 third of the traffic that wiretop accounts; the second tap is cheap.
    { tool: 'tshark conv,ip + conv,ipv6', cmd: 'tshark', args: ['-q', '-z', 'conv,ip', '-z', 'conv,ipv6', '-r', file] },
    { tool: FLOOR_PARSE, cmd: NODE, args: [FLOOR, file, 'parse'] },
    { tool: FLOOR_TABLE, cmd: NODE, args: [FLOOR, file, 'table'] },
  ];
}

export async function runOffline(cfg: OfflineConfig, distribution: Distribution, log: (s: string) => void): Promise<OfflineResult> {
  const file = join(cfg.dir, `offline-${distribution}-${cfg.packets}-${cfg.flows}.pcap`);
  log(`generating ${file} (${fmt(cfg.packets)} packets, ${fmt(cfg.flows)} flows, ${distribution})`);
  const gen = generateCapture({ path: file, packets: cfg.packets, flows: cfg.flows, distribution, snaplen: 96, seconds: 38, seed: offlineSeed(distribution) });
  readFileSync(file); // page cache warm for every tool alike
  const shown = (c: { cmd: string; args: string[] }) => (c.cmd === NODE ? ['node', relative(ROOT, c.args[0]!), ...c.args.slice(1)] : [c.cmd, ...c.args]).join(' ');
  const rows: ToolRow[] = commands(file).map((c) => ({ tool: c.tool, command: shown(c), runs: [] }));
  for (let round = 0; round < cfg.runs; round++) {
    for (const [i, c] of commands(file).entries()) {
      await waitForQuiet();
      const t = await timed(c.cmd, c.args);
      if (t.code !== 0) throw new Error(`${c.tool} failed (status ${t.code}): ${t.stderr.trim()}`);
      rows[i]!.runs.push(t);
      log(`  ${c.tool}: ${t.wallS.toFixed(2)} s wall, ${(t.userS + t.sysS).toFixed(2)} s CPU, ${fmt(t.maxRssKiB / 1024)} MiB`);
    }
  }
  const startup: number[] = [];
  for (let i = 0; i < cfg.runs; i++) startup.push((await waitForQuiet(), await timed(NODE, [WIRETOP, '--version'])).wallS);
  log('  checking per-pair byte totals (wiretop --ndjson vs tshark fields vs generator)');
  const check = await checkTotals(file, gen);
  log('  profiling wiretop (node --cpu-prof)');
  await waitForQuiet();
  const profile = await profileOffline(file);
  return { distribution, file, gen, rows, startupS: median(startup), check, profile };
}

/** Per unordered host pair IP bytes from wiretop's final NDJSON block. */
async function wiretopPairs(file: string): Promise<{ pairs: Map<string, number>; total: number }> {
  // -s beyond the file's length prints exactly one block (the final one) with every line (-L).
  const child = spawn(NODE, [WIRETOP, '-r', file, '-t', '--ndjson', '-n', '-N', '-L', '1000000', '-s', '100000'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const pairs = new Map<string, number>();
  let total = NaN;
  for await (const line of createInterface({ input: child.stdout })) {
    const r = JSON.parse(line) as { type: string; src?: string | null; dst?: string | null; cumulative_sent_bytes?: number; cumulative_received_bytes?: number; cumulative_bytes?: { sent: number; received: number } };
    if (r.type === 'totals') {
      pairs.clear(); // only the last block counts
      total = r.cumulative_bytes!.sent + r.cumulative_bytes!.received;
    } else if (r.type === 'flow') {
      const k = r.src == null || r.dst == null ? 'overflow' : pairKey(r.src, r.dst);
      pairs.set(k, (pairs.get(k) ?? 0) + r.cumulative_sent_bytes! + r.cumulative_received_bytes!);
    }
  }
  return { pairs, total };
}

/** Per unordered host pair IP bytes from tshark's own dissection (ip.len, ipv6.plen + 40). */
async function tsharkPairs(file: string): Promise<Map<string, number>> {
  // TCP/UDP dissection is switched off: it cannot change the IP fields and halves tshark's time.
  const child = spawn('tshark', ['-r', file, '-n', '--disable-protocol', 'tcp', '--disable-protocol', 'udp', '-T', 'fields', '-E', 'occurrence=f',
    '-e', 'ip.src', '-e', 'ip.dst', '-e', 'ip.len', '-e', 'ipv6.src', '-e', 'ipv6.dst', '-e', 'ipv6.plen'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const pairs = new Map<string, number>();
  for await (const line of createInterface({ input: child.stdout })) {
    const [s4, d4, len4, s6, d6, plen] = line.split('\t');
    if (s4 !== undefined && s4 !== '') add(pairs, pairKey(s4, d4 ?? ''), Number(len4));
    else if (s6 !== undefined && s6 !== '') add(pairs, pairKey(s6, d6 ?? ''), Number(plen) + 40);
  }
  return pairs;
}

function add(m: Map<string, number>, k: string, n: number): void {
  m.set(k, (m.get(k) ?? 0) + n);
}

async function checkTotals(file: string, gen: GenResult): Promise<Check> {
  const [w, t] = await Promise.all([wiretopPairs(file), tsharkPairs(file)]);
  const keys = new Set([...t.keys(), ...w.pairs.keys()]);
  let mismatches = 0, generatorMismatches = 0, tsharkTotal = 0, wiretopPairSum = 0;
  const examples: string[] = [];
  for (const k of keys) {
    const a = t.get(k), b = w.pairs.get(k);
    if (a !== b) {
      mismatches++;
      if (examples.length < 5) examples.push(`${k}: tshark ${a ?? 'none'}, wiretop ${b ?? 'none'}`);
    }
    if (gen.pairBytes.get(k) !== a) generatorMismatches++;
    tsharkTotal += a ?? 0;
    wiretopPairSum += b ?? 0;
  }
  return { pairs: keys.size, mismatches, generatorMismatches, tsharkTotal, wiretopTotal: w.total, wiretopPairSum, generatorTotal: gen.ipBytes, examples };
}

/** Markdown for one distribution: the speed table and the correctness line. */
export function offlineMarkdown(r: OfflineResult): string {
  const pps = (t: Timed) => r.gen.packets / t.wallS;
  const base = median(r.rows[0]!.runs.map(pps));
  const lines = [
    `#### ${r.distribution}: ${fmt(r.gen.packets)} packets, ${fmt(r.gen.flowsSeen)} flows = ${fmt(r.gen.pairs)} host pairs, ${fmt(100 * r.gen.ipv6Packets / r.gen.packets, 1)} % IPv6, ${fmt(r.gen.fileBytes / 2 ** 20)} MiB file`,
    '',
    '| tool | median wall s | packets/s | ratio to tcpdump | CPU s (user+sys) | packets per CPU s | ratio by CPU | peak RSS MiB | runs (wall s) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  // Packets per CPU second is the steadier figure when other processes share the cores.
  const perCpu = (t: Timed) => r.gen.packets / (t.userS + t.sysS);
  const baseCpu = median(r.rows[0]!.runs.map(perCpu));
  for (const row of r.rows) {
    const wall = median(row.runs.map((t) => t.wallS));
    const rate = median(row.runs.map(pps));
    const cpuRate = median(row.runs.map(perCpu));
    lines.push(`| ${row.tool} | ${wall.toFixed(2)} | ${fmt(rate)} | ${(rate / base * 100).toFixed(1)} % | ${median(row.runs.map((t) => t.userS + t.sysS)).toFixed(2)} | ` +
      `${fmt(cpuRate)} | ${(cpuRate / baseCpu * 100).toFixed(1)} % | ${fmt(median(row.runs.map((t) => t.maxRssKiB)) / 1024)} | ${row.runs.map((t) => t.wallS.toFixed(2)).join(', ')} |`);
  }
  lines.push('', `wiretop's start-up alone (\`node bin/wiretop.js --version\`) takes ${r.startupS.toFixed(2)} s of its wall time.`);
  const wallOf = (tool: string) => median(r.rows.find((row) => row.tool === tool)!.runs.map((t) => t.wallS));
  const lookups = wallOf(FLOOR_TABLE) - wallOf(FLOOR_PARSE), budget = 2 * wallOf(r.rows[0]!.tool);
  lines.push('', 'The floor rows are `node dist/bench/floor-reader.js FILE parse|table`: a plain loop over the file with no wiretop code, ' +
    'one thread, no directions, history, ticks or output; `table` adds one open-addressing lookup and byte count per packet ' +
    '(a 5-word key and the counter in one 64-byte entry, one memory access). ' +
    `The lookups alone (table − parse) take ${lookups.toFixed(2)} s here, against ${budget.toFixed(2)} s for the whole run at 50 % of tcpdump's rate ` +
    '(2 × its wall time); wiretop also keeps the 40 s history, directions and totals and closes a slot for every flow each 2 s of capture.');
  const c = r.check;
  lines.push('',
    `Per-pair totals equal (wiretop vs tshark): **${c.mismatches === 0 ? 'yes' : 'no'}** (${fmt(c.pairs)} pairs compared, ${c.mismatches} differ; ` +
    `tshark vs generator: ${c.generatorMismatches} differ). Grand total IP bytes: generator ${fmt(c.generatorTotal)}, tshark ${fmt(c.tsharkTotal)}, ` +
    `wiretop cumulative ${fmt(c.wiretopTotal)} (sum of its lines ${fmt(c.wiretopPairSum)}).`);
  for (const e of c.examples) lines.push(`- differs: ${e}`);
  lines.push('', r.profile);
  return lines.join('\n');
}

/** One line against the targets: ≥ 50 % of tcpdump's packets/s, totals equal to tshark's per pair. */
export function offlineSummary(r: OfflineResult): string {
  const rate = (row: ToolRow) => median(row.runs.map((t) => r.gen.packets / t.wallS));
  const ratio = (100 * rate(r.rows[1]!)) / rate(r.rows[0]!);
  return `- offline, ${r.distribution}: wiretop reads at ${ratio.toFixed(1)} % of tcpdump's packets/s (target ≥ 50 %: ` +
    `**${ratio >= 50 ? 'met' : 'not met'}**); per-pair totals equal to tshark's: **${r.check.mismatches === 0 ? 'yes' : 'no'}** (${fmt(r.check.pairs)} pairs).`;
}
