// Wiring shared by live and file runs of the full-screen view: when to use it, the terminal, its lifecycle and signals.
import { TtyTerminal } from './adapters/terminal/tty-terminal.js';
import type { ScreenLoop } from './app/screen/screen-loop.js';
import type { Configuration } from './cli/configuration.js';
import { ASCII_GLYPHS, UNICODE_GLYPHS } from './render/screen/screen-input.js';
import type { Glyphs } from './render/screen/screen-input.js';
import { SIGNAL_NUMBERS } from './wiring.js';

/**
 * The screen is used unless -t or --ndjson was given, or there is no usable terminal (stdin and
 * stdout must be terminals; TERM unset or "dumb" means no cursor addressing): then text mode.
 */
export function screenWanted(config: Configuration): boolean {
  const term = process.env['TERM'];
  return !config.settings.noCurses && !config.extras.ndjson && process.stdout.isTTY === true &&
    process.stdin.isTTY === true && term !== undefined && term !== '' && term !== 'dumb';
}

/** Box-drawing characters in a UTF-8 locale, ASCII otherwise. */
export function glyphsForLocale(): Glyphs {
  const locale = process.env['LC_ALL'] || process.env['LC_CTYPE'] || process.env['LANG'] || '';
  return /utf-?8/i.test(locale) ? UNICODE_GLYPHS : ASCII_GLYPHS;
}

export interface ScreenRun {
  readonly terminal: TtyTerminal;
  /** The exit status decided by a signal or a control key (0 until then). */
  status(): number;
  /** Hands the loop over so signals and control keys can end it. */
  attach(loop: ScreenLoop): void;
}

/**
 * The terminal plus everything that must restore it: Ctrl+C quits with 0 (as iftop), SIGTERM, SIGHUP
 * and SIGQUIT with 128+n, Ctrl+Z suspends with the terminal restored and redraws on `fg`, and the
 * process 'exit' hook restores it whatever else happens (an uncaught error, EIO on the terminal).
 */
export function startScreen(): ScreenRun {
  const terminal = new TtyTerminal(process.stdin, process.stdout);
  let loop: ScreenLoop | null = null;
  let status = 0;
  const quit = (code: number) => {
    status = code;
    loop?.end({ reason: 'quit' });
  };
  process.on('exit', () => terminal.restore());
  process.stdout.on('error', () => quit(1));
  for (const s of ['SIGTERM', 'SIGHUP', 'SIGQUIT'] as const) process.on(s, () => quit(128 + SIGNAL_NUMBERS[s]));
  process.on('SIGINT', () => quit(0));
  const suspend = () => {
    terminal.restore();
    process.once('SIGCONT', () => {
      terminal.enter();
      terminal.emitKey('\x0c'); // a full repaint once back in the foreground
    });
    process.kill(process.pid, 'SIGSTOP');
  };
  process.on('SIGTSTP', suspend);
  terminal.interceptControlKeys((k) => {
    if (k === '\x03') quit(0);
    else if (k === '\x1c') quit(128 + SIGNAL_NUMBERS.SIGQUIT);
    else suspend();
  });
  return { terminal, status: () => status, attach: (l) => (loop = l) };
}
