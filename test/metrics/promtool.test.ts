// promtool (Prometheus 2.42, Debian) lints a realistic scrape: every family, IPv4 and IPv6 hosts, two interfaces, alerts, process metrics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { AlertEvent } from '../../src/alerts/alert-engine.js';
import type { FakeFlow } from '../helpers/fake-snapshot.js';
import { consistentSnapshot, sinkUnderTest } from './metric-snapshots.js';

function promtool(input: string): { status: number | null; out: string } {
  const r = spawnSync('promtool', ['check', 'metrics'], { input, encoding: 'utf8' });
  if (r.error !== undefined) throw new Error(`promtool is needed (Debian package prometheus): ${r.error.message}`);
  return { status: r.status, out: (r.stdout + r.stderr).trim() };
}

test('promtool check metrics is clean on a realistic scrape', async () => {
  const m = sinkUnderTest({ maxHosts: 5, topRemote: 5 }, true);
  // Attribution on: program and unit series too, with names as odd as /proc/PID/comm allows.
  const programs = ['nginx', 'kworker/0:1', 'my "quoted" \\ prog', null] as const;
  m.sink.attributeWith({
    program: (_f, id) => programs[id % programs.length]!,
    unit: (_f, id) => (id % 2 === 0 ? 'nginx.service' : id % 3 === 0 ? 'user@1000.service' : null),
  });
  for (let tick = 1; tick <= 5; tick++) {
    for (const name of ['eth0', 'wlan0']) {
      const flows: FakeFlow[] = [];
      for (let i = 0; i < 40; i++) {
        const v6 = i % 3 === 0;
        flows.push({
          id: i, proto: [6, 17, 1, 58, 47][i % 5]!, src: v6 ? `2001:db8:1::${i + 1}` : `198.51.100.${i + 1}`,
          dst: v6 ? `2001:db8:2::${(i * 7) % 31 + 1}` : `203.0.113.${(i * 7) % 31 + 1}`,
          srcPort: 40000 + i, dstPort: 443, slotSentBytes: 1000 * i * tick, slotRecvBytes: 700 * i, slotSentPackets: i, slotRecvPackets: i + 1,
        });
      }
      m.sink.tick(consistentSnapshot({
        ts: 1_764_000_000 + 2 * tick, tick, source: { kind: 'interface', name }, flows,
        local: flows.map((f) => f.src), counters: { frames: 1000 * tick }, kernel: { received: 1000 * tick, dropped: tick, ifDropped: 0 },
        overflow: { sentBytes: 100, recvBytes: 200, sentPackets: 1, recvPackets: 2 },
      }));
    }
  }
  const alert = (state: AlertEvent['state']): AlertEvent => ({
    type: 'alert', schema_version: 1, state, id: 'x|eth0', rule: 'rate interface received > 100MB/s', kind: 'rate', detector: null,
    severity: 'warning', subject: 'interface', value: 1, threshold: 1, unit: 'bytes/s', detail: '', ts: 0, since: 0, source: 'eth0',
  });
  m.sink.alerts([alert('firing')]);
  const text = await m.text();
  for (const family of ['wiretop_build_info', 'wiretop_capture_packets_total', 'wiretop_capture_dropped_packets_total',
    'wiretop_interface_receive_bytes_total', 'wiretop_interface_transmit_packets_total', 'wiretop_host_sent_bytes_total',
    'wiretop_host_received_packets_total', 'wiretop_hosts_tracked', 'wiretop_host_series_evicted_total', 'wiretop_flows_active',
    'wiretop_alerts_firing', 'wiretop_program_sent_bytes_total', 'wiretop_unit_received_packets_total',
    'wiretop_program_series_evicted_total', 'process_cpu_seconds_total', 'nodejs_heap_size_used_bytes']) {
    assert.match(text, new RegExp(`^${family}[{ ]`, 'm'), family);
  }
  assert.match(text, /host="2001:db8:1::\w+"/);
  assert.match(text, /program="__unattributed__"/);
  assert.match(text, /unit="user@1000.service"/);
  const r = promtool(text);
  assert.deepEqual(r, { status: 0, out: '' });
  // The check can fail: a gauge named like a counter is reported.
  assert.notEqual(promtool('# HELP x_total a\n# TYPE x_total gauge\nx_total 1\n').status, 0);
});
