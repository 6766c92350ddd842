// A real Prometheus (Debian 2.42) scrapes the --metrics server every second while snapshots advance the counters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { once } from 'node:events';
import { until } from '../helpers/run-wiretop.js';
import { createMetricsExporter } from '../../src/adapters/metrics/metrics-exporter.js';
import type { FakeFlow } from '../helpers/fake-snapshot.js';
import { mulberry32 } from '../helpers/random.js';
import { consistentSnapshot } from './metric-snapshots.js';

async function freePort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await once(s, 'listening');
  const port = (s.address() as { port: number }).port;
  s.close();
  await once(s, 'close');
  return port;
}

interface PromResult {
  metric: Record<string, string>;
  value?: [number, string];
  values?: [number, string][];
}

async function query(port: number, promql: string, time?: number): Promise<PromResult[]> {
  const q = new URLSearchParams({ query: promql, ...(time === undefined ? {} : { time: String(time) }) });
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/query?${q}`);
  const body = (await res.json()) as { status: string; data: { result: PromResult[] }; error?: string };
  if (body.status !== 'success') throw new Error(`${promql}: ${body.error}`);
  return body.data.result;
}

test('the increase Prometheus computes from its own scrapes equals the bytes fed; the host series it stored sum to every byte', { timeout: 120_000 }, async () => {
  const exporter = createMetricsExporter({ listen: { host: '127.0.0.1', port: 0 } });
  const { port } = await exporter.start();
  const promPort = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'wt-prom-'));
  let prom: ChildProcess | null = null;
  let log = '';
  const stop = () => prom?.kill('SIGKILL');
  process.once('exit', stop);
  try {
    writeFileSync(join(dir, 'prometheus.yml'), [
      'global:', '  scrape_interval: 1s', '  scrape_timeout: 1s',
      'scrape_configs:', '  - job_name: wiretop', '    static_configs:', `      - targets: ['127.0.0.1:${port}']`, '',
    ].join('\n'));
    prom = spawn('prometheus', [
      `--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    prom.on('error', (e) => (log += `cannot start prometheus (Debian package prometheus): ${e.message}\n`));
    prom.stderr!.setEncoding('utf8').on('data', (d: string) => (log = (log + d).slice(-4000)));
    await until('Prometheus to be ready', 40, async () => ((await fetch(`http://127.0.0.1:${promPort}/-/ready`)).ok ? true : null))
      .catch((e: Error) => { throw new Error(`${e.message}\n${log}`); });

    const rand = mulberry32(13);
    const ts0 = Math.floor(Date.now() / 1000);
    // Every series exists at 0 before any byte: Prometheus sees the counters start.
    exporter.sink.tick(consistentSnapshot({ ts: ts0, tick: 1, flows: [] }));
    await until('the first scrape', 30, async () => ((await query(promPort, 'wiretop_interface_receive_bytes_total')).length === 5 ? true : null));
    let fed = 0, fedAll = 0;
    for (let tick = 2; tick <= 12; tick++) {
      const flows: FakeFlow[] = [];
      for (let i = 0; i < 50; i++) {
        const recv = Math.floor(rand() * 3e6), sent = Math.floor(rand() * 1e5);
        fed += recv;
        fedAll += recv + sent;
        flows.push({ id: i, proto: [6, 17, 1, 58, 47][i % 5]!, src: `198.51.100.${1 + (i % 7)}`, dst: `203.0.113.${1 + (i % 15)}`, // 20 remote hosts in all: every one keeps its series
          slotRecvBytes: recv, slotSentBytes: sent, slotRecvPackets: 1 + Math.floor(recv / 1500), slotSentPackets: 1 });
      }
      exporter.sink.tick(consistentSnapshot({ ts: ts0 + 2 * (tick - 1), tick, flows, local: ['198.51.100.1', '198.51.100.2'] }));
      await sleep(400);
    }
    await until('a scrape after the last tick', 30, async () => {
      const r = await query(promPort, 'sum(wiretop_interface_receive_bytes_total)');
      return r.length === 1 && Number(r[0]!.value![1]) === fed ? true : null;
    });
    // increase() evaluated at the last sample: no extrapolation past it, and none before the first (at 0).
    const raw = await query(promPort, 'wiretop_interface_receive_bytes_total{protocol="tcp"}[2m]');
    const last = raw[0]!.values!.at(-1)![0];
    const [inc] = await query(promPort, 'sum(increase(wiretop_interface_receive_bytes_total[2m]))', last);
    const increase = Number(inc!.value![1]);
    assert.ok(Math.abs(increase - fed) <= 0.01 * fed, `Prometheus: ${increase}, fed: ${fed}`);
    // A host's series starts with its first traffic counted (increase() cannot see that step), so the
    // hosts are checked on the values Prometheus stored: every byte is in exactly one host series.
    const [hosts] = await query(promPort, 'sum(wiretop_host_sent_bytes_total)', last);
    assert.equal(Number(hosts!.value![1]), fedAll);
    const [other] = await query(promPort, 'sum(wiretop_host_received_bytes_total{host="__other__"})', last);
    assert.equal(Number(other!.value![1]), 0, 'every host has its own series here');
    const up = await query(promPort, 'up{job="wiretop"}');
    assert.equal(up[0]!.value![1], '1');
  } finally {
    stop();
    if (prom !== null && prom.exitCode === null) await once(prom, 'exit');
    process.off('exit', stop);
    rmSync(dir, { recursive: true, force: true });
    await exporter.close();
  }
});
