// Drops root once everything privileged is open (tcpdump -Z): groups, gid, uid; only the capabilities asked for stay permitted.
import { findUser } from '../../config/passwd.js';
import type { DropResult } from '../../ports/process-port.js';
import { Cap, getCaps, keepCapsOnUidChange, mask, setCaps } from './capabilities.js';
import { readTextFile } from './linux-host.js';

export type { DropResult } from '../../ports/process-port.js';

/**
 * Capabilities kept permitted (never effective) after the drop: CAP_NET_RAW, so a capture whose
 * interface went away and came back can be opened again — the capture worker raises it only while
 * it opens the handle. Everything else goes.
 */
export const KEPT_CAPS: readonly number[] = [Cap.NET_RAW];

/**
 * With process attribution on, the main thread (which reads /proc) also keeps, effective, the two
 * capabilities that reading other users' /proc/PID/fd needs: CAP_SYS_PTRACE (the ptrace access check
 * on the fd directory) and CAP_DAC_READ_SEARCH (its permission bits). Nothing else.
 */
export const ATTRIBUTION_CAPS: readonly number[] = [Cap.SYS_PTRACE, Cap.DAC_READ_SEARCH];

/**
 * Runs as the user from -Z, else the one who ran sudo (SUDO_USER), else "nobody". The main thread
 * keeps `keep` permitted across the uid change (PR_SET_KEEPCAPS) and then narrows its sets to
 * exactly that, effective only `effective` (attribution's); worker threads started later inherit those sets. Open handles (file
 * descriptors) keep working. `-Z root` keeps root on purpose.
 */
export function dropPrivileges(requested: string | null, keep: readonly number[] = KEPT_CAPS, effective: readonly number[] = []): DropResult {
  if (process.getuid?.() !== 0) return { kind: 'not-root' };
  const name = requested ?? process.env['SUDO_USER'] ?? 'nobody';
  const passwd = readTextFile('/etc/passwd');
  const user = findUser('text' in passwd ? passwd.text : '', name);
  if (user === null) return { kind: 'error', message: `no such user "${name}" to run as (-Z USER)` };
  if (user.uid === 0) return { kind: 'kept-root' };
  const kept = mask([...keep, ...effective]);
  try {
    if (kept !== 0n && !keepCapsOnUidChange(true)) throw new Error('prctl(PR_SET_KEEPCAPS) refused');
    process.setgroups?.([]);
    process.setgid?.(user.gid);
    process.setuid?.(user.uid);
    if (kept !== 0n) {
      keepCapsOnUidChange(false);
      const now = getCaps();
      if (!setCaps({ effective: now.permitted & mask(effective), permitted: now.permitted & kept, inheritable: 0n })) throw new Error('capset refused');
    }
  } catch (e) {
    return { kind: 'error', message: `cannot switch to user "${name}": ${e instanceof Error ? e.message : String(e)}` };
  }
  return { kind: 'dropped', user: user.name, uid: user.uid, gid: user.gid };
}
