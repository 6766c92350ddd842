// The BPF interpreter against tcpdump: for each filter, the frames runBpf accepts are exactly those tcpdump -w keeps.
import { after, before, describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { compileBpf } from '../../src/adapters/capture/bpf-compile.js';
import { readCaptureFile } from '../../src/adapters/file/read-capture-file.js';
import { runBpf, validateBpf } from '../../src/bpf/bpf-program.js';
import { recordingSink, writePcap, writeTempFile } from '../helpers/pcap-writer.js';
import type { PcapRecord } from '../helpers/pcap-writer.js';
import { ethernetRecords, rawRecords, sllRecords } from './bpf-corpus.js';

/** Filters valid on every link type (IP-level primitives, lengths, arithmetic of every ALU operation). */
const IP_FILTERS = [
  'tcp', 'udp', 'icmp', 'icmp6', 'ip', 'ip6', 'udp port 53', 'host 10.0.0.1', 'src host 10.0.0.2', 'dst net 10.0.0.0/24',
  'net 10.0.0.0/8 and not port 22', 'ip[8] < 64', 'tcp[tcpflags] & tcp-syn != 0', 'tcp[13] = 0x12', 'tcp dst port 80',
  'len > 100', 'greater 200', 'less 80', 'portrange 1000-2000', 'udp portrange 1500-1999', 'ip proto 47', 'ip6 and tcp',
  'ip[6:2] & 0x1fff != 0', 'ip multicast', 'ip6 multicast', '(tcp or udp) and src net 172.16.0.0/12', 'port 22 or port 2222',
  'ip[2:2] / 4 > 50', 'len % 7 = 3', 'ip[2:2] * 3 > 600', 'ip[0] & 0xf = 6', 'ip[0] >> 4 = 4', 'ip[2:2] - 100 > 0',
  'ip[1] ^ 0xff = 0xff', 'ip[9] | 0x10 = 0x11', 'ip[2:2] << 1 > 500', 'ip[ip[0] & 0xf] = 0x40', 'udp[8:2] = 0x6161',
  'tcp[(tcp[12] >> 4) * 4 - 7] = 0x12', 'ip and ip[ip[0] - 0x46] = 0', 'ip6[6] = 17', 'ip6 protochain 6', 'ip[0] = 0x45 and not tcp',
];

/** Filters that need the link layer (Ethernet only). */
const ETHERNET_FILTERS = ['vlan and tcp', 'vlan 42', 'vlan 7', 'vlan and ip6', 'ether broadcast', 'arp', 'not ip and not ip6', 'vlan 100 and vlan 42', 'ether[12:2] = 0x88a8'];

/** Runs tcpdump; its absence fails the test with a message (it never skips). */
function tcpdump(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile('tcpdump', args, { encoding: 'utf8' }, (err, _stdout, stderr) => {
      if (err !== null && (err as { code?: unknown }).code === 'ENOENT') {
        reject(new Error('tcpdump is not installed: this test compares the BPF interpreter with it (apt-get install tcpdump)'));
        return;
      }
      resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : 1, stderr });
    });
  });
}

/** Indexes of the records tcpdump keeps for `filter`, or its error text. */
async function kept(input: string, filter: string, records: readonly PcapRecord[]): Promise<number[] | { error: string }> {
  const out = join(dirname(input), 'out.pcap');
  // -Z root: Debian's tcpdump otherwise drops to user tcpdump before writing into our 0700 temp dir.
  const r = await tcpdump(['-Z', 'root', '-r', input, '-w', out, filter]);
  if (r.code !== 0) return { error: r.stderr.trim() };
  const sink = recordingSink();
  const read = await readCaptureFile(out, sink);
  assert.equal(read.error, null);
  const index = new Map(records.map((rec, i) => [`${rec.wirelen ?? rec.data.length}:${Buffer.from(rec.data).toString('hex')}`, i]));
  return sink.frames.map((f) => {
    const i = index.get(`${f.wirelen}:${f.hex}`);
    assert.ok(i !== undefined, `tcpdump wrote a frame that is not in the input: ${f.hex}`);
    return i;
  });
}

