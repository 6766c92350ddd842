// The built CLI's user errors: one clear line on stderr, non-zero exit, never a stack trace; help and version.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { usageText } from '../../src/cli/usage.js';
import { VERSION } from '../../src/version.js';
import { requireRoot } from '../helpers/netns.js';
import { NO_DNS, run, WIRETOP } from '../helpers/run-wiretop.js';
import type { Finished } from '../helpers/run-wiretop.js';
import { CAPTURES_DIR } from '../golden/make-captures.js';
import { GOLDEN_DIR, NO_HOME } from '../golden/golden-cases.js';

const HOSTS = join(CAPTURES_DIR, 'hosts.pcap');
const ENV = { ...process.env, HOME: NO_HOME };
/** Drops to nobody with no capabilities at all (setpriv is in util-linux). */
const NOBODY = ['--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all', '--bounding-set=-all'];

/** A world-readable scratch directory (mkdtemp makes 0700 ones, which nobody could not enter). */
const dir = mkdtempSync(join(tmpdir(), 'wiretop-cli-'));
chmodSync(dir, 0o755);
after(() => rmSync(dir, { recursive: true, force: true }));

const wiretop = (...args: string[]): Promise<Finished> => run(process.execPath, [WIRETOP, ...NO_DNS, ...args], { env: ENV });

/** Exactly one line on stderr, starting "wiretop: ", matching `message`; non-zero exit; no stack trace. */
function oneLineError(r: Finished, message: RegExp): void {
  assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
  assert.doesNotMatch(r.stderr, /internal error/);
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  assert.equal(lines.length, 1, `one line on stderr, got: ${r.stderr}`);
  assert.match(lines[0]!, /^wiretop: /);
  assert.match(lines[0]!, message);
  assert.notEqual(r.code, 0, 'non-zero exit status');
  assert.notEqual(r.code, null, 'exited rather than killed');
}

/** Live errors come after iftop's interface lines: the error is the one and last "wiretop:" line. */
function lastLineError(r: Finished, message: RegExp): void {
  assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  assert.equal(lines.filter((l) => l.startsWith('wiretop:')).length, 1, r.stderr);
  assert.match(lines.at(-1)!, message);
  assert.equal(r.code, 1);
}

const blocks = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('   # Host name')).length;

test('an unknown option, short or long, is one line and status 1', async () => {
  oneLineError(await wiretop('-x'), /unknown option -x/);
  oneLineError(await wiretop('-n', '-x', '-h'), /unknown option -x/);
  oneLineError(await wiretop('--bogus'), /unknown option --bogus/);
});

test('an option without its argument is one line', async () => {
  oneLineError(await wiretop('-i'), /option -i needs a value/);
  oneLineError(await wiretop('-t', '-r'), /option -r needs a value/);
  oneLineError(await wiretop('--read'), /--read needs a value/);
});

test('words after the options are refused', async () => {
  oneLineError(await wiretop('-n', 'extra', '-h'), /unexpected argument "extra"/);
  oneLineError(await wiretop('-r', HOSTS, '-t', 'more'), /unexpected argument "more"/);
});

test('a bad --snaplen names the allowed range', async () => {
  for (const v of ['5', 'abc', '-1', '262145', '1e3']) oneLineError(await wiretop('--snaplen', v, '-r', HOSTS), /--snaplen takes a whole number of bytes from 68 to 262144/);
});

test('-i nosuch0 -t: no such interface', async () => {
  oneLineError(await wiretop('-i', 'nosuch0', '-t'), /no such interface "nosuch0"/);
});

test('a bad filter on a live interface (lo) is reported after the interface lines', async () => {
  requireRoot();
  lastLineError(await wiretop('-i', 'lo', '-t', '-s', '1', '-f', 'port foo'), /^wiretop: bad filter "port foo": .*foo/);
});

test('a bad filter on a file is one line, before any output', async () => {
  const r = await wiretop('-r', HOSTS, '-t', '-f', 'port foo');
  oneLineError(r, /^wiretop: bad filter "port foo": .*foo/);
  assert.equal(r.stdout, '');
});

test('no permission to capture: the message names sudo and setcap', async () => {
  requireRoot();
  const r = await run('setpriv', [...NOBODY, process.execPath, WIRETOP, '-i', 'lo', '-t', '-s', '1'], { env: ENV });
  lastLineError(r, /no permission to capture on lo/);
  assert.match(r.stderr, /sudo/);
  assert.match(r.stderr, /setcap cap_net_raw,cap_net_admin/);
});

