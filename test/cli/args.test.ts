// Command-line parsing: getopt clusters and attached values, left-to-right help/errors, long options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_EXTRAS, extraOptionNames, parseArgs } from '../../src/cli/args.js';
import { daemonOptionNames } from '../../src/cli/daemon-args.js';
import { daemonUsageText } from '../../src/cli/daemon-usage.js';
import { usageText } from '../../src/cli/usage.js';

function run(argv: string[]) {
  const r = parseArgs(argv);
  assert.equal(r.kind, 'run', JSON.stringify(r));
  return r as Extract<ReturnType<typeof parseArgs>, { kind: 'run' }>;
}

test('flags cluster and map to config keys; values attach or follow', () => {
  const r = run(['-nNPt', '-ieth0', '-f', 'port 53', '-s3', '-L', '5', '-o', '40s', '-c', '/tmp/rc', '-B']);
  assert.deepEqual(Object.fromEntries(r.keys), {
    'dns-resolution': 'false', 'port-resolution': 'false', 'port-display': 'on', 'no-curses': 'true',
    interface: 'eth0', 'filter-code': 'port 53', 'timed-output': '3', 'num-lines': '5', sort: '40s', 'use-bytes': 'true',
  });
  assert.equal(r.configFile, '/tmp/rc');
});

test('later options overwrite earlier ones', () => {
  assert.equal(run(['-i', 'a', '-i', 'b']).keys.get('interface'), 'b');
});

test('help wins where it is reached: -n -h -x is help, -x -h is an error', () => {
  assert.deepEqual(parseArgs(['-n', '-h', '-x']), { kind: 'help' });
  assert.equal(parseArgs(['-x', '-h']).kind, 'error');
  assert.deepEqual(parseArgs(['--help']), { kind: 'help' });
  assert.deepEqual(parseArgs(['--version']), { kind: 'version' });
});

test('one-line errors: unknown option, missing value, words after options', () => {
  assert.deepEqual(parseArgs(['-x']), { kind: 'error', message: 'unknown option -x (wiretop -h lists the options)' });
  assert.deepEqual(parseArgs(['-i']), { kind: 'error', message: 'option -i needs a value (wiretop -h lists the options)' });
  const words = parseArgs(['-n', 'extra', '-h']);
  assert.equal(words.kind, 'error');
  assert.match((words as { message: string }).message, /unexpected argument "extra"/);
  assert.equal(parseArgs(['--bogus']).kind, 'error');
});

test('wiretop long options and -r', () => {
  const r = run(['-r', 'x.pcap', '--ndjson', '--snaplen=128', '--buffer-size', '65536', '--max-flows=5000']);
  assert.deepEqual(r.extras, { ...DEFAULT_EXTRAS, alertRules: [], readFile: 'x.pcap', ndjson: true, snaplen: 128, bufferSizeKiB: 65536, maxFlows: 5000 });
  assert.equal(run(['--ndjson-file', 'flows.ndjson']).extras.ndjsonFile, 'flows.ndjson');
  assert.equal(run(['--ndjson-file=-']).extras.ndjsonFile, '-');
  assert.match((parseArgs(['--ndjson-file=']) as { message: string }).message, /--ndjson-file takes a file name/);
  assert.equal(run(['-Z', 'nobody']).extras.user, 'nobody');
  assert.equal(run(['--user=daemon']).extras.user, 'daemon');
  assert.equal(run(['--dns-server', '[::1]:5353']).extras.dnsServer, '[::1]:5353');
  for (const bad of ['nosuch', '1.2.3.4:99999', '[1.2.3.4]:53', '::1]:5']) assert.equal(parseArgs(['--dns-server', bad]).kind, 'error', bad);
  assert.equal(run(['--read=y.pcapng']).extras.readFile, 'y.pcapng');
  assert.match((parseArgs(['--snaplen=10']) as { message: string }).message, /--snaplen takes a whole number of bytes from 68 to 262144, not "10"/);
  assert.equal(parseArgs(['--ndjson=1']).kind, 'error');
});

test('the -h texts name every long option there is (wiretop and wiretop daemon)', () => {
  const usage = usageText('x');
  for (const name of extraOptionNames()) assert.ok(usage.includes(`--${name}`), `wiretop -h does not mention --${name}`);
  const daemon = daemonUsageText('x');
  for (const name of daemonOptionNames()) assert.ok(daemon.includes(`--${name}`), `wiretop daemon -h does not mention --${name}`);
});
