// A private tmux server for end-to-end screen tests: sessions of a given size, keys, captures with reverse video, resizes, polling.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { scratchDir } from './scratch-dir.js';

/** Fails loudly (never skips) when tmux is missing: CI must install it. */
export function requireTmux(): void {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'pipe' });
  } catch {
    throw new Error('tmux is not installed (apt-get install tmux); the end-to-end screen tests need a real terminal');
  }
}

export interface Capture {
  /** Visible rows, padded with blanks to the pane width. */
  readonly text: string[];
  /** Per row: '#' where the cell is in reverse video, '.' elsewhere. */
  readonly reverse: string[];
}

/** iftop's ACS line glyphs as tmux shows them (q m v, or x/j/k/l/t/u/w/n) mapped to wiretop's box characters. */
export function normaliseAcs(row: string): string {
  if (!/^[qmvxjkltuwn]+$/.test(row.trimEnd())) return row;
  return row.replace(/q/g, '─').replace(/m/g, '└').replace(/v/g, '┴');
}

let servers = 0;

export class Tmux {
  readonly socket = `wt-e2e-${process.pid}-${++servers}`;

  constructor() {
    requireTmux();
  }

  run(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** A detached session running `command` (through sh -c); the pane stays after the command ends. */
  start(name: string, cols: number, rows: number, command: string): void {
    this.run('new-session', '-d', '-s', name, '-x', String(cols), '-y', String(rows), command);
    this.run('set-option', '-t', name, 'remain-on-exit', 'on');
  }

  /** Keys by tmux name ('Enter', 'Escape', 'C-c', 'Left') or single characters. */
  keys(name: string, ...keys: string[]): void {
    this.run('send-keys', '-t', name, ...keys);
  }

  /** Text typed literally. */
  type(name: string, text: string): void {
    this.run('send-keys', '-t', name, '-l', text);
  }

  display(name: string, format: string): string {
    return this.run('display-message', '-p', '-t', name, format).trim();
  }

  size(name: string): { cols: number; rows: number } {
    const [cols, rows] = this.display(name, '#{pane_width} #{pane_height}').split(' ').map(Number);
    return { cols: cols!, rows: rows! };
  }

  resize(name: string, cols: number, rows: number): void {
    this.run('resize-window', '-t', name, '-x', String(cols), '-y', String(rows));
  }

  capture(name: string): Capture {
    const { cols, rows } = this.size(name);
    const raw = this.run('capture-pane', '-p', '-e', '-t', name).split('\n').slice(0, rows);
    while (raw.length < rows) raw.push('');
    const parsed = raw.map((l) => parseSgr(l, cols));
    return { text: parsed.map((p) => p.text), reverse: parsed.map((p) => p.reverse) };
  }

  /** Polls the pane until `ok` holds (every 50 ms); fails with the last screen after timeoutMs. */
  async waitFor(name: string, what: string, ok: (c: Capture) => boolean, timeoutMs = 10_000): Promise<Capture> {
    const end = Date.now() + timeoutMs;
    let last: Capture | null = null;
    for (;;) {
      try {
        last = this.capture(name);
        if (ok(last)) return last;
      } catch {
        // The pane may be between sizes; try again.
      }
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; the screen was:\n${last?.text.join('\n') ?? '(none)'}`);
      await sleep(50);
    }
  }

  /**
   * Like start(), and records the command's exit status in a file (tmux's own #{pane_dead_status} is
   * not always filled in); the returned function resolves with it once the command has ended.
   */
  startWithStatus(name: string, cols: number, rows: number, command: string): (timeoutMs?: number) => Promise<number> {
    const file = join(scratchDir('wt-tmux-'), 'status');
    this.start(name, cols, rows, `${command}; echo "$?" > '${file}'`);
    return async (timeoutMs = 10_000) => {
      const end = Date.now() + timeoutMs;
      while (Date.now() < end) {
        const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
        if (/^\d+\n$/.test(text)) return Number(text);
        await sleep(50);
      }
      throw new Error(`the command in ${name} did not end within ${timeoutMs} ms; the screen:\n${this.capture(name).text.join('\n')}`);
    };
  }

  /** Ends the server and removes its socket file. */
  kill(): void {
    try {
      this.run('kill-server');
    } catch {
      // Already gone.
    }
    const dir = join(process.env['TMUX_TMPDIR'] ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`);
    rmSync(join(dir, this.socket), { force: true });
  }
}

/** Plain text and reverse-video mask of one `capture-pane -e` line (SGR 7 on; 0 or 27 off). */
function parseSgr(line: string, cols: number): { text: string; reverse: string } {
  let text = '';
  let mask = '';
  let rev = false;
  for (let i = 0; i < line.length; ) {
    if (line[i] === '\x1b' && line[i + 1] === '[') {
      const end = line.slice(i + 2).search(/[@-~]/);
      if (end < 0) break;
      if (line[i + 2 + end] === 'm') {
        const params = line.slice(i + 2, i + 2 + end).split(';').map((p) => (p === '' ? 0 : Number(p)));
        for (const p of params) {
          if (p === 7) rev = true;
          else if (p === 0 || p === 27) rev = false;
        }
      }
      i += 3 + end;
      continue;
    }
    const ch = String.fromCodePoint(line.codePointAt(i)!);
    text += ch;
    mask += rev ? '#' : '.';
    i += ch.length;
  }
  return { text: text.padEnd(cols), reverse: mask.padEnd(cols, '.') };
}
