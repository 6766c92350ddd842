// Live benchmark: tcpreplay into a veth between two namespaces while wiretop and/or iftop capture on the peer.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createNetnsPair } from '../test/helpers/netns.js';
import type { NetnsPair } from '../test/helpers/netns.js';
import { generateCapture } from './gen-capture.js';
import type { GenResult } from './gen-capture.js';
import type { Capturer, Replay, ToolName } from './live-tools.js';
import { replay, rxPackets, startCapturer, stopCapturer, waitBlock, waitReady } from './live-tools.js';
import { lossText } from './live-report.js';
import { fmt, ownCpuS, peakRssKiB, processCpuS, sleep, systemBusyS, threadCpuS, waitForQuiet } from './measure.js';

export interface LiveConfig {
  readonly dir: string;
  /** Packets and flows of the replayed files (they are looped). */
  readonly filePackets: number;
  readonly flows: number;
  /** One replayed file per entry: the flows spread over this many host pairs (iftop's cost grows with pairs). */
  readonly pairSets: readonly number[];
  /** Seconds each replay should last at its rate (top speed is taken as ~150 kpps for sizing). */
  readonly seconds: number;
  /** Fixed rates at which both tools capture together (the iftop loss points). */
  readonly rates: readonly number[];
  /** Rates of the knee scan, wiretop alone; null = top speed. */
  readonly kneeRates: readonly (number | null)[];
}

export interface ToolOutcome {
  tool: ToolName;
  bytes: number;
  /** ± bytes from iftop's rounding. */
  resolution: number;
  frames: number | null;
  kernelDropped: number | null;
  cpuS: number;
  rssMiB: number;
}

export interface Scenario {
  traffic: string;
  label: string;
  /** -L given to the tools. */
  lines: number;
  replay: Replay;
  /** Cores' worth of CPU used by other processes meanwhile (another job on a shared machine skews the row). */
  otherCores: number;
  /** Packets sent, the nudges that make iftop print included. */
  sent: number;
  sentBytes: number;
  arrived: number;
  tools: ToolOutcome[];
}

export interface KneeStep {
  requested: number | null;
  replay: Replay;
  lost: number;
  kernelDropped: number;
  cpuUsPerPacket: number;
  otherCores: number;
  /** The main thread's share, and the busiest other thread's (the capture worker). */
  mainUsPerPacket: number;
  workerUsPerPacket: number;
}

export interface LiveResult {
  traffic: { label: string; gen: GenResult }[];
  scenarios: Scenario[];
  knee: { label: string; steps: KneeStep[] }[];
}

const TOP_SPEED_GUESS = 150_000;

