// Loads better-sqlite3 (with URI filenames on, for read-only access to a WAL file in a read-only directory) and names its errors.
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

type DatabaseConstructor = typeof BetterSqlite3;
let loaded: DatabaseConstructor | null = null;

/**
 * The driver, loaded on first use. SQLITE_USE_URI is read once, when the addon loads: it lets a
 * reader open `file:…?immutable=1` (see openReadOnly). Every path this module opens is absolute, so
 * no other name can be mistaken for a URI.
 */
export function sqlite(): DatabaseConstructor {
  if (loaded === null) {
    process.env['SQLITE_USE_URI'] = '1';
    loaded = createRequire(import.meta.url)('better-sqlite3') as DatabaseConstructor;
  }
  return loaded;
}

/** SQLite's error code (SQLITE_FULL, SQLITE_READONLY_DIRECTORY, …), or null for other errors. */
export function sqliteCode(e: unknown): string | null {
  return e instanceof Error && 'code' in e && typeof e.code === 'string' && e.code.startsWith('SQLITE_') ? e.code : null;
}

/** One line for an operator: what is wrong with the file, in words, with SQLite's code. */
export function sqliteProblem(path: string, e: unknown): string {
  const code = sqliteCode(e);
  const msg = e instanceof Error ? e.message : String(e);
  if (code === null) return `${path}: ${msg}`;
  if (code === 'SQLITE_FULL') return `${path}: the disk is full (${code})`;
  if (code.startsWith('SQLITE_READONLY')) return `${path} is read-only (${code})`;
  if (code.startsWith('SQLITE_IOERR')) return `${path}: input/output error (${code}${/space/i.test(msg) ? ', no space left' : ''})`;
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') return `${path} is corrupt (${code}): restore it from a backup, or move it away to start a new one`;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return `${path} is locked by another writer (${code})`;
  if (code.startsWith('SQLITE_CANTOPEN')) return `cannot open ${path} (${code})`;
  return `${path}: ${msg} (${code})`;
}

/** Whether an error says the file is damaged (as opposed to full, read-only or busy). */
export function isCorruption(e: unknown): boolean {
  const code = sqliteCode(e);
  return code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || (code?.startsWith('SQLITE_CORRUPT') ?? false);
}
