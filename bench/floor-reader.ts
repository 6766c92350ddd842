// The least a Node program reading a pcap must do, timed beside wiretop as a floor: walk the headers, then also count bytes per flow in a hash table.
import { openSync, readSync } from 'node:fs';

/*
 * `node dist/bench/floor-reader.js FILE parse|table`. No wiretop code: a plain loop over the file
 * with readSync, for the Ethernet + IPv4/IPv6 files gen-capture.ts writes (anything else is
 * skipped). `parse` reads each packet's addresses, ports and length — what any decoder must do;
 * `table` adds one open-addressing lookup and byte count per packet on a 5-word key (both IPv4
 * addresses, or the last two words of each IPv6 address, and the port word: fewer words than a flow
 * key, so the floor errs low), key and counter in one 64-byte entry, so one memory access — what any
 * per-flow accounting must do, without directions, history, ticks or output. The two times bound from below what a Node
 * reader of these files can reach on this machine.
 */
const [file, mode] = [process.argv[2], process.argv[3]];
if (file === undefined || (mode !== 'parse' && mode !== 'table')) {
  process.stderr.write('usage: floor-reader FILE parse|table\n');
  process.exit(2);
}

const CHUNK = 1 << 22;
const buf = new Uint8Array(CHUNK + (1 << 17));
const ENTRY = 16;
const SIZE = 1 << 18;
const table = new Uint32Array(mode === 'table' ? SIZE * ENTRY : ENTRY);
const mask = SIZE - 1;
let flows = 0;

function be32(d: Uint8Array, i: number): number {
  return ((d[i]! << 24) | (d[i + 1]! << 16) | (d[i + 2]! << 8) | d[i + 3]!) >>> 0;
}

/** Counts `len` bytes for the key (a, b, c, d, e): one probe run, key and counter in the entry. */
function account(a: number, b: number, c: number, d: number, e: number, len: number): void {
  let h = Math.imul(a ^ Math.imul(b, 0x9e3779b1) ^ Math.imul(c ^ d, 0x85ebca6b) ^ Math.imul(e, 0xc2b2ae35), 0x27d4eb2f);
  h ^= h >>> 15;
  let i = h & mask;
  for (;;) {
    const o = i * ENTRY;
    if (table[o + 15] === 0) {
      table[o] = a;
      table[o + 1] = b;
      table[o + 2] = c;
      table[o + 3] = d;
      table[o + 4] = e;
      table[o + 15] = 1;
      flows++;
    } else if (table[o] !== a || table[o + 1] !== b || table[o + 2] !== c || table[o + 3] !== d || table[o + 4] !== e) {
      i = (i + 1) & mask;
      continue;
    }
    table[o + 8]! += len;
    return;
  }
}

const fd = openSync(file, 'r');
let fill = readSync(fd, buf, 0, CHUNK, null);
let pos = 24, packets = 0, bytes = 0;
const withTable = mode === 'table';
for (;;) {
  if (fill - pos < 65536 + 16) {
    buf.copyWithin(0, pos, fill);
    fill -= pos;
    pos = 0;
    fill += readSync(fd, buf, fill, CHUNK, null);
  }
  if (fill - pos < 16) break;
  const incl = buf[pos + 8]! | (buf[pos + 9]! << 8) | (buf[pos + 10]! << 16) | (buf[pos + 11]! << 24);
  if (incl < 0 || incl > 65536 || fill - pos - 16 < incl) break;
  const f = pos + 16;
  pos += 16 + incl;
  packets++;
  const type = (buf[f + 12]! << 8) | buf[f + 13]!;
  if (type === 0x0800 && incl >= 38) {
    const len = (buf[f + 16]! << 8) | buf[f + 17]!, l4 = f + 14 + (buf[f + 14]! & 15) * 4;
    bytes += len;
    if (withTable) account(be32(buf, f + 26), be32(buf, f + 30), 0, 0, l4 + 4 <= pos ? be32(buf, l4) : 0, len);
  } else if (type === 0x86dd && incl >= 58) {
    const len = ((buf[f + 18]! << 8) | buf[f + 19]!) + 40;
    bytes += len;
    if (withTable) account(be32(buf, f + 34), be32(buf, f + 50), be32(buf, f + 30), be32(buf, f + 46), f + 58 <= pos ? be32(buf, f + 54) : 0, len);
  }
}
process.stdout.write(`${packets} packets, ${bytes} IP bytes${withTable ? `, ${flows} flows` : ''}\n`);
