// Owner rows as text: titles and details per view, inert names, the middle cut of long units, NDJSON owner fields that parse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AttributionRow } from '../../src/attribution/accounts.js';
import type { ProcessOwner } from '../../src/attribution/owner.js';
import { fitMiddle } from '../../src/format/cells.js';
import { ownerFieldsEncoder, ownerRowRecord } from '../../src/render/ndjson-owners.js';
import { ownerDetail, ownerTitle } from '../../src/render/owner-rows.js';

const ownerFields = ownerFieldsEncoder();

const row = (r: Partial<AttributionRow>): AttributionRow => ({
  kind: 'process', key: 'k', pid: null, name: null, cmdline: null, user: null, uid: null, unit: null, container: null, unattributed: null,
  exited: false, processes: 1, flows: 1, sentRate: [1, 2, 3], recvRate: [4, 5, 6], cumulativeSentBytes: 7, cumulativeRecvBytes: 8, ...r,
});

test('titles and details: a process, an exited one, a unit, a container with its pod, a gap with what is known', () => {
  assert.equal(ownerTitle('process', row({ pid: 42, user: 'www-data', name: 'nginx' })), '42      www-data nginx');
  assert.equal(ownerTitle('process', row({ pid: 42, user: 'ann', name: 'x', exited: true })), '42      ann      x (exited)');
  assert.equal(ownerDetail('process', row({ cmdline: 'nginx -g daemon off;', unit: 'nginx.service' })), 'nginx -g daemon off; [nginx.service]');
  assert.equal(ownerTitle('unit', row({ kind: 'unit', unit: 'nginx.service' })), 'nginx.service');
  assert.equal(ownerDetail('unit', row({ kind: 'unit', processes: 2, flows: 3 })), '2 processes, 3 flows');
  const c = { runtime: 'containerd', id: 'ab'.repeat(32), pod: '1234-5678' };
  assert.equal(ownerTitle('container', row({ kind: 'container', container: c })), `containerd ${'ab'.repeat(6)}`);
  assert.equal(ownerDetail('container', row({ kind: 'container', container: c })), 'pod 1234-5678, 1 process, 1 flow');
  assert.equal(ownerTitle('process', row({ kind: 'gap', unattributed: 'no-permission', user: 'bob' })), '(no permission)');
  assert.equal(ownerDetail('process', row({ kind: 'gap', unattributed: 'no-permission', user: 'bob', processes: 0 })), 'user bob');
  assert.equal(ownerTitle('process', row({ pid: 1, user: 'root', name: 'evil\x1b[2J' })), '1       root     evil\\x1b[2J', 'terminal controls are made inert');
});

test('fitMiddle keeps the start and the end of what does not fit', () => {
  assert.equal(fitMiddle('short', 8), 'short   ');
  assert.equal(fitMiddle('docker-0123456789abcdef.scope', 20), 'docker-012345~.scope');
  assert.equal(fitMiddle('docker-0123456789abcdef.scope', 20).length, 20);
});

test('NDJSON: owner fields and row records are JSON whatever the names hold', () => {
  const p: ProcessOwner = { kind: 'process', pid: 7, startTime: 1, name: 'a"b\\c', cmdline: 'a"b \\x', uid: 0, user: 'root', unit: null, container: null, cgroup: '', netns: 0, exitedAt: null };
  const flow = JSON.parse(`{"type":"flow"${ownerFields(p)}}`) as Record<string, unknown>;
  assert.deepEqual(flow['process'], { pid: 7, name: 'a"b\\c', cmdline: 'a"b \\x', user: 'root', uid: 0, unit: null, container: null, exited: false });
  assert.equal(flow['unattributed'], null);
  // The encoding is kept per owner, but an owner that has exited since is encoded again.
  p.exitedAt = 1_700_000_000;
  assert.equal((JSON.parse(`{"type":"flow"${ownerFields(p)}}`) as { process: { exited: boolean } }).process.exited, true);
  assert.deepEqual(JSON.parse(`{${ownerFields(undefined).slice(1)}}`), { process: null, unattributed: 'pending' });
  assert.deepEqual(JSON.parse(`{${ownerFields({ kind: 'gap', reason: 'forwarded', uid: null, user: null, unit: null, container: null }).slice(1)}}`), { process: null, unattributed: 'forwarded' });
  const rec = JSON.parse(ownerRowRecord('process', row({ pid: 7, name: 'x' }), 1_700_000_000, 1)) as Record<string, unknown>;
  assert.deepEqual([rec['type'], rec['pid'], rec['sent_bytes_per_s'], rec['cumulative_received_bytes'], rec['unattributed']], ['process', 7, { '2s': 1, '10s': 2, '40s': 3 }, 8, null]);
});
