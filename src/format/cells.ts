// Terminal cell widths: wide (CJK, emoji) characters take two cells, combining marks none.

/** Ranges of East Asian Wide/Fullwidth and emoji-presentation code points (two cells each). */
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], [0x231a, 0x231b], [0x2329, 0x232a], [0x23e9, 0x23ec], [0x23f0, 0x23f0], [0x23f3, 0x23f3],
  [0x25fd, 0x25fe], [0x2614, 0x2615], [0x2648, 0x2653], [0x267f, 0x267f], [0x2693, 0x2693], [0x26a1, 0x26a1],
  [0x26aa, 0x26ab], [0x26bd, 0x26be], [0x26c4, 0x26c5], [0x26ce, 0x26ce], [0x26d4, 0x26d4], [0x26ea, 0x26ea],
  [0x26f2, 0x26f3], [0x26f5, 0x26f5], [0x26fa, 0x26fa], [0x26fd, 0x26fd], [0x2705, 0x2705], [0x270a, 0x270b],
  [0x2728, 0x2728], [0x274c, 0x274c], [0x274e, 0x274e], [0x2753, 0x2755], [0x2757, 0x2757], [0x2795, 0x2797],
  [0x27b0, 0x27b0], [0x27bf, 0x27bf], [0x2b1b, 0x2b1c], [0x2b50, 0x2b50], [0x2b55, 0x2b55], [0x2e80, 0x303e],
  [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xa000, 0xa4cf], [0xa960, 0xa97f], [0xac00, 0xd7a3],
  [0xf900, 0xfaff], [0xfe10, 0xfe19], [0xfe30, 0xfe6f], [0xff00, 0xff60], [0xffe0, 0xffe6], [0x16fe0, 0x18cff],
  [0x1b000, 0x1b2ff], [0x1f004, 0x1f004], [0x1f0cf, 0x1f0cf], [0x1f18e, 0x1f18e], [0x1f191, 0x1f19a],
  [0x1f200, 0x1f251], [0x1f300, 0x1f64f], [0x1f680, 0x1f6ff], [0x1f7e0, 0x1f7eb], [0x1f90c, 0x1f9ff],
  [0x1fa70, 0x1faff], [0x20000, 0x3fffd],
];

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufe00-\ufe0f\ufeff]$/u;

/** Cells taken by one code point: 0, 1 or 2 (control characters count 1: they are made inert before display). */
export function cellWidth(codePoint: number): number {
  if (codePoint < 0x300) return 1;
  if (ZERO_WIDTH.test(String.fromCodePoint(codePoint))) return 0;
  let lo = 0, hi = WIDE.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = WIDE[mid]!;
    if (codePoint < a) hi = mid - 1;
    else if (codePoint > b) lo = mid + 1;
    else return 2;
  }
  return 1;
}

/** Printable ASCII only: one cell per character (nearly every host and port text). */
const PLAIN = /^[\x20-\x7e]*$/;

/** Cells taken by a string. */
export function stringCells(text: string): number {
  if (PLAIN.test(text)) return text.length;
  let n = 0;
  for (const ch of text) n += cellWidth(ch.codePointAt(0)!);
  return n;
}

/**
 * The longest prefix of text that fits in `cells` cells; a wide character that would be cut in half
 * is left out (the caller pads with spaces).
 */
export function sliceCells(text: string, cells: number): string {
  if (PLAIN.test(text)) return text.slice(0, Math.max(0, cells));
  let used = 0;
  let end = 0;
  for (const ch of text) {
    const w = cellWidth(ch.codePointAt(0)!);
    if (used + w > cells) break;
    used += w;
    end += ch.length;
  }
  return text.slice(0, end);
}

/** text cut to `cells` cells and padded with spaces to exactly that many. */
export function fitCells(text: string, cells: number): string {
  const cut = sliceCells(text, Math.max(0, cells));
  return cut + ' '.repeat(Math.max(0, cells - stringCells(cut)));
}

/**
 * text in exactly `cells` cells; when too long, its start and its last few characters around a "~"
 * (a unit like docker-<64 hex digits>.scope keeps both its kind and its suffix).
 */
export function fitMiddle(text: string, cells: number): string {
  if (stringCells(text) <= cells) return fitCells(text, cells);
  const chars = [...text];
  const tailLength = Math.min(8, Math.floor(cells / 3));
  const tail = chars.slice(chars.length - tailLength).join('');
  return fitCells(sliceCells(text, Math.max(0, cells - 1 - stringCells(tail))) + '~' + tail, cells);
}
