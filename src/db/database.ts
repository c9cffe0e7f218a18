import { PrismaClient as SqliteClient } from '../generated/sqlite/client.js';
import { PrismaClient as PostgresClient } from '../generated/postgres/client.js';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { openSqlDatabase, type ConnectOptions, type SqlDatabase } from './connect.js';
import { SQLITE_BUSY_TIMEOUT_MS } from './sqliteFile.js';
import { postgresUnavailable } from './postgresConnection.js';
import { loadPostgresDriver } from './pgDriver.js';

/**
 * Both generated clients have the same model API (one models.prisma feeds both), so the
 * rest of the code is typed against the SQLite one.
 */
export type PrismaDb = SqliteClient;

/** The full handle: Prisma for the operators' commands, plus the bare-driver client. */
export interface Database extends SqlDatabase {
  prisma: PrismaDb;
}

/** Opens the database as openSqlDatabase does, and a Prisma client beside it. */
export async function openDatabase(url: string, options: ConnectOptions = {}): Promise<Database> {
  const base = await openSqlDatabase(url, options);
  const { target } = base;
  let prisma: PrismaDb;
  if (target.provider === 'sqlite') {
    prisma = new SqliteClient({
      adapter: new PrismaBetterSqlite3({ url: `file:${target.path}`, timeout: SQLITE_BUSY_TIMEOUT_MS }),
    });
    await prisma.$executeRawUnsafe('PRAGMA synchronous = NORMAL');
  } else {
    // The adapter imports pg itself: the driver goes first, loaded the fast way.
    await loadPostgresDriver();
    const { PrismaPg } = await import('@prisma/adapter-pg');
    const adapter = new PrismaPg(
      { connectionString: target.url, max: options.poolSize ?? 4, connectionTimeoutMillis: 10_000 },
      { onPoolError: () => undefined, onConnectionError: () => undefined },
    );
    prisma = new PostgresClient({ adapter }) as unknown as PrismaDb;
    try {
      await prisma.$queryRawUnsafe('SELECT 1');
    } catch (error) {
      await prisma.$disconnect().catch(() => undefined);
      await base.close();
      throw postgresUnavailable(target.url, error);
    }
  }
  return {
    ...base,
    prisma,
    close: async () => {
      await prisma.$disconnect();
      await base.close();
    },
  };
}
