import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseUnavailableError } from '../errors.js';

/** How long a writer waits for another process's lock before giving up: lock waits are not errors. */
export const SQLITE_BUSY_TIMEOUT_MS = 30_000;

/**
 * The page cache of a connection that only reads: SQLite's own default (2 MB), not
 * better-sqlite3's 16 MB. Each cached page is fresh memory, and first-touch page faults
 * made a pass that finds nothing to do spend ~55 ms filling the cache against ~20 ms.
 */
const READING_CACHE_KIB = 2000;
/**
 * The page cache once a connection writes: better-sqlite3's default. Inserting runs touches
 * every index of flow_run, one of them (by start time) all over; with 2 MB its pages were
 * evicted and read back, ~10% more CPU for a 100,000-run pass. 64 MB was no faster.
 */
const WRITING_CACHE_KIB = 16_000;

/** Gives a connection that is about to write the larger page cache; it keeps it from then on. */
export function sizePageCacheForWriting(db: Database.Database): void {
  db.pragma(`cache_size = -${WRITING_CACHE_KIB}`);
}

/**
 * Opens (creating if needed) a SQLite file for the tool. A new folder is made 0700 and
 * a new file 0600: run history and parameters may hold secrets. WAL lets a `preview`
 * read while a pass writes.
 */
export function openSqliteFile(path: string): Database.Database {
  const isNew = !existsSync(path);
  try {
    if (isNew) mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const db = new Database(path, { timeout: SQLITE_BUSY_TIMEOUT_MS });
    if (isNew) chmodSync(path, 0o600);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`cache_size = -${READING_CACHE_KIB}`);
    return db;
  } catch (error) {
    throw new DatabaseUnavailableError(`cannot open SQLite database ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
