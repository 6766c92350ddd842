// Cross-checks the reader and the test writer against Wireshark's own tools (editcap, tshark).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { readCaptureFile } from '../../../src/adapters/file/read-capture-file.js';
import { writePcap, writePcapng, writeTempFile, recordingSink, prng, randomBytes } from '../../helpers/pcap-writer.js';
import type { PcapRecord, PcapngBlock, RecordedFrame } from '../../helpers/pcap-writer.js';

/** Runs a Wireshark tool; a missing binary fails the test (CI installs them), it never skips. */
function run(tool: string, args: string[]): string {
  try {
    return execFileSync(tool, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') {
      assert.fail(`${tool} is not installed: this test needs Wireshark's command-line tools (Debian: apt-get install tshark)`);
    }
    throw err;
  }
}

async function frames(path: string): Promise<RecordedFrame[]> {
  const sink = recordingSink();
  const result = await readCaptureFile(path, sink);
  assert.equal(result.error, null, path);
  return sink.frames;
}

const rand = prng(5);
const RECORDS: PcapRecord[] = Array.from({ length: 25 }, (_, i) => ({
  ts: 1700000000 + i * 0.250001 + (i % 3) * 1e-6,
  data: randomBytes(rand, 14 + (rand() % 300)),
  ...(i % 4 === 0 ? { wirelen: 1514 } : {}),
}));

test('editcap conversions of a writer pcap (pcapng, nsecpcap, modpcap) decode to the same frames', async () => {
  const src = await writeTempFile(writePcap(RECORDS), 'src.pcap');
  const dir = dirname(src);
  try {
    const reference = await frames(src);
    assert.equal(reference.length, RECORDS.length);
    for (const format of ['pcapng', 'nsecpcap', 'modpcap']) {
      const out = join(dir, `out.${format}`);
      run('editcap', ['-F', format, src, out]);
      assert.deepEqual(await frames(out), reference, `editcap -F ${format}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('tshark reads the writer\'s multi-interface pcapng with the same times and lengths', async () => {
  const blocks: PcapngBlock[] = RECORDS.map((r, i) => ({ type: 'epb', iface: i % 3, ts: r.ts, data: r.data, ...(r.wirelen === undefined ? {} : { wirelen: r.wirelen }) }));
  const bytes = writePcapng([
    { interfaces: [{ linktype: 1 }, { linktype: 101, tsresol: 9, tsoffset: 100 }, { linktype: 1, tsresol: 0x80 | 20 }], blocks: blocks.slice(0, 15) },
    { bigEndian: true, interfaces: [{ linktype: 1 }, { linktype: 1 }, { linktype: 101, tsresol: 3 }], blocks: blocks.slice(15) },
  ]);
  const path = await writeTempFile(bytes, 'multi.pcapng');
  try {
    const ours = await frames(path);
    const lines = run('tshark', ['-r', path, '-T', 'fields', '-e', 'frame.time_epoch', '-e', 'frame.len', '-e', 'frame.cap_len'])
      .trim().split('\n');
    assert.equal(lines.length, ours.length);
    lines.forEach((line, i) => {
      const [epoch, len, caplen] = line.split('\t');
      const f = ours[i]!;
      assert.equal(Number(len), f.wirelen, `frame ${i + 1} len`);
      assert.equal(Number(caplen), f.caplen, `frame ${i + 1} caplen`);
      assert.ok(Math.abs(Number(epoch) - f.ts) < 2e-6, `frame ${i + 1}: tshark ${epoch}, ours ${f.ts}`);
    });
  } finally {
    await rm(dirname(path), { recursive: true, force: true });
  }
});
