// The CLI on a capture large enough for the decode worker prints exactly what the frame-by-frame path prints (forced by a filter that keeps everything).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { WORKER_MIN_BYTES } from '../../../src/adapters/file/read-records.js';
import { ethernet, ipv4, ipv6 } from '../../helpers/frames.js';
import { writePcap, writeTempFile } from '../../helpers/pcap-writer.js';
import type { PcapRecord } from '../../helpers/pcap-writer.js';
import { NO_DNS, run, WIRETOP } from '../../helpers/run-wiretop.js';
import { xorshift32 as prng } from '../../helpers/random.js';

/**
 * 130 000 packets over 45 s (flows expire, blocks differ from tick to tick) between 2 000 host pairs,
 * IPv4 and IPv6, with a long gap; over the size from which a worker decodes. IP only: a filter is
 * always "(…) and (ip or ip6)", so non-IP frames would count differently (other tests compare those).
 */
function capture(): Uint8Array {
  const rand = prng(7);
  const pairs = Array.from({ length: 2000 }, (_, i) => i % 4 === 0
    ? { v6: true, a: `2001:db8::${(i + 1).toString(16)}`, b: `2001:db8:1::${(i % 50) + 1}` }
    : { v6: false, a: `10.${i >> 8}.${i & 255}.1`, b: `198.51.100.${(i % 60) + 1}` });
  const records: PcapRecord[] = [];
  let ts = 1_700_000_000;
  for (let i = 0; i < 130_000; i++) {
    ts += i === 90_000 ? 50 : 0.00035;
    // Zipf-like: low pair numbers far more often.
    const p = pairs[Math.floor(2000 * (rand() / 2 ** 32) ** 3)]!;
    const forward = rand() % 3 !== 0;
    const [src, dst] = forward ? [p.a, p.b] : [p.b, p.a];
    const dataLength = 40 + (rand() % 1300);
    const ip = p.v6
      ? ipv6({ src, dst, nextHeader: 'tcp', srcPort: forward ? 40000 : 443, dstPort: forward ? 443 : 40000, dataLength })
      : ipv4({ src, dst, proto: 'udp', srcPort: forward ? 5000 : 53, dstPort: forward ? 53 : 5000, dataLength });
    // 96 bytes captured of the whole frame, as tcpdump -s 96 would keep.
    const frame = ethernet({}, ip);
    records.push({ ts, data: frame.subarray(0, Math.min(frame.length, 96)), wirelen: frame.length });
  }
  return writePcap(records, { snaplen: 96 });
}

test('a large capture prints the same through the decode worker as frame by frame (text, -s, NDJSON)', async () => {
  const path = await writeTempFile(capture(), 'large.pcap');
  try {
    assert.ok(statSync(path).size >= WORKER_MIN_BYTES, 'the capture is large enough for the worker');
    for (const args of [['-t', '-n', '-N'], ['-t', '-P', '-B', '-s', '30', '-n'], ['-t', '--ndjson', '-n', '-L', '100000', '-s', '100000']]) {
      const worker = await run(process.execPath, [WIRETOP, '-r', path, ...args, ...NO_DNS], { timeoutMs: 60_000 });
      // A filter needs every frame's bytes on the main thread, so this run decodes frame by frame.
      const frames = await run(process.execPath, [WIRETOP, '-r', path, '-f', 'len >= 0', ...args, ...NO_DNS], { timeoutMs: 60_000 });
      assert.equal(worker.code, 0, worker.stderr);
      assert.equal(frames.code, 0, frames.stderr);
      assert.equal(worker.stderr, frames.stderr);
      assert.ok(worker.stdout.length > 1000, 'blocks were printed');
      assert.equal(worker.stdout, frames.stdout, `wiretop ${args.join(' ')}`);
    }
  } finally {
    await rm(dirname(path), { recursive: true, force: true });
  }
});
