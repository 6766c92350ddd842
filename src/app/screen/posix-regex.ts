// The screen filter as iftop compiles it (POSIX extended, case-insensitive), translated to a JavaScript RegExp.

/** POSIX bracket classes and what they mean inside a JavaScript character class. */
const CLASSES: Record<string, string> = {
  alpha: 'a-zA-Z', digit: '0-9', alnum: 'a-zA-Z0-9', upper: 'A-Z', lower: 'a-z', space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9A-Fa-f', cntrl: '\\x00-\\x1f\\x7f', print: ' -~', graph: '!-~',
};

/**
 * A RegExp matching what regcomp(REG_EXTENDED | REG_ICASE) would, or null where regcomp fails.
 * Bracket classes like [[:digit:]] are translated; JavaScript-only syntax that POSIX rejects, such as
 * `(?` groups, is refused as iftop would ("Invalid regexp").
 */
export function posixExtendedRegExp(pattern: string): RegExp | null {
  if (/\(\?/.test(pattern)) return null;
  let unknownClass = false;
  const translated = pattern.replace(/\[:([a-z]+):\]/g, (_, name: string) => {
    const cls = CLASSES[name];
    if (cls === undefined) unknownClass = true;
    return cls ?? '';
  });
  if (unknownClass) return null;
  try {
    return new RegExp(translated, 'i');
  } catch {
    return null;
  }
}
