// Drops root after the capture is open (tcpdump -Z): supplementary groups cleared, then gid, then uid.
import { findUser } from '../../config/passwd.js';
import { readTextFile } from './linux-host.js';

export type DropResult =
  | { kind: 'dropped'; user: string; uid: number; gid: number }
  | { kind: 'not-root' }
  | { kind: 'kept-root' }
  | { kind: 'error'; message: string };

/**
 * Runs as the user from -Z, else the one who ran sudo (SUDO_USER), else "nobody". Moving from uid 0
 * to another uid also clears every capability, so nothing can re-open a capture afterwards; the
 * open pcap handle (a file descriptor) keeps working. `-Z root` keeps root on purpose.
 */
export function dropPrivileges(requested: string | null): DropResult {
  if (process.getuid?.() !== 0) return { kind: 'not-root' };
  const name = requested ?? process.env['SUDO_USER'] ?? 'nobody';
  const passwd = readTextFile('/etc/passwd');
  const user = findUser('text' in passwd ? passwd.text : '', name);
  if (user === null) return { kind: 'error', message: `no such user "${name}" to run as (-Z USER)` };
  if (user.uid === 0) return { kind: 'kept-root' };
  try {
    process.setgroups?.([]);
    process.setgid?.(user.gid);
    process.setuid?.(user.uid);
  } catch (e) {
    return { kind: 'error', message: `cannot switch to user "${name}": ${e instanceof Error ? e.message : String(e)}` };
  }
  return { kind: 'dropped', user: user.name, uid: user.uid, gid: user.gid };
}
