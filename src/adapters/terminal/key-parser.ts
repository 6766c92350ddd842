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
      while (j < chunk.length && j - i < 16 && !/[@-~]/.test(chunk[j]!)) j++;
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