export async function runLive(cfg: LiveConfig, log: (s: string) => void): Promise<LiveResult> {
  const net = createNetnsPair();
  try {
    const mac = (m: string) => m.split(':').map((h) => parseInt(h, 16));
    const macs = { srcMac: mac(net.macB), dstMac: mac(net.macA) };
    // One small packet that makes iftop print: its text mode only ticks when a packet arrives.
    const nudgeFile = join(cfg.dir, 'nudge.pcap');
    const nudge = generateCapture({ path: nudgeFile, packets: 1, flows: 1, distribution: 'uniform', snaplen: 0, seconds: 1, seed: 4, ...macs });
    const traffic: LiveResult['traffic'] = [];
    const scenarios: Scenario[] = [];
    const knee: LiveResult['knee'] = [];
    const top = TOP_SPEED_GUESS * cfg.seconds;
    for (const [i, pairs] of cfg.pairSets.entries()) {
      const file = join(cfg.dir, `live-${cfg.filePackets}-${cfg.flows}-${pairs}.pcap`);
      log(`generating ${file} (${fmt(cfg.filePackets)} whole frames, ${fmt(cfg.flows)} flows over ${fmt(pairs)} host pairs, addressed to ${net.ifA})`);
      const gen = generateCapture({ path: file, packets: cfg.filePackets, flows: cfg.flows, pairs, distribution: 'realistic', snaplen: 0, seconds: 30, seed: 3, ...macs });
      const label = `${fmt(gen.flowsSeen)} flows over ${fmt(gen.pairs)} host pairs`;
      traffic.push({ label, gen });
      const bytesOf = (n: number) => Math.floor(n / gen.packets) * gen.ipBytes + gen.ipPrefix[n % gen.packets]!;
      const ctx: Ctx = { net, file, traffic: label, nudgeFile, nudgeBytes: nudge.ipBytes, bytesOf, log };
      // -L 10 is the default block; -L 100000 prints every line (the command), which costs wiretop per line.
      for (const lines of i === 0 ? [10, 100_000] : [10]) {
        scenarios.push(await scenario(ctx, 'top speed, both tools', lines, ['wiretop', 'iftop'], null, top));
        scenarios.push(await scenario(ctx, 'top speed, wiretop alone', lines, ['wiretop'], null, top));
        scenarios.push(await scenario(ctx, 'top speed, iftop alone', lines, ['iftop'], null, top));
        for (const r of cfg.rates) scenarios.push(await scenario(ctx, `${fmt(r / 1000)} kpps, both tools`, lines, ['wiretop', 'iftop'], r, r * cfg.seconds));
      }
      if (i === 0) {
        for (const lines of [10, 100_000]) knee.push({ label: `wiretop -L ${lines} alone, ${label}, 2 cores shared with tcpreplay`, steps: await kneeScan(ctx, cfg, lines, null) });
        // If the sender tops out before wiretop drops, sharing one core finds a knee the sender can reach.
        if (knee[0]!.steps.every((s) => s.lost === 0)) knee.push({ label: `wiretop -L 10 and tcpreplay pinned to one core (taskset -c 1), ${label}`, steps: await kneeScan(ctx, cfg, 10, '1') });
      }
      rmSync(file, { force: true });
    }
    rmSync(nudgeFile, { force: true });
    return { traffic, scenarios, knee };
  } finally {
    net.destroy();
  }
}

interface Ctx {
  net: NetnsPair;
  file: string;
  traffic: string;
  nudgeFile: string;
  nudgeBytes: number;
  bytesOf: (packets: number) => number;
  log: (s: string) => void;
}

async function scenario(ctx: Ctx, label: string, lines: number, names: ToolName[], pps: number | null, limit: number): Promise<Scenario> {
  const { net } = ctx;
  await waitForQuiet();
  const tools = names.map((n) => startCapturer(net, n, lines, null));
  try {
    await waitReady(net, tools);
    const rx0 = rxPackets(net.nsA, net.ifA);
    const window = startWindow(tools);
    const rep = await replay(net, ctx.file, limit, pps, null);
    await sleep(1000); // let both drain what the kernel buffered
    const { cpu, otherCores } = window.end();
    const rss = tools.map((t) => peakRssKiB(t.pid) / 1024);
    // iftop prints only when a packet arrives 2 s after its last block: nudge it with single packets.
    let nudges = 0;
    const iftop = tools.find((t) => t.name === 'iftop');
    const since = Date.now();
    while (iftop !== undefined && iftop.lastBlockAt <= since && Date.now() - since < 10_000) {
      await replay(net, ctx.nudgeFile, 1, null, null);
      nudges++;
      await sleep(300);
    }
    const wiretop = tools.find((t) => t.name === 'wiretop');
    if (wiretop !== undefined && !(await waitBlock(wiretop, Date.now() + 200, 5000))) throw new Error(`wiretop printed no block: ${wiretop.stderr}`);
    if (iftop !== undefined && iftop.lastBlockAt <= since) throw new Error(`iftop printed no block after the replay: ${iftop.stderr}`);
    const result: Scenario = {
      traffic: ctx.traffic, label, lines, replay: rep, otherCores, sent: rep.packets + nudges, arrived: rxPackets(net.nsA, net.ifA) - rx0, sentBytes: ctx.bytesOf(rep.packets) + nudges * ctx.nudgeBytes,
      tools: tools.map((t, i) => outcome(t, cpu[i]!, rss[i]!)),
    };
    ctx.log(`  ${ctx.traffic}, ${label}, -L ${lines}: ${fmt(rep.pps)} pps sent, other jobs ${otherCores.toFixed(2)} cores; ` + result.tools.map((t) => `${t.tool} ${lossText(t, result)} loss, ${fmt(t.cpuS * 1e6 / result.sent, 2)} µs CPU/packet`).join('; '));
    return result;
  } finally {
    for (const t of tools) await stopCapturer(t);
  }
}

