// Where the history database lives by default: a pure function of the user id and the environment.

export const SYSTEM_HISTORY_PATH = '/var/lib/wiretop/history.db';

/**
 * The path a recorder writes by default: $STATE_DIRECTORY/history.db under a systemd unit with
 * StateDirectory= (its first entry), /var/lib/wiretop/history.db as root, else
 * $XDG_STATE_HOME/wiretop/history.db with ~/.local/state when XDG_STATE_HOME is unset or not absolute
 * (the XDG spec says to ignore relative values). Null when no home directory is known.
 */
export function defaultHistoryPath(uid: number, env: Readonly<Record<string, string | undefined>>): string | null {
  const stateDir = (env['STATE_DIRECTORY'] ?? '').split(':')[0] ?? '';
  if (stateDir.startsWith('/')) return `${stateDir.replace(/\/+$/, '')}/history.db`;
  if (uid === 0) return SYSTEM_HISTORY_PATH;
  const xdg = env['XDG_STATE_HOME'] ?? '';
  if (xdg.startsWith('/')) return `${xdg.replace(/\/+$/, '')}/wiretop/history.db`;
  const home = env['HOME'] ?? '';
  if (!home.startsWith('/')) return null;
  return `${home.replace(/\/+$/, '')}/.local/state/wiretop/history.db`;
}

/**
 * Where `wiretop history` looks when no --db is given, in order: the recorder's default for this
 * user, then the system database (a user reading what the root daemon records).
 */
export function historyReadCandidates(uid: number, env: Readonly<Record<string, string | undefined>>): string[] {
  const own = defaultHistoryPath(uid, env);
  const out = own === null ? [] : [own];
  if (!out.includes(SYSTEM_HISTORY_PATH)) out.push(SYSTEM_HISTORY_PATH);
  return out;
}
