// Child process for the flood test: 1 M distinct spoofed flows through the real decode/ingest path, then figures as JSON.
import { Analyser, EMPTY_MODEL } from '../../src/core/analysis.js';
import { Monitor, DEFAULT_MAX_FLOWS } from '../../src/core/monitor.js';
import { NO_LOCAL_NETWORK } from '../../src/core/local-network.js';
import { defaultViewOptions } from '../../src/core/view-options.js';
import { ethernet, ipv4 } from '../helpers/frames.js';

const FLOWS = 1_000_000;
const PER_TICK = 50_000;
const monitor = new Monitor({ local: NO_LOCAL_NETWORK, maxFlows: DEFAULT_MAX_FLOWS, hashSeed: 0x5eed });
const analyser = new Analyser();
// One SYN-sized frame rewritten in place: a new source address and port per packet.
const frame = ethernet({}, ipv4({ src: '10.0.0.0', dst: '198.51.100.1', proto: 'tcp', srcPort: 1, dstPort: 80 }));
const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
let model = EMPTY_MODEL;
let slowestTickMs = 0;
let peakRss = 0;
for (let i = 0; i < FLOWS; i++) {
  view.setUint32(14 + 12, (0x0a000000 + i) >>> 0);
  view.setUint16(14 + 20, 1024 + (i % 60000));
  monitor.frame(1, frame, 0, frame.length, frame.length);
  if (i % PER_TICK === PER_TICK - 1) {
    const start = performance.now();
    model = analyser.analyse(monitor, defaultViewOptions(), model, () => '', 60);
    monitor.rotate();
    slowestTickMs = Math.max(slowestTickMs, performance.now() - start);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
}
peakRss = Math.max(peakRss, process.memoryUsage().rss);
// Every line, to add them up (a display materialises only the lines it shows; this is the test's own cost).
model = analyser.analyse(monitor, defaultViewOptions(), model, () => '', Infinity);
const windows = ['2s', '10s', '40s'] as const;
const rates = Object.fromEntries(windows.flatMap((w, j) => [
  [`lineRate${w}`, model.lines.reduce((sum, l) => sum + l.sent[j]! + l.recv[j]!, 0)],
  [`totalRate${w}`, model.totalSent[j]! + model.totalRecv[j]!],
]));
process.stdout.write(JSON.stringify({
  flows: FLOWS,
  cap: DEFAULT_MAX_FLOWS,
  tableSize: monitor.table.size,
  overflowPackets: monitor.counters.overflow,
  ...rates,
  totalBytes: model.cumulativeSent + model.cumulativeRecv,
  packetBytes: FLOWS * (frame.length - 14),
  peakRssMB: Math.round(peakRss / 1048576),
  slowestTickMs: Math.round(slowestTickMs),
}) + '\n');
