// The page's files (HTML, scripts, styles, the vendored chart library), read once from the package at start and served from memory.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * assets/web of the package: the nearest directory above this file that has it. This file runs from
 * dist/src/adapters/web (tests) or from a chunk in dist/bundle (the command), so no fixed relative path
 * fits both.
 */
export const ASSETS_DIR = packageAssets(dirname(fileURLToPath(import.meta.url)));

function packageAssets(from: string): string {
  for (let dir = from, up = 0; up < 8; up++, dir = dirname(dir)) {
    const candidate = join(dir, 'assets', 'web');
    if (existsSync(join(candidate, 'index.html'))) return candidate + sep;
  }
  // Not found: loadAssets() then names this path in its error.
  return join(from, 'assets', 'web') + sep;
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

export interface Asset {
  /** URL path: "/" for the page, "/assets/app.js" … */
  readonly path: string;
  readonly contentType: string;
  readonly body: Uint8Array;
  /** Strong validator: a reload asks If-None-Match and gets 304. */
  readonly etag: string;
}

/** Every servable file under dir (index.html as "/"); other extensions are not served. Throws with the path when a file is missing. */
export function loadAssets(dir = ASSETS_DIR): Asset[] {
  const out: Asset[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (TYPES[extname(e.name)] !== undefined) {
        const rel = relative(dir, full).split(sep).join('/');
        const body = readFileSync(full);
        out.push({
          path: rel === 'index.html' ? '/' : `/assets/${rel}`,
          contentType: TYPES[extname(e.name)]!,
          body,
          etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 20)}"`,
        });
      }
    }
  };
  walk(dir);
  if (!out.some((a) => a.path === '/')) throw new Error(`the web view's page is missing: ${join(dir, 'index.html')}`);
  return out;
}
