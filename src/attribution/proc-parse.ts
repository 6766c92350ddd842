// /proc/PID/{stat,status,cmdline} and fd link texts parsed (pure, bounded); names made inert for terminals.
import { inert } from '../format/inert.js';

export interface ProcStat {
  /** comm as the kernel keeps it (≤ 15 bytes), inert. */
  readonly comm: string;
  readonly state: string;
  readonly ppid: number;
  /** Clock ticks since boot: with the pid, tells a process from a later one given the same pid. */
  readonly startTime: number;
}

/**
 * Parses /proc/PID/stat. comm sits in parentheses and may itself hold spaces and ")" (a program can
 * name itself anything), so the fields are counted from the last ")".
 */
export function parseStat(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const fields = text.slice(close + 2).split(' ');
  // fields[0] is field 3 (state); ppid is field 4, starttime field 22.
  const state = fields[0] ?? '';
  const ppid = Number(fields[1]);
  const startTime = Number(fields[19]);
  if (state.length !== 1 || !Number.isInteger(ppid) || !Number.isInteger(startTime)) return null;
  return { comm: inert(text.slice(open + 1, Math.min(close, open + 1 + 64))), state, ppid, startTime };
}

/** The effective uid from /proc/PID/status ("Uid:\treal\teffective\tsaved\tfs"), as ps shows it; null if absent. */
export function parseStatusUid(text: string): number | null {
  const at = text.indexOf('\nUid:');
  const start = at < 0 ? (text.startsWith('Uid:') ? 0 : -1) : at + 1;
  if (start < 0) return null;
  const end = text.indexOf('\n', start);
  const ids = text.slice(start + 4, end < 0 ? undefined : end).trim().split(/\s+/);
  const euid = Number(ids[1] ?? ids[0]);
  return Number.isInteger(euid) && euid >= 0 ? euid : null;
}

const decoder = new TextDecoder('utf-8', { fatal: false });
export const CMDLINE_LIMIT = 4096;

/** argv from /proc/PID/cmdline (NUL-separated) joined by spaces, at most CMDLINE_LIMIT bytes, inert. */
export function parseCmdline(bytes: Uint8Array): string {
  let end = Math.min(bytes.length, CMDLINE_LIMIT);
  while (end > 0 && bytes[end - 1] === 0) end--;
  const copy = bytes.slice(0, end);
  for (let i = 0; i < copy.length; i++) if (copy[i] === 0) copy[i] = 0x20;
  return inert(decoder.decode(copy));
}

/** The inode of an fd link "socket:[12345]", or -1 for anything that is not a socket. */
export function socketInodeOfLink(link: string): number {
  if (!link.startsWith('socket:[') || !link.endsWith(']') || link.length > 20) return -1;
  const n = Number(link.slice(8, -1));
  return Number.isInteger(n) && n > 0 ? n : -1;
}

/** PIDs among /proc's entry names (digits only, no leading zero). */
export function pidsOf(names: readonly string[], out: number[]): void {
  out.length = 0;
  for (const name of names) {
    const c = name.charCodeAt(0);
    if (c < 0x31 || c > 0x39 || name.length > 10) continue;
    const n = Number(name);
    if (Number.isInteger(n)) out.push(n);
  }
}
