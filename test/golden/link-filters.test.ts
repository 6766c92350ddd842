// -f on link types where libpcap's `ip or ip6` misses IP packets (802.11, SLIP, PPP, pflog, …): the user's filter alone, so nothing is lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { bpfProgramText } from '../../src/app/labelling.js';
import { run, WIRETOP } from '../helpers/run-wiretop.js';
import { GOLDEN_DIR } from './golden-cases.js';

test('the program text: iftop\'s wrapping where `ip or ip6` is exact, the user\'s filter alone elsewhere', () => {
  assert.equal(bpfProgramText(null), 'ip or ip6');
  assert.equal(bpfProgramText('port 53'), '(port 53) and (ip or ip6)');
  for (const lt of [0, 1, 101, 108, 113, 276]) assert.equal(bpfProgramText('port 53', lt), '(port 53) and (ip or ip6)', `link type ${lt}`);
  for (const lt of [6, 8, 9, 50, 105, 107, 117, 127, 192]) {
    assert.equal(bpfProgramText('port 53', lt), 'port 53', `link type ${lt}`);
    assert.equal(bpfProgramText(null, lt), '', 'no filter at all: the decoder sorts out what is not IP');
  }
});

const cumulative = (out: string) => out.split('\n').find((l) => l.startsWith('Cumulative'));

// Not ppi.pcap: libpcap's programs for PPI reject a frame of it whatever the filter (`tcpdump -r ppi.pcap 'len >= 0'`
// prints 4 of its 5 frames too); wiretop runs the program libpcap compiles, as tcpdump does.
for (const capture of ['radiotap', 'wlan', 'slip', 'pflog', 'ppp-hdlc', 'frame-relay', 'token-ring']) {
  test(`${capture}.pcap: a filter that lets every frame through counts exactly what no filter counts`, async () => {
    const file = join(GOLDEN_DIR, 'captures', `${capture}.pcap`);
    const plain = await run(process.execPath, [WIRETOP, '-r', file, '-t', '-n', '-B', '-L', '0'], { timeoutMs: 20_000 });
    const filtered = await run(process.execPath, [WIRETOP, '-r', file, '-t', '-n', '-B', '-L', '0', '-f', 'len >= 0'], { timeoutMs: 20_000 });
    assert.equal(plain.code, 0, plain.stderr);
    assert.equal(filtered.code, 0, filtered.stderr);
    assert.equal(cumulative(filtered.stdout), cumulative(plain.stdout));
  });
}
