// Worker side of the fuzz harness: runs one target, publishing a heartbeat and the frame in hand before each step.
import { parentPort, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import { Monitor } from '../../src/core/monitor.js';
import { NO_LOCAL_NETWORK } from '../../src/core/local-network.js';
import { checkDecode, checkIngest, frameArb } from './fuzz-targets.js';
import type { FuzzFrame } from './fuzz-targets.js';
import { HEADER_WORDS } from './fuzz-protocol.js';
import type { FuzzJob } from './fuzz-protocol.js';

const job = workerData as FuzzJob;
const meta = new Int32Array(job.shared, 0, HEADER_WORDS);
const bytes = new Uint8Array(job.shared, HEADER_WORDS * 4);
let frames = 0;

/** Records the frame about to be processed (so a hang is reported with it) and beats. */
function publish(f: FuzzFrame): void {
  const n = Math.min(f.data.length, bytes.length);
  bytes.set(f.data.subarray(0, n));
  meta[1] = f.linktype;
  meta[2] = f.caplen;
  meta[3] = f.wirelen;
  meta[4] = n;
  Atomics.add(meta, 0, 1);
}

/** Bulk pass: random byte flips and cuts of a generated corpus, straight through decode and the monitor. */
function mutate(): void {
  const corpus = fc.sample(frameArb, { seed: job.seed, numRuns: 2000 });
  const monitor = new Monitor({ local: NO_LOCAL_NETWORK, maxFlows: 1000, hashSeed: job.seed });
  const buf = new Uint8Array(4096);
  let s = job.seed >>> 0 || 1;
  const rand = () => (s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6b43a9b5) >>> 0);
  for (let i = 0; i < job.runs; i++) {
    const base = corpus[rand() % corpus.length]!;
    const len = Math.min(base.data.length, buf.length);
    buf.set(base.data.subarray(0, len));
    const flips = 1 + (rand() % 6);
    for (let k = 0; k < flips && len > 0; k++) buf[rand() % len] = rand() & 0xff;
    const f: FuzzFrame = { linktype: base.linktype, data: buf.subarray(0, len), caplen: rand() % (len + 1), wirelen: len + (rand() % 1600) };
    publish(f);
    checkDecode(f);
    monitor.frame(f.linktype, f.data, 0, f.caplen, f.wirelen);
    if (i % 4096 === 4095) monitor.rotate();
    frames++;
  }
}

try {
  const params = { seed: job.seed, numRuns: job.runs, endOnFailure: true };
  if (job.target === 'decode') {
    fc.assert(fc.property(frameArb, (f) => {
      publish(f);
      frames += checkDecode(f);
    }), params);
  } else if (job.target === 'ingest') {
    fc.assert(fc.property(fc.array(frameArb, { minLength: 1, maxLength: 40 }), (batch) => {
      for (const f of batch) publish(f);
      frames += checkIngest(batch);
    }), params);
  } else if (job.target === 'mutate') {
    mutate();
  } else {
    // Proves the deadline works: the harness must report this loop as a hang.
    publish({ linktype: 1, data: Uint8Array.of(0xde, 0xad), caplen: 2, wirelen: 2 });
    for (;;) Math.sqrt(frames);
  }
  parentPort!.postMessage({ ok: true, frames });
} catch (e) {
  parentPort!.postMessage({ ok: false, frames, message: e instanceof Error ? e.message : String(e) });
}
