import { PrismaClient as SqliteClient } from '../generated/sqlite/client.js';
import { PrismaClient as PostgresClient } from '../generated/postgres/client.js';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { openSqlDatabase, type ConnectOptions, type SqlDatabase } from './openSqlDatabase.js';
import { SQLITE_BUSY_TIMEOUT_MS } from './sqliteFile.js';
import { postgresUnavailable } from './postgresConnection.js';
import { loadPostgresDriver } from './pgDriver.js';
import { attachPrisma, type PrismaDb } from './prisma.js';

declare const openedWithStores: unique symbol;

/**
 * The handle of the operators' commands: the bare-driver connection, plus a Prisma client that only
 * the stores reach (src/db/prisma.ts). The brand keeps a plain SqlDatabase from being passed to a store.
 */
export interface Database extends SqlDatabase {
  readonly [openedWithStores]: true;
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
  const db = {
    ...base,
    close: async () => {
      await prisma.$disconnect();
      await base.close();
    },
  } as Database;
  attachPrisma(db, prisma);
  return db;
}
