// Least privilege: root is dropped once the capture is open (a file run keeps no capability); CAP_NET_RAW alone is enough; none at all gets the message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireRoot } from '../helpers/netns.js';
import { finish, NO_DNS, run, WIRETOP } from '../helpers/run-wiretop.js';
import { setTimeout as sleep } from 'node:timers/promises';

const NODE = process.execPath;

/** The Uid/Gid/Groups/Cap lines of a running process. */
function status(pid: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(`/proc/${pid}/status`, 'utf8').split('\n')) {
    const m = /^(Uid|Gid|Groups|CapInh|CapEff|CapPrm|CapAmb):\s*(.*)$/.exec(line);
    if (m !== null) out[m[1]!] = m[2]!.trim();
  }
  return out;
}

async function runningStatus(env: NodeJS.ProcessEnv, extra: string[]): Promise<Record<string, string>> {
  const child = spawn(NODE, [WIRETOP, ...NO_DNS, '-t', '-i', 'lo', '-n', '-s', '4', ...extra], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const done = finish(child, 15_000);
  await sleep(2000);
  const s = status(child.pid!);
  const r = await done;
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Cumulative \(sent\/received\/total\):/, 'it kept capturing after the drop');
  return s;
}

test('started as root with --no-processes: after opening the capture it runs as nobody, no groups, no effective capabilities, only CAP_NET_RAW permitted (to re-open)', async () => {
  requireRoot();
  const env = { ...process.env };
  delete env['SUDO_USER'];
  const s = await runningStatus(env, ['--no-processes']);
  assert.equal(s['Uid'], '65534\t65534\t65534\t65534');
  assert.equal(s['Gid'], '65534\t65534\t65534\t65534');
  assert.equal(s['Groups'], '');
  assert.equal(s['CapEff'], '0000000000000000');
  assert.equal(s['CapPrm'], '0000000000002000', 'CAP_NET_RAW (bit 13) alone, permitted, not effective');
  assert.equal(s['CapAmb'], '0000000000000000');
});

test('with attribution (the default): as nobody, effective only CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH (other users\' /proc/PID/fd), CAP_NET_RAW permitted', async () => {
  requireRoot();
  const env = { ...process.env };
  delete env['SUDO_USER'];
  const s = await runningStatus(env, []);
  assert.equal(s['Uid'], '65534\t65534\t65534\t65534');
  assert.equal(s['Groups'], '');
  // Bits 19 (CAP_SYS_PTRACE) and 2 (CAP_DAC_READ_SEARCH); 13 (CAP_NET_RAW) permitted only.
  assert.equal(s['CapEff'], '0000000000080004');
  assert.equal(s['CapPrm'], '0000000000082004');
  assert.equal(s['CapInh'], '0000000000000000');
  assert.equal(s['CapAmb'], '0000000000000000');
});

test('-Z names the user; under sudo the invoking user is the default; -Z root keeps root', async () => {
  requireRoot();
  const daemon = await runningStatus({ ...process.env, SUDO_USER: 'nobody' }, ['-Z', 'daemon']);
  assert.match(daemon['Uid']!, /^1\t/, 'daemon is uid 1 on Debian');
  const sudo = await runningStatus({ ...process.env, SUDO_USER: 'daemon' }, []);
  assert.match(sudo['Uid']!, /^1\t/);
  const root = await runningStatus(process.env, ['-Z', 'root']);
  assert.match(root['Uid']!, /^0\t/);
});

test('a plain user holding only CAP_NET_RAW can capture; without it, one actionable line', async () => {
  requireRoot();
  const base = ['--reuid=65534', '--regid=65534', '--clear-groups'];
  const withCap = await run('setpriv', [...base, '--inh-caps=+net_raw', '--ambient-caps=+net_raw', NODE, WIRETOP, ...NO_DNS, '-t', '-i', 'lo', '-n', '-s', '1'], { timeoutMs: 15_000 });
  assert.equal(withCap.code, 0, withCap.stderr);
  assert.match(withCap.stdout, /^Listening on lo\n/);
  const without = await run('setpriv', [...base, '--inh-caps=-all', NODE, WIRETOP, ...NO_DNS, '-t', '-i', 'lo', '-n', '-s', '1'], { timeoutMs: 15_000 });
  assert.equal(without.code, 1);
  const last = without.stderr.trim().split('\n').at(-1)!;
  assert.match(last, /^wiretop: no permission to capture on lo: run it as root \(sudo wiretop …\), or let node capture: sudo setcap cap_net_raw/);
  assert.doesNotMatch(without.stderr, /\n\s+at /, 'no stack trace');
});

test('reading a file as root: after the drop it runs as nobody with no capability at all (a file is never opened again)', async () => {
  requireRoot();
  const dir = mkdtempSync(join(tmpdir(), 'wt-priv-'));
  const fifo = join(dir, 'capture.pcap');
  try {
    execFileSync('mkfifo', [fifo]);
    const env = { ...process.env };
    delete env['SUDO_USER'];
    const child = spawn(NODE, [WIRETOP, ...NO_DNS, '-t', '-n', '-N', '-r', fifo], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const done = finish(child, 15_000);
    // A pipe: wiretop has opened it, dropped root and parses what comes, while the test holds it open.
    const writer = await open(fifo, 'w');
    const header = Buffer.alloc(24);
    header.writeUInt32LE(0xa1b2c3d4, 0);
    header.writeUInt16LE(2, 4);
    header.writeUInt16LE(4, 6);
    header.writeUInt32LE(65535, 16);
    header.writeUInt32LE(101, 20); // raw IP
    await writer.write(header);
    await sleep(1500);
    const s = status(child.pid!);
    await writer.close();
    const r = await done;
    assert.equal(r.code, 0, r.stderr);
    assert.equal(s['Uid'], '65534\t65534\t65534\t65534');
    assert.equal(s['Groups'], '');
    assert.equal(s['CapEff'], '0000000000000000');
    assert.equal(s['CapPrm'], '0000000000000000', 'not even CAP_NET_RAW: nothing will be opened again');
    assert.equal(s['CapAmb'], '0000000000000000');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
