/**
 * A small SQL layer over the bare drivers: for the scheduling pass, where Prisma costs
 * ~0.5 s to load and ~2x the driver's time per insert (README "Performance"), which the pass
 * of a cron job cannot afford, and for everything on a Prefect server's database, which
 * Prisma must never open. The operators' commands on the tool's own tables keep Prisma.
 * Values are always bound, never spliced into the text.
 */
import type { Provider } from './databaseUrl.js';

/** A value bound as JSON text (`::jsonb` on PostgreSQL). */
export class JsonText {
  constructor(readonly text: string) {}
}

/** What a SqlClient runs: statement text and bound values for one provider. */
export interface Statement {
  render(provider: Provider): { text: string; values: unknown[] };
}

export class Sql implements Statement {
  constructor(
    readonly strings: readonly string[],
    readonly values: readonly unknown[],
  ) {}

  /** The statement text for a provider: `?` placeholders for SQLite, `$n` for PostgreSQL. */
  render(provider: Provider): { text: string; values: unknown[] } {
    const values: unknown[] = [];
    let text = this.strings[0]!;
    this.values.forEach((value, i) => {
      values.push(bindValue(provider, value));
      const placeholder = provider === 'sqlite' ? '?' : `$${values.length}`;
      text +=
        (value instanceof JsonText && provider === 'postgres' ? `${placeholder}::jsonb` : placeholder) +
        this.strings[i + 1]!;
    });
    return { text, values };
  }
}

/** `sql\`SELECT ... WHERE id = ${id}\``; an embedded Sql is spliced in with its own values. */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  const outStrings: string[] = [strings[0]!];
  const outValues: unknown[] = [];
  values.forEach((value, i) => {
    if (value instanceof Sql) {
      outStrings[outStrings.length - 1] += value.strings[0]!;
      value.values.forEach((inner, j) => {
        outValues.push(inner);
        outStrings.push(value.strings[j + 1]!);
      });
      outStrings[outStrings.length - 1] += strings[i + 1]!;
    } else {
      outValues.push(value);
      outStrings.push(strings[i + 1]!);
    }
  });
  return new Sql(outStrings, outValues);
}

/** Ids bound in one `IN` list: drivers cap the parameters of a statement (Prisma's SQLite adapter well below SQLite's own 32,766). */
export const IDS_PER_STATEMENT = 500;

/** Fixed SQL text (a column, a literal of the code's own): never a value from outside. */
export function rawSql(text: string): Sql {
  return new Sql([text], []);
}

export const emptySql = rawSql('');

/** A JSON column's value: SQLite hands JSON columns back as text, PostgreSQL as parsed values. */
export function jsonColumn(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

/** Ids bound as a comma-separated list, for `IN (...)`. */
export function idList(ids: readonly string[]): Sql {
  return joinSql(ids.map((id) => sql`${id}`));
}

/** The parts one after another, with `separator` between them (one pass: batches join hundreds). */
export function joinSql(parts: Sql[], separator = ', '): Sql {
  if (parts.length === 0) return emptySql;
  const strings: string[] = [''];
  const values: unknown[] = [];
  parts.forEach((part, i) => {
    strings[strings.length - 1] += (i === 0 ? '' : separator) + part.strings[0]!;
    part.values.forEach((value, j) => {
      values.push(value);
      strings.push(part.strings[j + 1]!);
    });
  });
  return new Sql(strings, values);
}

const insertTexts = new Map<string, string>();
const INSERT_TEXT_CACHE_SIZE = 64;

/**
 * `INSERT INTO <into> VALUES (...), (...) <tail>` for rows of one shape (the JSON columns of
 * the first row are those of all). Its text depends only on the shape and the row count, so
 * it is built once per count, not once per batch: building it from `sql` fragments allocated
 * ~5 KB per row (README "Performance").
 */
export class RowsInsert implements Statement {
  constructor(
    readonly into: string,
    readonly rows: readonly (readonly unknown[])[],
    readonly tail = '',
  ) {}

  render(provider: Provider): { text: string; values: unknown[] } {
    const jsonColumns = (this.rows[0] ?? []).map((value) => value instanceof JsonText);
    const key = `${provider}|${this.rows.length}|${jsonColumns.map(Number).join('')}|${this.into}|${this.tail}`;
    let text = insertTexts.get(key);
    if (text === undefined) {
      text = `INSERT INTO ${this.into} VALUES ${this.tuples(provider, jsonColumns)}${this.tail === '' ? '' : ` ${this.tail}`}`;
      if (insertTexts.size >= INSERT_TEXT_CACHE_SIZE) insertTexts.clear();
      insertTexts.set(key, text);
    }
    const values: unknown[] = new Array(this.rows.length * jsonColumns.length);
    let i = 0;
    for (const row of this.rows) for (const value of row) values[i++] = bindValue(provider, value);
    return { text, values };
  }

  private tuples(provider: Provider, jsonColumns: boolean[]): string {
    let n = 0;
    const tuple = () =>
      `(${jsonColumns.map((json) => (provider === 'sqlite' ? '?' : `$${++n}${json ? '::jsonb' : ''}`)).join(', ')})`;
    return Array.from(this.rows, tuple).join(', ');
  }
}

/**
 * Instants are bound as text in the form Prisma stores on SQLite
 * (`2026-01-01T00:00:00.000+00:00`), so both read them alike; PostgreSQL reads the same text
 * as a timestamptz, where node-postgres would run every Date through its local-time
 * formatter (40% of a PostgreSQL pass's garbage).
 */
export function instantText(date: Date): string {
  return date.toISOString().replace('Z', '+00:00');
}

function bindValue(provider: Provider, value: unknown): unknown {
  if (value instanceof JsonText) return value.text;
  if (value instanceof Date) return instantText(value);
  if (provider === 'sqlite' && typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

/**
 * A temporary table of the session (PostgreSQL), the target of a COPY: created on first use
 * on each connection and emptied at every commit (`ON COMMIT DELETE ROWS`).
 */
export interface StagingTable {
  name: string;
  /** Name and type of each column, in the order rows give their values. */
  columns: readonly (readonly [name: string, type: string])[];
}

/** A row of values as the driver binds them: text, numbers, booleans, null (see `instantText`). */
export type DriverRow = readonly (string | number | boolean | null)[];

export interface SqlClient {
  readonly provider: Provider;
  query<T = Record<string, unknown>>(statement: Statement): Promise<T[]>;
  /**
   * SQLite only: runs one statement, prepared once, for each row of values and tells for
   * each whether it changed a row. A prepared single-row statement is better-sqlite3's
   * fastest insert (README "Performance"). Call it inside a transaction.
   */
  runForEachRow?(text: string, rows: readonly DriverRow[]): Promise<boolean[]>;
  /**
   * PostgreSQL only: COPY the rows into a staging table of this connection (created if
   * needed). Call it inside a transaction: the rows are the transaction's until it commits.
   */
  copyInto?(table: StagingTable, rows: readonly DriverRow[]): Promise<void>;
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T>;
  /** Runs `work` on one connection held throughout (session state such as advisory locks). */
  withSession<T>(work: (session: SqlClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
