import { randomUUID } from 'node:crypto';
import { MigrationError } from '../../errors.js';
import { openSqliteFile } from '../sqliteFile.js';
import {
  MIGRATIONS_TABLE_DDL,
  SELECT_APPLIED,
  assertUpgradable,
  compareMigrations,
  listMigrationFiles,
  toApplied,
  type AppliedMigration,
  type AppliedRow,
  type MigrationStatus,
  type UpgradeResult,
} from './files.js';

export async function readStatusSqlite(path: string): Promise<MigrationStatus> {
  const db = openSqliteFile(path);
  try {
    return compareMigrations(listMigrationFiles('sqlite'), readAppliedSqlite(db));
  } finally {
    db.close();
  }
}

function readAppliedSqlite(db: ReturnType<typeof openSqliteFile>): AppliedMigration[] {
  const table = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get();
  if (!table) return [];
  return toApplied(db.prepare(SELECT_APPLIED).all() as AppliedRow[]);
}

export async function upgradeSqlite(path: string): Promise<UpgradeResult> {
  const files = listMigrationFiles('sqlite');
  const db = openSqliteFile(path);
  const applied: string[] = [];
  try {
    // Every start of a pass comes here; with nothing to apply it takes no write lock, so it
    // never queues behind a pass that holds one.
    const current = compareMigrations(files, readAppliedSqlite(db));
    if (current.pending.length === 0) {
      assertUpgradable(current);
      return { applied, status: current };
    }
    db.exec(MIGRATIONS_TABLE_DDL.sqlite);
    for (const file of files) {
      // Prisma stores SQLite timestamps in _prisma_migrations as epoch milliseconds.
      const ranNow = db
        .transaction(() => {
          const status = compareMigrations(files, readAppliedSqlite(db));
          assertUpgradable(status);
          if (!status.pending.includes(file.name)) return false;
          const startedAt = Date.now();
          db.exec(file.sql);
          db.prepare(
            `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
           VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
          ).run(randomUUID(), file.checksum, Date.now(), file.name, startedAt);
          return true;
        })
        .immediate();
      if (ranNow) applied.push(file.name);
    }
    return { applied, status: compareMigrations(files, readAppliedSqlite(db)) };
  } catch (error) {
    if (error instanceof MigrationError) throw error;
    throw new MigrationError(`migrating SQLite database ${path} failed: ${(error as Error).message}`, 'E_MIGRATION', {
      cause: error,
    });
  } finally {
    db.close();
  }
}
