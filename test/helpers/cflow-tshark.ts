// Export datagrams through tshark's cflow dissector (an independent decoder): flows, options, sequence analysis, problems.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ipv4 } from './frames.js';
import { writePcap } from './pcap-writer.js';
import { run } from './run-wiretop.js';

export interface TsharkFlow {
  readonly octets: number;
  readonly packets: number;
  readonly src: string;
  readonly dst: string;
  readonly srcPort: number | null;
  readonly dstPort: number | null;
  readonly proto: number;
  readonly ipVersion: number;
  readonly direction: number;
  readonly endReason: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly ingress: number | null;
  readonly egress: number | null;
}

export interface TsharkMessage {
  readonly version: number;
  readonly sequence: number;
  readonly domain: number;
  readonly flows: readonly TsharkFlow[];
  /** Interface options records: [index, name]. */
  readonly interfaces: readonly (readonly [number, string])[];
}

export interface TsharkResult {
  readonly messages: readonly TsharkMessage[];
  /** Every malformed-packet and expert-info text tshark attached (sequence gaps included). */
  readonly problems: readonly string[];
}

type Json = { [k: string]: Json } | string;

/** Writes the datagrams as UDP to 127.0.0.1:port in a raw-IP pcap and decodes it with `tshark -T json`. */
export async function tsharkDecode(datagrams: readonly Uint8Array[], port: number): Promise<TsharkResult> {
  const dir = await mkdtemp(join(tmpdir(), 'wiretop-cflow-'));
  try {
    const file = join(dir, 'export.pcap');
    const frames = datagrams.map((d, i) => ({ ts: 1_800_000_000 + i / 1000, data: ipv4({ src: '127.0.0.1', dst: '127.0.0.1', proto: 'udp', srcPort: 40000, dstPort: port, data: d }) }));
    await writeFile(file, writePcap(frames, { linktype: 101 }));
    const r = await run('tshark', ['-n', '-r', file, '-d', `udp.port==${port},cflow`, '-T', 'json'], { timeoutMs: 60_000 });
    if (r.code !== 0) throw new Error(`tshark failed (Debian: apt-get install tshark): ${r.stderr}`);
    const packets = JSON.parse(r.stdout) as { _source: { layers: Record<string, Json> } }[];
    const problems: string[] = [];
    const messages = packets.map((p, i) => {
      collectProblems(p._source.layers, `frame ${i + 1}`, problems);
      const c = p._source.layers['cflow'];
      if (c === undefined || typeof c === 'string') throw new Error(`frame ${i + 1} is not cflow`);
      return message(c);
    });
    return { messages, problems };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function collectProblems(node: Json, where: string, out: string[]): void {
  if (typeof node === 'string') return;
  for (const [k, v] of Object.entries(node)) {
    if (k.startsWith('_ws.malformed') || k.startsWith('_ws.expert')) out.push(`${where}: ${k} ${JSON.stringify(v)}`);
    else collectProblems(v, where, out);
  }
}

function str(o: Json, k: string): string | undefined {
  if (typeof o === 'string') return undefined;
  const v = o[k];
  return typeof v === 'string' ? v : undefined;
}

function num(o: Json, k: string): number | null {
  const v = str(o, k);
  return v === undefined ? null : Number(v);
}

/** "12.345000000" seconds → 12345 ms, exactly. */
function secondsTextMs(t: string): number {
  const [s, f = ''] = t.split('.');
  return Number(s) * 1000 + Number(f.padEnd(3, '0').slice(0, 3));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Nov 14, 2023 22:13:20.250000000 UTC" → epoch ms. */
function absoluteMs(t: string): number {
  const m = /^(\w{3}) +(\d+), (\d{4}) (\d\d):(\d\d):(\d\d)\.(\d{3})\d* UTC$/.exec(t);
  if (m === null) throw new Error(`tshark time "${t}"`);
  return Date.UTC(Number(m[3]), MONTHS.indexOf(m[1]!), Number(m[2]), Number(m[4]), Number(m[5]), Number(m[6]), Number(m[7]));
}

function message(c: Json): TsharkMessage {
  const version = num(c, 'cflow.version')!;
  const flows: TsharkFlow[] = [];
  const interfaces: [number, string][] = [];
  let boot = 0;
  if (version === 9) {
    const tree = typeof c === 'string' ? undefined : c['cflow.timestamp_tree'];
    boot = Number(str(tree ?? {}, 'cflow.unix_secs')) * 1000 - secondsTextMs(str(c, 'cflow.sysuptime')!);
  }
  if (typeof c === 'string') throw new Error('cflow');
  for (const [k, set] of Object.entries(c)) {
    if (!/^(Flow)?Set \d+ \[id=\d+\] \(\d+ flows\)$/.test(k) || typeof set === 'string') continue;
    for (const [fk, f] of Object.entries(set)) {
      if (!fk.startsWith('Flow ') || typeof f === 'string') continue;
      if (str(f, 'cflow.if_name') !== undefined) {
        interfaces.push([num(f, 'cflow.scope_interface') ?? num(f, 'cflow.inputint')!, str(f, 'cflow.if_name')!]);
        continue;
      }
      const times = f['cflow.timedelta_tree'] ?? {};
      const startMs = version === 9 ? boot + secondsTextMs(str(times, 'cflow.timestart')!) : absoluteMs(str(times, 'cflow.abstimestart')!);
      const endMs = version === 9 ? boot + secondsTextMs(str(times, 'cflow.timeend')!) : absoluteMs(str(times, 'cflow.abstimeend')!);
      flows.push({
        octets: num(f, 'cflow.octets')!,
        packets: num(f, 'cflow.packets')!,
        src: str(f, 'cflow.srcaddr') ?? str(f, 'cflow.srcaddrv6')!,
        dst: str(f, 'cflow.dstaddr') ?? str(f, 'cflow.dstaddrv6')!,
        srcPort: num(f, 'cflow.srcport'),
        dstPort: num(f, 'cflow.dstport'),
        proto: num(f, 'cflow.protocol')!,
        ipVersion: num(f, 'cflow.ip_version')!,
        direction: num(f, 'cflow.direction')!,
        endReason: num(f, 'cflow.flow_end_reason')!,
        startMs,
        endMs,
        ingress: num(f, 'cflow.inputint'),
        egress: num(f, 'cflow.outputint'),
      });
    }
  }
  return { version, sequence: num(c, 'cflow.sequence')!, domain: num(c, 'cflow.od_id') ?? num(c, 'cflow.source_id')!, flows, interfaces };
}