test('an unreadable capture file (permission) and a missing one are one line each', async () => {
  requireRoot();
  const secret = join(dir, 'secret.pcap');
  writeFileSync(secret, readFileSync(HOSTS));
  chmodSync(secret, 0o600);
  const r = await run('setpriv', [...NOBODY, process.execPath, WIRETOP, ...NO_DNS, '-r', secret, '-t'], { env: ENV });
  oneLineError(r, /secret\.pcap: .*permission denied/i);
  oneLineError(await wiretop('-r', join(dir, 'missing.pcap'), '-t'), /missing\.pcap: .*no such file/i);
  oneLineError(await wiretop('-r', dir, '-t'), /is a directory/);
});

test('a file that is not a capture (bad magic) is one line and prints no block', async () => {
  const text = join(dir, 'notes.pcap');
  writeFileSync(text, 'root:x:0:0:root:/root:/bin/bash\n'.repeat(4));
  const r = await wiretop('-r', text, '-t');
  oneLineError(r, /notes\.pcap: not a pcap or pcapng file/);
  assert.equal(blocks(r.stdout), 0, `no traffic block for a file that holds no capture:\n${r.stdout}`);
});

test('a truncated capture keeps the blocks printed before the cut, then the error, status 1', async () => {
  // ticks.pcap cut at 9000 bytes: 7 whole records (0 … 8.25 s), so the boundaries at 2, 4, 6 and 8 s print.
  const cut = join(dir, 'cut.pcap');
  writeFileSync(cut, readFileSync(join(CAPTURES_DIR, 'ticks.pcap')).subarray(0, 9000));
  const r = await wiretop('-r', cut, '-t', '-B');
  oneLineError(r, /cut\.pcap: truncated/);
  const golden = readFileSync(join(GOLDEN_DIR, 'expected', 'ticks-bytes.txt'), 'utf8');
  const end = '='.repeat(92) + '\n\n';
  let at = golden.indexOf('\n') + 1;
  const start = at;
  for (let i = 0; i < 4; i++) at = golden.indexOf(end, at) + end.length;
  assert.ok(r.stdout.startsWith(`Reading from ${cut}\n${golden.slice(start, at)}`), `the first four blocks of ticks-bytes.txt:\n${r.stdout}`);
});

/** libpcap's real file, found the way the dynamic loader finds libpcap.so.0.8. */
function libpcapFile(): string | null {
  const m = /libpcap\.so\.0\.8 \([^)]*\) => (\S+)/.exec(execFileSync('ldconfig', ['-p'], { encoding: 'utf8' }));
  return m?.[1] === undefined ? null : realpathSync(m[1]);
}

/** Runs wiretop in a private mount namespace where libpcap's file is an empty one (so dlopen fails). */
function withoutLibpcap(...args: string[]): Promise<Finished> {
  requireRoot();
  const lib = libpcapFile();
  const empty = join(dir, 'empty.so');
  writeFileSync(empty, '');
  const hide = lib === null ? '' : `mount --bind '${empty}' '${lib}' && `;
  return run('unshare', ['-m', 'sh', '-c', `${hide}exec "$0" "$@"`, process.execPath, WIRETOP, ...NO_DNS, ...args], { env: ENV });
}

test('libpcap missing: a live capture says which package to install', async () => {
  const r = await withoutLibpcap('-i', 'lo', '-t', '-s', '1');
  lastLineError(r, /libpcap is not installed.*apt-get install libpcap0\.8/);
});

test('libpcap missing: -r with -f says libpcap is needed for the filter (no internal error)', async () => {
  const r = await withoutLibpcap('-r', HOSTS, '-t', '-f', 'tcp');
  oneLineError(r, /libpcap/);
  assert.equal(r.code, 1);
});

test('libpcap missing: -r without a filter does not need it', async () => {
  const r = await withoutLibpcap('-r', HOSTS, '-t');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(blocks(r.stdout), 2);
});

test('-h and --help print the usage on stdout and exit 0; so does -n -h -x (help is reached first)', async () => {
  for (const args of [['-h'], ['--help'], ['-n', '-h', '-x'], ['-nh']]) {
    const r = await wiretop(...args);
    assert.equal(r.code, 0, args.join(' '));
    assert.equal(r.stdout, usageText(VERSION));
    assert.equal(r.stderr, '');
  }
});

test('--version prints "wiretop 0.1.0", the version of package.json', async () => {
  const r = await wiretop('--version');
  assert.deepEqual([r.code, r.stdout, r.stderr], [0, 'wiretop 0.1.0\n', '']);
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  assert.equal(pkg.version, VERSION);
});
