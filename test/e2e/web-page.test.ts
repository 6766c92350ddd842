// The web page in Chromium on a fixed capture: screenshots against committed ones, hostile PTR names as inert text, sort and filter, no CSP violation.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openPage, pixelDifference, referenceScreenshot, waitUntil } from '../helpers/browser.js';
import { startFakeDns } from '../helpers/fake-dns.js';
import type { FakeDns } from '../helpers/fake-dns.js';
import { freePort } from '../helpers/http-get.js';
import { REPO } from '../helpers/run-wiretop.js';
import { NAMES, serveFile, SHOWN, writeWebCapture } from './web-fixtures.js';

/** At most this share of pixels may differ from the committed screenshot (anti-aliasing, a font's hinting). */
const SCREENSHOT_TOLERANCE = 0.01;

let browser: Browser;
let dns: FakeDns;
let wiretop: ChildProcess;
let url: string;

before(async () => {
  dns = await startFakeDns(new Map(Object.entries(NAMES)));
  const port = await freePort();
  const file = writeWebCapture();
  ({ child: wiretop } = await serveFile(['-r', file.name, '-t', '-P', '-F', '198.51.100.10/32', '--dns-server', dns.server, '--web', String(port),
    '--alert', 'rate interface received > 30KB/s', '--alert', 'rate host 203.0.113.80 received > 40KB/s'], file.dir));
  url = `http://127.0.0.1:${port}/`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  wiretop?.kill('SIGTERM');
  await dns?.close();
});

/** The page once the whole file and every name are shown. */
async function settled(width: number, height: number): Promise<{ page: Page; problems: string[] }> {
  const p = await openPage(browser, width, height);
  await p.page.goto(url);
  await waitUntil(p.page, `document.getElementById('status').dataset.state === 'ended'
    && document.getElementById('flows-body').textContent.includes('cdn.example.net')
    && document.getElementById('flows-body').textContent.includes('PWNED')`);
  // Charts draw on the next frame.
  await p.page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
  return p;
}

for (const [width, height] of [[1280, 800], [390, 844]] as const) {
  test(`the page at ${width}×${height} looks as committed (within ${SCREENSHOT_TOLERANCE * 100} % of the pixels)`, { timeout: 60_000 }, async () => {
    const { page, problems } = await settled(width, height);
    const shot = await page.screenshot({ fullPage: false });
    const reference = referenceScreenshot(join(REPO, 'test/golden/web', `page-${width}x${height}.png`), shot);
    const diff = await pixelDifference(browser, shot, reference);
    assert.ok(diff <= SCREENSHOT_TOLERANCE, `${(diff * 100).toFixed(2)} % of the pixels differ from test/golden/web/page-${width}x${height}.png`);
    assert.deepEqual(problems, []);
    assert.deepEqual(await page.evaluate('window.cspViolations ?? []'), [], 'no CSP violation');
    await page.context().close();
  });
}

test('hostile PTR names are shown as inert text: no markup made, no script run, no title changed', { timeout: 60_000 }, async () => {
  const { page, problems } = await settled(1280, 800);
  const hosts = await page.evaluate(`[...document.querySelectorAll('#flows-body .td.c-host')].map((e) => e.textContent)`) as string[];
  for (const [addr, shown] of Object.entries(SHOWN)) assert.ok(hosts.some((h) => h.startsWith(shown)), `${addr} as ${shown}: ${hosts.join(' | ')}`);
  assert.equal(await page.evaluate('document.querySelectorAll("img, script:not([src]), a[href^=http]").length'), 0, 'no element came from a name');
  assert.equal(await page.evaluate('window.pwned ?? null'), null, 'no script from a name ran');
  assert.equal(await page.title(), 'wiretop: ' + (await page.evaluate(`document.getElementById('source-name').textContent.replace(/^file /, '')`)));
  const text = await page.evaluate('document.body.innerText') as string;
  assert.doesNotMatch(text, /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/u, 'no control or bidi character reaches the page');
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('sorting by a column and the filter box change what the table shows; alerts and health are there', { timeout: 60_000 }, async () => {
  const { page } = await settled(1280, 800);
  const firstHost = async () => page.evaluate(`document.querySelector('#flows-body .tr:not([hidden]) .td.c-host').textContent`);
  const column = async (n: number) => page.evaluate(`[...document.querySelectorAll('#flows-body .tr:not([hidden])')].map((r) => Number(r.children[${n}].title.split(' ')[0]))`) as Promise<number[]>;
  assert.match(String(await firstHost()), /client\.example/);
  await page.getByRole('button', { name: 'Sent total' }).click();
  const sent = await column(9);
  assert.deepEqual(sent, [...sent].sort((a, b) => b - a), 'largest first');
  await page.getByRole('button', { name: 'Sent total' }).click();
  const up = await column(9);
  assert.deepEqual(up, [...up].sort((a, b) => a - b), 'then smallest first');
  await page.fill('#filter', '2001:db8');
  const rows = await page.evaluate(`[...document.querySelectorAll('#flows-body .tr:not([hidden])')].map((r) => r.textContent)`) as string[];
  assert.equal(rows.length, 1);
  assert.match(rows[0]!, /2001:db8:77::1/);
  assert.match(String(await page.textContent('#flow-count')), /^1 shown of \d+/);
  await page.fill('#filter', ':22 tcp');
  assert.equal(await page.evaluate(`document.querySelectorAll('#flows-body .tr:not([hidden])').length`), 1);
  assert.match(String(await page.textContent('#alerts-recent')), /FIRING warning: interface/);
  assert.match(String(await page.textContent('#health')), /frames\s*\d/);
  assert.match(String(await page.textContent('#history-note')), /^no history \(start with --history\)$/);
  await page.context().close();
});
