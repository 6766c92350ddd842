// The web view on namespace traffic in Chromium: the page shows what NDJSON says for the same tick; it reconnects after a restart; token and Host checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openPage, waitUntil } from '../helpers/browser.js';
import { createNetnsPair } from '../helpers/netns.js';
import type { NetnsPair } from '../helpers/netns.js';
import { REPO, run, waitForOutput, WIRETOP } from '../helpers/run-wiretop.js';

const TRAFFIC = fileURLToPath(new URL('./traffic.js', import.meta.url));
const NODE = process.execPath;
const PORT = 19880;

interface Wiretop { child: ChildProcess; stdout: () => string; stderr: () => string; exited: Promise<number | null> }

/** wiretop in nsA on the veth: NDJSON records on stdout (so no text blocks), the web view where asked. */
function startWiretop(pair: NetnsPair, web: string): Wiretop {
  const child = pair.spawn(pair.nsA, NODE, [WIRETOP, '-i', pair.ifA, '-n', '-P', '-f', 'udp', '--ndjson-file', '-', '--web', web], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

async function until<T>(what: string, ms: number, probe: () => T | null | Promise<T | null>): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== null) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Status codes of requests made from inside nsA with a given Host header and path. */
async function statuses(pair: NetnsPair, host: string, port: number, asks: readonly { path: string; hostHeader: string }[]): Promise<number[]> {
  const script = `const http = require('node:http'); const asks = ${JSON.stringify(asks)};
    Promise.all(asks.map((a) => new Promise((res) => { const q = http.request({ host: ${JSON.stringify(host)}, port: ${port}, path: a.path, headers: { host: a.hostHeader } },
      (r) => { r.resume(); res(r.statusCode); q.destroy(); }); q.on('error', () => res(0)); q.end(); }))).then((s) => process.stdout.write(JSON.stringify(s)));`;
  const r = await run('ip', ['netns', 'exec', pair.nsA, NODE, '-e', script], { timeoutMs: 10_000 });
  return JSON.parse(r.stdout) as number[];
}

/** What the page shows now, read at once: the tick, the totals' exact figures and every row's cells. */
async function pageTick(page: Page): Promise<{ ts: number; totals: string[][]; rows: { text: string; title: string }[][] }> {
  return await page.evaluate(`(() => {
    const w = document.getElementById('when');
    const cells = [...document.querySelectorAll('#totals .n')].map((c) => [c.textContent, c.title]);
    const totals = [];
    for (let i = 0; i < cells.length; i += 5) totals.push(cells.slice(i, i + 5));
    const rows = [...document.querySelectorAll('#flows-body .tr:not([hidden])')].map((r) => [...r.children].map((c) => ({ text: c.textContent, title: c.title })));
    return { ts: Number(w.dataset.ts), totals, rows };
  })()`) as { ts: number; totals: string[][]; rows: { text: string; title: string }[][] };
}

test('live: the page equals NDJSON for the same tick, comes back after a restart, and checks its token and Host', { timeout: 240_000 }, async () => {
  const pair = createNetnsPair();
  const children: ChildProcess[] = [];
  let browser: Browser | null = null;
  const format = await import(pathToFileURL(join(REPO, 'assets/web/format.js')).href) as { formatRate(v: number, u: string): string; formatBytes(v: number): string };
  try {
    let wt = startWiretop(pair, `127.0.0.1:${PORT}`);
    children.push(wt.child);
    await until('the web view', 30_000, () => (wt.stderr().includes('web view at') ? true : null));
    // A program receives on the first port (the programs table names it); nothing listens on the other two.
    const receiver = pair.spawn(pair.nsA, NODE, [TRAFFIC, 'udp-sink', '--port', '7100', '--bind', pair.ipA], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(receiver);
    await waitForOutput(receiver, 'ready');
    const traffic = pair.spawn(pair.nsB, NODE, [TRAFFIC, 'udp-send', '--to', pair.ipA, '--port', '7100', '--ports', '3', '--count', '1500', '--size', '400', '--interval-ms', '20']);
    children.push(traffic);
    browser = await launchChromium({ netns: pair.nsA });
    const { page, problems } = await openPage(browser, 1280, 800);
    await page.goto(`http://127.0.0.1:${PORT}/`);
    await waitUntil(page, `document.getElementById('status').dataset.state === 'live' && document.querySelectorAll('#flows-body .tr:not([hidden])').length === 3`, 30_000);

    // One tick as the page shows it, and NDJSON's records of the same tick.
    const shown = await pageTick(page);
    const records = await until('the tick in the NDJSON output', 10_000, () => {
      const lines = wt.stdout().split('\n').filter((l) => l.includes(`"ts":${shown.ts},`)).map((l) => JSON.parse(l) as Record<string, any>);
      return lines.some((r) => r['type'] === 'totals') ? lines : null;
    });
    const totals = records.find((r) => r['type'] === 'totals')!;
    const [sentRow, recvRow] = shown.totals as unknown as [string, string][][];
    const windows = ['2s', '10s', '40s'];
    windows.forEach((w, i) => {
      assert.equal(sentRow![i]![1], `${totals['sent_bytes_per_s'][w]} bytes/s`, `sent ${w}`);
      assert.equal(recvRow![i]![1], `${totals['received_bytes_per_s'][w]} bytes/s`, `received ${w}`);
      assert.equal(recvRow![i]![0], format.formatRate(totals['received_bytes_per_s'][w], 'bits'));
    });
    assert.equal(sentRow![4]![1], `${totals['cumulative_bytes'].sent} bytes`);
    assert.equal(recvRow![4]![1], `${totals['cumulative_bytes'].received} bytes`);
    assert.equal(recvRow![4]![0], format.formatBytes(totals['cumulative_bytes'].received));
    const flows = records.filter((r) => r['type'] === 'flow');
    assert.equal(flows.length, 3, 'three flows moved in the tick');
    for (const f of flows) {
      // Ports shown: a line is a flow. Host is the local side (198.51.100.1), Peer the sender.
      const row = shown.rows.find((r) => r[0]!.text === `${f['src']}:${f['src_port']}` && r[1]!.text === `${f['dst']}:${f['dst_port']}`);
      assert.ok(row !== undefined, `${f['src']}:${f['src_port']} ⇄ ${f['dst']}:${f['dst_port']} on the page: ${JSON.stringify(shown.rows.map((r) => [r[0]!.text, r[1]!.text]))}`);
      assert.equal(row[9]!.title, `${f['cumulative_sent_bytes']} bytes`);
      assert.equal(row[10]!.title, `${f['cumulative_received_bytes']} bytes`);
      assert.equal(row[6]!.title, `${f['received_bytes_per_s']['2s']} bytes/s`);
      assert.equal(row[7]!.title, `${f['received_bytes_per_s']['10s']} bytes/s`);
      assert.equal(row[8]!.title, `${f['received_bytes_per_s']['40s']} bytes/s`);
      assert.equal(row[7]!.text, format.formatRate(f['received_bytes_per_s']['10s'], 'bits'));
    }

    // Attribution's rows: the receiving program with its pid, the unanswered ports as a labelled gap.
    await waitUntil(page, `!document.getElementById('programs').hidden && document.querySelectorAll('#programs-table .tr:not(.thead)').length >= 2`, 10_000);
    const programs = await page.evaluate(`[...document.querySelectorAll('#programs-table .tr:not(.thead)')].map((r) => [...r.children].slice(0, 3).map((c) => c.textContent))`) as string[][];
    assert.ok(programs.some((r) => r[0] === 'node' && r[1] === String(receiver.pid)), JSON.stringify(programs));
    assert.ok(programs.some((r) => r[0] === '(no socket (kernel reply))'), JSON.stringify(programs));

    // A restart: the page says it lost the server, then carries on with the new one by itself.
    const firstRun = await page.evaluate('document.body.dataset.run');
    wt.child.kill('SIGINT');
    assert.equal(await wt.exited, 0, wt.stderr());
    await waitUntil(page, `document.getElementById('status').dataset.state === 'reconnecting'`, 10_000);
    wt = startWiretop(pair, `127.0.0.1:${PORT}`);
    children.push(wt.child);
    await waitUntil(page, `document.getElementById('status').dataset.state === 'live' && document.body.dataset.run !== ${JSON.stringify(firstRun)}
      && Number(document.getElementById('when').dataset.tick) >= 2`, 30_000);
    assert.deepEqual(problems.filter((p) => !/Failed to load resource|ERR_CONNECTION_REFUSED|EventSource/.test(p)), []);
    assert.deepEqual(await page.evaluate('window.cspViolations ?? []'), []);
    wt.child.kill('SIGTERM');
    await wt.exited;

    // Off loopback: a token is needed, on the page and the stream; a wrong Host is refused whatever it carries.
    wt = startWiretop(pair, `${pair.ipA}:${PORT}`);
    children.push(wt.child);
    const login = await until('the login address', 30_000, () => /open it once: (http:\S+)/.exec(wt.stderr())?.[1] ?? null);
    assert.match(login, new RegExp(`^http://198\\.51\\.100\\.1:${PORT}/\\?token=[A-Za-z0-9_-]{43}$`));
    const hostHeader = `${pair.ipA}:${PORT}`;
    assert.deepEqual(await statuses(pair, pair.ipA, PORT, [
      { path: '/', hostHeader }, { path: '/api/v1/stream', hostHeader }, { path: '/api/v1/snapshot', hostHeader },
      { path: '/', hostHeader: `rebind.example:${PORT}` }, { path: `/${new URL(login).search}`, hostHeader: 'rebind.example' },
      { path: `/${new URL(login).search}`, hostHeader },
    ]), [401, 401, 401, 421, 421, 303]);
    const { page: remote } = await openPage(browser, 1280, 800);
    assert.equal((await remote.goto(`http://${pair.ipA}:${PORT}/`))?.status(), 401, 'no token: 401');
    await remote.goto(login);
    assert.equal(remote.url(), `http://${pair.ipA}:${PORT}/`, 'the token left the address bar');
    await waitUntil(remote, `document.getElementById('status').dataset.state === 'live' && document.querySelectorAll('#flows-body .tr:not([hidden])').length > 0`, 30_000);
    assert.doesNotMatch(wt.stderr().replace(login, ''), /token=/, 'the token is printed once, nowhere else');
  } finally {
    await browser?.close();
    for (const c of children) c.kill('SIGKILL');
    pair.destroy();
  }
});
