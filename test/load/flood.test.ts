// Spoofed-source flood of 1 M distinct flows: the table cap holds, the overflow line keeps rows = totals, memory bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { run } from '../helpers/run-wiretop.js';

const CHILD = fileURLToPath(new URL('./flood-child.js', import.meta.url));

test('1 M distinct flows: at most --max-flows records, lines + overflow line = totals in every window, RSS under 150 MB', async (t) => {
  const r = await run(process.execPath, [CHILD], { timeoutMs: 120_000 });
  assert.equal(r.code, 0, r.stderr);
  const f = JSON.parse(r.stdout) as Record<string, number>;
  t.diagnostic(`peak RSS ${f['peakRssMB']} MB, slowest tick ${f['slowestTickMs']} ms, ${f['overflowPackets']} packets on the overflow line`);
  assert.ok(f['tableSize']! <= f['cap']!, `${f['tableSize']} flow records`);
  assert.ok(f['overflowPackets']! > 0, 'the flood overflowed the table');
  assert.equal(f['totalBytes'], f['packetBytes'], 'every byte counted in the totals');
  // Expired flows take their cumulative counts with them (as in iftop), so the windows are what add up.
  for (const w of ['2s', '10s', '40s']) assert.equal(f[`lineRate${w}`], f[`totalRate${w}`], `lines (with the overflow line) add up to the ${w} total`);
  assert.ok(f['peakRssMB']! < 150, `peak RSS ${f['peakRssMB']} MB`);
});
