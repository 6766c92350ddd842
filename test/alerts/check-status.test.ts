// `wiretop check`'s status: the worst alert that fired decides the code; the line carries rates and Nagios perfdata.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlertEvent } from '../../src/alerts/alert-engine.js';
import { checkStatus } from '../../src/app/check-status.js';
import { EMPTY_MODEL } from '../../src/core/analysis.js';
import type { ScreenModel } from '../../src/core/screen-model.js';

const model: ScreenModel = { ...EMPTY_MODEL, totalSent: [0, 1000, 0], totalRecv: [0, 3000.4, 0] };

function fired(severity: AlertEvent['severity'], subject: string, state: AlertEvent['state'] = 'firing'): AlertEvent {
  return {
    type: 'alert', schema_version: 1, state, id: subject, rule: 'r', kind: 'detect', detector: 'scan', severity, subject,
    value: 1, threshold: 1, unit: 'ports', detail: `${subject} detail`, ts: 0, since: 0, source: 'eth0',
  };
}

test('OK without alerts: rates of the 10 s window and perfdata in bytes/s', () => {
  const r = checkStatus([], model, 'eth0', null, null);
  assert.equal(r.code, 0);
  assert.equal(r.line, 'WIRETOP OK - eth0: 31.3Kb total (7.81Kb sent, 23.4Kb received), no alerts | sent_Bps=1000;;;0 received_Bps=3000;;;0 total_Bps=4000;;;0 alerts=0;;;0');
});

test('WARNING or CRITICAL from the worst alert that fired, resolved events not counted twice; thresholds in perfdata', () => {
  const warn = checkStatus([fired('warning', 'a'), fired('warning', 'a', 'resolved')], model, 'eth0', 2048, null);
  assert.equal(warn.code, 1);
  assert.match(warn.line, /^WIRETOP WARNING - eth0: .*, 1 alert \(warning: a: a detail\) \| .*total_Bps=4000;2048;;0 alerts=1;;;0$/);
  const crit = checkStatus([fired('warning', 'a'), fired('critical', 'b'), fired('warning', 'c')], model, 'f.pcap', 2048, 4096);
  assert.equal(crit.code, 2);
  assert.match(crit.line, /^WIRETOP CRITICAL - f\.pcap: .*, 3 alerts \(critical: b: b detail\) \| .*total_Bps=4000;2048;4096;0 alerts=3;;;0$/);
});
