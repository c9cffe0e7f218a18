import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MigrationError } from '../../errors.js';

import type { Provider } from '../databaseUrl.js';

export interface MigrationFile {
  name: string;
  sql: string;
  /** sha256 of the script as Prisma computes it, so `prisma migrate status` agrees with us. */
  checksum: string;
}

export interface AppliedMigration {
  name: string;
  checksum: string;
  finishedAt: Date | null;
  rolledBackAt: Date | null;
}

export interface MigrationStatus {
  applied: AppliedMigration[];
  pending: string[];
  /** Applied, but the file on disk has another checksum. */
  modified: string[];
  /** Started and never finished (a crash under a non-transactional runner such as Prisma's). */
  failed: string[];
}

/**
 * The package's prisma/ folder, found upwards from this module: it runs from dist/src/db/migrations/ and
 * from the CLI bundle (dist/bundle/cli/), at different depths.
 */
function findPrismaDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'prisma', 'sqlite', 'migrations'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no prisma/ folder above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return join(dir, 'prisma');
}

const PRISMA_DIR = findPrismaDir();

/** The migrations shipped with the package, in the order Prisma applies them (by name). */
export function listMigrationFiles(provider: Provider): MigrationFile[] {
  const root = join(PRISMA_DIR, provider, 'migrations');
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(root, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export function compareMigrations(files: MigrationFile[], applied: AppliedMigration[]): MigrationStatus {
  const done = applied.filter((m) => m.finishedAt !== null && m.rolledBackAt === null);
  const doneByName = new Map(done.map((m) => [m.name, m]));
  return {
    applied: done,
    pending: files.filter((f) => !doneByName.has(f.name)).map((f) => f.name),
    modified: files
      .filter((f) => {
        const record = doneByName.get(f.name);
        return record !== undefined && record.checksum !== f.checksum;
      })
      .map((f) => f.name),
    failed: applied.filter((m) => m.finishedAt === null && m.rolledBackAt === null).map((m) => m.name),
  };
}

/** The bookkeeping table exactly as Prisma's schema engine creates it, per provider. */
export const MIGRATIONS_TABLE_DDL: Record<Provider, string> = {
  sqlite: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`,
  postgres: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`,
};

export interface UpgradeResult {
  applied: string[];
  status: MigrationStatus;
}

export interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

export const SELECT_APPLIED = `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at, migration_name`;

export function toApplied(rows: AppliedRow[]): AppliedMigration[] {
  const asDate = (value: unknown) =>
    value === null || value === undefined ? null : new Date(value as string | number);
  return rows.map((row) => ({
    name: row.migration_name,
    checksum: row.checksum,
    finishedAt: asDate(row.finished_at),
    rolledBackAt: asDate(row.rolled_back_at),
  }));
}

export function assertUpgradable(status: MigrationStatus): void {
  if (status.failed.length > 0) {
    throw new MigrationError(
      `migration ${status.failed[0]} started earlier and never finished; inspect the database, then mark it rolled back in _prisma_migrations`,
    );
  }
}
