// The web view's costs: server time per tick with 0 and 10 pages, the page's update time with 1 000 rows in Chromium, its heap over an accelerated hour.
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { GuardedSink } from '../src/app/run/sink.js';
import { Ticker } from '../src/app/run/ticker.js';
import { webPort } from '../src/adapters/web/web-view.js';
import { NO_LOCAL_NETWORK } from '../src/core/local-network.js';
import { Monitor } from '../src/core/monitor.js';
import { defaultViewOptions } from '../src/core/view-options.js';
import { NUMERIC_LABELLER } from '../src/render/host-text.js';
import type { RunningWeb } from '../src/ports/web-port.js';
import { WebHub } from '../src/web/web-hub.js';
import { WebSource } from '../src/web/web-source.js';
import { ipv4 } from '../test/helpers/frames.js';
import { launchChromium, openPage, waitUntil } from '../test/helpers/browser.js';
import { freePort } from '../test/helpers/http-get.js';
import { fmt, median } from './measure.js';

const RAW_IP = 101;
const T0 = 1_700_000_000;

/** A live source with `flows` UDP flows, each moving at every tick (so every tick has that many lines; 1 000 are sent). */
async function world(flows: number) {
  const port = await freePort();
  const hub = new WebHub(null, () => T0);
  const started = await webPort.start({ listen: { host: '127.0.0.1', port }, hub, tokenFile: null, generateToken: false, allowHosts: [], metrics: null, onError: (m) => process.stderr.write(`${m}\n`) });
  if ('error' in started) throw new Error(started.error);
  const web: RunningWeb = started.web;
  const monitor = new Monitor({ local: NO_LOCAL_NETWORK, maxFlows: flows * 2, hashSeed: 3 });
  /** Time spent handing the tick's frame to the pages (the part that grows with them). */
  const spent = { publishMs: 0 };
  monitor.setTimeBase(T0);
  const source = new WebSource(0, { kind: 'interface', name: 'bench0' }, 'bench0', monitor, { run: 'bench', version: 'bench', units: 'bits', history: false, metrics: false },
    { monotonicMs: () => performance.now(), schedule: (fn, ms) => {
      const t = setTimeout(fn, ms);
      return () => clearTimeout(t);
    }, publish: (f) => {
      const start = performance.now();
      web.publish(0, f);
      spent.publishMs += performance.now() - start;
    } }, { view: { ...defaultViewOptions(), portDisplay: 'on' }, labeller: NUMERIC_LABELLER });
  hub.add(source);
  const ticker = new Ticker(monitor, { kind: 'interface', name: 'bench0' }, [new GuardedSink(source, (m) => process.stderr.write(`${m}\n`))]);
  const frames = Array.from({ length: flows }, (_, f) => ipv4({ src: `198.51.${100 + (f >> 16)}.${(f >> 8) & 255}`, dst: `203.0.113.${f & 255}`, proto: 'udp',
    srcPort: 1024 + (f % 50000), dstPort: 53, dataLength: 100 + (f % 1300) }));
  let n = 0;
  /** One tick: a packet per flow (not timed), then the tick itself (timed: snapshot, analysis, JSON, the writes to every page). */
  const tick = (): { ms: number; publishMs: number } => {
    n++;
    spent.publishMs = 0;
    const ts = T0 + 2 * n;
    for (let f = 0; f < frames.length; f++) monitor.frame(RAW_IP, frames[f]!, 0, frames[f]!.length, frames[f]!.length, ts - 1 + f / frames.length);
    const start = performance.now();
    ticker.tick(ts, true);
    return { ms: performance.now() - start, publishMs: spent.publishMs };
  };
  return { port, web, tick };
}

/**
 * `n` pages reading the event stream and dropping what they get, in a process of their own (so their
 * reading costs the server nothing but the writes); resolves once every stream has its first frame.
 */
function readers(port: number, n: number): Promise<() => void> {
  const script = `const http = require('node:http'); let open = 0;
    for (let i = 0; i < ${n}; i++) http.get({ host: '127.0.0.1', port: ${port}, path: '/api/v1/stream', headers: { host: '127.0.0.1:${port}' } },
      (res) => { let first = true; res.on('data', () => { if (first && ++open === ${n}) process.stdout.write('ready\\n'); first = false; }); });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) resolve(() => child.kill());
    });
    child.on('exit', (code) => reject(new Error(`the readers exited (${code})`)));
  });
}

const pause = (ms = 0) => new Promise((r) => setTimeout(r, ms));

/** Median tick time with `pages` readers, over `ticks` ticks (the event loop runs between ticks, as in a run). */
async function serverCost(flows: number, pages: number, ticks: number): Promise<{ ms: number; publishMs: number; frameKB: number }> {
  const w = await world(flows);
  const close = pages === 0 ? () => {} : await readers(w.port, pages);
  const times: number[] = [];
  const publish: number[] = [];
  for (let i = 0; i < ticks + 5; i++) {
    const t = w.tick();
    if (i >= 5) {
      times.push(t.ms);
      publish.push(t.publishMs);
    }
    await pause(20);
  }
  const snapshot = await fetch(`http://127.0.0.1:${w.port}/api/v1/snapshot`).then((r) => r.text());
  close();
  await w.web.close();
  return { ms: median(times), publishMs: median(publish), frameKB: Buffer.byteLength(snapshot) / 1024 };
}

function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
}

