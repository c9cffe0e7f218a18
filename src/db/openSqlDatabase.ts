import { MigrationError } from '../errors.js';
import { parseDatabaseUrl, type DatabaseTarget } from './databaseUrl.js';
import { upgradeDatabase } from './migrations/migrate.js';
import { loadPostgresDriver } from './pgDriver.js';
import { createSqliteClient } from './sqliteClient.js';
import { openSqliteFile } from './sqliteFile.js';
import type { SqlClient } from './sql.js';

/** A connection through the bare driver: what the scheduling pass needs, without Prisma. */
export interface SqlDatabase {
  target: DatabaseTarget;
  sql: SqlClient;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** Size of the PostgreSQL pool. */
  poolSize?: number;
}

/**
 * Connects to the database named by the URL. SQLite (the embedded default) is created
 * and upgraded on first use; a PostgreSQL database is shared, so pending migrations
 * are an error that names `scheduler db upgrade` rather than something done silently.
 */
export async function openSqlDatabase(url: string, options: ConnectOptions = {}): Promise<SqlDatabase> {
  const target = parseDatabaseUrl(url);
  if (target.provider === 'sqlite') {
    await upgradeDatabase(target);
    const file = openSqliteFile(target.path);
    // WAL with synchronous=NORMAL fsyncs at checkpoints, not at every commit: a power cut
    // can lose the last batches but never corrupt the file, and a lost batch is simply
    // re-inserted by the next pass. It is per connection, so it is set here.
    file.pragma('synchronous = NORMAL');
    const sql = createSqliteClient(file);
    return { target, sql, close: () => sql.close() };
  }
  // Loaded only for PostgreSQL: the driver and its modules cost ~40 ms to import.
  const [{ Pool }, { createPostgresClient }, { postgresUnavailable }, { readStatusOn }] = await Promise.all([
    loadPostgresDriver(),
    import('./postgresClient.js'),
    import('./postgresConnection.js'),
    import('./migrations/postgres.js'),
  ]);
  const pool = new Pool({ connectionString: target.url, max: options.poolSize ?? 4, connectionTimeoutMillis: 10_000 });
  // An idle connection the server drops (restart, failover) must not crash the process.
  pool.on('error', () => undefined);
  let pending: string[];
  try {
    // The migration check is the first query: one connection, kept in the pool for the work.
    pending = (await readStatusOn(pool)).pending;
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw postgresUnavailable(target.url, error);
  }
  if (pending.length > 0) {
    await pool.end().catch(() => undefined);
    throw new MigrationError(
      `the PostgreSQL database has ${pending.length} pending migration(s) (${pending.join(', ')}); run \`scheduler db upgrade\` first`,
      'E_MIGRATIONS_PENDING',
    );
  }
  const sql = createPostgresClient(pool);
  return { target, sql, close: () => sql.close() };
}
