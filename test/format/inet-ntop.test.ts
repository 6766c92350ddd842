// Checks address text against glibc inet_ntop/inet_pton (through python3's socket module).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatAddress, formatIPv4, formatIPv6, parseAddress } from '../../src/format/inet-ntop.js';
import { runPython, seededRandom } from './python-oracle.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const fromHex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'hex'));
const words = (...w: number[]): Uint8Array => {
  const out = new Uint8Array(16);
  w.forEach((v, i) => {
    out[2 * i] = v >> 8;
    out[2 * i + 1] = v & 0xff;
  });
  return out;
};

test('IPv4 dotted quad, with offset', () => {
  assert.equal(formatAddress(4, new Uint8Array([127, 0, 0, 1])), '127.0.0.1');
  assert.equal(formatAddress(4, new Uint8Array([0, 0, 0, 0])), '0.0.0.0');
  assert.equal(formatIPv4(new Uint8Array([9, 9, 255, 10, 0, 254]), 2), '255.10.0.254');
});

test('IPv6 compression and embedded IPv4 follow glibc', () => {
  const cases: Array<[Uint8Array, string]> = [
    [words(), '::'],
    [words(0, 0, 0, 0, 0, 0, 0, 1), '::1'], // 7 zero words: not the IPv4 form
    [words(0, 0, 0, 0, 0, 0, 0x0102, 0x0304), '::1.2.3.4'],
    [words(0, 0, 0, 0, 0, 0, 2, 3), '::0.2.0.3'],
    [words(0, 0, 0, 0, 0, 0, 0x0102, 0), '::1.2.0.0'],
    [words(0, 0, 0, 0, 0, 0, 0, 0x0100), '::100'],
    [words(0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304), '::ffff:1.2.3.4'],
    [words(0, 0, 0, 0, 0, 0xffff, 0, 0), '::ffff:0.0.0.0'],
    [words(0, 0, 0, 0, 0, 0xfffe, 0x0102, 0x0304), '::fffe:102:304'],
    [words(0, 0, 0, 0, 0xffff, 0, 0x0102, 0x0304), '::ffff:0:102:304'], // SIIT form: glibc prints hex
    [words(1, 0, 0, 0, 0, 0, 0x0102, 0x0304), '1::102:304'],
    [words(0x2001, 0xdb8, 0, 0, 1, 0, 0, 1), '2001:db8::1:0:0:1'], // tie: first run wins
    [words(0x2001, 0xdb8, 0, 1, 1, 1, 1, 1), '2001:db8:0:1:1:1:1:1'], // single zero kept
    [words(1, 0, 0, 1, 0, 0, 0, 1), '1:0:0:1::1'], // longer later run wins
    [words(1, 0, 0, 0, 0, 0, 0, 0), '1::'],
    [words(0xfe80, 0, 0, 0, 0x0211, 0x22ff, 0xfe33, 0x4455), 'fe80::211:22ff:fe33:4455'],
    [words(0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff), 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
    [words(0xABCD, 0, 0, 0, 0, 0, 0, 0x00ef), 'abcd::ef'],
  ];
  for (const [bytes, expected] of cases) assert.equal(formatIPv6(bytes), expected, hex(bytes));
});

test('IPv6 with an offset into a larger buffer', () => {
  const buffer = new Uint8Array(20);
  buffer.set(words(0, 0, 0, 0, 0, 0, 0, 1), 4);
  assert.equal(formatAddress(6, buffer, 4), '::1');
});

/** Edge cases plus random addresses with many zero and 0xffff words. */
function sampleIPv6(count: number): Uint8Array[] {
  const random = seededRandom(0x1b6);
  const out: Uint8Array[] = [];
  for (let mask = 0; mask < 256; mask++) {
    // Every pattern of zero / non-zero words, including all embedded-IPv4 shapes.
    const w: number[] = [];
    for (let i = 0; i < 8; i++) w.push(mask & (1 << i) ? (i === 5 && mask & 1 ? 0xffff : 1 + i * 0x111) : 0);
    out.push(words(...w));
  }
  while (out.length < count) {
    const w: number[] = [];
    for (let i = 0; i < 8; i++) {
      const r = random();
      w.push(r < 0.5 ? 0 : r < 0.6 ? 0xffff : r < 0.8 ? Math.floor(random() * 0x100) : Math.floor(random() * 0x10000));
    }
    out.push(words(...w));
  }
  return out;
}

test('formatIPv6 equals glibc inet_ntop (python3 socket) on 800 addresses', () => {
  const addresses = sampleIPv6(800);
  const expected = runPython(
    [
      'import socket, sys',
      'for line in sys.stdin:',
      '    print(socket.inet_ntop(socket.AF_INET6, bytes.fromhex(line.strip())))',
    ].join('\n'),
    addresses.map(hex),
  );
  addresses.forEach((bytes, i) => assert.equal(formatIPv6(bytes), expected[i], hex(bytes)));
});

test('formatIPv4 equals glibc inet_ntop on random addresses', () => {
  const random = seededRandom(4);
  const addresses: Uint8Array[] = [];
  for (let i = 0; i < 200; i++) addresses.push(new Uint8Array([0, 1, 2, 3].map(() => Math.floor(random() * 256))));
  const expected = runPython(
    [
      'import socket, sys',
      'for line in sys.stdin:',
      '    print(socket.inet_ntop(socket.AF_INET, bytes.fromhex(line.strip())))',
    ].join('\n'),
    addresses.map(hex),
  );
  addresses.forEach((bytes, i) => assert.equal(formatIPv4(bytes), expected[i], hex(bytes)));
});

test('parseAddress accepts what inet_pton accepts', () => {
  assert.deepEqual(parseAddress('192.168.1.20'), { family: 4, bytes: new Uint8Array([192, 168, 1, 20]) });
  assert.deepEqual(parseAddress('::'), { family: 6, bytes: new Uint8Array(16) });
  assert.deepEqual(parseAddress('::1'), { family: 6, bytes: words(0, 0, 0, 0, 0, 0, 0, 1) });
  assert.deepEqual(parseAddress('::FFFF:10.0.0.1'), { family: 6, bytes: words(0, 0, 0, 0, 0, 0xffff, 0x0a00, 1) });
  assert.deepEqual(parseAddress('1:2:3:4:5:6:7.8.9.10'), { family: 6, bytes: words(1, 2, 3, 4, 5, 6, 0x0708, 0x090a) });
  assert.deepEqual(parseAddress('fe80::1:2'), { family: 6, bytes: words(0xfe80, 0, 0, 0, 0, 0, 1, 2) });
  for (const bad of ['', '1.2.3', '1.2.3.4.5', '01.2.3.4', '256.1.1.1', '1.2.3.4 ', ' ::1', '10.1', '1.2.3.-4',
    ':::', '1:::2', ':1::2', '1::2:', '12345::', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7::8', '::1.2.3.4:5',
    'fe80::1%eth0', '[::1]', 'g::1', '::1.2.3', '1:2:3:4:5:6:7:1.2.3.4', 'localhost']) {
    assert.equal(parseAddress(bad), null, JSON.stringify(bad));
  }
});

test('parseAddress equals glibc inet_pton (python3 socket) on valid and invalid texts', () => {
  const texts = [
    '0.0.0.0', '255.255.255.255', '1.2.3.4', '1.2.3.04', '1.2.3.256', '1.2.3', '1..2.3', '1.2.3.4.',
    '.1.2.3', '1.2.3.0', '00.1.2.3', '0.0.0.00', '::', '::0', '0::0', '::1', '1::', '1::2', ':', '::::',
    '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8:', '1:2:3:4:5:6:7::', '::2:3:4:5:6:7:8', '1:2:3:4:5:6::8',
    '1:2:3:4:5:6:7:8::', '::ffff:1.2.3.4', '::1.2.3.4', '1::1.2.3.4', '1:2:3:4:5:6:1.2.3.4',
    '1:2:3:4:5:6:7:1.2.3.4', '1:2:3:4:5::1.2.3.4', '::1.2.3.4.5', '::1.2.3.04', '::ffff:1.2.3',
    '00000::1', '0000::1', 'aBcD::EF01', 'abcd:', ':abcd', '1.2.3.4::', '::1.2.3.4:1', 'fffff::',
    '1:2:3:4:5:6:7:8:9', '1::2::3', '::ffff:256.1.1.1', '1:2:3:4:5:6:7:', 'x', '1.2.3.x', '::1.2.3.4x',
    '1:2:3:4:5:6:7:88888', '1:2:3:4:5:6:123.1.1.1', ':1.2.3.4', '::.1.2.3', '::1..2.3',
  ];
  const random = seededRandom(77);
  for (const bytes of sampleIPv6(300)) {
    const text = formatIPv6(bytes);
    texts.push(text, random() < 0.5 ? text.toUpperCase() : text.replace(/(^|:)0(?=:|$)/g, (_match: string, lead: string) => `${lead}0000`));
  }
  const expected = runPython(
    [
      'import socket, sys',
      'for line in sys.stdin:',
      '    t = line.rstrip("\\n")',
      '    r = "-"',
      '    for af, name in ((socket.AF_INET, "4"), (socket.AF_INET6, "6")):',
      '        try:',
      '            r = name + " " + socket.inet_pton(af, t).hex(); break',
      '        except OSError:',
      '            pass',
      '    print(r)',
    ].join('\n'),
    texts,
  );
  texts.forEach((text, i) => {
    const parsed = parseAddress(text);
    const actual = parsed === null ? '-' : `${parsed.family} ${hex(parsed.bytes)}`;
    assert.equal(actual, expected[i], JSON.stringify(text));
  });
});

test('parse(format(x)) round-trips', () => {
  for (const bytes of sampleIPv6(400)) {
    const parsed = parseAddress(formatIPv6(bytes));
    assert.ok(parsed !== null);
    assert.equal(parsed.family, 6);
    assert.equal(hex(parsed.bytes), hex(bytes));
  }
  assert.deepEqual(parseAddress(formatIPv4(fromHex('0a000001'))), { family: 4, bytes: fromHex('0a000001') });
});
