// --metrics on real traffic: a real Prometheus in the capture's namespace scrapes the daemon; its increase() equals the IP bytes sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNetnsPair } from '../helpers/netns.js';
import { finish, run, until, waitForOutput, WIRETOP } from '../helpers/run-wiretop.js';

const TRAFFIC = fileURLToPath(new URL('./traffic.js', import.meta.url));
const NODE = process.execPath;
const WIRETOP_PORT = 19877, PROM_PORT = 19090;

interface PromResult { metric: Record<string, string>; value?: [number, string]; values?: [number, string][] }

test('Prometheus scraping `wiretop daemon --metrics` every second: the receive-bytes increase equals the bytes sent within 1 %, and the receiving program\'s series holds them', { timeout: 120_000 }, async () => {
  const pair = createNetnsPair();
  const dir = mkdtempSync(join(tmpdir(), 'wt-prom-live-'));
  chmodSync(dir, 0o755);
  const children: ChildProcess[] = [];
  try {
    // Both live in nsA: the daemon listens on nsA's loopback, Prometheus scrapes it there.
    const daemon = pair.spawn(pair.nsA, NODE, [WIRETOP, 'daemon', '-i', pair.ifA, '-f', 'udp port 7100', '--metrics', `127.0.0.1:${WIRETOP_PORT}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(daemon);
    const daemonDone = finish(daemon, 100_000);
    writeFileSync(join(dir, 'prometheus.yml'), ['global:', '  scrape_interval: 1s', '  scrape_timeout: 1s', 'scrape_configs:', '  - job_name: wiretop',
      '    static_configs:', `      - targets: ['127.0.0.1:${WIRETOP_PORT}']`, ''].join('\n'));
    const prom = pair.spawn(pair.nsA, 'prometheus', [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${PROM_PORT}`], { stdio: ['ignore', 'ignore', 'ignore'] });
    children.push(prom);
    /** A PromQL query, asked from inside nsA. */
    const query = async (promql: string, time?: number): Promise<PromResult[]> => {
      const q = new URLSearchParams({ query: promql, ...(time === undefined ? {} : { time: String(time) }) });
      const script = `fetch('http://127.0.0.1:${PROM_PORT}/api/v1/query?${q}').then((r) => r.text()).then((t) => process.stdout.write(t), (e) => { process.stdout.write(JSON.stringify({ status: 'error', error: String(e) })); })`;
      const r = await run('ip', ['netns', 'exec', pair.nsA, NODE, '-e', script], { timeoutMs: 10_000 });
      const body = JSON.parse(r.stdout || '{"status":"error","error":"no answer"}') as { status: string; data?: { result: PromResult[] }; error?: string };
      if (body.status !== 'success') throw new Error(`${promql}: ${body.error}`);
      return body.data!.result;
    };
    // Series exist (at 0) before the first byte, so Prometheus sees the counters start.
    await until('a scrape of the idle interface', 60, async () => ((await query('wiretop_interface_receive_bytes_total')).length > 0 ? true : null));
    // A program receives the datagrams, so attribution gives them a program series (the daemon's default).
    const sink = pair.spawn(pair.nsA, NODE, [TRAFFIC, 'udp-sink', '--port', '7100', '--bind', pair.ipA], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(sink);
    await waitForOutput(sink, 'ready');
    const count = 200, size = 500;
    const sent = await run('ip', ['netns', 'exec', pair.nsB, NODE, TRAFFIC, 'udp-send', '--to', pair.ipA, '--port', '7100', '--count', String(count), '--size', String(size), '--interval-ms', '20']);
    assert.equal(sent.code, 0, sent.stderr);
    const bytes = count * (size + 28);
    await until('a scrape with every byte', 30, async () => {
      const r = await query(`sum(wiretop_interface_receive_bytes_total{interface="${pair.ifA}"})`);
      return r.length === 1 && Number(r[0]!.value![1]) === bytes ? true : null;
    });
    const raw = await query(`wiretop_interface_receive_bytes_total{interface="${pair.ifA}",protocol="udp"}[3m]`);
    const last = raw[0]!.values!.at(-1)![0];
    const [inc] = await query(`sum(increase(wiretop_interface_receive_bytes_total{interface="${pair.ifA}"}[3m]))`, last);
    const increase = Number(inc!.value![1]);
    assert.ok(Math.abs(increase - bytes) <= 0.01 * bytes, `Prometheus increase: ${increase}, IP bytes sent: ${bytes}`);
    const [packets] = await query(`sum(wiretop_interface_receive_packets_total{interface="${pair.ifA}"})`, last);
    assert.equal(Number(packets!.value![1]), count);
    // Every byte went to the process that received it: its program series holds them all.
    await until('the program series with every byte', 30, async () => {
      const r = await query(`wiretop_program_received_bytes_total{interface="${pair.ifA}",program="node"}`);
      return r.length === 1 && Number(r[0]!.value![1]) === bytes ? true : null;
    });
    const [programs] = await query(`sum(wiretop_program_received_bytes_total{interface="${pair.ifA}"})`);
    assert.equal(Number(programs!.value![1]), bytes, 'the program series sum to the interface');
    daemon.kill('SIGTERM');
    const r = await daemonDone;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`started on ${pair.ifA} .*; metrics on http://127\\.0\\.0\\.1:${WIRETOP_PORT}/metrics`));
  } finally {
    for (const c of children) c.kill('SIGKILL');
    pair.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
});
