// iftop's value parsers for config/CLI strings: booleans, strtol integers, -m rates, enumerations.

/** Exactly "yes" or "true" mean true; any other text means false (iftop's rule). */
export function parseBool(v: string): boolean {
  return v === 'yes' || v === 'true';
}

/**
 * C strtol(v, &end, 10) semantics: leading white space, an optional sign, the longest run of digits;
 * trailing junk ignored; no digits → 0. Returns null for the empty string (iftop ignores the key).
 * Values are clamped to the 32-bit int range iftop stores them in.
 */
export function parseStrtol(v: string): number | null {
  if (v === '') return null;
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d*)/.exec(v);
  const digits = m?.[2] ?? '';
  if (digits === '') return 0;
  const n = Number(digits) * (m?.[1] === '-' ? -1 : 1);
  return Math.max(-2147483648, Math.min(2147483647, n));
}

export type RateResult = { ok: true; bitsPerSecond: number } | { ok: false; message: string };

/**
 * -m / max-bandwidth: decimal digits and at most one unit letter (k/K ×1024, m/M ×1024², g/G ×1024³,
 * b/B ×1), always bits/s. iftop multiplies an uninitialised number for "-m K"; wiretop ignores the value.
 */
export function parseRate(v: string): RateResult {
  const digits = /^\d*/.exec(v)?.[0] ?? '';
  const units = v.slice(digits.length);
  let mult = 1;
  if (units.length > 1) return { ok: false, message: `Invalid units in value: ${v}` };
  if (units.length === 1) {
    const u = units.toLowerCase();
    if (u === 'k') mult = 1024;
    else if (u === 'm') mult = 1024 * 1024;
    else if (u === 'g') mult = 1024 * 1024 * 1024;
    else if (u !== 'b') return { ok: false, message: `Invalid units in value: ${v}` };
  }
  if (digits === '') return { ok: false, message: `Error reading rate: ${digits}` };
  return { ok: true, bitsPerSecond: Number(digits) * mult };
}

/** An exact, case-sensitive member of choices, or iftop's message. */
export function parseEnum<T extends string>(
  key: string,
  v: string,
  choices: readonly T[],
): { ok: true; value: T } | { ok: false; message: string } {
  const found = choices.find((c) => c === v);
  if (found !== undefined) return { ok: true, value: found };
  return { ok: false, message: `Invalid enumeration value "${v}" for directive "${key}"` };
}
