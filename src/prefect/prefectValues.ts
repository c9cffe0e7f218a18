/**
 * How Prefect stores a value, per dialect (Prefect's src/prefect/server/utilities/database.py):
 * SQLite keeps SQLAlchemy's text forms (UTC `YYYY-MM-DD HH:MM:SS.ffffff`, 36-char UUIDs,
 * json.dumps text, 0/1); PostgreSQL has timestamptz, uuid, jsonb and the state_type enum.
 */
import type { Provider } from '../db/databaseUrl.js';
import { rawSql, type Sql, sql } from '../db/sql.js';
import type { InstantForm } from '../pass/schedulingStore.js';
import { postgresTimestamp, sqliteTimestamp } from './pythonText.js';

export interface PrefectValues {
  instant(at: Date, micro?: number): string;
  /** Prefect's `true` in SQL text: a literal, so the partial indexes' predicates match. */
  readonly isTrue: Sql;
  /** The text of a run's schedule id in created_by, as the 3.6.19 index is built on. */
  readonly createdById: Sql;
  /** A text value (a VALUES list's column) as Prefect's uuid column type, for comparing with one. */
  asUuid(text: Sql): Sql;
  /** A timestamp text (instant()) as Prefect's timestamp column type. */
  asInstant(text: Sql): Sql;
  /** The microseconds beyond the milliseconds (0-999) of a timestamp column, as an integer. */
  microsOf(column: Sql): Sql;
}

/** A zero total_run_time as Prefect writes it on SQLite (SQLAlchemy's emulated Interval: an epoch datetime). */
export const SQLITE_ZERO_INTERVAL = '1970-01-01 00:00:00.000000';

export const PREFECT_VALUES: Record<Provider, PrefectValues> = {
  sqlite: {
    instant: (at, micro = 0) => sqliteTimestamp(at, micro),
    isTrue: rawSql('1'),
    createdById: rawSql("json_extract(r.created_by, '$.id')"),
    asUuid: (text) => text,
    asInstant: (text) => text,
    // `YYYY-MM-DD HH:MM:SS.ffffff`: the microseconds are the last three digits.
    microsOf: (column) => sql`CAST(substr(${column}, 24, 3) AS INTEGER)`,
  },
  postgres: {
    instant: (at, micro = 0) => postgresTimestamp(at, micro),
    isTrue: rawSql('true'),
    createdById: rawSql("(r.created_by ->> 'id')"),
    asUuid: (text) => sql`CAST(${text} AS uuid)`,
    asInstant: (text) => sql`CAST(${text} AS timestamptz)`,
    microsOf: (column) => sql`(CAST(extract(microseconds FROM ${column}) AS bigint) % 1000)`,
  },
};

/** SQLite hands timestamps back as Prefect's UTC text, PostgreSQL as Dates. */
export function instantColumn(value: unknown): Date {
  if (value instanceof Date) return value;
  return new Date(`${String(value).replace(' ', 'T').slice(0, 23)}Z`);
}

/**
 * Prefect's `updated` columns as the recent-deployments check compares them: on SQLite its
 * text form, which an ISO watermark (`T`, `+00:00`) would not sort against.
 */
export function prefectInstantForm(provider: Provider): InstantForm {
  return { bind: (at) => PREFECT_VALUES[provider].instant(at), read: instantColumn };
}

/** SQLite hands booleans back as 0/1, PostgreSQL as booleans. */
export function booleanColumn(value: unknown): boolean {
  return value === true || value === 1;
}
