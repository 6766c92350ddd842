// `wiretop daemon` options: command line, the config file (errors name file and line), which one wins, lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_DAEMON_CONFIG, parseDaemonArgs } from '../../src/cli/daemon-args.js';
import type { DaemonOptions } from '../../src/cli/daemon-args.js';

const files = (texts: Record<string, string>) => (path: string) =>
  texts[path] !== undefined ? { text: texts[path]! } : { error: { code: 'ENOENT', message: 'No such file or directory' } };

function ok(argv: string[], texts: Record<string, string> = {}): DaemonOptions {
  const r = parseDaemonArgs(argv, files(texts));
  assert.equal(r.kind, 'run', JSON.stringify(r));
  return (r as { options: DaemonOptions }).options;
}
function error(argv: string[], texts: Record<string, string> = {}): string {
  const r = parseDaemonArgs(argv, files(texts));
  assert.equal(r.kind, 'error');
  return (r as { message: string }).message;
}

test('the command line alone: -i repeatable, iftop-style short options, long options of wiretop, --opt=value', () => {
  const o = ok(['-i', 'eth0', '-iwg0', '--interface=eth0', '-f', 'not port 22', '-p', '-F', '10.0.0.0/8', '--ndjson-file', '/var/log/f.ndjson', '--alert', 'detect all', '-Z', 'nobody', '--max-flows=5000']);
  assert.deepEqual(o.interfaces, ['eth0', 'wg0'], 'in order, once each');
  assert.equal(o.settings.filterCode, 'not port 22');
  assert.equal(o.settings.promiscuous, true);
  assert.deepEqual([...o.settings.netFilter4!.net], [10, 0, 0, 0]);
  assert.equal(o.settings.dnsResolution, false, 'a daemon never looks names up');
  assert.deepEqual([o.extras.ndjsonFile, o.extras.alertRules, o.extras.user, o.extras.maxFlows], ['/var/log/f.ndjson', ['detect all'], 'nobody', 5000]);
  assert.equal(o.configFile, null, 'no default file on this machine: no configuration, no error');
});

test('the config file: one option per line without dashes, the rest of the line is the value, # comments, blank lines', () => {
  const o = ok(['--config', '/etc/w.conf'], { '/etc/w.conf': '# wiretop\n\ninterface eth0\ninterface eth1\nfilter tcp port 443 or udp port 53\npromiscuous\nalert rate interface total > 50MB/s hold 10s\nndjson-file /var/log/wiretop/flows.ndjson\n' });
  assert.deepEqual(o.interfaces, ['eth0', 'eth1']);
  assert.equal(o.settings.filterCode, 'tcp port 443 or udp port 53');
  assert.deepEqual(o.extras.alertRules, ['rate interface total > 50MB/s hold 10s']);
  assert.equal(o.configFile, '/etc/w.conf');
  assert.equal(ok([], { [DEFAULT_DAEMON_CONFIG]: 'interface lo\n' }).interfaces[0], 'lo', 'the default file is read when it exists');
});

test('the command line wins; a list on the command line replaces the file\'s list', () => {
  const conf = { '/c': 'interface eth0\ninterface eth1\nmax-flows 1000\nalert detect flood\nndjson-file /a\n' };
  const o = ok(['--config', '/c', '-i', 'wg0', '--max-flows', '2000'], conf);
  assert.deepEqual(o.interfaces, ['wg0']);
  assert.equal(o.extras.maxFlows, 2000);
  assert.deepEqual(o.extras.alertRules, ['detect flood'], 'lists not given on the command line stay');
  assert.equal(o.extras.ndjsonFile, '/a');
});

test('every error is one line naming the place: file and line, or the option', () => {
  assert.equal(error(['--config', '/c'], { '/c': 'interface eth0\nbogus 1\n' }), '/c:2: unknown option "bogus" (wiretop daemon -h lists the options)');
  assert.equal(error(['--config', '/c'], { '/c': '\n\nmax-flows lots\n' }), '/c:3: --max-flows takes a whole number of flows from 1 to 10000000, not "lots"');
  assert.equal(error(['--config', '/c'], { '/c': 'interface\n' }), '/c:1: interface needs a value');
  assert.equal(error(['--config', '/c'], { '/c': 'promiscuous yes\n' }), '/c:1: promiscuous takes no value');
  assert.match(error(['--config', '/c'], { '/c': 'net-filter 10.0.0.0/99\n' }), /^\/c:1: /);
  assert.equal(error(['--config', '/missing']), 'cannot read the configuration /missing: ENOENT');
  assert.equal(error(['--snaplen', '1']), '--snaplen takes a whole number of bytes from 68 to 262144, not "1" (wiretop daemon -h lists the options)');
  assert.equal(error(['--labels']), 'unknown option --labels for wiretop daemon (wiretop daemon -h lists the options)');
  assert.equal(error(['-t']), 'unexpected argument "-t" (wiretop daemon -h lists the options)');
  assert.equal(error(['-i']), 'option --interface needs a value (wiretop daemon -h lists the options)');
  assert.equal(error(['-i', 'a/b']), 'not an interface name: "a/b" (wiretop daemon -h lists the options)');
  assert.equal(parseDaemonArgs(['-h'], files({})).kind, 'help');
});
