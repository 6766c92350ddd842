// Deriving typed settings: defaults, each key, and iftop's message order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, deriveSettings } from '../../src/config/settings.js';

test('no keys: iftop defaults', () => {
  assert.deepEqual(deriveSettings(new Map()).settings, DEFAULT_SETTINGS);
  assert.equal(DEFAULT_SETTINGS.numLines, 10);
  assert.equal(DEFAULT_SETTINGS.sort, '10s');
});

test('every key sets its setting', () => {
  const keys = new Map([
    ['interface', 'eth1'], ['dns-resolution', 'no'], ['port-resolution', 'false'], ['filter-code', 'port 53'],
    ['show-bars', 'maybe'], ['promiscuous', 'yes'], ['hide-source', 'true'], ['hide-destination', 'true'],
    ['use-bytes', 'true'], ['sort', 'source'], ['line-display', 'one-line-sent'], ['show-totals', 'yes'],
    ['log-scale', 'yes'], ['max-bandwidth', '10M'], ['port-display', 'source-only'], ['link-local', 'yes'],
    ['timed-output', '3x'], ['no-curses', 'yes'], ['num-lines', 'abc'], ['net-filter', '10.0.0.0/8'],
    ['net-filter6', '2001:db8::/32'],
  ]);
  const { settings: s, messages } = deriveSettings(keys);
  assert.deepEqual(messages, []);
  assert.equal(s.interface, 'eth1');
  assert.equal(s.dnsResolution, false);
  assert.equal(s.portResolution, false);
  assert.equal(s.filterCode, 'port 53');
  assert.equal(s.showBars, false);
  assert.equal(s.promiscuous, true);
  assert.equal(s.hideSource && s.hideDestination && s.useBytes && s.showTotals && s.logScale && s.linkLocal && s.noCurses, true);
  assert.equal(s.sort, 'source');
  assert.equal(s.lineDisplay, 'one-line-sent');
  assert.equal(s.maxBandwidth, 10485760);
  assert.equal(s.portDisplay, 'source-only');
  assert.equal(s.timedOutput, 3);
  assert.equal(s.numLines, 0);
  assert.notEqual(s.netFilter4, null);
  assert.notEqual(s.netFilter6, null);
});

test('bad values keep the default and produce messages in iftop key order', () => {
  const keys = new Map([['net-filter', 'x'], ['sort', 'foo'], ['max-bandwidth', '10KB'], ['port-display', 'all']]);
  const { settings, messages } = deriveSettings(keys);
  assert.equal(settings.sort, '10s');
  assert.equal(settings.maxBandwidth, 0);
  assert.deepEqual(messages, [
    'Invalid enumeration value "foo" for directive "sort"',
    'Invalid units in value: 10KB',
    'Invalid enumeration value "all" for directive "port-display"',
    'Could not parse net/mask: x',
  ]);
});
