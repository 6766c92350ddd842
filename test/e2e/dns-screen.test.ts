// Hostile PTR names reach neither the terminal nor the text output as control sequences: title, screen and clipboard untouched.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeDns } from '../helpers/fake-dns.js';
import { ethernet, ipv4 } from '../helpers/frames.js';
import { writePcap } from '../helpers/pcap-writer.js';
import type { FakeDns, PtrBehaviour } from '../helpers/fake-dns.js';
import { run, WIRETOP } from '../helpers/run-wiretop.js';
import { Tmux } from '../helpers/tmux.js';
import { NODE, wiretopCommand, writeReplayCapture } from './e2e-fixtures.js';

const raw = (...labels: string[]): PtrBehaviour => ({ name: labels.map((l) => Buffer.from(l, 'latin1')) });

/** The addresses of e2e-fixtures' capture, each answered with a different attack (S-01, S-03 of the test plan). */
const HOSTILE: Record<string, PtrBehaviour> = {
  '192.0.2.10': { name: 'client.example' },
  '198.51.100.20': raw('a\x1b]0;PWNED\x07', 'example'), // window title
  '203.0.113.5': raw('\x1b[2J\x1b[H'), // clear screen, cursor home
  '198.51.100.30': raw('x\x1b]52;c;cm0gLXJmIH4=\x07'), // clipboard
  '198.51.100.31': raw('\x1b]8;;http:', '', 'x\x07click\x1b]8;;\x07'), // hyperlink
  '198.51.100.32': { name: [Buffer.from('\u202eevil', 'utf8')] }, // bidi override
  '198.51.100.33': raw('c1\x9b31m'), // C1 CSI
  '198.51.100.34': { name: 'x'.repeat(63) + '.' + 'y'.repeat(63) + '.' + 'z'.repeat(63) + '.example' }, // 200+ characters
};

let tmux: Tmux;
let dns: FakeDns;
let file: { path: string; packets: number };

before(async () => {
  tmux = new Tmux();
  dns = await startFakeDns(new Map(Object.entries(HOSTILE)));
  file = writeReplayCapture();
});

after(async () => {
  tmux?.kill();
  await dns?.close();
});

test('on the screen: names appear escaped, the pane title and contents are not touched', async () => {
  tmux.start('dns', 160, 30, wiretopCommand(['-r', file.path, '-P', '-N', '--dns-server', dns.server]));
  const titleBefore = tmux.display('dns', '#{pane_title}');
  const c = await tmux.waitFor('dns', 'the resolved names', (x) => x.text.some((l) => l.includes('client.example')));
  const screen = c.text.join('\n');
  assert.match(screen, /a\\027\]0\\;PWNED\\007\.example:443/, 'the title sequence is shown as text');
  assert.match(screen, /\\027\[2J\\027\[H/, 'the clear-screen sequence is shown as text');
  assert.equal(tmux.display('dns', '#{pane_title}'), titleBefore, 'the window title did not change');
  assert.doesNotMatch(tmux.display('dns', '#{pane_title}'), /PWNED/);
  assert.ok(c.text[0]!.includes('End of file'), 'the screen was not cleared by a name: the hint row is intact');
  assert.match(c.text.at(-3)!, /^TX: /, 'the totals rows are where they belong');
  // tmux turns an OSC 52 it receives into a paste buffer: there must be none.
  assert.equal(tmux.run('list-buffers').trim(), '', 'nothing reached the clipboard');
  tmux.keys('dns', 'q');
});

test('in text mode: no escape or control byte in the output, every name inert', async () => {
  const r = await run(NODE, [WIRETOP, '-r', file.path, '-t', '-P', '-N', '-L', '20', '--dns-server', dns.server], { timeoutMs: 60_000 });
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /[\x00-\x09\x0b-\x1f\x7f\x80-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/u, 'no control, C1, bidi or zero-width character');
  assert.match(r.stdout, /client\.example/);
  assert.match(r.stdout, /a\\027\]0\\;PWNED\\007\.example:443/);
  assert.match(r.stdout, /\\226\\128\\174evil/, 'the bidi override is shown escaped');
  for (const line of r.stdout.split('\n').filter((l) => /=>|<=/.test(l))) assert.equal(line.length, 92, 'long names are cut to the column');
});

test('names from /etc/hosts are made inert too (getnameinfo-style names arrive unescaped)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wt-hosts-'));
  try {
    writeFileSync(join(dir, 'hosts'), `198.51.100.20 evil\x1b]0;PWNED\x07title\n192.0.2.10 \u202ereversed\n`);
    // Any query that would still go out stays on loopback.
    writeFileSync(join(dir, 'resolv.conf'), 'nameserver 127.0.0.1\n');
    const capture = join(dir, 'two.pcap');
    writeFileSync(capture, writePcap([{ ts: 1_700_000_000, data: ethernet({}, ipv4({ src: '198.51.100.20', dst: '192.0.2.10', dataLength: 100 })) }]));
    const script = `mount --bind ${dir}/hosts /etc/hosts && mount --bind ${dir}/resolv.conf /etc/resolv.conf && exec "$0" "$@"`;
    const r = await run('unshare', ['-m', 'sh', '-c', script, NODE, WIRETOP, '-r', capture, '-t'], { timeoutMs: 30_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /[\x1b\x07\u202e]/u);
    assert.match(r.stdout, /evil\\x1b\]0;PWNED\\x07title/);
    assert.match(r.stdout, /\\u\{202e\}reversed/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
