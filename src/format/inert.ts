// Makes text from outside (interface, host, process names) inert before it reaches a terminal or a text line.

/** Control (C0, DEL, C1), format (bidi overrides, zero-width), line and paragraph separator characters. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/**
 * Replaces every character that could move the cursor, start an escape sequence (CSI, OSC: window
 * title, clipboard, hyperlinks) or reorder text with a visible escape: \x1b, \x9b, \u{202e}.
 */
export function inert(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const cp = c.codePointAt(0)!;
    return cp <= 0xff ? `\\x${cp.toString(16).padStart(2, '0')}` : `\\u{${cp.toString(16)}}`;
  });
}