/** Indexes of the records our interpreter accepts, running libpcap's own compiled program. */
function accepted(filter: string, linktype: number, records: readonly PcapRecord[]): number[] | { error: string } {
  const c = compileBpf(filter, linktype);
  if ('error' in c) return { error: c.error };
  assert.equal(validateBpf(c.program), null, `libpcap's program for "${filter}" passes validateBpf`);
  const mem = new Uint32Array(16);
  const out: number[] = [];
  records.forEach((r, i) => {
    // Bytes after the captured ones must never be read: surround the frame with bytes that would match.
    const data = new Uint8Array(r.data.length + 64).fill(0xff);
    data.set(r.data, 8);
    if (runBpf(c.program, data.subarray(0, 8 + r.data.length + 64), 8, r.data.length, r.wirelen ?? r.data.length, mem) !== 0) out.push(i);
  });
  return out;
}

/** One test per filter on a link type's corpus; the capture file is written once for all of them. */
function suite(name: string, linktype: number, records: PcapRecord[], filters: readonly string[]): void {
  describe(`${name} (link type ${linktype})`, () => {
    let input = '';
    before(async () => {
      const keys = new Set(records.map((r) => `${r.wirelen ?? r.data.length}:${Buffer.from(r.data).toString('hex')}`));
      assert.equal(keys.size, records.length, 'every record of the corpus is distinct');
      input = await writeTempFile(writePcap(records, { linktype }), `${name}.pcap`);
    });
    after(async () => {
      if (input !== '') await rm(dirname(input), { recursive: true, force: true });
    });
    for (const filter of filters) {
      it(`"${filter}": runBpf accepts exactly the frames tcpdump keeps`, async () => {
        const want = await kept(input, filter, records);
        const got = accepted(filter, linktype, records);
        if ('error' in want || 'error' in got) {
          assert.ok('error' in want && 'error' in got, `tcpdump: ${JSON.stringify(want)}, ours: ${JSON.stringify(got)}`);
          return;
        }
        assert.deepEqual(got, want, 'indexes of the accepted frames (ours) vs the kept ones (tcpdump)');
      });
    }
  });
}

suite('Ethernet with VLAN, QinQ, ARP, snapped and truncated frames', 1, ethernetRecords(), [...IP_FILTERS, ...ETHERNET_FILTERS]);
suite('raw IP', 101, rawRecords(), IP_FILTERS);
suite('Linux cooked', 113, sllRecords(), [...IP_FILTERS, 'inbound', 'outbound', 'arp', 'not ip and not ip6']);

test('the corpus is varied: most filters keep some frames but not all', async () => {
  const records = ethernetRecords();
  const input = await writeTempFile(writePcap(records, { linktype: 1 }), 'variety.pcap');
  try {
    let split = 0;
    for (const filter of IP_FILTERS) {
      const want = await kept(input, filter, records);
      if (!('error' in want) && want.length > 0 && want.length < records.length) split++;
    }
    assert.ok(split >= IP_FILTERS.length * 0.8, `${split} of ${IP_FILTERS.length} filters split the corpus`);
  } finally {
    await rm(dirname(input), { recursive: true, force: true });
  }
});

test('a filter libpcap cannot compile for a link type fails in both (vlan on raw IP)', async () => {
  const got = accepted('vlan and tcp', 101, rawRecords());
  assert.ok('error' in got, JSON.stringify(got));
  const input = await writeTempFile(writePcap(rawRecords(), { linktype: 101 }), 'raw.pcap');
  try {
    assert.ok('error' in (await kept(input, 'vlan and tcp', rawRecords())));
  } finally {
    await rm(dirname(input), { recursive: true, force: true });
  }
});
