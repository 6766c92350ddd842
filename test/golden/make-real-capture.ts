// Records captures/tcpdump-veth.pcap with the real tcpdump on a namespace veth: fixed-size UDP both ways, v4 and v6.
//
//   sudo node dist/test/golden/make-real-capture.js   (root: creates two network namespaces, removed again)
//
// Unlike make-captures.ts this cannot be byte-reproducible (the times are real), so the golden test
// only replays the committed file. The exchange itself is fixed (test/live/traffic.ts, 250 ms apart):
//   A 198.51.100.1:40001 → B :9001, 4 datagrams of 972 B payload = 1000 B IPv4 Total Length;
//   B 198.51.100.2:40002 → A :9002, 2 datagrams of 472 B = 500 B;
//   A [2001:db8:77::1]:40003 → B :9003, 2 datagrams of 952 B = Payload Length 960, accounted 1000 B.
// Static neighbours and no DAD/RS (helpers/netns.ts) keep ARP/ND off the link; tcpdump's filter
// keeps only UDP anyway and it stops after exactly 8 packets.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import { createNetnsPair } from '../helpers/netns.js';
import { finish, waitForOutput } from '../helpers/run-wiretop.js';
import { CAPTURES_DIR } from './make-captures.js';
import { setTimeout as sleep } from 'node:timers/promises';

const TRAFFIC = fileURLToPath(new URL('../live/traffic.js', import.meta.url));
const NODE = process.execPath;
const PACKETS = 8;

async function main(): Promise<void> {
  mkdirSync(CAPTURES_DIR, { recursive: true });
  const out = join(CAPTURES_DIR, 'tcpdump-veth.pcap');
  const net = createNetnsPair();
  const sinks: ChildProcess[] = [];
  try {
    for (const [ns, port, bind] of [[net.nsB, 9001, net.ipB], [net.nsA, 9002, net.ipA], [net.nsB, 9003, net.ip6B]] as const) {
      const sink = net.spawn(ns, NODE, [TRAFFIC, 'udp-sink', '--port', String(port), '--bind', bind], { stdio: ['ignore', 'pipe', 'inherit'] });
      sinks.push(sink);
      await waitForOutput(sink, 'ready');
    }
    // -U: write each packet at once; -c: stop after exactly the exchange; -Z root: keep the file root's.
    const dump = net.spawn(net.nsA, 'tcpdump', ['-i', net.ifA, '-n', '-U', '-Z', 'root', '-c', String(PACKETS), '-w', out, 'udp'],
      { stdio: ['ignore', 'ignore', 'pipe'] });
    const dumped = finish(dump, 30_000);
    await sleep(1500); // tcpdump says "listening" only on stderr; give it time
    const send = (ns: string, to: string, src: number, port: number, size: number, count: number) =>
      net.exec(ns, NODE, [TRAFFIC, 'udp-send', '--to', to, '--src-port', String(src), '--port', String(port),
        '--size', String(size), '--count', String(count), '--interval-ms', '250']);
    send(net.nsA, net.ipB, 40001, 9001, 972, 4);
    send(net.nsB, net.ipA, 40002, 9002, 472, 2);
    send(net.nsA, net.ip6B, 40003, 9003, 952, 2);
    const r = await dumped;
    if (r.code !== 0) throw new Error(`tcpdump failed (${r.code}): ${r.stderr}`);
    process.stdout.write(`wrote ${out}\n${r.stderr}`);
  } finally {
    for (const s of sinks) s.kill('SIGKILL');
    net.destroy();
  }
}

await main();
