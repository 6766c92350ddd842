// `npm run bench`: offline and live benchmarks, a summary on stdout and bench/RESULTS.md.
import { existsSync, mkdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { machineMarkdown } from './machine.js';
import { historyMarkdown } from './history.js';
import { perTickMarkdown, runPerTick } from './per-tick.js';
import { outputsMarkdown, runOutputs } from './outputs.js';
import { flowExportMarkdown, runFlowExport } from './flow-export.js';
import { liveMarkdown, liveSummary } from './live-report.js';
import { runLive } from './live.js';
import type { LiveConfig } from './live.js';
import { quiet, ROOT, requireTools } from './measure.js';
import { offlineMarkdown, offlineSummary, runOffline } from './offline.js';
import type { OfflineConfig } from './offline.js';

const USAGE = 'usage: node dist/bench/run.js [--offline-only | --live-only] [--quick]\n';

async function main(argv: readonly string[]): Promise<void> {
  const known = new Set(['--offline-only', '--live-only', '--quick', '-h', '--help']);
  const bad = argv.find((a) => !known.has(a));
  if (bad !== undefined || argv.includes('-h') || argv.includes('--help') || (argv.includes('--offline-only') && argv.includes('--live-only'))) {
    process.stderr.write(bad === undefined ? USAGE : `unknown option ${bad}\n${USAGE}`);
    process.exit(bad === undefined ? 0 : 2);
  }
  const quick = argv.includes('--quick');
  const doOffline = !argv.includes('--live-only');
  const doLive = !argv.includes('--offline-only');
  requireTools(['/usr/bin/time', 'tcpdump', 'tshark', ...(doOffline ? ['/usr/bin/chromium'] : []), ...(doLive ? ['ip', 'tcpreplay', 'iftop', 'stdbuf', 'taskset'] : [])]);
  if (doLive && process.getuid?.() !== 0) throw new Error('the live benchmark needs root (network namespaces, capture); use --offline-only otherwise');

  const dir = process.env['BENCH_DIR'] ?? '/tmp/wiretop-bench';
  mkdirSync(dir, { recursive: true });
  const log = (s: string) => process.stdout.write(`${s}\n`);
  const started = new Date();
  const machine = machineMarkdown(); // now, so the source state is the one that was built, not one committed meanwhile
  const sections: string[] = [];
  const summary: string[] = [];
  // The cores may be shared with other work; the 1-minute load average says how much.
  const load = () => loadavg()[0]!.toFixed(2);

  if (doOffline) {
    const cfg: OfflineConfig = quick ? { dir, packets: 200_000, flows: 5_000, runs: 1 } : { dir, packets: 2_000_000, flows: 50_000, runs: 3 };
    log(`\n== offline: ${cfg.runs} run(s) per tool, median reported`);
    const loadBefore = load();
    const parts: string[] = [];
    for (const d of ['realistic', 'uniform'] as const) {
      const r = await runOffline(cfg, d, log);
      parts.push(offlineMarkdown(r));
      summary.push(offlineSummary(r));
      rmSync(r.file, { force: true });
    }
    sections.push('## Offline: reading a capture file', '',
      'Packets per second = packets in the file / median wall-clock time of the whole command (process start included). ' +
      'CPU and peak RSS from `/usr/bin/time`. The file is read once before timing so every tool reads from the page cache. ' +
      `Load average (1 min) before / after this part: ${loadBefore} / ${load()}.`, '',
      parts.join('\n\n'), '');
    log('\n' + parts.join('\n\n'));
  }

  if (doOffline) {
    const counts = quick ? [10_000] : [10_000, 100_000];
    log(`\n== per-tick work at ${counts.join(' and ')} flows`);
    const md = perTickMarkdown(await runPerTick(counts));
    sections.push('## Per-tick work', '',
      'What runs once per 2-second tick (or per redraw) rather than per packet, timed in-process on a monitor holding ' +
      'the flows a spoofed-source flood leaves (small flows, each with a packet in the open slot): median of 7 runs after a warm-up. ' +
      'The alert walk runs every rule and detector of `detect all`.', '', md, '');
    log('\n' + md);
    const outputs = outputsMarkdown(await runOutputs(counts));
    sections.push('## Per-tick work of the outputs', '',
      'The outputs that read every flow at every tick, on the same flood (every flow its own source, so as many hosts as flows): ' +
      'the metrics sink\'s update (protocol split, host ranking, counter increments) and prom-client\'s render of the whole registry; ' +
      'the --csv rows (into a writer that keeps nothing); the --json archive\'s mirror of every flow. Median of 7 runs after 3 warm-up runs.', '', outputs, '');
    log('\n' + outputs);
    const flows = flowExportMarkdown(runFlowExport(counts));
    sections.push('## Per-tick work of the flow export', '',
      'IPFIX and NetFlow v9 export on a snapshot where every flow carries packets both ways at every tick (the worst case): the first tick ' +
      '(every flow enters the cache), a steady tick, a tick where every active timeout falls due at once (two records per flow), and close. ' +
      'Encoding only (datagrams go to a transport that keeps nothing). Median and worst of 7 runs after 2 warm-up runs.', '', flows, '');
    log('\n' + flows);
  }

  if (doOffline) {
    log('\n== history store: flush cost, size per day, report time over a year');
    const md = await historyMarkdown(quick);
    sections.push('## History store', '',
      'The recorder and the SQLite store in-process (bench/history.ts): flushes of 10 000 hosts in a bucket, the file ' +
      'growth per day with 1 000 hosts active all day, and `wiretop history` reports over a year of data.', '', md, '');
    log('\n' + md);
  }

  if (doOffline) {
    log('\n== web view: server cost per tick, the page in Chromium, its heap over an hour');
    const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'bench', 'web.js'), ...(quick ? ['--quick'] : [])], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`the web benchmark failed (status ${r.status})`);
    const text = r.stdout;
    // Its report follows its progress lines under a heading of its own, replaced by this section's.
    const md = text.slice(Math.max(0, text.indexOf('\n', text.indexOf('## Web view')))).trim();
    sections.push('## Web view', '',
      'bench/web.ts, run on its own: the server\'s cost per tick with no page and with 10 event-stream readers (target: 10 pages add ' +
      '≤ 5 ms), the page\'s own update time in Debian\'s Chromium with 1 000 rows (target ≤ 16 ms), and its heap over an hour of ticks.', '', md, '');
    log('\n' + md);
  }

  if (doLive) {
    const cfg: LiveConfig = quick
      ? { dir, filePackets: 50_000, flows: 2_000, pairSets: [2_000, 200], seconds: 3, rates: [60_000], kneeRates: [50_000, null] }
      : { dir, filePackets: 300_000, flows: 10_000, pairSets: [10_000, 1_000], seconds: 10, rates: [60_000, 90_000], kneeRates: [50_000, 75_000, 100_000, 125_000, 150_000, null] };
    log('\n== live: tcpreplay → veth → wiretop / iftop (network namespaces)');
    const loadBefore = load();
    const r = await runLive(cfg, log);
    const md = liveMarkdown(r);
    summary.push(liveSummary(r));
    sections.push('## Live: tcpreplay into a veth, capture on the peer', '',
      'Two network namespaces joined by a veth pair (198.51.100.0/24, 2001:db8:77::/64). tcpreplay sends from nsB; in nsA ' +
      '`wiretop -t --ndjson -n -N -L N -i vethA` and `iftop -t -n -N -L N -i vethA` capture (alone or together; N = 10, the default, ' +
      'or 100000, every line). ' +
      'Every frame is addressed to vethA\'s MAC, so both tools count it as received. Loss = 1 − bytes counted / IP bytes sent ' +
      '(iftop\'s cumulative figure has ~3 significant digits, hence its ±). CPU = utime+stime of the tool (all threads) from ' +
      '/proc/PID/stat, from the replay\'s start until 1 s after its end, divided by the packets sent. "Other jobs" is the CPU ' +
      'everything else on the machine used meanwhile (total from /proc/stat minus the tools, tcpreplay and the benchmark); ' +
      'rows marked ⚠ (> 0.2 cores) shared the 2 cores with other work and their loss and CPU figures are suspect. ' +
      `Load average (1 min) before / after this part: ${loadBefore} / ${load()}.`, '', md, '');
    log('\n' + md);
  }

  if (doLive) {
    log('\n== process attribution: 20 000 sockets, 1 000 processes (a network namespace)');
    const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'bench', 'attribution.js'), ...(quick ? ['--quick'] : [])], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`the attribution benchmark failed (status ${r.status})`);
    const text = r.stdout;
    const md = text.slice(Math.max(0, text.indexOf('Measured'))).trim();
    sections.push('## Process attribution', '',
      'bench/attribution.ts, run on its own (root; it makes a network namespace): the socket-table mechanisms side by side, the engine ' +
      'on the main thread under connection churn (flows submitted 100 ms after their connection opened, as the capture delivers them), ' +
      'and the per-tick rows. Target: median ≤ 20 ms per tick.', '', md, '');
    log('\n' + md);
  }

  const out = resultsPath();
  const doc = [
    '# wiretop benchmark results', '',
    `Measured ${started.toISOString()} by \`node dist/bench/run.js${argv.length > 0 ? ' ' + argv.join(' ') : ''}\` (${Math.round((Date.now() - started.getTime()) / 1000)} s).`, '',
    '## Summary', '', ...summary, '',
    '## Machine', '', machine, '',
    `Other work may share the cores. Before each measurement the benchmark waited until they were ≥ 80 % idle ` +
      `(it waited ${quiet.waits} times, ${Math.round(quiet.waitedS)} s in all; ${quiet.timeouts} times it gave up after 3 min and measured anyway). ` +
      'Long runs (tshark, live replays) can still overlap other work that starts meanwhile.', '',
    ...sections, '',
    '## Reproduce', '',
    '```sh',
    'npm run bench                       # build, then everything (~15–25 min); root is needed for the live part',
    'node dist/bench/run.js --quick      # smoke run with small sizes',
    'node dist/bench/run.js --offline-only | --live-only',
    'node dist/bench/gen-capture.js /tmp/f.pcap 2000000 50000 uniform   # one of the offline files',
    'tcpdump -r /tmp/f.pcap -w /dev/null',
    'node bin/wiretop.js -r /tmp/f.pcap -t -n -N',
    'tshark -q -z conv,ip -z conv,ipv6 -r /tmp/f.pcap',
    'node dist/bench/floor-reader.js /tmp/f.pcap parse   # the floor rows (table: + a hash-table lookup per packet)',
    '```', '',
  ].join('\n');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, doc);
  log(`\n${summary.join('\n')}\n\nwrote ${out}`);
}

/**
 * bench/RESULTS.md of the tree this was compiled into when that tree is the repository. From a private
 * copy (e.g. /tmp/wt-bench, which links node_modules to the repository) it writes into the copy,
 * unless BENCH_WRITE_RESULTS is set: then into the repository (or the directory it names).
 */
function resultsPath(): string {
  const own = join(ROOT, 'bench', 'RESULTS.md');
  if (existsSync(join(ROOT, '.git'))) return own;
  const target = process.env['BENCH_WRITE_RESULTS'];
  if (target === undefined || target === '') return own;
  if (existsSync(target) && statSync(target).isDirectory()) return join(target, 'bench', 'RESULTS.md');
  const repo = dirname(realpathSync(join(ROOT, 'node_modules')));
  if (!existsSync(join(repo, '.git'))) throw new Error(`BENCH_WRITE_RESULTS is set but ${repo} is not the repository; set it to the repository's path`);
  return join(repo, 'bench', 'RESULTS.md');
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
