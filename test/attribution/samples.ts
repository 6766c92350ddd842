// The captured /proc/net and sock_diag samples (test/attribution/samples), and socket records read back as plain objects.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SocketRecord } from '../../src/attribution/socket-record.js';
import { formatAddress } from '../../src/format/inet-ntop.js';

export const SAMPLES = fileURLToPath(new URL('../../../test/attribution/samples/', import.meta.url));

export function sample(name: string): Uint8Array {
  return new Uint8Array(readFileSync(SAMPLES + name));
}

export function sampleText(name: string): string {
  return readFileSync(SAMPLES + name, 'utf8');
}

/** The hex datagrams of one sock_diag reply in sock-diag.json. */
export function diagDatagrams(name: string): Uint8Array[] {
  const all = JSON.parse(sampleText('sock-diag.json')) as Record<string, string[]>;
  return (all[name] ?? []).map((hex) => new Uint8Array(Buffer.from(hex, 'hex')));
}

function text(family: 4 | 6, w: Uint32Array): string {
  const b = new Uint8Array(16);
  const v = new DataView(b.buffer);
  for (let i = 0; i < 4; i++) v.setUint32(i * 4, w[i]!);
  return formatAddress(family, b);
}

export interface PlainSocket {
  kind: number;
  proto: number;
  state: number;
  local: string;
  remote: string;
  inode: number;
  uid: number;
  v6only: number;
  cgroupId: number;
}

/** A record as "addr:port" texts, for readable assertions. */
export function plain(r: SocketRecord): PlainSocket {
  return {
    kind: r.kind, proto: r.proto, state: r.state,
    local: `${text(r.family, r.local)}:${r.localPort}`, remote: `${text(r.family, r.remote)}:${r.remotePort}`,
    inode: r.inode, uid: r.uid, v6only: r.v6only, cgroupId: r.cgroupId,
  };
}
