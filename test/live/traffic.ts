// Traffic for the live tests, run inside a namespace: UDP/TCP senders (one or many source addresses) and sinks with exact byte counts.
import { createSocket } from 'node:dgram';
import { createConnection, createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const [mode, ...rest] = process.argv.slice(2);
const opt = (name: string, fallback?: string): string => {
  const i = rest.indexOf(`--${name}`);
  const v = i >= 0 ? rest[i + 1] : fallback;
  if (v === undefined) throw new Error(`--${name} is required`);
  return v;
};
const num = (name: string, fallback?: number) => Number(opt(name, fallback === undefined ? undefined : String(fallback)));

async function udpSend(): Promise<void> {
  const to = opt('to');
  const sock = createSocket(to.includes(':') ? 'udp6' : 'udp4');
  await new Promise<void>((r) => sock.bind(num('src-port', 0), r));
  const payload = Buffer.alloc(num('size'), 0x61);
  const count = num('count');
  const interval = num('interval-ms', 0);
  // --ports N spreads the datagrams over N destination ports (N flows) from --port on.
  const ports = num('ports', 1);
  for (let i = 0; i < count; i++) {
    await new Promise<void>((r, j) => sock.send(payload, num('port') + (i % ports), to, (e) => (e ? j(e) : r())));
    if (interval > 0) await sleep(interval);
  }
  sock.close();
  process.stdout.write(JSON.stringify({ datagrams: count, payload: payload.length }) + '\n');
}

/**
 * UDP from many source addresses (already on the interface): --first A.B.C.D --sources N, each sending
 * --count datagrams of --size bytes to --to:--port, all sources in turn every --interval-ms.
 */
async function udpMany(): Promise<void> {
  const first = opt('first').split('.').map(Number) as [number, number, number, number];
  const sources = num('sources'), count = num('count'), interval = num('interval-ms', 0);
  const payload = Buffer.alloc(num('size'), 0x66);
  const sockets = [];
  for (let i = 0; i < sources; i++) {
    const sock = createSocket('udp4');
    const address = `${first[0]}.${first[1]}.${first[2]}.${first[3] + i}`;
    await new Promise<void>((r) => sock.bind(0, address, r));
    sockets.push(sock);
  }
  for (let k = 0; k < count; k++) {
    await Promise.all(sockets.map((sock) => new Promise<void>((r, j) => sock.send(payload, num('port'), opt('to'), (e) => (e ? j(e) : r())))));
    if (interval > 0) await sleep(interval);
  }
  for (const sock of sockets) sock.close();
  process.stdout.write(JSON.stringify({ datagrams: count * sources, payload: payload.length }) + '\n');
}

function udpSink(): void {
  const bind = opt('bind');
  const sock = createSocket(bind.includes(':') ? 'udp6' : 'udp4');
  sock.on('message', () => {});
  sock.bind(num('port'), bind, () => process.stdout.write('ready\n'));
}

function tcpSink(): void {
  const server = createServer((c) => {
    c.on('data', () => {});
    c.on('error', () => {});
  });
  server.listen(num('port'), opt('bind'), () => process.stdout.write('ready\n'));
}

async function tcpSend(): Promise<void> {
  const total = num('bytes');
  const chunk = Buffer.alloc(num('chunk', 16384), 0x62);
  const interval = num('interval-ms', 0);
  const c = createConnection({ host: opt('to'), port: num('port'), localPort: num('src-port', 0) || undefined } as never);
  await new Promise<void>((r, j) => c.once('connect', r).once('error', j));
  let sent = 0;
  while (sent < total) {
    const n = Math.min(chunk.length, total - sent);
    if (!c.write(chunk.subarray(0, n))) await new Promise((r) => c.once('drain', r));
    sent += n;
    if (interval > 0) await sleep(interval);
  }
  await new Promise<void>((r) => c.end(r));
  await new Promise((r) => c.once('close', r));
  process.stdout.write(JSON.stringify({ bytes: sent }) + '\n');
}

const modes: Record<string, () => unknown> = { 'udp-send': udpSend, 'udp-many': udpMany, 'udp-sink': udpSink, 'tcp-sink': tcpSink, 'tcp-send': tcpSend };
const run = mode === undefined ? undefined : modes[mode];
if (run === undefined) throw new Error(`mode must be one of ${Object.keys(modes).join(', ')}`);
Promise.resolve(run()).catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
