// Debian's Chromium driven by playwright-core for the web view's tests: headless, no network of its own, optionally inside a network namespace.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { scratchDir } from './scratch-dir.js';

export const CHROMIUM = '/usr/bin/chromium';

/** Everything that would make Chromium talk to the internet or keep state between runs is off. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-default-apps', '--disable-extensions', '--mute-audio', '--font-render-hinting=none'];

/**
 * Launches Chromium (Playwright gives it a fresh --user-data-dir of its own). With `netns`, Chromium runs
 * inside that namespace through `ip netns exec` (a wrapper as its executable; its pipes are inherited), so
 * it reaches a wiretop listening on the namespace's loopback or veth address.
 */
export async function launchChromium(o: { netns?: string } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (the web view's tests need it; never npx playwright install)`);
  let executablePath = CHROMIUM;
  if (o.netns !== undefined) {
    const dir = scratchDir('wt-chromium-');
    executablePath = join(dir, 'chromium-in-netns');
    writeFileSync(executablePath, `#!/bin/sh\nexec ip netns exec '${o.netns}' ${CHROMIUM} "$@"\n`);
    chmodSync(executablePath, 0o755);
  }
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/** A page at a fixed size, UTC and an English locale (the page's times and numbers are the same on every machine), collecting errors. */
export async function openPage(browser: Browser, width: number, height: number): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1, timezoneId: 'UTC', locale: 'en-GB', colorScheme: 'light' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  // Runs before the page's own scripts (through the debugger, not subject to the page's CSP).
  await page.addInitScript({ content: `document.addEventListener('securitypolicyviolation', (e) => {
    (window.cspViolations ??= []).push(e.violatedDirective + ' ' + e.blockedURI);
  });` });
  return { page, problems };
}

/**
 * The share of pixels (0..1) whose colour differs by more than `channel` in any channel between two PNGs
 * of the same size, computed in the browser (no image library needed); 1 when the sizes differ.
 */
export async function pixelDifference(browser: Browser, a: Buffer, b: Buffer, channel = 40): Promise<number> {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    return await page.evaluate(`(${DIFF_SOURCE})(${JSON.stringify([a.toString('base64'), b.toString('base64'), channel])})`) as number;
  } finally {
    await context.close();
  }
}

/** Runs in the browser (the tests' TypeScript has no DOM types): decodes both PNGs and counts differing pixels. */
const DIFF_SOURCE = `async ([x, y, limit]) => {
  const load = async (b64) => createImageBitmap(await (await fetch('data:image/png;base64,' + b64)).blob());
  const [ia, ib] = await Promise.all([load(x), load(y)]);
  if (ia.width !== ib.width || ia.height !== ib.height) return 1;
  const pixels = (img) => {
    const c = new OffscreenCanvas(img.width, img.height);
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    return g.getImageData(0, 0, img.width, img.height).data;
  };
  const pa = pixels(ia), pb = pixels(ib);
  let differ = 0;
  for (let i = 0; i < pa.length; i += 4) {
    if (Math.abs(pa[i] - pb[i]) > limit || Math.abs(pa[i + 1] - pb[i + 1]) > limit || Math.abs(pa[i + 2] - pb[i + 2]) > limit) differ++;
  }
  return differ / (pa.length / 4);
}`;

/**
 * Polls a JavaScript expression in the page until it is true (a string predicate of waitForFunction would be
 * eval'ed by the page, which its CSP rightly forbids; evaluate goes through the debugger).
 */
export async function waitUntil(page: Page, expression: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await page.evaluate(expression).catch(() => false)) return;
    if (Date.now() > end) throw new Error(`timed out waiting for: ${expression}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The committed screenshot, or (with WIRETOP_UPDATE_SCREENSHOTS=1) this one written as the new reference. */
export function referenceScreenshot(path: string, shot: Buffer): Buffer {
  if (process.env['WIRETOP_UPDATE_SCREENSHOTS'] === '1' || !existsSync(path)) {
    if (process.env['WIRETOP_UPDATE_SCREENSHOTS'] !== '1') throw new Error(`${path} is missing: run with WIRETOP_UPDATE_SCREENSHOTS=1 once, look at it, commit it`);
    writeFileSync(path, shot);
  }
  return readFileSync(path);
}
