import type Database from 'better-sqlite3';
import type { DriverRow, SqlClient, Statement } from './sql.js';
import { sizePageCacheForWriting } from './sqliteFile.js';

const STATEMENT_CACHE_SIZE = 64;

/**
 * better-sqlite3 behind the async SqlClient interface. Statements are prepared once per
 * text (a pass repeats the same insert), and a transaction is BEGIN IMMEDIATE:
 * it takes the write lock up front, so two processes queue on the busy timeout instead
 * of failing on a lock upgrade. The first transaction grows the page cache for writing.
 */
export function createSqliteClient(db: Database.Database): SqlClient {
  const statements = new Map<string, Database.Statement>();
  const prepare = (text: string) => {
    let statement = statements.get(text);
    if (!statement) {
      if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
      statement = db.prepare(text);
      statements.set(text, statement);
    }
    return statement;
  };
  // Commands that only read never open a transaction, so they keep the small cache.
  let writing = false;
  const client: SqlClient = {
    provider: 'sqlite',
    async query<T>(statement: Statement): Promise<T[]> {
      const { text, values } = statement.render('sqlite');
      const prepared = prepare(text);
      if (prepared.reader) return prepared.all(values) as T[];
      prepared.run(values);
      return [];
    },
    async runForEachRow(text: string, rows: readonly DriverRow[]): Promise<boolean[]> {
      const prepared = prepare(text);
      return rows.map((row) => prepared.run(row).changes > 0);
    },
    async transaction(work) {
      if (!writing) {
        sizePageCacheForWriting(db);
        writing = true;
      }
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(client);
        db.exec('COMMIT');
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    },
    withSession: (work) => work(client),
    async close() {
      db.close();
    },
  };
  return client;
}
