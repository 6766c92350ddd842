// The wiretop command (bin/wiretop.js runs the bundle of this): when a capture file is read, the decode worker starts first, so its start-up overlaps the loading of everything else.
import { parseArgs } from './cli/args.js';
import { prewarmDecodeWorker } from './adapters/file/decode-worker-pool.js';

const argv = process.argv.slice(2);
const parsed = parseArgs(argv[0] === 'check' ? argv.slice(1) : argv);
// A -f filter needs every frame on the main thread, so no worker then (a filter from ~/.iftoprc only wastes one).
if (parsed.kind === 'run' && parsed.extras.readFile !== null && (parsed.keys.get('filter-code') ?? '').trim() === '') {
  prewarmDecodeWorker(parsed.extras.readFile);
}
const { start } = await import('./main.js');
start();
