import { randomUUID } from 'node:crypto';
import { DatabaseUnavailableError, MigrationError } from '../errors.js';
import type { DatabaseTarget } from './databaseUrl.js';
import { openSqliteFile } from './sqliteFile.js';
import { connectPostgres } from './postgresConnection.js';
import {
  MIGRATIONS_TABLE_DDL,
  compareMigrations,
  listMigrationFiles,
  type AppliedMigration,
  type MigrationStatus,
} from './migrations.js';

/** The key Prisma's own schema engine locks on, so `prisma migrate deploy` and we exclude each other. */
const PRISMA_ADVISORY_LOCK_KEY = 72707369;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

export interface UpgradeResult {
  applied: string[];
  status: MigrationStatus;
}

/**
 * Applies pending migrations in name order, each in its own transaction, and records
 * them in `_prisma_migrations` as Prisma does. Two processes may run it at once: SQLite
 * serialises them with BEGIN IMMEDIATE, PostgreSQL with Prisma's advisory lock, and each
 * re-reads the table after taking the lock.
 */
export async function upgradeDatabase(target: DatabaseTarget): Promise<UpgradeResult> {
  return target.provider === 'sqlite' ? upgradeSqlite(target.path) : upgradePostgres(target.url);
}

export async function readMigrationStatus(target: DatabaseTarget): Promise<MigrationStatus> {
  const files = listMigrationFiles(target.provider);
  if (target.provider === 'sqlite') {
    const db = openSqliteFile(target.path);
    try {
      return compareMigrations(files, readAppliedSqlite(db));
    } finally {
      db.close();
    }
  }
  const client = await connectPostgres(target.url);
  try {
    const exists = await client.query(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`);
    if (!exists.rows[0]?.present) return compareMigrations(files, []);
    return compareMigrations(files, toApplied((await client.query(SELECT_APPLIED)).rows));
  } finally {
    await client.end();
  }
}

const SELECT_APPLIED = `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at, migration_name`;

function toApplied(rows: AppliedRow[]): AppliedMigration[] {
  const asDate = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string | number));
  return rows.map((row) => ({
    name: row.migration_name,
    checksum: row.checksum,
    finishedAt: asDate(row.finished_at),
    rolledBackAt: asDate(row.rolled_back_at),
  }));
}

function readAppliedSqlite(db: ReturnType<typeof openSqliteFile>): AppliedMigration[] {
  const table = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get();
  if (!table) return [];
  return toApplied(db.prepare(SELECT_APPLIED).all() as AppliedRow[]);
}

function assertUpgradable(status: MigrationStatus): void {
  if (status.failed.length > 0) {
    throw new MigrationError(
      `migration ${status.failed[0]} started earlier and never finished; inspect the database, then mark it rolled back in _prisma_migrations`,
    );
  }
}

async function upgradeSqlite(path: string): Promise<UpgradeResult> {
  const files = listMigrationFiles('sqlite');
  const db = openSqliteFile(path);
  const applied: string[] = [];
  try {
    db.exec(MIGRATIONS_TABLE_DDL.sqlite);
    for (const file of files) {
      // Prisma stores SQLite timestamps in _prisma_migrations as epoch milliseconds.
      const ranNow = db.transaction(() => {
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
      }).immediate();
      if (ranNow) applied.push(file.name);
    }
    return { applied, status: compareMigrations(files, readAppliedSqlite(db)) };
  } catch (error) {
    if (error instanceof MigrationError) throw error;
    throw new MigrationError(`migrating SQLite database ${path} failed: ${(error as Error).message}`, 'E_MIGRATION', { cause: error });
  } finally {
    db.close();
  }
}

async function upgradePostgres(url: string): Promise<UpgradeResult> {
  const files = listMigrationFiles('postgres');
  const client = await connectPostgres(url);
  const applied: string[] = [];
  let current = '';
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK_KEY]);
    await client.query(MIGRATIONS_TABLE_DDL.postgres);
    const status = compareMigrations(files, toApplied((await client.query(SELECT_APPLIED)).rows));
    assertUpgradable(status);
    for (const file of files.filter((f) => status.pending.includes(f.name))) {
      current = file.name;
      await client.query('BEGIN');
      try {
        const startedAt = new Date();
        await client.query(file.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
           VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)`,
          [randomUUID(), file.checksum, file.name, startedAt],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
      applied.push(file.name);
    }
    return { applied, status: compareMigrations(files, toApplied((await client.query(SELECT_APPLIED)).rows)) };
  } catch (error) {
    if (error instanceof MigrationError || error instanceof DatabaseUnavailableError) throw error;
    throw new MigrationError(`migration ${current || '(setup)'} failed: ${(error as Error).message}`, 'E_MIGRATION', { cause: error });
  } finally {
    await client.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
    await client.end();
  }
}
