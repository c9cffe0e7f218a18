import type { DatabaseTarget } from '../databaseUrl.js';
import type { MigrationStatus, UpgradeResult } from './files.js';

// Each provider's runner is loaded only when used: the pg driver alone costs ~40 ms to
// import, which a pass on SQLite should not pay.

/**
 * Applies pending migrations in name order, each in its own transaction, and records
 * them in `_prisma_migrations` as Prisma does. Two processes may run it at once: SQLite
 * serialises them with BEGIN IMMEDIATE, PostgreSQL with Prisma's advisory lock, and each
 * re-reads the table after taking the lock.
 */
export async function upgradeDatabase(target: DatabaseTarget): Promise<UpgradeResult> {
  return target.provider === 'sqlite'
    ? (await import('./sqlite.js')).upgradeSqlite(target.path)
    : (await import('./postgres.js')).upgradePostgres(target.url);
}

export async function readMigrationStatus(target: DatabaseTarget): Promise<MigrationStatus> {
  return target.provider === 'sqlite'
    ? (await import('./sqlite.js')).readStatusSqlite(target.path)
    : (await import('./postgres.js')).readStatusPostgres(target.url);
}
