// The `l` filter's owner terms select the right owners and explain bad input in one line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GapOwner, ProcessOwner } from '../../src/attribution/owner.js';
import { parseOwnerFilter } from '../../src/attribution/owner-filter.js';

const ID = 'a3f1c0ffee5e7d0b9b8c1e2d3f4a5b6c7d8e9f00112233445566778899aabbcc';
const nginx: ProcessOwner = {
  kind: 'process', pid: 812, startTime: 5, name: 'nginx', cmdline: '/usr/sbin/nginx -g daemon off;', uid: 33, user: 'www-data',
  unit: 'nginx.service', container: null, cgroup: '/system.slice/nginx.service', netns: 1, exitedAt: null,
};
const longName: ProcessOwner = { ...nginx, pid: 900, name: 'systemd-resolve', cmdline: '/lib/systemd/systemd-resolved', unit: 'systemd-resolved.service', cgroup: '/system.slice/systemd-resolved.service' };
const pipewire: ProcessOwner = { ...nginx, pid: 2000, name: 'pipewire', cmdline: '/usr/bin/pipewire', uid: 1000, user: 'ann', unit: 'pipewire.service', cgroup: '/user.slice/user-1000.slice/user@1000.service/app.slice/pipewire.service' };
const web: ProcessOwner = { ...nginx, pid: 3000, container: { runtime: 'docker', id: ID, pod: '1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901' }, unit: `docker-${ID}.scope`, cgroup: `/system.slice/docker-${ID}.scope` };
const denied: GapOwner = { kind: 'gap', reason: 'no-permission', uid: 33, user: 'www-data', unit: 'nginx.service', container: null };

function sel(text: string): number[] {
  const p = parseOwnerFilter(text);
  assert.equal(p.kind, 'filter', text);
  if (p.kind !== 'filter') return [];
  return [nginx, longName, pipewire, web, denied, undefined].flatMap((o, i) => (p.test(o) ? [i] : []));
}

test('pid, proc (comm, argv[0], the 15-byte comm of a longer name), user', () => {
  assert.deepEqual(sel('pid:812'), [0]);
  assert.deepEqual(sel('proc:nginx'), [0, 3]);
  assert.deepEqual(sel('proc:systemd-resolved'), [1]);
  assert.deepEqual(sel('proc:pipewire'), [2]);
  assert.deepEqual(sel('user:ann'), [2]);
  assert.deepEqual(sel('user:33'), [0, 1, 3, 4]);
});

test('unit by name, with or without .service, or by an enclosing unit; gaps that know their unit match too', () => {
  assert.deepEqual(sel('unit:nginx'), [0, 4]);
  assert.deepEqual(sel('unit:nginx.service'), [0, 4]);
  assert.deepEqual(sel('unit:user@1000.service'), [2]);
});

test('container by id prefix, pod by uid prefix, gaps by reason', () => {
  assert.deepEqual(sel('container:a3f1c0'), [3]);
  assert.deepEqual(sel(`container:${ID}`), [3]);
  assert.deepEqual(sel('pod:1b2c3d4e'), [3]);
  assert.deepEqual(sel('reason:no-permission'), [4]);
});

test('not an owner term, or a bad value: said in one line', () => {
  assert.deepEqual(parseOwnerFilter('10.0.0.1'), { kind: 'none' });
  assert.deepEqual(parseOwnerFilter('host:x'), { kind: 'none' });
  assert.equal(parseOwnerFilter('pid:12a').kind, 'error');
  assert.equal(parseOwnerFilter('pid:').kind, 'error');
  assert.equal(parseOwnerFilter('container:ab').kind, 'error');
  const r = parseOwnerFilter('reason:unknown');
  assert.ok(r.kind === 'error' && r.message.includes('no-permission'));
});
