// Merges the command line with ~/.iftoprc (or -c FILE) into settings, collecting iftop's messages in order.
import { applyIftoprc } from '../config/iftoprc.js';
import type { Settings } from '../config/settings.js';
import { deriveSettings } from '../config/settings.js';
import type { Extras } from './args.js';

export interface Configuration {
  settings: Settings;
  extras: Extras;
  /** Non-fatal messages for stderr: config-file messages first, then value messages. */
  messages: string[];
}

/** Reads a whole text file; the error's message is what strerror() would say. */
export type ReadText = (path: string) => { text: string } | { error: { code?: string; message: string } };

/**
 * The command line's keys win over the file's (iftop reads the file after the command line and never
 * replaces a key). Without -c a missing ~/.iftoprc is silent; with -c it is reported and ignored.
 */
export function loadConfiguration(
  cli: { keys: Map<string, string>; configFile: string | null; extras: Extras },
  home: string | undefined,
  readText: ReadText,
): Configuration {
  const keys = new Map(cli.keys);
  const messages: string[] = [];
  const explicit = cli.configFile !== null;
  const path = cli.configFile ?? (home === undefined ? 'iftoprc' : `${home}/.iftoprc`);
  const file = readText(path);
  if ('text' in file) messages.push(...applyIftoprc(file.text, path, keys));
  else if (explicit) messages.push(`${path}: ${strerror(file.error)}`);
  const { settings, messages: valueMessages } = deriveSettings(keys);
  messages.push(...valueMessages);
  return { settings, extras: cli.extras, messages };
}

const STRERROR: Record<string, string> = {
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  ELOOP: 'Too many levels of symbolic links',
};

function strerror(e: { code?: string; message: string }): string {
  return (e.code !== undefined ? STRERROR[e.code] : undefined) ?? e.message;
}
