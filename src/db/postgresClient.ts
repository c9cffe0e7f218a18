import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DriverRow, SqlClient, StagingTable, Statement } from './sql.js';

// Instants come back as Date objects; jsonb as parsed values (node-postgres defaults).

/** What a COPY sends per write: large enough to cost few calls, small enough to stream. */
const COPY_CHUNK_CHARS = 64 * 1024;

/** node-postgres behind the SqlClient interface: a pool, and one checked-out client per transaction. */
export function createPostgresClient(pool: pg.Pool): SqlClient {
  /** The staging tables each connection has created (temporary tables live as long as it does). */
  const staged = new WeakMap<pg.PoolClient, Set<string>>();
  const on = (runner: pg.Pool | pg.PoolClient, txConnection?: pg.PoolClient): SqlClient => ({
    provider: 'postgres',
    async query<T>(statement: Statement): Promise<T[]> {
      const { text, values } = statement.render('postgres');
      return (await runner.query(text, values)).rows as T[];
    },
    async copyInto(table: StagingTable, rows: readonly DriverRow[]): Promise<void> {
      // Outside a transaction each statement commits, and ON COMMIT DELETE ROWS would empty
      // the staging table as soon as COPY filled it.
      if (txConnection === undefined) throw new Error('copyInto runs inside a transaction');
      const created = staged.get(txConnection) ?? new Set<string>();
      if (!created.has(table.name)) {
        const columns = table.columns.map(([name, type]) => `${name} ${type}`).join(', ');
        await txConnection.query(
          `CREATE TEMPORARY TABLE IF NOT EXISTS ${table.name} (${columns}) ON COMMIT DELETE ROWS`,
        );
        created.add(table.name);
        staged.set(txConnection, created);
      }
      const names = table.columns.map(([name]) => name).join(', ');
      const stream = txConnection.query(copyFrom(`COPY ${table.name} (${names}) FROM STDIN`));
      let chunk = '';
      for (const row of rows) {
        chunk += copyLine(row);
        if (chunk.length >= COPY_CHUNK_CHARS) {
          if (!stream.write(chunk)) await once(stream, 'drain');
          chunk = '';
        }
      }
      stream.end(chunk);
      await finished(stream);
    },
    async transaction(work) {
      const connection = await pool.connect();
      try {
        await connection.query('BEGIN');
        const result = await work(on(connection, connection));
        await connection.query('COMMIT');
        return result;
      } catch (error) {
        // A staging table created in this transaction is gone with it.
        staged.delete(connection);
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

/** One row in COPY's text format: tab-separated, `\N` for null, backslash escapes. */
function copyLine(row: DriverRow): string {
  let line = '';
  for (let i = 0; i < row.length; i++) {
    const value = row[i];
    if (i > 0) line += '\t';
    if (value === null) line += '\\N';
    else if (typeof value === 'string')
      line += NEEDS_ESCAPE.test(value) ? value.replace(COPY_SPECIALS, copyEscape) : value;
    else if (typeof value === 'boolean') line += value ? 't' : 'f';
    else line += String(value);
  }
  return `${line}\n`;
}

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const COPY_SPECIALS = /[\\\t\n\r]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const copyEscape = (char: string) => COPY_ESCAPES[char]!;
