// Checks the /etc/services parser: file order, last duplicate wins, per-protocol lookups.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseServices, protocolNumber } from '../../src/format/services.js';

const TCP = 6;
const UDP = 17;
const SCTP = 132;
const DDP = 37;

const FIXTURE = [
  '# Network services, Internet style',
  '',
  'echo\t\t7/tcp',
  'echo\t\t7/udp',
  'discard\t\t9/tcp\t\tsink null',
  'discard\t\t9/udp\t\tsink null',
  'ssh\t\t22/tcp\t\t\t\t# SSH Remote Login Protocol',
  'domain\t\t53/tcp\t\t\t\t# Domain Name Server',
  'domain\t\t53/udp',
  'http\t\t80/tcp\t\twww\t\t# WorldWideWeb HTTP',
  '   indented   443/tcp   https-alias',
  'sctp-only\t9900/sctp',
  'at-rtmp\t\t201/ddp',
  'upper\t\t9400/TCP',
  // duplicates: the last one in file order wins (spec 10.2, verified with 9300/udp)
  'firstname\t9300/udp',
  'secondname\t9300/udp',
  'tcponly\t\t9302/tcp',
  'crlf\t\t9500/udp\r',
  'nocomment\t9501/udp#trailing comment without a space',
  // malformed or unusable lines: ignored
  'noport',
  'noslash 9600',
  'badport\t\tx9601/tcp',
  'hexport\t\t0x50/tcp',
  'emptyproto\t9602/',
  'unknownproto\t9603/xyz',
  'slashproto\t9604/tcp/udp',
  '#commented\t9605/tcp',
  'half#comment\t9606/tcp',
  '9607/tcp',
  // glibc port arithmetic: strtoul, saturated to 32 bits, stored through htons
  'signed\t\t+9700/udp',
  'negative\t-1/udp',
].join('\n');

test('spec 10.2 examples', () => {
  const services = parseServices(FIXTURE);
  assert.equal(services.serviceName(53, UDP), 'domain');
  assert.equal(services.serviceName(80, TCP), 'http');
  assert.equal(services.serviceName(22, TCP), 'ssh');
  assert.equal(services.serviceName(9, UDP), 'discard');
  assert.equal(services.serviceName(7, UDP), 'echo');
});

test('the last duplicate (port, protocol) in file order wins', () => {
  assert.equal(parseServices(FIXTURE).serviceName(9300, UDP), 'secondname');
});

test('lookups are protocol specific', () => {
  const services = parseServices(FIXTURE);
  assert.equal(services.serviceName(9302, TCP), 'tcponly');
  assert.equal(services.serviceName(9302, UDP), undefined);
  assert.equal(services.serviceName(22, UDP), undefined);
  assert.equal(services.serviceName(80, UDP), undefined);
  assert.equal(services.serviceName(9900, SCTP), 'sctp-only');
  assert.equal(services.serviceName(9900, TCP), undefined);
  assert.equal(services.serviceName(201, DDP), 'at-rtmp');
  // Debian's /etc/protocols lists TCP as an alias of tcp, so getprotobyname("TCP") is 6.
  assert.equal(services.serviceName(9400, TCP), 'upper');
});

test('primary name only, aliases never used; leading blanks, CR and # anywhere', () => {
  const services = parseServices(FIXTURE);
  assert.equal(services.serviceName(443, TCP), 'indented');
  assert.equal(services.serviceName(9500, UDP), 'crlf');
  assert.equal(services.serviceName(9501, UDP), 'nocomment');
});

test('malformed lines and unknown protocols are ignored', () => {
  const services = parseServices(FIXTURE);
  for (const port of [9600, 9601, 9602, 9603, 9604, 9605, 9606, 9607]) {
    for (const proto of [TCP, UDP]) assert.equal(services.serviceName(port, proto), undefined, `${port}/${proto}`);
  }
  assert.equal(services.serviceName(80, TCP), 'http', '0x50 must not parse as 0 or 80');
  assert.equal(services.serviceName(0, TCP), undefined);
});

test('port numbers go through strtoul and htons as in glibc', () => {
  const services = parseServices(FIXTURE);
  assert.equal(parseServices('wrapped 65616/udp').serviceName(80, UDP), 'wrapped');
  assert.equal(services.serviceName(9700, UDP), 'signed');
  assert.equal(services.serviceName(65535, UDP), 'negative');
  assert.equal(parseServices('big 4294967296/tcp').serviceName(65535, TCP), 'big'); // saturates to 32 bits
  assert.equal(parseServices('huge 99999999999999999999999/tcp').serviceName(65535, TCP), 'huge');
});

test('empty input, size, and the protocol name map', () => {
  const empty = parseServices('');
  assert.equal(empty.size, 0);
  assert.equal(empty.serviceName(80, TCP), undefined);
  assert.equal(parseServices('a 1/tcp\nb 1/tcp\nc 1/udp\n').size, 2);
  assert.equal(protocolNumber('tcp'), 6);
  assert.equal(protocolNumber('udp'), 17);
  assert.equal(protocolNumber('sctp'), 132);
  assert.equal(protocolNumber('ddp'), 37);
  assert.equal(protocolNumber('icmp'), undefined);
  assert.equal(protocolNumber('Tcp'), undefined);
});
