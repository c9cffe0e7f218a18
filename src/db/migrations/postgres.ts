import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { DatabaseUnavailableError, MigrationError } from '../../errors.js';
import { connectPostgres } from '../postgresConnection.js';
import {
  MIGRATIONS_TABLE_DDL,
  SELECT_APPLIED,
  assertUpgradable,
  compareMigrations,
  listMigrationFiles,
  toApplied,
  type MigrationStatus,
  type UpgradeResult,
} from './files.js';

/** The key Prisma's own schema engine locks on, so `prisma migrate deploy` and we exclude each other. */
const PRISMA_ADVISORY_LOCK_KEY = 72707369;

export async function readStatusPostgres(url: string): Promise<MigrationStatus> {
  const client = await connectPostgres(url);
  try {
    return await readStatusOn(client);
  } finally {
    await client.end();
  }
}

/** The migration status read through a connection or pool the caller holds. */
export async function readStatusOn(db: pg.Pool | pg.ClientBase): Promise<MigrationStatus> {
  const files = listMigrationFiles('postgres');
  const exists = await db.query(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`);
  if (!exists.rows[0]?.present) return compareMigrations(files, []);
  return compareMigrations(files, toApplied((await db.query(SELECT_APPLIED)).rows));
}

export async function upgradePostgres(url: string): Promise<UpgradeResult> {
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
    throw new MigrationError(`migration ${current || '(setup)'} failed: ${(error as Error).message}`, 'E_MIGRATION', {
      cause: error,
    });
  } finally {
    await client.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
    await client.end();
  }
}
