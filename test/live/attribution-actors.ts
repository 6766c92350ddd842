// Processes that own sockets for the attribution tests, run inside a namespace; each prints one JSON line with its pid and ports.
import { createSocket } from 'node:dgram';
import { createConnection } from 'node:net';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

const [mode, ...rest] = process.argv.slice(2);
const opt = (name: string, fallback?: string): string => {
  const i = rest.indexOf(`--${name}`);
  const v = i >= 0 ? rest[i + 1] : fallback;
  if (v === undefined) throw new Error(`--${name} is required`);
  return v;
};
const num = (name: string, fallback?: number) => Number(opt(name, fallback === undefined ? undefined : String(fallback)));
const say = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ pid: process.pid, ...o })}\n`);
/** Resolves when stdin has a line ("go") or closes: the test moves us into a cgroup first, or tells us to stop. */
const lines = createInterface({ input: process.stdin });
const nextLine = () => new Promise<void>((r) => {
  lines.once('line', () => r());
  lines.once('close', () => r());
});

async function main(): Promise<void> {
  if (rest.includes('--wait')) {
    say({ waiting: true });
    await nextLine();
  }
  const payload = Buffer.alloc(num('bytes', 1000), 0x61);
  switch (mode) {
    case 'tcp-hold': {
      const c = createConnection({ host: opt('to'), port: num('port') });
      await new Promise<void>((r, j) => c.once('connect', r).once('error', j));
      c.write(payload);
      say({ localPort: c.localPort, localAddress: c.localAddress });
      await nextLine();
      c.destroy();
      break;
    }
    case 'tcp-brief': {
      // connect, send, close: the whole connection lives --ms milliseconds.
      const start = performance.now();
      const c = createConnection({ host: opt('to'), port: num('port') });
      await new Promise<void>((r, j) => c.once('connect', r).once('error', j));
      say({ localPort: c.localPort, localAddress: c.localAddress });
      c.write(payload);
      await sleep(Math.max(0, num('ms') - (performance.now() - start)));
      c.end();
      await new Promise((r) => c.once('close', r));
      say({ closedAfterMs: Math.round(performance.now() - start) });
      await nextLine();
      break;
    }
    case 'udp-connected':
    case 'udp-sendto': {
      const to = opt('to');
      const s = createSocket(to.includes(':') ? 'udp6' : 'udp4');
      await new Promise<void>((r) => s.bind(num('src-port', 0), r));
      if (mode === 'udp-connected') {
        await new Promise<void>((r) => s.connect(num('port'), to, r));
        await new Promise<void>((r, j) => s.send(payload, (e) => (e ? j(e) : r())));
      } else {
        await new Promise<void>((r, j) => s.send(payload, num('port'), to, (e) => (e ? j(e) : r())));
      }
      say({ localPort: s.address().port });
      await nextLine();
      s.close();
      break;
    }
    default:
      throw new Error(`unknown mode ${mode}`);
  }
  lines.close();
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
