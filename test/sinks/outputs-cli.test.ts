// --json, --csv and --ndjson-file through the CLI on committed captures: they agree with each other, and conflicts are one line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, WIRETOP } from '../helpers/run-wiretop.js';
import { GOLDEN_DIR } from '../golden/golden-cases.js';

const CAPTURE = join(GOLDEN_DIR, 'captures', 'ticks.pcap');
const wiretop = (args: string[]) => run(process.execPath, [WIRETOP, '-n', '-r', CAPTURE, ...args], { timeoutMs: 30_000 });

test('--json (one document), --csv - (rows) and --ndjson-file of the same file carry the same totals and flows', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wt-outputs-'));
  try {
    const ndjson = join(dir, 'f.ndjson');
    const json = await wiretop(['--json', '--ndjson-file', ndjson]);
    assert.equal(json.code, 0, json.stderr);
    assert.equal(json.stderr, '');
    const doc = JSON.parse(json.stdout) as { schema_version: number; totals: Record<string, number>; flows: { serial: number; sent_bytes: number; received_bytes: number }[] };
    assert.equal(doc.schema_version, 1);
    const recs = readFileSync(ndjson, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const last = recs.filter((r) => r['type'] === 'totals').at(-1)! as { cumulative_bytes: { sent: number; received: number }; cumulative_packets: { sent: number; received: number } };
    assert.deepEqual([doc.totals['sent_bytes'], doc.totals['received_bytes'], doc.totals['sent_packets'], doc.totals['received_packets']],
      [last.cumulative_bytes.sent, last.cumulative_bytes.received, last.cumulative_packets.sent, last.cumulative_packets.received]);
    // Every flow of the run, expired ones included, once: the same serials as the NDJSON file's.
    const serials = new Set(recs.filter((r) => r['type'] === 'flow' || r['type'] === 'flow_end').map((r) => r['serial']));
    assert.deepEqual(doc.flows.map((f) => f.serial).sort((a, b) => a - b), [...serials].map(Number).sort((a, b) => a - b));
    assert.equal(doc.flows.reduce((s, f) => s + f.sent_bytes + f.received_bytes, 0), last.cumulative_bytes.sent + last.cumulative_bytes.received);

    const csv = await wiretop(['--csv', '-']);
    assert.equal(csv.code, 0, csv.stderr);
    const rows = csv.stdout.split('\r\n');
    assert.match(rows[0]!, /^ts_ms,source,record,serial,/);
    assert.equal(rows.at(-1), '', 'CRLF after every row, nothing after the last');
    assert.doesNotMatch(csv.stdout, /Reading from|Host name/, 'standard output holds the rows only');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('two outputs for standard output, --json with --ndjson, --metrics with a file: one line each, status 1', async () => {
  for (const [args, message] of [
    [['--json', '--csv', '-'], 'wiretop: --json and --csv - would both write to standard output: give one of them a file\n'],
    [['--ndjson-file', '-', '--csv', '-'], 'wiretop: --ndjson-file - and --csv - would both write to standard output: give one of them a file\n'],
    [['--json', '--ndjson'], 'wiretop: --json and --ndjson are two formats for standard output: choose one\n'],
    [['--metrics', '9877'], 'wiretop: --metrics serves live traffic; a file is summed up by --json or --csv\n'],
    [['--metrics', 'example.com:9877'], 'wiretop: --metrics wants [ADDR:]PORT with ADDR an IP address, e.g. 9100, 0.0.0.0:9100 or [::1]:9100, not "example.com:9877" (wiretop -h lists the options)\n'],
  ] as const) {
    const r = await wiretop([...args]);
    assert.equal(r.code, 1, args.join(' '));
    assert.equal(r.stderr, message);
    assert.equal(r.stdout, '');
  }
});
