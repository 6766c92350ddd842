// Reads ~/.iftoprc text with iftop's exact rules: comments, continuations, first-wins, command line wins.

/** The 21 directives iftop 1.0pre4 accepts (the man page's screen-filter is not one of them). */
export const CONFIG_KEYS = [
  'interface', 'dns-resolution', 'port-resolution', 'filter-code', 'show-bars', 'promiscuous',
  'hide-source', 'hide-destination', 'use-bytes', 'sort', 'line-display', 'show-totals', 'log-scale',
  'max-bandwidth', 'port-display', 'link-local', 'timed-output', 'no-curses', 'num-lines', 'net-filter',
  'net-filter6',
] as const;
export type ConfigKey = (typeof CONFIG_KEYS)[number];

const KNOWN = new Set<string>(CONFIG_KEYS);

/**
 * Adds the file's directives to `keys` (which already holds the command line's, so the command line
 * wins; within the file the first occurrence wins). Returns iftop's warnings, in file order.
 */
export function applyIftoprc(text: string, fileName: string, keys: Map<string, string>): string[] {
  const warnings: string[] = [];
  let lineNo = 0;
  for (const logical of logicalLines(text)) {
    lineNo++;
    // The first '#' starts a comment; there is no escaping.
    const hash = logical.indexOf('#');
    const line = hash >= 0 ? logical.slice(0, hash) : logical;
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = /^[ \t]*([^ \t:]*)/.exec(line)?.[1] ?? '';
    const value = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '');
    if (!KNOWN.has(key)) {
      warnings.push(`${fileName}:${lineNo}: warning: unknown directive "${key}"`);
      continue;
    }
    if (keys.has(key)) {
      warnings.push(`${fileName}:${lineNo}: warning: repeated directive "${key}"`);
      continue;
    }
    keys.set(key, value);
  }
  return warnings;
}

/** Splits into lines, joining a line that ends in a backslash with the next (the backslash is dropped). */
function* logicalLines(text: string): Generator<string> {
  const raw = text.split('\n');
  if (raw.length > 0 && raw[raw.length - 1] === '') raw.pop();
  let pending = '';
  for (const part of raw) {
    const line = pending + part.replace(/\r$/, '');
    if (line.endsWith('\\')) {
      pending = line.slice(0, -1);
      continue;
    }
    pending = '';
    yield line;
  }
  if (pending !== '') yield pending;
}
