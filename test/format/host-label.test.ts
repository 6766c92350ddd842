// Checks the host[:port] cell against the verified examples of spec 7.4 and the 7.7 samples.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatHostLabel } from '../../src/format/host-label.js';
import type { HostLabelInput } from '../../src/format/host-label.js';

const LONG = 'a-very-long-host-name-for-truncation-testing.subdomain.example.org';

/** A side with defaults: visible IPv4, DNS off, no port. */
const side = (over: Partial<HostLabelInput>): HostLabelInput => ({
  hidden: false,
  name: '127.0.0.1',
  fromResolver: false,
  family: 4,
  port: 0,
  service: undefined,
  ...over,
});

// [width, input, expected text without the right padding]
const CASES: ReadonlyArray<readonly [string, number, HostLabelInput, string]> = [
  // Verified examples of spec 7.4 (L = 40).
  ['long resolved name shortened for the port', 40, side({ name: LONG, fromResolver: true, port: 9002 }), 'a-very-long-host-name-for-truncatio:9002'],
  ['long service shortens the name', 40, side({ name: LONG, fromResolver: true, port: 9001, service: 'verylongservicenamexyz' }), 'a-very-long-host-:verylongservicenamexyz'],
  ['IPv6 name in brackets before a long service', 40, side({ name: 'ip6-localhost', fromResolver: true, family: 6, port: 9003, service: 'verylongservicenamexyz' }), '[ip6-localhost]:verylongservicenamexyz'],
  ['hidden source with its port', 40, side({ hidden: true, name: '0.0.0.0', port: 101 }), ' * :101'],
  ['resolved name without port: L-1 characters', 40, side({ name: LONG, fromResolver: true }), 'a-very-long-host-name-for-truncation-te'],
  ['curses L=46: 45 characters', 46, side({ name: LONG, fromResolver: true }), LONG.slice(0, 45)],
  // Lines of the captured text-mode samples (spec 7.7).
  ['name and service', 40, side({ name: 'two.example', fromResolver: true, port: 80, service: 'http' }), 'two.example:http'],
  ['name and numeric port', 40, side({ name: 'localhost', fromResolver: true, port: 50000 }), 'localhost:50000'],
  ['bracketed IPv6 name', 40, side({ name: 'ip6-localhost', fromResolver: true, family: 6, port: 40003 }), '[ip6-localhost]:40003'],
  ['numeric with port', 40, side({ name: '127.0.0.2', port: 80 }), '127.0.0.2:80'],
  ['numeric, ports off', 40, side({ name: '127.0.0.3' }), '127.0.0.3'],
  ['IPv6 without port: no brackets', 40, side({ name: '::1', family: 6 }), '::1'],
  ['IPv6 numeric with service (spec 10.1)', 40, side({ name: '::1', family: 6, port: 9, service: 'discard' }), '[::1]:discard'],
  ['hidden side without port', 40, side({ hidden: true, name: '0.0.0.0' }), ' * '],
  ['hidden IPv6 side with port', 40, side({ hidden: true, name: '::', family: 6, port: 53, service: 'domain' }), '[ * ]:domain'],
];

test('spec 7.4 examples and 7.7 sample lines, exactly width characters', () => {
  for (const [label, width, input, expected] of CASES) {
    const text = formatHostLabel(width, input);
    assert.equal(text.length, width, label);
    assert.equal(text, expected.padEnd(width, ' '), label);
  }
});

test('numeric text is not cut to L-1 when DNS is off, only at L', () => {
  const v6 = 'ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255'; // 45 characters
  assert.equal(formatHostLabel(26, side({ name: v6, family: 6 })), v6.slice(0, 26));
  // With DNS on the same text is the resolver's placeholder and is cut to L-1, then padded.
  assert.equal(formatHostLabel(26, side({ name: v6, family: 6, fromResolver: true })), v6.slice(0, 25) + ' ');
  // IPv4 names at L: full width, no pad (DNS off).
  assert.equal(formatHostLabel(15, side({ name: '255.255.255.255' })), '255.255.255.255');
});

test('IPv6 with port: base cut to L-2 inside brackets, then shortened for the suffix', () => {
  const v6 = '2001:db8:1234:5678:9abc:def0:1234:5678'; // 38 characters
  // 38 + 2 brackets = 40 > 40 - 4: the suffix overwrites the tail, the closing bracket is lost.
  assert.equal(formatHostLabel(40, side({ name: v6, family: 6, port: 443, service: 'https' })), '[2001:db8:1234:5678:9abc:def0:1234:https');
  assert.equal(formatHostLabel(40, side({ name: v6, family: 6, port: 8 })), '[2001:db8:1234:5678:9abc:def0:1234:567:8');
  // Short enough: brackets stay, suffix follows, padding after.
  assert.equal(formatHostLabel(44, side({ name: v6, family: 6, port: 22 })), `[${v6}]:22 `);
});

test('small widths', () => {
  // L < 2 never brackets; the suffix wins the cell.
  assert.equal(formatHostLabel(1, side({ name: '::1', family: 6, port: 80 })), ':');
  assert.equal(formatHostLabel(1, side({ name: '::1', family: 6 })), ':');
  assert.equal(formatHostLabel(2, side({ name: '::1', family: 6, port: 80 })), ':8');
  assert.equal(formatHostLabel(6, side({ name: 'localhost', fromResolver: true, port: 80 })), 'loc:80');
  assert.equal(formatHostLabel(3, side({ name: 'localhost', fromResolver: true })), 'lo ');
  // A suffix longer than the cell is cut to it (spec 7.4; C overflows here, see host-label.ts).
  assert.equal(formatHostLabel(5, side({ name: '10.0.0.1', port: 8, service: 'verylongname' })), ':very');
  assert.equal(formatHostLabel(0, side({ name: '10.0.0.1', port: 80 })), '');
  assert.equal(formatHostLabel(-4, side({ name: '10.0.0.1' })), '');
});

test('service text is used verbatim and only for a non-zero port', () => {
  assert.equal(formatHostLabel(20, side({ port: 0, service: 'http' })).trimEnd(), '127.0.0.1');
  assert.equal(formatHostLabel(20, side({ port: 80, service: 'http' })).trimEnd(), '127.0.0.1:http');
  assert.equal(formatHostLabel(20, side({ port: 65535 })).trimEnd(), '127.0.0.1:65535');
});
