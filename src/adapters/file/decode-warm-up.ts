// Warms the decode worker's code on synthetic frames while it waits for its job (the main thread is still starting).
import { RECORD_WORDS } from '../../core/packet-records.js';
import { NO_LOCAL_NETWORK } from '../../core/local-network.js';
import type { ByteSource } from './read-capture-file.js';
import { produceRecords } from './record-producer.js';
import type { RecordOutput } from './record-producer.js';

/**
 * Frames per round and rounds: about 10 ms of a cold core in all, enough for V8 to compile the decode
 * path, in rounds short enough that a job arriving meanwhile waits at most a round (about 1 ms).
 */
const FRAMES = 1000;
export const WARM_UP_ROUNDS = 9;

/**
 * A pcap of Ethernet frames like a capture file's: IPv4 UDP and TCP, IPv6 TCP, now and then ARP and
 * a VLAN tag (the general decoder), addresses and ports varying.
 */
function syntheticCapture(): Uint8Array {
  const frameBytes = 74;
  const out = new Uint8Array(24 + FRAMES * (16 + frameBytes));
  const v = new DataView(out.buffer);
  v.setUint32(0, 0xa1b2c3d4, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setUint32(16, 96, true);
  v.setUint32(20, 1, true);
  for (let i = 0, o = 24; i < FRAMES; i++, o += 16 + frameBytes) {
    v.setUint32(o, 1_700_000_000 + (i >> 10), true);
    v.setUint32(o + 4, (i * 331) % 1_000_000, true);
    v.setUint32(o + 8, frameBytes, true);
    v.setUint32(o + 12, 60 + (i % 1400), true);
    const f = o + 16;
    v.setUint32(f, 0x02000000, false);
    v.setUint32(f + 6, 0x02000000 | i, false);
    const kind = i % 61 === 0 ? 'arp' : i % 47 === 0 ? 'vlan' : i % 3 === 0 ? 'v6' : 'v4';
    v.setUint16(f + 12, kind === 'arp' ? 0x0806 : kind === 'vlan' ? 0x8100 : kind === 'v6' ? 0x86dd : 0x0800, false);
    if (kind === 'v6') {
      v.setUint32(f + 14, 0x60000000, false);
      v.setUint16(f + 18, 20 + (i % 1300), false);
      out[f + 20] = 6;
      v.setUint32(f + 22, 0x20010db8, false);
      v.setUint32(f + 34, i, false);
      v.setUint32(f + 38, 0x20010db8, false);
      v.setUint32(f + 50, i * 7, false);
      v.setUint16(f + 54, 443, false);
      v.setUint16(f + 56, 1024 + (i % 60000), false);
    } else if (kind === 'v4') {
      out[f + 14] = 0x45;
      v.setUint16(f + 16, 40 + (i % 1400), false);
      out[f + 23] = i % 2 === 0 ? 17 : 6;
      v.setUint32(f + 26, 0x0a000000 | i, false);
      v.setUint32(f + 30, 0xc6336400 | (i % 200), false);
      v.setUint16(f + 34, 1024 + (i % 60000), false);
      v.setUint16(f + 36, 53, false);
    }
  }
  return out;
}

/**
 * Decodes the synthetic capture a few times into a scratch batch, until done or `jobArrived()` (asked
 * before each round) says the real work is there: once the main thread has its job ready, decoding the
 * file is worth more than warming (the rest of the compiling happens on the file). Never throws.
 */
export async function warmUpDecoding(jobArrived: () => boolean): Promise<void> {
  try {
    const bytes = syntheticCapture();
    const words = new Uint32Array(new SharedArrayBuffer(FRAMES * RECORD_WORDS * 4));
    for (let round = 0; round < WARM_UP_ROUNDS && !jobArrived(); round++) {
      let pos = 0;
      const source: ByteSource = {
        read: (buf, offset, length) => {
          const n = Math.min(length, bytes.length - pos);
          buf.set(bytes.subarray(pos, pos + n), offset);
          pos += n;
          return Promise.resolve(n);
        },
      };
      const out: RecordOutput & { at: number } = {
        words,
        f64: new Float64Array(words.buffer),
        at: 0,
        next() {
          this.at = (this.at + RECORD_WORDS) % words.length;
          return true;
        },
      };
      await produceRecords(source, 'warm-up', { local: NO_LOCAL_NETWORK, seed: round }, out, { shouldStop: () => false, betweenChunks: () => {} });
    }
  } catch {
    // Only a warm-up: the real job does not depend on it.
  }
}
