// Reads the Prometheus text exposition format (0.0.4) back into samples, for tests that check what a scraper would see.

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** Every sample line; comments (# HELP, # TYPE) skipped. Throws on a line it cannot read. */
export function parseExposition(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)$/.exec(line);
    if (m === null) throw new Error(`not a sample line: ${line}`);
    out.push({ name: m[1]!, labels: m[2] === undefined ? {} : parseLabels(m[2]), value: Number(m[3]) });
  }
  return out;
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let i = 1;
  while (i < text.length - 1) {
    const eq = text.indexOf('="', i);
    const name = text.slice(i, eq);
    let j = eq + 2;
    let value = '';
    while (text[j] !== '"') {
      if (text[j] === '\\') {
        const c = text[j + 1];
        value += c === 'n' ? '\n' : c;
        j += 2;
      } else value += text[j++];
    }
    labels[name] = value;
    i = j + 1;
    if (text[i] === ',') i++;
  }
  return labels;
}

/** The samples of one metric whose labels include `match`. */
export function samples(all: readonly Sample[], name: string, match: Readonly<Record<string, string>> = {}): Sample[] {
  return all.filter((s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v));
}

/** The sum of those samples' values. */
export function total(all: readonly Sample[], name: string, match: Readonly<Record<string, string>> = {}): number {
  return samples(all, name, match).reduce((a, s) => a + s.value, 0);
}

/** The value of exactly one sample (throws when there is none or several). */
export function value(all: readonly Sample[], name: string, match: Readonly<Record<string, string>> = {}): number {
  const s = samples(all, name, match);
  if (s.length !== 1) throw new Error(`${s.length} samples of ${name} ${JSON.stringify(match)}`);
  return s[0]!.value;
}
