// A DNS server for tests on 127.0.0.1 (UDP): answers PTR queries from a table — normal, slow, silent, garbage, hostile.
import { createSocket } from 'node:dgram';
import type { RemoteInfo, Socket } from 'node:dgram';

/** What to do for one address (keyed by its numeric text, e.g. "198.51.100.7" or "2001:db8::1"). */
export type PtrBehaviour =
  | { name: string | Uint8Array[]; delayMs?: number }
  | { silent: true }
  | { garbage: Uint8Array }
  | { nxdomain: true };

export interface FakeDns {
  readonly port: number;
  /** "127.0.0.1:PORT", for --dns-server. */
  readonly server: string;
  /** Queries received per address (for rate and concurrency checks), with receive times. */
  readonly queries: { address: string; at: number }[];
  close(): Promise<void>;
}

/**
 * Starts the server; unknown addresses get NXDOMAIN. A name may be given as raw label bytes (hostile
 * ones). The table may also be a function of the address.
 */
export async function startFakeDns(table: ReadonlyMap<string, PtrBehaviour> | ((address: string) => PtrBehaviour | undefined)): Promise<FakeDns> {
  const lookup = typeof table === 'function' ? table : (a: string) => table.get(a);
  const socket: Socket = createSocket('udp4');
  const queries: FakeDns['queries'] = [];
  const timers = new Set<NodeJS.Timeout>();
  socket.on('message', (msg, rinfo) => {
    const q = parseQuery(msg);
    if (q === null) return;
    const address = ptrToAddress(q.labels);
    queries.push({ address, at: Date.now() });
    const b = lookup(address) ?? { nxdomain: true };
    if ('silent' in b) return;
    if ('garbage' in b) return send(socket, b.garbage, rinfo);
    const reply = 'nxdomain' in b ? response(msg, q.end, null) : response(msg, q.end, typeof b.name === 'string' ? labelsOf(b.name) : b.name);
    const delay = 'delayMs' in b ? (b.delayMs ?? 0) : 0;
    if (delay === 0) send(socket, reply, rinfo);
    else {
      const t = setTimeout(() => {
        timers.delete(t);
        send(socket, reply, rinfo);
      }, delay);
      timers.add(t);
    }
  });
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
  const port = socket.address().port;
  return {
    port,
    server: `127.0.0.1:${port}`,
    queries,
    close: () =>
      new Promise<void>((r) => {
        for (const t of timers) clearTimeout(t);
        socket.close(() => r());
      }),
  };
}

function send(socket: Socket, data: Uint8Array, to: RemoteInfo): void {
  socket.send(data, to.port, to.address, () => {});
}

/** The question's labels and where the question ends (after QTYPE and QCLASS). */
function parseQuery(msg: Buffer): { labels: string[]; end: number } | null {
  if (msg.length < 17) return null;
  const labels: string[] = [];
  let i = 12;
  while (i < msg.length && msg[i] !== 0) {
    const n = msg[i]!;
    labels.push(msg.subarray(i + 1, i + 1 + n).toString('latin1'));
    i += 1 + n;
  }
  return i + 5 <= msg.length ? { labels, end: i + 5 } : null;
}

/** "7.100.51.198.in-addr.arpa" → "198.51.100.7"; nibble form of ip6.arpa → compressed IPv6 text. */
function ptrToAddress(labels: string[]): string {
  const lower = labels.map((l) => l.toLowerCase());
  if (lower.at(-1) === 'arpa' && lower.at(-2) === 'in-addr') return lower.slice(0, 4).reverse().join('.');
  if (lower.at(-1) === 'arpa' && lower.at(-2) === 'ip6') {
    const hex = lower.slice(0, 32).reverse().join('');
    const groups = hex.match(/.{4}/g)!.map((g) => g.replace(/^0+(?=.)/, ''));
    return compress(groups);
  }
  return labels.join('.');
}

function compress(groups: string[]): string {
  let best = -1, bestLen = 0;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== '0') { i++; continue; }
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > bestLen && j - i >= 2) { best = i; bestLen = j - i; }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

function labelsOf(name: string): Uint8Array[] {
  return name.split('.').filter((l) => l !== '').map((l) => Buffer.from(l, 'latin1'));
}

/** A response to `query`: the question copied, then one PTR answer (or NXDOMAIN when labels is null). */
function response(query: Buffer, questionEnd: number, labels: Uint8Array[] | null): Buffer {
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2);
  header.writeUInt16BE(labels === null ? 0x8183 : 0x8180, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(labels === null ? 0 : 1, 6);
  const question = query.subarray(12, questionEnd);
  if (labels === null) return Buffer.concat([header, question]);
  const rdata = Buffer.concat([...labels.map((l) => Buffer.concat([Buffer.of(l.length), l])), Buffer.of(0)]);
  const answer = Buffer.alloc(12);
  answer.writeUInt16BE(0xc00c, 0);
  answer.writeUInt16BE(12, 2);
  answer.writeUInt16BE(1, 4);
  answer.writeUInt32BE(300, 6);
  answer.writeUInt16BE(rdata.length, 10);
  return Buffer.concat([header, question, answer, rdata]);
}
