// Reads a history database the way `wiretop history` does, in its own process (possibly as another user); prints the totals as JSON.
import { openHistoryReader } from '../../../src/adapters/history/sqlite-reader.js';

const r = openHistoryReader(process.argv[2]!);
if (!r.ok) {
  process.stdout.write(JSON.stringify({ problem: r.problem }) + '\n');
} else {
  const sums = r.reader.snapshot(() => [60, 3600, 86400].map((res) => r.reader.ifaceBuckets(['eth0'], res as 60, 0, 2e9).reduce((s, b) => s + b.txBytes, 0)));
  r.reader.close();
  process.stdout.write(JSON.stringify({ sums }) + '\n');
}
