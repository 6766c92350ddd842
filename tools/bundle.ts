// Bundles the compiled program (dist/src) into dist/bundle, which bin/wiretop.js runs: one file to load
// instead of about 200 modules, each of which costs Node's ESM loader a resolve, a read and a link (about
// 40 ms of every start on the benchmark machine). The optional adapters stay separate chunks, loaded on use.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../', import.meta.url));

await build({
  // Output names are what the code asks for: the worker scripts are found as './decode-worker.js' and
  // './capture-worker.js' next to the code that starts them, which in the bundle is dist/bundle itself.
  entryPoints: {
    wiretop: `${dist}src/entry.js`,
    'decode-worker': `${dist}src/adapters/file/decode-worker.js`,
    'capture-worker': `${dist}src/adapters/capture/capture-worker.js`,
  },
  outdir: `${dist}bundle`,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Runtime dependencies (koffi, better-sqlite3, prom-client) load from node_modules as before.
  packages: 'external',
  chunkNames: 'chunk-[hash]',
  logLevel: 'warning',
});
