// Checks a history file's SQLite header before SQLite touches it: not SQLite, truncated, someone else's, too new.
import { closeSync, existsSync, fstatSync, openSync, readSync, statSync } from 'node:fs';

/** PRAGMA application_id of wiretop history databases: "wtop". */
export const APPLICATION_ID = 0x77746f70;

export type HeaderCheck =
  | { readonly ok: true; readonly applicationId: number; readonly userVersion: number }
  | { readonly ok: false; readonly problem: string };

const MAGIC = 'SQLite format 3\0';

/**
 * Reads the 100-byte header (https://www.sqlite.org/fileformat.html §1.3). A file cut short is
 * caught by comparing its size with the page count the header records, unless a write-ahead log
 * is present (then SQLite recovers the missing pages from it). `newest` is the schema version this
 * build reads up to.
 */
export function checkHeader(path: string, newest: number): HeaderCheck {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    return { ok: false, problem: `cannot read ${path}: ${errnoText(e)}` };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, problem: `${path} is not a regular file (a directory?): give the database file` };
    const size = st.size;
    if (size === 0) return { ok: false, problem: `${path} is empty (0 bytes), not a history database: remove it to start a new one, or restore it from a backup` };
    const h = Buffer.alloc(100);
    const n = readSync(fd, h, 0, 100, 0);
    if (n < 100 || h.toString('latin1', 0, 16) !== MAGIC) {
      return { ok: false, problem: `${path} is not a SQLite database (corrupt or truncated to ${size} bytes): restore it from a backup or give another file` };
    }
    const raw = h.readUInt16BE(16);
    const pageSize = raw === 1 ? 65536 : raw;
    if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) return { ok: false, problem: `${path} has a corrupt SQLite header (page size ${raw}): restore it from a backup` };
    const applicationId = h.readUInt32BE(68);
    const userVersion = h.readUInt32BE(60);
    if (applicationId !== APPLICATION_ID && applicationId !== 0) {
      return { ok: false, problem: `${path} is a SQLite database of another program (application id 0x${applicationId.toString(16)}), not a wiretop history: give another file` };
    }
    if (applicationId === APPLICATION_ID && userVersion > newest) return { ok: false, problem: newerSchema(path, userVersion, newest) };
    const pages = h.readUInt32BE(28);
    const headerSizeValid = pages > 0 && h.readUInt32BE(24) === h.readUInt32BE(92);
    if (!walPresent(path) && (size % pageSize !== 0 || (headerSizeValid && size < pages * pageSize))) {
      return { ok: false, problem: `${path} is truncated (${size} bytes, its header says ${headerSizeValid ? pages * pageSize : 'whole pages of ' + pageSize} bytes): restore it from a backup, or move it away to start a new one` };
    }
    return { ok: true, applicationId, userVersion };
  } catch (e) {
    return { ok: false, problem: `cannot read ${path}: ${errnoText(e)}` };
  } finally {
    closeSync(fd);
  }
}

export function newerSchema(path: string, found: number, newest: number): string {
  return `${path} was written by a newer wiretop (history schema ${found}, this one reads up to ${newest}): upgrade wiretop, or use another file`;
}

function walPresent(path: string): boolean {
  try {
    return statSync(`${path}-wal`).size > 0;
  } catch {
    return false;
  }
}

export function exists(path: string): boolean {
  return existsSync(path);
}

export function errnoText(e: unknown): string {
  if (e instanceof Error && 'code' in e && typeof e.code === 'string') {
    const code = e.code;
    const text: Record<string, string> = { ENOENT: 'no such file or directory', EACCES: 'permission denied', EROFS: 'read-only file system', ENOSPC: 'no space left on device', ENOTDIR: 'a path component is not a directory', EISDIR: 'is a directory' };
    return `${text[code] ?? e.message} (${code})`;
  }
  return e instanceof Error ? e.message : String(e);
}
