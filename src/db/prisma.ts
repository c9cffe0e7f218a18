/**
 * The operators' stores reach Prisma through here, and nothing else does: the public `Database` type
 * carries no Prisma type (README "Library").
 */
import type { PrismaClient as SqliteClient } from '../generated/sqlite/client.js';
import type { Database } from './openDatabase.js';

/**
 * Both generated clients have the same model API (one models.prisma feeds both), so the stores are
 * typed against the SQLite one.
 */
export type PrismaDb = SqliteClient;

/** The client of an interactive transaction, for store helpers that write inside a caller's transaction. */
export type PrismaTx = Parameters<Parameters<PrismaDb['$transaction']>[0]>[0];

const clients = new WeakMap<Database, PrismaDb>();

export function attachPrisma(db: Database, prisma: PrismaDb): void {
  clients.set(db, prisma);
}

/** The Prisma client behind a database opened by openDatabase. */
export function prismaOf(db: Database): PrismaDb {
  const prisma = clients.get(db);
  if (prisma === undefined) throw new TypeError('this database was not opened by openDatabase');
  return prisma;
}