/**
 * CPU of each tool over a window, and what everything else used meanwhile: the machine's total minus
 * the tools, this process and its reaped children (tcpreplay) — other jobs on a shared machine.
 */
function startWindow(tools: readonly Capturer[]): { end(): { cpu: number[]; otherCores: number } } {
  const t0 = Date.now(), busy0 = systemBusyS(), own0 = ownCpuS(), cpu0 = tools.map((t) => processCpuS(t.pid));
  return {
    end() {
      const cpu = tools.map((t, i) => processCpuS(t.pid) - cpu0[i]!);
      const other = systemBusyS() - busy0 - (ownCpuS() - own0) - cpu.reduce((a, b) => a + b, 0);
      return { cpu, otherCores: Math.max(0, other) / ((Date.now() - t0) / 1000) };
    },
  };
}

function outcome(t: Capturer, cpuS: number, rssMiB: number): ToolOutcome {
  const w = t.name === 'wiretop';
  return { tool: t.name, bytes: t.bytes, resolution: t.bytesResolution, frames: w ? t.frames : null, kernelDropped: w ? t.kernelDropped : null, cpuS, rssMiB };
}

/** One wiretop for all steps; each step's loss is packets sent minus frames it counted during the step. */
async function kneeScan(ctx: Ctx, cfg: LiveConfig, lines: number, pin: string | null): Promise<KneeStep[]> {
  const w = startCapturer(ctx.net, 'wiretop', lines, pin);
  const steps: KneeStep[] = [];
  try {
    await waitReady(ctx.net, [w]);
    for (const rate of cfg.kneeRates) {
      await waitForQuiet(0.6); // wiretop itself idles at a few per cent
      await waitBlock(w, Date.now(), 5000);
      const frames0 = w.frames, dropped0 = w.kernelDropped, threads0 = threadCpuS(w.pid), window = startWindow([w]);
      const rep = await replay(ctx.net, ctx.file, (rate ?? TOP_SPEED_GUESS) * cfg.seconds, rate, pin);
      await sleep(1000);
      const { cpu: [cpu = NaN], otherCores } = window.end();
      const perThread = [...threadCpuS(w.pid)].map(([tid, s]) => [tid, s - (threads0.get(tid) ?? 0)] as const);
      const main = perThread.find(([tid]) => tid === w.pid)?.[1] ?? NaN;
      const worker = Math.max(0, ...perThread.filter(([tid]) => tid !== w.pid).map(([, s]) => s));
      // The kernel counters are refreshed only while packets flow, so read them at a later block.
      await waitBlock(w, Date.now() + 200, 5000);
      const step = { requested: rate, replay: rep, lost: rep.packets - (w.frames - frames0), kernelDropped: w.kernelDropped - dropped0, cpuUsPerPacket: (cpu * 1e6) / rep.packets, otherCores,
        mainUsPerPacket: (main * 1e6) / rep.packets, workerUsPerPacket: (worker * 1e6) / rep.packets };
      steps.push(step);
      ctx.log(`  knee -L ${lines}${pin === null ? '' : ' (one core)'}: asked ${rate === null ? 'top speed' : fmt(rate)}, sent ${fmt(rep.pps)} pps, lost ${fmt(step.lost)}, kernel drops ${fmt(step.kernelDropped)}, other jobs ${otherCores.toFixed(2)} cores`);
      if (steps.filter((s) => s.lost > 0).length >= 2) break;
    }
  } finally {
    await stopCapturer(w);
  }
  return steps;
}
