// A spoofed-source flood replayed with DNS on: lookups stay within the concurrency and rate bounds, memory stays bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { startFakeDns } from '../helpers/fake-dns.js';
import type { PtrBehaviour } from '../helpers/fake-dns.js';
import { ethernet, ipv4 } from '../helpers/frames.js';
import { writePcap, writeTempFile } from '../helpers/pcap-writer.js';
import type { PcapRecord } from '../helpers/pcap-writer.js';
import { finish, WIRETOP } from '../helpers/run-wiretop.js';

const SOURCES = 50_000;
const ANSWER_DELAY_MS = 100;

/** 50 000 distinct sources, one 100-byte packet each, spread over 60 s, plus a few heavy pairs. */
function floodCapture(): Uint8Array {
  const records: PcapRecord[] = [];
  for (let i = 0; i < SOURCES; i++) {
    const src = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    const ts = 1_700_000_000 + (i * 60) / SOURCES;
    records.push({ ts, data: ethernet({}, ipv4({ src, dst: '198.51.100.1', proto: 'udp', srcPort: 1024 + (i % 60000), dstPort: 53, dataLength: 72 })) });
    if (i % 500 === 0) {
      const heavy = `198.51.100.${10 + ((i / 500) % 5)}`;
      records.push({ ts, data: ethernet({}, ipv4({ src: heavy, dst: '198.51.100.1', proto: 'tcp', srcPort: 443, dstPort: 40000, dataLength: 1400 })) });
    }
  }
  return writePcap(records);
}

test('a 50 000-source flood: DNS lookups stay within 4 in flight and 20 per second after a burst of 20 (≤ 40 in any second); memory stays bounded', async (t) => {
  const path = await writeTempFile(floodCapture(), 'flood.pcap');
  // Every address gets a name after 100 ms, so concurrency shows as overlapping answer windows.
  const dns = await startFakeDns((a): PtrBehaviour => ({ name: `h-${a.replaceAll(/[.:]/g, '-')}.example`, delayMs: ANSWER_DELAY_MS }));
  try {
    const child = spawn('/usr/bin/time', ['-f', 'maxrss_kb=%M', process.execPath, WIRETOP, '-r', path, '-t', '--dns-server', dns.server], { stdio: ['ignore', 'pipe', 'pipe'] });
    const r = await finish(child, 120_000);
    assert.equal(r.code, 0, r.stderr);
    const times = dns.queries.map((q) => q.at).sort((a, b) => a - b);
    assert.ok(times.length > 0, 'names were looked up');
    let mostInFlight = 0;
    let mostPerSecond = 0;
    for (const at of times) {
      mostInFlight = Math.max(mostInFlight, times.filter((x) => x > at - ANSWER_DELAY_MS + 5 && x <= at).length);
      mostPerSecond = Math.max(mostPerSecond, times.filter((x) => x >= at && x < at + 1000).length);
    }
    assert.ok(mostInFlight <= 4, `${mostInFlight} lookups overlapped`);
    // The token bucket allows a burst of 20 and then 20 per second: at most 40 in any one second.
    assert.ok(mostPerSecond <= 40, `${mostPerSecond} lookups in one second`);
    // Only what is shown is looked up: 10 lines × 2 sides per block, never one per source.
    assert.ok(times.length < 2000, `${times.length} lookups for ${SOURCES} sources`);
    assert.match(r.stdout, /h-198-51-100-1\.example/, 'names are shown');
    const rss = Number(/maxrss_kb=(\d+)/.exec(r.stderr)?.[1]);
    t.diagnostic(`${times.length} lookups, at most ${mostInFlight} in flight and ${mostPerSecond} in one second, peak RSS ${Math.round(rss / 1024)} MB`);
    assert.ok(rss < 150 * 1024, `peak RSS ${rss} KB`);
  } finally {
    await dns.close();
    rmSync(dirname(path), { recursive: true, force: true });
  }
});
