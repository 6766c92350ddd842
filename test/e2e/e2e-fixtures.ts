// Shared pieces of the end-to-end screen tests: a generated capture to replay, the command lines, the terminal state checks.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ethernet, ipv4, ipv6 } from '../helpers/frames.js';
import { writePcap } from '../helpers/pcap-writer.js';
import type { PcapRecord } from '../helpers/pcap-writer.js';
import { WIRETOP } from '../helpers/run-wiretop.js';
import { scratchDir } from '../helpers/scratch-dir.js';
export { setTimeout as sleep } from 'node:timers/promises';

export const NODE = process.execPath;
const T = 1_700_000_000;
/** An empty home, so no ~/.iftoprc of the machine changes what is shown. */
const HOME = scratchDir('wt-e2e-home-');

/** Shell-quotes one word. */
export function sh(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command a pane runs: wiretop in a UTF-8 locale on TERM=screen (tmux's default), nothing else from the environment. */
export function wiretopCommand(args: readonly string[]): string {
  return `env -i PATH=${sh(process.env['PATH'] ?? '/usr/bin:/bin')} HOME=${sh(HOME)} LANG=C.UTF-8 TERM=screen ${sh(NODE)} ${sh(WIRETOP)} ${args.map(sh).join(' ')}`;
}

/**
 * Six seconds of traffic with clearly ranked flows (accounted lengths in brackets): a big TCP pair,
 * UDP/53, an IPv6 flow, NTP, and eight small web flows so that j has something to scroll to.
 * Without a local network, direction comes from address order only.
 */
export function writeReplayCapture(): { path: string; packets: number } {
  const records: PcapRecord[] = [];
  const at = (t: number, ip: Uint8Array) => records.push({ ts: T + t, data: ethernet({}, ip) });
  for (let s = 0; s < 6; s++) {
    for (let i = 0; i < 10; i++) {
      const t = s + i / 10;
      at(t, ipv4({ src: '192.0.2.10', dst: '198.51.100.20', proto: 'tcp', srcPort: 40001, dstPort: 443, dataLength: 1400 - 40 }));
      at(t + 0.01, ipv4({ src: '198.51.100.20', dst: '192.0.2.10', proto: 'tcp', srcPort: 443, dstPort: 40001, dataLength: 700 - 40 }));
    }
    at(s + 0.2, ipv4({ src: '192.0.2.10', dst: '203.0.113.5', proto: 'udp', srcPort: 5353, dstPort: 53, dataLength: 900 - 28 }));
    at(s + 0.3, ipv6({ src: '2001:db8::1', dst: '2001:db8::2', nextHeader: 'tcp', srcPort: 40002, dstPort: 80, dataLength: 600 - 60 }));
    at(s + 0.4, ipv4({ src: '192.0.2.11', dst: '192.0.2.10', proto: 'udp', srcPort: 123, dstPort: 123, dataLength: 76 - 28 }));
    for (let k = 0; k < 8; k++) {
      at(s + 0.5 + k / 100, ipv4({ src: '192.0.2.10', dst: `198.51.100.${30 + k}`, proto: 'tcp', srcPort: 41000 + k, dstPort: 80, dataLength: 400 - 40 * k }));
    }
  }
  records.sort((a, b) => a.ts - b.ts);
  const dir = scratchDir('wt-e2e-');
  const path = join(dir, 'screen.pcap');
  writeFileSync(path, writePcap(records));
  return { path, packets: records.length };
}

/** The rows of a capture that hold a flow's first line. */
export function flowRows(text: readonly string[]): string[] {
  return text.filter((l) => / (=>|<=>|<=) \S/.test(l) && !/^ {10}/.test(l));
}

/**
 * A pane script for lifecycle checks: a plain sh (no job control, so nothing but wiretop touches the
 * terminal) records `stty -g`/`-a` in dir, runs `command` with its pid in dir/pid (sh and `ip netns exec`
 * and `env` all exec), then records the status and the terminal settings again and keeps the pane open.
 */
export function keptPaneScript(dir: string, command: string): string {
  const d = sh(dir);
  return [
    `stty -g > ${d}/before; stty -a > ${d}/before-a`,
    'echo BEFORE-WIRETOP-MARKER',
    `sh -c 'echo $$ > "$0"; exec "$@"' ${d}/pid ${command}`,
    `echo $? > ${d}/status.tmp; stty -g > ${d}/after; stty -a > ${d}/after-a; mv ${d}/status.tmp ${d}/status`,
    'echo AFTER-WIRETOP-MARKER',
    'exec sleep 600',
  ].join('\n') + '\n';
}

