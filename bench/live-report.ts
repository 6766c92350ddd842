// Markdown for the live benchmark: one table per replayed traffic set, then the knee scans.
import { cpus } from 'node:os';
import type { LiveResult, Scenario, ToolOutcome } from './live.js';
import { fmt } from './measure.js';

/** Loss by bytes, with iftop's rounding as ± (its text gives ~3 significant digits). */
export function lossText(t: ToolOutcome, s: Scenario): string {
  const pct = (100 * (s.sentBytes - t.bytes)) / s.sentBytes;
  const text = `${(Math.abs(pct) < 0.005 ? 0 : pct).toFixed(2)} %`;
  return t.resolution > 0 ? `${text} ± ${((100 * t.resolution) / s.sentBytes).toFixed(2)}` : text;
}

export function liveMarkdown(r: LiveResult): string {
  const lines: string[] = [];
  for (const { label, gen } of r.traffic) {
    lines.push(`#### ${label}`, '',
      `Replayed file: ${fmt(gen.packets)} whole Ethernet frames, ${fmt(100 * gen.ipv6Packets / gen.packets, 1)} % IPv6, ${fmt(gen.ipBytes / gen.packets)} IP bytes ` +
        'per packet on average, looped by tcpreplay (`--preload-pcap --loop=0 --limit=N`).', '',
      '| scenario | -L | sent pps (tcpreplay) | packets sent | arrived at veth | other jobs (cores) | tool | loss (bytes) | wiretop frames / kernel drops | CPU s during replay | CPU µs per packet sent | … per packet counted | peak RSS MiB |',
      '|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|');
    for (const s of r.scenarios.filter((x) => x.traffic === label)) {
      for (const t of s.tools) {
        const frames = t.frames === null ? '—' : `${fmt(t.frames)} / ${fmt(t.kernelDropped ?? 0)}`;
        // iftop prints no packet count: estimate it from the share of bytes it counted.
        const counted = t.frames ?? (s.sent * t.bytes) / s.sentBytes;
        lines.push(`| ${s.label} | ${s.lines} | ${fmt(s.replay.pps)} | ${fmt(s.sent)} | ${fmt(s.arrived)} | ${otherText(s.otherCores)} | ${t.tool} | ${lossText(t, s)} | ${frames} | ${t.cpuS.toFixed(2)} | ` +
          `${fmt((t.cpuS * 1e6) / s.sent, 2)} | ${fmt((t.cpuS * 1e6) / counted, 2)}${t.frames === null ? ' (est.)' : ''} | ${fmt(t.rssMiB)} |`);
      }
    }
    lines.push('');
  }
  for (const k of r.knee) {
    lines.push('', `Knee scan, ${k.label}:`, '',
      '| asked | sent pps | packets sent | other jobs (cores) | lost by wiretop | kernel drops | CPU µs per packet | main thread | busiest other thread | ceiling estimate |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const s of k.steps) {
      // The busiest thread can use one core at most, all threads together every core.
      const ceiling = Math.min(1e6 / Math.max(s.mainUsPerPacket, s.workerUsPerPacket), (cpus().length * 1e6) / s.cpuUsPerPacket);
      lines.push(`| ${s.requested === null ? 'top speed' : fmt(s.requested)} | ${fmt(s.replay.pps)} | ${fmt(s.replay.packets)} | ${otherText(s.otherCores)} | ${fmt(s.lost)} | ${fmt(s.kernelDropped)} | ` +
        `${fmt(s.cpuUsPerPacket, 2)} | ${fmt(s.mainUsPerPacket, 2)} | ${fmt(s.workerUsPerPacket, 2)} | ~${fmt(ceiling / 1000)} kpps |`);
    }
    const ok = k.steps.filter((s) => s.lost === 0).map((s) => s.replay.pps);
    const bad = k.steps.filter((s) => s.lost > 0).map((s) => s.replay.pps);
    lines.push('', bad.length === 0
      ? `No loss at any step: the knee lies above ${fmt(Math.max(...ok))} pps, the fastest this sender reached. The ceiling ` +
        'extrapolates CPU per packet: the busiest thread at one full core, or all threads at every core, whichever comes first — ' +
        'an estimate, not a measurement (per-tick costs shrink per packet as the rate grows; the kernel\'s share and cache effects are left out).'
      : `Knee: lossless up to ${ok.length > 0 ? fmt(Math.max(...ok)) : 'no step'} pps; first loss at ${fmt(Math.min(...bad))} pps.`);
  }
  return lines.join('\n');
}

/** Other jobs' CPU during a row; flagged when enough to skew it. */
function otherText(cores: number): string {
  return `${cores.toFixed(2)}${cores > 0.2 ? ' ⚠' : ''}`;
}

/**
 * The issue's live targets over comparable rows (same traffic, -L and rate; "alone" rows with each other;
 * rows with other jobs ⚠ left out): no wiretop loss where iftop loses, less CPU per packet than iftop.
 */
export function liveSummary(r: LiveResult): string {
  const clean = r.scenarios.filter((s) => s.otherCores <= 0.2);
  const pairs: { name: string; w: ToolOutcome; ws: Scenario; i: ToolOutcome; is: Scenario }[] = [];
  for (const ws of clean) {
    const w = ws.tools.find((t) => t.tool === 'wiretop');
    const is = ws.tools.length === 2 ? ws : clean.find((x) => x.traffic === ws.traffic && x.lines === ws.lines && x.label === ws.label.replace('wiretop', 'iftop'));
    const i = is?.tools.find((t) => t.tool === 'iftop');
    if (w !== undefined && i !== undefined && is !== undefined) pairs.push({ name: `${ws.traffic}, ${ws.label}, -L ${ws.lines}`, w, ws, i, is });
  }
  const iftopLost = pairs.filter((p) => p.is.sentBytes - p.i.bytes > 2 * p.i.resolution);
  const bothLost = iftopLost.filter((p) => p.w.bytes < p.ws.sentBytes);
  const cheaper = pairs.filter((p) => p.w.cpuS / p.ws.sent < p.i.cpuS / p.is.sent).length;
  return [
    `- live, loss: iftop lost traffic in ${iftopLost.length} of ${pairs.length} comparable clean rows; wiretop lost none in ` +
      `${iftopLost.length - bothLost.length} of those${bothLost.length > 0 ? ` but lost some in ${bothLost.length}: ${bothLost.map((p) => p.name).join('; ')}` : ''}.`,
    `- live, CPU per packet: wiretop below iftop in ${cheaper} of ${pairs.length} comparable clean rows.`,
  ].join('\n');
}
