// cgroup files and paths of real layouts → unit, user manager, container and pod (systemd and cgroupfs drivers).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cgroupPathOf, describeCgroup } from '../../src/attribution/cgroup-names.js';

const ID = 'a3f1c0ffee5e7d0b9b8c1e2d3f4a5b6c7d8e9f00112233445566778899aabbcc';
const ID2 = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

test('/proc/PID/cgroup: the unified line; on hybrid hosts the name=systemd line when unified says "/"', () => {
  assert.equal(cgroupPathOf('0::/system.slice/nginx.service\n'), '/system.slice/nginx.service');
  // This machine's own layout (hybrid, every process at the v2 root).
  assert.equal(cgroupPathOf('9:name=systemd:/\n8:pids:/\n4:memory:/process_api/57e7\n0::/\n'), '/');
  assert.equal(cgroupPathOf('10:name=systemd:/system.slice/sshd.service\n3:cpu:/\n0::/\n'), '/system.slice/sshd.service');
  assert.equal(cgroupPathOf('garbage\n\n::\n'), '');
});

test('systemd units: services, session scopes, the user manager and the services under it', () => {
  assert.deepEqual(describeCgroup('/system.slice/nginx.service'), { unit: 'nginx.service', userManager: null, container: null });
  assert.equal(describeCgroup('/user.slice/user-1000.slice/session-3.scope').unit, 'session-3.scope');
  assert.deepEqual(describeCgroup('/user.slice/user-1000.slice/user@1000.service/init.scope'), { unit: 'user@1000.service', userManager: 'user@1000.service', container: null });
  assert.deepEqual(describeCgroup('/user.slice/user-1000.slice/user@1000.service/app.slice/pipewire.service'), { unit: 'pipewire.service', userManager: 'user@1000.service', container: null });
  assert.equal(describeCgroup('/system.slice/system-getty.slice/getty@tty1.service').unit, 'getty@tty1.service');
  assert.equal(describeCgroup('/init.scope').unit, 'init.scope');
  assert.deepEqual(describeCgroup('/'), { unit: null, userManager: null, container: null });
});

test('containers: docker, podman, containerd and cri-o scopes; conmon is not the container', () => {
  assert.deepEqual(describeCgroup(`/system.slice/docker-${ID}.scope`).container, { runtime: 'docker', id: ID, pod: null });
  assert.equal(describeCgroup(`/system.slice/docker-${ID}.scope`).unit, `docker-${ID}.scope`);
  assert.deepEqual(describeCgroup(`/machine.slice/libpod-${ID}.scope/container`).container, { runtime: 'podman', id: ID, pod: null });
  assert.equal(describeCgroup(`/machine.slice/libpod-conmon-${ID}.scope`).container, null);
  assert.deepEqual(describeCgroup(`/system.slice/containerd.service/cri-containerd-${ID}.scope`).container?.runtime, 'containerd');
  assert.equal(describeCgroup(`/kubepods.slice/crio-conmon-${ID}.scope`).container, null);
  // cgroupfs drivers
  assert.deepEqual(describeCgroup(`/docker/${ID}`).container, { runtime: 'docker', id: ID, pod: null });
  assert.deepEqual(describeCgroup(`/libpod_parent/libpod-${ID}`).container, { runtime: 'podman', id: ID, pod: null });
  assert.equal(describeCgroup(`/system.slice/${ID}`).container, null, 'a bare id elsewhere is not a container');
});

test('Kubernetes: pod uid from the systemd slice (underscores) and from cgroupfs paths', () => {
  const sd = describeCgroup(`/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1b2c3d4e_5f60_7182_93a4_b5c6d7e8f901.slice/cri-containerd-${ID}.scope`);
  assert.deepEqual(sd.container, { runtime: 'containerd', id: ID, pod: '1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901' });
  const be = describeCgroup(`/kubepods.slice/kubepods-pod0aa0aa0a_1111_2222_3333_444455556666.slice/crio-${ID2}.scope`);
  assert.deepEqual(be.container, { runtime: 'cri-o', id: ID2, pod: '0aa0aa0a-1111-2222-3333-444455556666' });
  const fs = describeCgroup(`/kubepods/besteffort/pod0aa0aa0a-1111-2222-3333-444455556666/${ID2}`);
  assert.deepEqual(fs.container, { runtime: 'kubernetes', id: ID2, pod: '0aa0aa0a-1111-2222-3333-444455556666' });
});

test('lxc and systemd-nspawn containers by name', () => {
  assert.deepEqual(describeCgroup('/lxc.payload.web1/init.scope').container, { runtime: 'lxc', id: 'web1', pod: null });
  assert.deepEqual(describeCgroup('/lxc/db').container, { runtime: 'lxc', id: 'db', pod: null });
  assert.deepEqual(describeCgroup('/machine.slice/systemd-nspawn@build.service').container, { runtime: 'nspawn', id: 'build', pod: null });
  assert.deepEqual(describeCgroup('/machine.slice/machine-build.scope').container, { runtime: 'nspawn', id: 'build', pod: null });
});

test('names from delegated subtrees are made inert; deep paths are bounded', () => {
  const evil = describeCgroup('/user.slice/user-1000.slice/user@1000.service/app.slice/x\u001b[2Jy.service');
  assert.equal(evil.unit, 'x\\x1b[2Jy.service');
  assert.equal(describeCgroup('/lxc.payload.a\u009bb').container?.id, 'a\\x9bb');
  const deep = '/a'.repeat(10_000) + '/z.service';
  assert.equal(describeCgroup(deep).unit, null, 'only the first 64 segments are read');
});
