// A recorder writing the real store in its own process (for readers in other processes): flushes every tick, paced in real time.
import { setTimeout as sleep } from 'node:timers/promises';
import { openHistoryWriter } from '../../../src/adapters/history/sqlite-writer.js';
import { HistoryRecorder } from '../../../src/history/recorder/recorder.js';
import { fakeSnapshot } from '../../helpers/fake-snapshot.js';

const [path, ticksText] = process.argv.slice(2);
const w = openHistoryWriter(path!, { toolVersion: 'test', now: 0, fileMode: 0o644 });
if (!w.ok) throw new Error(w.problem);
const rec = new HistoryRecorder({ writer: w.writer, report: (m) => process.stderr.write(`${m}\n`), runId: `child-${process.pid}`, flushSeconds: 2 });
let tx = 0;
for (let i = 1; i <= Number(ticksText); i++) {
  const bytes = 1000 + (i % 17);
  tx += bytes;
  rec.tick(fakeSnapshot({ ts: 1_800_000_000 + 2 * i, source: { kind: 'interface', name: 'eth0' }, flows: [{ src: '198.51.100.1', dst: `203.0.113.${1 + (i % 50)}`, serial: i, slotSentBytes: bytes, slotSentPackets: 1 }], local: ['198.51.100.1'] }));
  if (i === 1) process.stdout.write('ready\n');
  await sleep(2);
}
rec.close();
process.stdout.write(`done ${tx}\n`);
