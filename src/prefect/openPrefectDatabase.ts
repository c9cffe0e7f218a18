import { existsSync } from 'node:fs';
import { DatabaseUnavailableError } from '../errors.js';
import { parseDatabaseUrl } from '../db/databaseUrl.js';
import type { ConnectOptions, SqlDatabase } from '../db/openSqlDatabase.js';
import { loadPostgresDriver } from '../db/pgDriver.js';
import { createSqliteClient } from '../db/sqliteClient.js';
import { SQLITE_BUSY_TIMEOUT_MS } from '../db/sqliteFile.js';
import type { SqlClient } from '../db/sql.js';
import { checkPrefectSchema } from './alembic.js';

/**
 * Connects to a Prefect 3 server's database without touching its schema: no migration, no
 * file or folder created, no persistent pragma. The first statement reads alembic_version
 * and refuses a schema the tool does not know (exit 2) before anything is written.
 */
export async function openPrefectDatabase(url: string, options: ConnectOptions = {}): Promise<SqlDatabase> {
  const target = parseDatabaseUrl(url);
  let client: SqlClient;
  if (target.provider === 'sqlite') {
    if (!existsSync(target.path)) {
      throw new DatabaseUnavailableError(
        `cannot open SQLite database ${target.path}: no such file; with --data-model prefect, point --database-url at the Prefect server's database (it is never created here)`,
      );
    }
    const { default: Database } = await import('better-sqlite3');
    const file = new Database(target.path, { fileMustExist: true, timeout: SQLITE_BUSY_TIMEOUT_MS });
    // Per connection, as Prefect's own server sets them; the journal mode is the file's and stays Prefect's.
    file.pragma('foreign_keys = ON');
    file.pragma('synchronous = NORMAL');
    client = createSqliteClient(file);
  } else {
    const [{ Pool }, { createPostgresClient }, { postgresUnavailable }] = await Promise.all([
      loadPostgresDriver(),
      import('../db/postgresClient.js'),
      import('../db/postgresConnection.js'),
    ]);
    const pool = new Pool({
      connectionString: target.url,
      max: options.poolSize ?? 4,
      connectionTimeoutMillis: 10_000,
    });
    pool.on('error', () => undefined);
    client = createPostgresClient(pool);
    try {
      await pool.query('SELECT 1');
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw postgresUnavailable(target.url, error);
    }
  }
  try {
    await checkPrefectSchema(client);
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
  return { target, sql: client, close: () => client.close() };
}
