import type pg from 'pg';
import type { SqlClient, Statement } from './sql.js';

// Instants come back as Date objects; jsonb as parsed values (node-postgres defaults).

/** node-postgres behind the SqlClient interface: a pool, and one checked-out client per transaction. */
export function createPostgresClient(pool: pg.Pool): SqlClient {
  const on = (runner: pg.Pool | pg.PoolClient): SqlClient => ({
    provider: 'postgres',
    async query<T>(statement: Statement): Promise<T[]> {
      const { text, values } = statement.render('postgres');
      return (await runner.query(text, values)).rows as T[];
    },
    async transaction(work) {
      const connection = await pool.connect();
      try {
        await connection.query('BEGIN');
        const result = await work(on(connection));
        await connection.query('COMMIT');
        return result;
      } catch (error) {
        await connection.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        connection.release();
      }
    },
    async withSession(work) {
      const connection = await pool.connect();
      let broken = false;
      try {
        return await work(on(connection));
      } catch (error) {
        broken = true;
        throw error;
      } finally {
        // A session that failed may hold locks or be dead: destroy it rather than pool it.
        connection.release(broken);
      }
    },
    async close() {
      await pool.end();
    },
  });
  return on(pool);
}
