// Config files through the built CLI: -c FILE, ~/.iftoprc via HOME, the command line winning, a missing -c file.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NO_DNS, run, WIRETOP } from '../helpers/run-wiretop.js';
import type { Finished } from '../helpers/run-wiretop.js';
import { CAPTURES_DIR } from '../golden/make-captures.js';
import { NO_HOME } from '../golden/golden-cases.js';

const HOSTS = join(CAPTURES_DIR, 'hosts.pcap');
const dir = mkdtempSync(join(tmpdir(), 'wiretop-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const RC = 'port-display: on\nuse-bytes: true\nnum-lines: 1\n';

function wiretop(home: string, ...args: string[]): Promise<Finished> {
  return run(process.execPath, [WIRETOP, ...NO_DNS, ...args], { env: { ...process.env, HOME: home } });
}

const rows = (stdout: string) => stdout.split('\n').filter((l) => / => /.test(l));

test('-c FILE: port-display, use-bytes and num-lines from the file change a -r run', async () => {
  const rc = join(dir, 'rc');
  writeFileSync(rc, RC);
  const r = await wiretop(NO_HOME, '-c', rc, '-r', HOSTS, '-t');
  assert.equal(r.code, 0);
  assert.equal(r.stderr, '');
  // hosts.pcap's final block: with -P the TCP pair leads (750 B/s over 10 s); one line per block; bytes.
  assert.deepEqual(rows(r.stdout), [
    '   1 198.51.100.20:http                       =>       750B       750B       750B     1.46KB',
    '   1 198.51.100.20:http                       =>       250B       500B       500B     1.95KB',
  ]);
});

test('the command line wins over the file, with iftop\'s "repeated directive" warning', async () => {
  const rc = join(dir, 'rc-repeated');
  writeFileSync(rc, RC);
  const r = await wiretop(NO_HOME, '-c', rc, '-r', HOSTS, '-t', '-L', '2');
  assert.equal(r.code, 0);
  assert.equal(r.stderr, `${rc}:3: warning: repeated directive "num-lines"\n`);
  assert.equal(rows(r.stdout).length, 4, 'two lines per block, as -L 2 says');
  assert.match(r.stdout, /198\.51\.100\.20:http +=> +750B/, 'the rest of the file still applies');
});

test('HOME/.iftoprc is read by default', async () => {
  const home = join(dir, 'home');
  mkdirSync(home);
  writeFileSync(join(home, '.iftoprc'), RC);
  const r = await wiretop(home, '-r', HOSTS, '-t');
  assert.equal(r.code, 0);
  assert.equal(r.stderr, '');
  assert.equal(rows(r.stdout).length, 2);
  assert.match(rows(r.stdout)[0]!, /198\.51\.100\.20:http +=> +750B/);
});

test('-c replaces HOME/.iftoprc rather than adding to it', async () => {
  const home = join(dir, 'home-ignored');
  mkdirSync(home);
  writeFileSync(join(home, '.iftoprc'), 'num-lines: 1\n');
  const rc = join(dir, 'rc-bytes');
  writeFileSync(rc, 'use-bytes: true\n');
  const r = await wiretop(home, '-c', rc, '-r', HOSTS, '-t');
  assert.equal(r.code, 0);
  assert.equal(rows(r.stdout).length, 3 + 4, 'all lines: the home file was not read');
  assert.match(r.stdout, / 750B /);
});

test('-c /nonexistent: iftop\'s "No such file or directory" message, and the run goes on', async () => {
  const r = await wiretop(NO_HOME, '-c', '/nonexistent', '-r', HOSTS, '-t');
  assert.equal(r.stderr, '/nonexistent: No such file or directory\n');
  assert.equal(r.code, 0);
  assert.equal(r.stdout.split('\n').filter((l) => l.startsWith('   # Host name')).length, 2);
});

test('a missing HOME/.iftoprc is silent', async () => {
  const r = await wiretop(join(dir, 'no-such-home'), '-r', HOSTS, '-t');
  assert.equal(r.code, 0);
  assert.equal(r.stderr, '');
});

test('config-file value errors are reported but never fatal', async () => {
  const rc = join(dir, 'rc-bad');
  writeFileSync(rc, 'sort: sideways\nbogus-key: 1\nport-display: on\n');
  const r = await wiretop(NO_HOME, '-c', rc, '-r', HOSTS, '-t', '-L', '1');
  assert.equal(r.code, 0);
  assert.equal(r.stderr, `${rc}:2: warning: unknown directive "bogus-key"\nInvalid enumeration value "sideways" for directive "sort"\n`);
  assert.match(rows(r.stdout)[0]!, /198\.51\.100\.20:http/);
});
