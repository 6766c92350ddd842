// `wiretop history` arguments: vnstat's flags with their optional counts, ranges, formats, and one-line errors naming the fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHistoryArgs } from '../../src/cli/history-args.js';
import type { HistoryRequest } from '../../src/cli/history-args.js';

const req = (argv: string[]): HistoryRequest => {
  const p = parseHistoryArgs(argv);
  if (p.kind !== 'run') throw new Error(JSON.stringify(p));
  return p.request;
};
const err = (argv: string[]): string => {
  const p = parseHistoryArgs(argv);
  if (p.kind !== 'error') throw new Error(JSON.stringify(p));
  return p.message;
};

test('reports, counts and ranges', () => {
  assert.deepEqual(req([]).report, { kind: 'summary' });
  assert.deepEqual(req(['-d', '7']).report, { kind: 'list', unit: 'day', limit: 7 });
  assert.deepEqual(req(['--hours']).report, { kind: 'list', unit: 'hour', limit: null });
  assert.deepEqual(req(['-hg']).report, { kind: 'hoursgraph' });
  assert.deepEqual(req(['-t', '0', '-i', 'eth0+eth1']), { ...req(['-t', '0']), ifaces: ['eth0', 'eth1'] });
  assert.deepEqual(req(['--processes']).report, { kind: 'top', dim: 'program' });
  assert.deepEqual(req(['--graph', '-d']).report, { kind: 'graph', unit: 'day' });
  assert.deepEqual(req(['--graph']).report, { kind: 'graph', unit: 'hour' });
  const r = req(['--hosts', '--begin=yesterday', '-e', 'today', '--limit', '5', '--json', '--db', '/x.db']);
  assert.deepEqual([r.begin, r.end, r.limit, r.format, r.db], ['yesterday', 'today', 5, 'json', '/x.db']);
  assert.equal(req(['--hosts', '--at', '03:00', '--csv']).at, '03:00');
  assert.deepEqual(parseHistoryArgs(['-d', '--help']), { kind: 'help' });
});

test('errors are one line that says what to do', () => {
  const suffix = ' (wiretop history --help lists the options)';
  assert.equal(err(['-x']), `unknown option -x${suffix}`);
  assert.equal(err(['-d', '-m']), `-d and -m are two reports: give one at a time${suffix}`);
  assert.equal(err(['--json', '--csv']), `--json and --csv exclude each other: choose one${suffix}`);
  assert.equal(err(['--at', '03:00']), `--at works with --hosts, --ports, --processes and --units${suffix}`);
  assert.equal(err(['--hosts', '--at', '3:00', '-b', 'today']), `--at picks one bucket; leave out --begin and --end with it${suffix}`);
  assert.equal(err(['--graph', '-m']), `--graph draws hours (-h, the default) or days (-d), not -m${suffix}`);
  assert.equal(err(['--log']), `--log is for --graph (a log scale for the bars)${suffix}`);
  assert.equal(err(['-b', 'today']), `--begin and --end work with the lists (-5 -h -d -m -y -t), the top lists (--hosts …) and --graph${suffix}`);
  assert.equal(err(['--csv']), `--csv needs a table: -5, -h, -d, -m, -y, -t, --95, --hosts, --ports, --processes, --units or --graph${suffix}`);
  assert.equal(err(['--limit', 'x']), `--limit takes a number of entries (0 for all), not "x"${suffix}`);
  assert.equal(err(['-i', 'a++b']), `-i takes an interface or several joined by + (eth0+eth1), each once, not "a++b"${suffix}`);
  assert.equal(err(['--db']), `option --db needs a value${suffix}`);
  assert.equal(err(['--json=1']), `option --json takes no value${suffix}`);
  assert.equal(err(['eth0']), `unexpected argument "eth0"${suffix}`);
});
