// Whether a run uses the full screen, and with which line glyphs: decided from the options, the environment and the terminals.
import type { Configuration } from '../../cli/configuration.js';
import { ASCII_GLYPHS, UNICODE_GLYPHS } from '../../render/screen/screen-input.js';
import type { Glyphs } from '../../render/screen/screen-input.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The screen is used unless -t or --ndjson was given, or there is no usable terminal (stdin and
 * stdout must be terminals; TERM unset or "dumb" means no cursor addressing): then text mode.
 */
export function screenWanted(config: Configuration, env: Env, tty: { readonly stdinIsTTY: boolean; readonly stdoutIsTTY: boolean }): boolean {
  const term = env['TERM'];
  return !config.settings.noCurses && !config.extras.ndjson && tty.stdoutIsTTY && tty.stdinIsTTY && term !== undefined && term !== '' && term !== 'dumb';
}

/** Box-drawing characters in a UTF-8 locale, ASCII otherwise. */
export function glyphsForLocale(env: Env): Glyphs {
  const locale = env['LC_ALL'] || env['LC_CTYPE'] || env['LANG'] || '';
  return /utf-?8/i.test(locale) ? UNICODE_GLYPHS : ASCII_GLYPHS;
}
