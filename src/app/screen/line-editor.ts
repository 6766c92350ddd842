// The `f`/`l` prompt's line editing (iftop 9.5): cursor moves, deletes, ^U ^A ^E ^W, Enter accepts, Esc/^G cancel.
import type { Editor } from './ui-state.js';

const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

export type EditOutcome = 'editing' | 'accept' | 'cancel' | 'beep';

/** Applies one key to the editor in place. Keys are characters or names ('left', 'enter', …). */
export function editLine(e: Editor, key: string): EditOutcome {
  switch (key) {
    case 'enter':
    case '\r':
    case '\n':
      return 'accept';
    case 'escape':
    case '\x07':
      return 'cancel';
    case '\x15': // ^U
      e.text = '';
      e.cursor = 0;
      return 'editing';
    case 'left':
      if (e.cursor === 0) return 'beep';
      e.cursor -= unitsBefore(e.text, e.cursor);
      return 'editing';
    case 'right':
      if (e.cursor === e.text.length) return 'beep';
      e.cursor += unitsAt(e.text, e.cursor);
      return 'editing';
    case 'home':
    case '\x01':
      e.cursor = 0;
      return 'editing';
    case 'end':
    case '\x05':
      e.cursor = e.text.length;
      return 'editing';
    case 'delete':
      if (e.cursor === e.text.length) return 'beep';
      e.text = e.text.slice(0, e.cursor) + e.text.slice(e.cursor + unitsAt(e.text, e.cursor));
      return 'editing';
    case 'backspace': {
      if (e.cursor === 0) return 'beep';
      const n = unitsBefore(e.text, e.cursor);
      e.text = e.text.slice(0, e.cursor - n) + e.text.slice(e.cursor);
      e.cursor -= n;
      return 'editing';
    }
    case '\x17': {
      // ^W: back to and including the previous white space, or to the start.
      const cut = Math.max(0, e.text.slice(0, e.cursor).lastIndexOf(' '));
      e.text = e.text.slice(0, cut) + e.text.slice(e.cursor);
      e.cursor = cut;
      return 'editing';
    }
    default:
      // Printable characters only: no C0/C1 controls, DEL, bidi overrides or zero-width characters.
      if ([...key].length === 1 && !UNPRINTABLE.test(key)) {
        e.text = e.text.slice(0, e.cursor) + key + e.text.slice(e.cursor);
        e.cursor += key.length;
        return 'editing';
      }
      return 'beep';
  }
}

/**
 * UTF-16 units of the character before / at `i`: 2 for a character outside the BMP (an emoji), so
 * cursor moves and deletes never split a surrogate pair into two broken halves.
 */
function unitsBefore(text: string, i: number): number {
  return i >= 2 && isLow(text.charCodeAt(i - 1)) && isHigh(text.charCodeAt(i - 2)) ? 2 : 1;
}

function unitsAt(text: string, i: number): number {
  return i + 1 < text.length && isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1)) ? 2 : 1;
}

function isHigh(u: number): boolean {
  return u >= 0xd800 && u <= 0xdbff;
}

function isLow(u: number): boolean {
  return u >= 0xdc00 && u <= 0xdfff;
}
