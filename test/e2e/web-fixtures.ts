// What the web view's browser tests share: a fixed capture (a minute of ranked flows, hostile PTR names), its DNS answers, wiretop serving it.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PtrBehaviour } from '../helpers/fake-dns.js';
import { ethernet, ipv4, ipv6 } from '../helpers/frames.js';
import { writePcap } from '../helpers/pcap-writer.js';
import type { PcapRecord } from '../helpers/pcap-writer.js';
import { WIRETOP } from '../helpers/run-wiretop.js';
import { scratchDir } from '../helpers/scratch-dir.js';

export const NODE = process.execPath;
const T = 1_700_000_000;
const raw = (...labels: string[]): PtrBehaviour => ({ name: labels.map((l) => Buffer.from(l, 'latin1')) });

/** PTR answers for the capture's hosts: plain names, and the DNS tests' attacks plus markup (S-01, S-03 of the test plan). */
export const NAMES: Record<string, PtrBehaviour> = {
  '198.51.100.10': { name: 'client.example' },
  '203.0.113.80': { name: 'cdn.example.net' },
  '198.51.100.20': raw('a\x1b]0;PWNED\x07', 'example'),
  '203.0.113.5': raw('<img src=x onerror=window.pwned=1>'),
  '198.51.100.30': raw('<script>window.pwned=2<', 'script>'),
  '198.51.100.31': raw('\x1b]8;;http:', '', 'x\x07click\x1b]8;;\x07'),
  '198.51.100.32': { name: [Buffer.from('\u202eevil', 'utf8')] },
  '198.51.100.33': raw('c1\x9b31m'),
  '198.51.100.34': { name: 'x'.repeat(63) + '.' + 'y'.repeat(63) + '.' + 'z'.repeat(63) + '.example' },
};

/**
 * What each hostile name looks like on the page: as the resolver escapes it (\DDD for a byte that is not
 * printable, \. and \; inside a label), then made inert; its markup as plain characters.
 */
export const SHOWN: Record<string, string> = {
  '198.51.100.20': 'a\\027]0\\;PWNED\\007.example',
  '203.0.113.5': '<img src=x onerror=window\\.pwned=1>',
  '198.51.100.30': '<script>window\\.pwned=2<.script>',
  '198.51.100.32': '\\226\\128\\174evil',
  '198.51.100.33': 'c1\\15531m',
};

/**
 * A minute of traffic with a shape: a download that swells and fades, a steady upload, DNS, an IPv6
 * flow and eight small web flows to the hosts with hostile names. Local host 198.51.100.10 (-F).
 */
export function writeWebCapture(): { dir: string; name: string } {
  const records: PcapRecord[] = [];
  const at = (t: number, ip: Uint8Array) => records.push({ ts: T + t, data: ethernet({}, ip) });
  for (let s = 0; s < 60; s++) {
    const swell = Math.round(8 + 30 * Math.sin((Math.PI * s) / 60) ** 2);
    for (let i = 0; i < swell; i++) at(s + i / 100, ipv4({ src: '203.0.113.80', dst: '198.51.100.10', proto: 'tcp', srcPort: 443, dstPort: 40001, dataLength: 1400 }));
    for (let i = 0; i < 6; i++) at(s + 0.5 + i / 50, ipv4({ src: '198.51.100.10', dst: '198.51.100.20', proto: 'tcp', srcPort: 40002, dstPort: 22, dataLength: 900 }));
    at(s + 0.2, ipv4({ src: '198.51.100.10', dst: '203.0.113.5', proto: 'udp', srcPort: 5353, dstPort: 53, dataLength: 120 }));
    at(s + 0.3, ipv6({ src: '2001:db8:77::1', dst: '2001:db8::80', nextHeader: 'tcp', srcPort: 40003, dstPort: 80, dataLength: 600 }));
    for (let k = 0; k < 5; k++) at(s + 0.6 + k / 100, ipv4({ src: '198.51.100.10', dst: `198.51.100.${30 + k}`, proto: 'tcp', srcPort: 41000 + k, dstPort: 80, dataLength: 200 + 40 * k }));
  }
  records.sort((a, b) => a.ts - b.ts);
  const dir = scratchDir('wt-web-');
  writeFileSync(join(dir, 'web.pcap'), writePcap(records));
  // Given by its name, read in its folder: the page shows the same file name on every run.
  return { dir, name: 'web.pcap' };
}

/** wiretop -r FILE … --web PORT, its stdout drained; resolves once the file is read and the page is served. */
export async function serveFile(args: readonly string[], cwd: string): Promise<{ child: ChildProcess; stderr: () => string }> {
  const child = spawn(NODE, [WIRETOP, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', LANG: 'C.UTF-8' } });
  let stderr = '';
  child.stdout!.resume();
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`wiretop did not serve the file: ${stderr}`)), 30_000);
    const check = () => {
      if (stderr.includes('until Ctrl+C')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stderr!.on('data', check);
    child.on('exit', (code) => reject(new Error(`wiretop exited (${code}): ${stderr}`)));
  });
  return { child, stderr: () => stderr };
}
