// Finds a user in /etc/passwd text (pure), for dropping privileges to -Z USER.

export interface PasswdEntry {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

/** The entry for `name` (or a numeric uid), or null. Lines are name:password:uid:gid:… */
export function findUser(passwd: string, name: string): PasswdEntry | null {
  for (const line of passwd.split('\n')) {
    const f = line.split(':');
    if (f.length < 4 || line.startsWith('#')) continue;
    const uid = Number(f[2]), gid = Number(f[3]);
    if (!Number.isInteger(uid) || !Number.isInteger(gid)) continue;
    if (f[0] === name || (/^\d+$/.test(name) && uid === Number(name))) return { name: f[0]!, uid, gid };
  }
  return null;
}

/** uid → name for every entry (the first name wins when a uid repeats), for showing process owners. */
export function uidNames(passwd: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const line of passwd.split('\n')) {
    const f = line.split(':');
    if (f.length < 4 || line.startsWith('#') || f[0] === '') continue;
    const uid = Number(f[2]);
    if (Number.isInteger(uid) && uid >= 0 && !names.has(uid)) names.set(uid, f[0]!);
  }
  return names;
}
