// Splits raw terminal input into keys: characters, control characters and named keys from escape sequences.

const SEQUENCES: Record<string, string> = {
  '\x1b[A': 'up', '\x1b[B': 'down', '\x1b[C': 'right', '\x1b[D': 'left',
  '\x1bOA': 'up', '\x1bOB': 'down', '\x1bOC': 'right', '\x1bOD': 'left',
  '\x1b[H': 'home', '\x1b[F': 'end', '\x1bOH': 'home', '\x1bOF': 'end',
  '\x1b[1~': 'home', '\x1b[4~': 'end', '\x1b[7~': 'home', '\x1b[8~': 'end',
  '\x1b[3~': 'delete', '\x1b[2~': 'insert', '\x1b[5~': 'pageup', '\x1b[6~': 'pagedown',
};

/**
 * Keys in one chunk of input. An ESC followed by more bytes in the same chunk starts a sequence
 * (CSI or SS3, bounded to 16 bytes); an ESC at the end of a chunk is the Escape key. Unknown
 * sequences become 'unknown' rather than a stream of letters.
 */
export function parseKeys(chunk: string): string[] {
  const keys: string[] = [];
  let i = 0;
  while (i < chunk.length) {
    const ch = chunk[i]!;
    if (ch === '\x1b' && i + 1 < chunk.length && (chunk[i + 1] === '[' || chunk[i + 1] === 'O')) {
      let j = i + 2;
      // Parameters and intermediates, then one final byte in @..~.
      while (j < chunk.length && j - i < MAX_SEQUENCE && !/[@-~]/.test(chunk[j]!)) j++;
      const seq = chunk.slice(i, j + 1);
      keys.push(SEQUENCES[seq] ?? 'unknown');
      i = j + 1;
      continue;
    }
    if (ch === '\x1b') keys.push('escape');
    else if (ch === '\x7f' || ch === '\x08') keys.push('backspace');
    else if (ch === '\r' || ch === '\n') keys.push('enter');
    else {
      // One key per code point: a character outside the BMP is two UTF-16 units.
      const full = String.fromCodePoint(chunk.codePointAt(i)!);
      keys.push(full);
      i += full.length;
      continue;
    }
    i++;
  }
  return keys;
}

/** Bytes an escape sequence may take before parseKeys ends it (kept in step with its loop). */
const MAX_SEQUENCE = 16;

/**
 * Keys across reads. A terminal (or ssh, or tmux) may deliver an escape sequence in two reads; parsing
 * each read alone would turn the tail of `ESC [ D` into the key `D`, a command. An unfinished
 * sequence at the end of a read is held back until the next read completes it, or until the caller
 * decides the pause was too long (a lone Esc typed by a person) and calls flush().
 */
export class KeyReader {
  private pending = '';

  /** Keys this read completes; an unfinished sequence at its end waits for the next read. */
  feed(chunk: string): string[] {
    const text = this.pending + chunk;
    const cut = unfinishedFrom(text);
    this.pending = text.slice(cut);
    return parseKeys(text.slice(0, cut));
  }

  /** Whether part of a sequence is waiting (the caller flushes it after a short pause). */
  get waiting(): boolean {
    return this.pending !== '';
  }

  /** What was held back, as keys: a lone Esc is the Escape key, a sequence cut short is 'unknown'. */
  flush(): string[] {
    const keys = parseKeys(this.pending);
    this.pending = '';
    return keys;
  }
}

/** Where an escape sequence that the text ends in the middle of begins (text.length when none). */
function unfinishedFrom(text: string): number {
  const k = text.lastIndexOf('\x1b');
  if (k < 0) return text.length;
  if (k === text.length - 1) return k;
  if (text[k + 1] !== '[' && text[k + 1] !== 'O') return text.length;
  for (let j = k + 2; j < text.length; j++) if (/[@-~]/.test(text[j]!)) return text.length;
  return text.length - k < MAX_SEQUENCE ? k : text.length;
}
