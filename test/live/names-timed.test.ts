// -t -s N live: the one block at the end shows host names (asked for while the run went on, waited for at most 1 s at the end).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { setTimeout as sleep } from 'node:timers/promises';
import { requireRoot } from '../helpers/netns.js';
import { startFakeDns } from '../helpers/fake-dns.js';
import { finish, WIRETOP } from '../helpers/run-wiretop.js';

const NODE = process.execPath;

/** UDP from 127.0.0.2 to 127.0.0.3 on loopback, `count` datagrams spread over `ms`. */
async function loopbackTraffic(port: number, count: number, ms: number): Promise<void> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.2', r));
  for (let i = 0; i < count; i++) {
    await new Promise<void>((r, j) => s.send(Buffer.alloc(100), port, '127.0.0.3', (e) => (e ? j(e) : r())));
    await sleep(ms / count);
  }
  s.close();
}

for (const [what, delayMs, named] of [['answers at once', 0, true], ['answers after 3 s (more than the 1 s wait)', 3000, false]] as const) {
  test(`-t -s 4 on lo with a DNS server that ${what}: the block shows ${named ? 'the names' : 'the addresses, on time'}`, async () => {
    requireRoot();
    const dns = await startFakeDns(new Map([['127.0.0.2', { name: 'alpha.example', delayMs }], ['127.0.0.3', { name: 'beta.example', delayMs }]]));
    try {
      const port = 47000 + Math.floor(Math.random() * 1000);
      const child = spawn(NODE, [WIRETOP, '-t', '-s', '4', '-i', 'lo', '-N', '--dns-server', dns.server, '-f', `udp port ${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
      const done = finish(child, 20_000);
      await sleep(700);
      await loopbackTraffic(port, 10, 1500);
      const r = await done;
      assert.equal(r.code, 0, r.stderr);
      const rows = r.stdout.split('\n').filter((l) => / (=>|<=) /.test(l));
      assert.equal(rows.length, 2, r.stdout);
      const hosts = rows.map((l) => l.slice(5).split(/\s+/)[0]).sort();
      if (named) assert.deepEqual(hosts, ['alpha.example', 'beta.example']);
      else {
        assert.deepEqual(hosts, ['127.0.0.2', '127.0.0.3']);
        assert.ok(r.ms < 4000 + 1000 + 2500, `ended on time (${r.ms} ms)`);
      }
    } finally {
      await dns.close();
    }
  });
}
