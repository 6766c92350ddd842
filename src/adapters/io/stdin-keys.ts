// Single-key input for text mode: raw mode on a terminal (restored on exit), plain reads from a pipe, stops at EOF.

export interface KeyReader {
  /** Restores the terminal mode and stops reading. */
  close(): void;
}

/**
 * Calls onKey for every character typed. Ctrl+C, Ctrl+\ and Ctrl+Z arrive as characters in raw
 * mode, so they are mapped back to what the signal would have done. At EOF reading simply stops
 * (iftop spins at 100 % CPU there).
 */
export function readKeys(
  stdin: NodeJS.ReadStream,
  onKey: (key: string) => void,
  onSignalKey: (signal: 'SIGINT' | 'SIGQUIT' | 'SIGTSTP') => void,
): KeyReader {
  const tty = stdin.isTTY === true;
  if (tty) stdin.setRawMode(true);
  const onData = (chunk: Buffer) => {
    for (const ch of chunk.toString('latin1')) {
      if (ch === '\x03') onSignalKey('SIGINT');
      else if (ch === '\x1c') onSignalKey('SIGQUIT');
      else if (ch === '\x1a') onSignalKey('SIGTSTP');
      else onKey(ch);
    }
  };
  const stop = () => close();
  stdin.on('data', onData);
  stdin.on('end', stop);
  stdin.on('error', stop);
  let closed = false;
  function close(): void {
    if (closed) return;
    closed = true;
    stdin.off('data', onData);
    if (tty) stdin.setRawMode(false);
    stdin.pause();
  }
  return { close };
}
