import type Database from 'better-sqlite3';
import type { SqlClient, Statement } from './sql.js';

const STATEMENT_CACHE_SIZE = 64;

/**
 * better-sqlite3 behind the async SqlClient interface. Statements are prepared once per
 * text (a pass repeats the same multi-row insert), and a transaction is BEGIN IMMEDIATE:
 * it takes the write lock up front, so two processes queue on the busy timeout instead
 * of failing on a lock upgrade.
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
  const client: SqlClient = {
    provider: 'sqlite',
    async query<T>(statement: Statement): Promise<T[]> {
      const { text, values } = statement.render('sqlite');
      const prepared = prepare(text);
      if (prepared.reader) return prepared.all(values) as T[];
      prepared.run(values);
      return [];
    },
    async transaction(work) {
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
