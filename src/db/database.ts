import { PrismaClient as SqliteClient } from '../generated/sqlite/client.js';
import { PrismaClient as PostgresClient } from '../generated/postgres/client.js';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { MigrationError } from '../errors.js';
import { parseDatabaseUrl, type DatabaseTarget } from './databaseUrl.js';
import { readMigrationStatus, upgradeDatabase } from './migrate.js';
import { SQLITE_BUSY_TIMEOUT_MS } from './sqliteFile.js';
import { postgresUnavailable } from './postgresConnection.js';

/**
 * Both generated clients have the same model API (one models.prisma feeds both), so the
 * rest of the code is typed against the SQLite one.
 */
export type PrismaDb = SqliteClient;

export interface Database {
  target: DatabaseTarget;
  prisma: PrismaDb;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** Size of the PostgreSQL pool; one per concurrent query the caller may issue. */
  poolSize?: number;
}

/**
 * Connects to the database named by the URL. SQLite (the embedded default) is created
 * and upgraded on first use; a PostgreSQL database is shared, so pending migrations
 * are an error that names `scheduler db upgrade` rather than something done silently.
 */
export async function openDatabase(url: string, options: OpenDatabaseOptions = {}): Promise<Database> {
  const target = parseDatabaseUrl(url);
  if (target.provider === 'sqlite') {
    await upgradeDatabase(target);
    const adapter = new PrismaBetterSqlite3({ url: `file:${target.path}`, timeout: SQLITE_BUSY_TIMEOUT_MS });
    const prisma = new SqliteClient({ adapter });
    return { target, prisma, close: () => prisma.$disconnect() };
  }
  const status = await readMigrationStatus(target);
  if (status.pending.length > 0) {
    throw new MigrationError(
      `the PostgreSQL database has ${status.pending.length} pending migration(s) (${status.pending.join(', ')}); run \`scheduler db upgrade\` first`,
      'E_MIGRATIONS_PENDING',
    );
  }
  const adapter = new PrismaPg(
    { connectionString: target.url, max: options.poolSize ?? 4, connectionTimeoutMillis: 10_000 },
    { onPoolError: () => undefined, onConnectionError: () => undefined },
  );
  const prisma = new PostgresClient({ adapter }) as unknown as PrismaDb;
  try {
    await prisma.$queryRawUnsafe('SELECT 1');
  } catch (error) {
    await prisma.$disconnect().catch(() => undefined);
    throw postgresUnavailable(target.url, error);
  }
  return { target, prisma, close: () => prisma.$disconnect() };
}