/** The page's own update times (handler, and until the next frame) over `ticks` ticks of 1 000 rows. */
async function pageUpdate(browser: Browser, ticks: number): Promise<{ tick: number[]; update: number[]; frame: number[] }> {
  const w = await world(1500);
  w.tick();
  const { page } = await openPage(browser, 1280, 800);
  await page.goto(`http://127.0.0.1:${w.port}/`);
  await waitUntil(page, `document.getElementById('status').dataset.state === 'live'`);
  for (let i = 0; i < ticks; i++) {
    w.tick();
    await pause(150);
  }
  await pause(300);
  const t = await page.evaluate('window.wiretop.timings.last') as { tick: number[]; update: number[]; frame: number[] };
  await page.context().close();
  await w.web.close();
  return t;
}

/** JS heap of the page after a forced collection, at points of an hour of ticks sent fast. */
async function pageHeap(browser: Browser, ticks: number, every: number): Promise<{ tick: number; usedMB: number }[]> {
  const w = await world(1500);
  w.tick();
  const { page } = await openPage(browser, 1280, 800);
  const cdp = await page.context().newCDPSession(page as Page);
  await page.goto(`http://127.0.0.1:${w.port}/`);
  await waitUntil(page, `document.getElementById('status').dataset.state === 'live'`);
  const out: { tick: number; usedMB: number }[] = [];
  for (let i = 1; i <= ticks; i++) {
    w.tick();
    await pause(40);
    if (i % every === 0) {
      await pause(200);
      await cdp.send('HeapProfiler.collectGarbage');
      const h = await cdp.send('Runtime.getHeapUsage') as { usedSize: number };
      const dom = await page.evaluate('document.getElementsByTagName("*").length') as number;
      out.push({ tick: i, usedMB: h.usedSize / 1024 / 1024 });
      process.stdout.write(`  heap after ${i} ticks: ${(h.usedSize / 1024 / 1024).toFixed(2)} MB, ${dom} elements\n`);
    }
  }
  await page.context().close();
  await w.web.close();
  return out;
}

export async function runWeb(quick: boolean, log: (s: string) => void): Promise<string> {
  const ticks = quick ? 15 : 40;
  const flows = 5000;
  log(`server: ${flows} flows each moving, 1 000 lines sent per tick, median of ${ticks} ticks`);
  const none = await serverCost(flows, 0, ticks);
  const ten = await serverCost(flows, 10, ticks);
  log(`  0 pages: ${fmt(none.ms, 2)} ms (publish ${fmt(none.publishMs, 3)}), 10 pages: ${fmt(ten.ms, 2)} ms (publish ${fmt(ten.publishMs, 3)}) (frame ${fmt(ten.frameKB, 0)} KB)`);
  const browser = await launchChromium();
  try {
    const upd = await pageUpdate(browser, quick ? 20 : 60);
    const row = (xs: number[]) => `${fmt(median(xs), 2)} ms | ${fmt(percentile(xs, 0.95), 2)} ms | ${fmt(Math.max(...xs), 2)} ms`;
    log(`page: handler ${row(upd.tick)}; update ${row(upd.update)}; next frame ${row(upd.frame)} (median | p95 | max)`);
    const heap = await pageHeap(browser, quick ? 300 : 1800, quick ? 100 : 300);
    return [
      '## Web view (`web.ts`)', '',
      `Server: one live source with ${flows} UDP flows, each with a packet in every tick; the web sink analyses, renders 1 000 lines as JSON once and writes the`,
      'same bytes to every page reading the event stream (readers on loopback in a process of their own). Median time of `Ticker.tick` (snapshot, analysis, JSON, writes).', '',
      'The writes are also timed alone (encoding the frame once and writing it to each page): that is what pages add; the rest of the tick is the same with none.', '',
      '| pages | tick (median) | of which the writes | frame |', '| ---: | ---: | ---: | ---: |',
      `| 0 | ${fmt(none.ms, 2)} ms | ${fmt(none.publishMs, 3)} ms | ${fmt(none.frameKB, 0)} KB |`,
      `| 10 | ${fmt(ten.ms, 2)} ms | ${fmt(ten.publishMs, 3)} ms | ${fmt(ten.frameKB, 0)} KB |`, '',
      `Page (Debian's Chromium, headless, 1280×800): ${upd.tick.length} ticks of 1 000 rows (1 500 lines, the top 1 000 sent), the page's own timing of each update:`, '',
      '| | median | p95 | max |', '| --- | ---: | ---: | ---: |',
      `| message handler (parse, totals, table rows, alerts; charts queued) | ${row(upd.tick)} |`,
      `| the whole update: handler, charts drawn, style and layout | ${row(upd.update)} |`,
      `| until the next frame was painted (waiting for it included) | ${row(upd.frame)} |`, '',
      `Heap: ${heap.at(-1)!.tick} ticks (${quick ? '10 minutes' : 'an hour'} of 2-second ticks) sent 25 a second, JS heap after a forced collection:`, '',
      '| ticks | JS heap |', '| ---: | ---: |', ...heap.map((h) => `| ${h.tick} | ${fmt(h.usedMB, 2)} MB |`), '',
    ].join('\n');
  } finally {
    await browser.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runWeb(process.argv.includes('--quick'), (s) => process.stdout.write(`${s}\n`)).then((md) => process.stdout.write(`\n${md}\n`), (e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
