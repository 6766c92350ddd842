// tshark as an independent decoder: the IP bytes of a capture file, per TCP/UDP port pair and direction.
import assert from 'node:assert/strict';
import { run } from './run-wiretop.js';

/** IP-level bytes per direction of each TCP/UDP port pair in a pcap, summed by tshark (an independent decoder). */
export async function tsharkBytes(pcap: string): Promise<Map<string, number>> {
  const r = await run('tshark', ['-r', pcap, '-T', 'fields', '-E', 'separator=,', '-e', 'ip.len', '-e', 'ipv6.plen',
    '-e', 'tcp.srcport', '-e', 'udp.srcport', '-e', 'tcp.dstport', '-e', 'udp.dstport']);
  assert.equal(r.code, 0, `tshark failed (apt-get install tshark): ${r.stderr}`);
  const sums = new Map<string, number>();
  for (const line of r.stdout.trim().split('\n')) {
    const [ipLen, plen, tsp, usp, tdp, udp] = line.split(',');
    const bytes = ipLen ? Number(ipLen) : Number(plen) + 40;
    const key = `${tsp || usp}>${tdp || udp}`;
    sums.set(key, (sums.get(key) ?? 0) + bytes);
  }
  return sums;
}

