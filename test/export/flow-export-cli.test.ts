// --flow-export through the CLI: a generated capture turned into IPFIX and NetFlow v9 for a real nfcapd (exact bytes), the same datagrams every run, and tshark finds nothing malformed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tsharkDecode } from '../helpers/cflow-tshark.js';
import { ipv4, ipv6 } from '../helpers/frames.js';
import { startNfcapd } from '../helpers/nfcapd.js';
import { writePcap } from '../helpers/pcap-writer.js';
import type { PcapRecord } from '../helpers/pcap-writer.js';
import { mulberry32 } from '../helpers/random.js';
import { run, WIRETOP } from '../helpers/run-wiretop.js';

const RAW_IP = 101;

/** 40 flows (TCP and UDP, IPv4 and IPv6, both directions) over 150 s of capture time in 2023: some long (active timeouts), some with pauses (idle timeouts). */
function capture(): { records: PcapRecord[]; truth: Map<string, { bytes: number; packets: number }> } {
  const rand = mulberry32(41);
  const records: PcapRecord[] = [];
  const truth = new Map<string, { bytes: number; packets: number }>();
  const t0 = 1_690_000_000;
  for (let f = 0; f < 40; f++) {
    const v6 = f % 4 === 0, tcp = f % 3 !== 0;
    const a = v6 ? `2001:db8:1::${f + 1}` : `198.51.100.${f + 1}`, b = v6 ? '2001:db8:2::1' : '203.0.113.1';
    const pa = 30000 + f, pb = tcp ? 443 : 53;
    const start = rand() * 60, length = f % 5 === 0 ? 140 : rand() * 40;
    for (let t = start; t < start + length; t += 0.5 + rand() * (f % 7 === 0 ? 25 : 2)) {
      const out = rand() < 0.5;
      const size = 60 + Math.floor(rand() * 1300);
      const [src, dst, sp, dp] = out ? [a, b, pa, pb] : [b, a, pb, pa];
      const o = { src, dst, srcPort: sp, dstPort: dp, dataLength: size - (v6 ? 40 : 20) - (tcp ? 20 : 8) };
      const data = v6 ? ipv6({ ...o, nextHeader: tcp ? 'tcp' : 'udp' }) : ipv4({ ...o, proto: tcp ? 'tcp' : 'udp' });
      records.push({ ts: t0 + t, data });
      const key = `${src}|${sp}|${dst}|${dp}|${tcp ? 6 : 17}`;
      const k = truth.get(key) ?? { bytes: 0, packets: 0 };
      truth.set(key, { bytes: k.bytes + data.length, packets: k.packets + 1 });
    }
  }
  records.sort((x, y) => x.ts - y.ts);
  return { records, truth };
}

for (const protocol of ['ipfix', 'netflow9'] as const) {
  test(`-r FILE --flow-export ${protocol}://: nfdump's bytes and packets per flow and direction equal the capture's exactly, no sequence failure, 2023 dates`, { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wt-flowcli-'));
    const nf = await startNfcapd();
    try {
      const { records, truth } = capture();
      const pcap = join(dir, 'flows.pcap');
      writeFileSync(pcap, writePcap(records, { linktype: RAW_IP }));
      const r = await run(process.execPath, [WIRETOP, '-r', pcap, '-t', '-n', '--flow-export', `${protocol}://127.0.0.1:${nf.port}`], { timeoutMs: 60_000 });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
      await nf.stop();
      const got = new Map<string, { bytes: number; packets: number }>();
      for (const f of await nf.flows()) {
        const key = `${f.src}|${f.srcPort}|${f.dst}|${f.dstPort}|${f.proto}`;
        const k = got.get(key) ?? { bytes: 0, packets: 0 };
        got.set(key, { bytes: k.bytes + f.bytes, packets: k.packets + f.packets });
        assert.equal(new Date(f.firstMs).getUTCFullYear(), 2023, 'the capture\'s own dates');
      }
      assert.deepEqual(new Map([...got].sort()), new Map([...truth].sort()));
      const summary = await nf.summary();
      assert.equal(summary.get('Sequence failures'), 0);
      assert.equal(summary.get('Bytes'), [...truth.values()].reduce((s, v) => s + v.bytes, 0));
    } finally {
      await nf.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('the same file gives the same datagrams every run, and tshark decodes them with nothing malformed', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wt-flowcli-'));
  const sock = createSocket('udp4');
  const got: Uint8Array[][] = [[], []];
  let run_ = 0;
  sock.on('message', (m) => got[run_]!.push(new Uint8Array(m)));
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  const port = sock.address().port;
  try {
    const pcap = join(dir, 'flows.pcap');
    writeFileSync(pcap, writePcap(capture().records, { linktype: RAW_IP }));
    for (run_ = 0; run_ < 2; run_++) {
      const r = await run(process.execPath, [WIRETOP, '-r', pcap, '-t', '-n', '--flow-export', `ipfix://127.0.0.1:${port}`], { timeoutMs: 60_000 });
      assert.equal(r.code, 0, r.stderr);
      await new Promise((r2) => setTimeout(r2, 300));
    }
    assert.ok(got[0]!.length > 5);
    assert.deepEqual(got[1], got[0], 'byte for byte');
    const decoded = await tsharkDecode(got[0]!, port);
    assert.deepEqual(decoded.problems, []);
    assert.ok(decoded.messages.length === got[0]!.length);
  } finally {
    sock.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
