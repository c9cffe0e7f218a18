import type pg from 'pg';
import { DatabaseUnavailableError } from '../errors.js';
import { redactSecrets } from '../redact.js';
import { loadPostgresDriver } from './pgDriver.js';

/** A single connection for administrative work (migrations, status), outside Prisma. */
export async function connectPostgres(url: string): Promise<pg.Client> {
  const { Client } = await loadPostgresDriver();
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw postgresUnavailable(url, error);
  }
}

export function postgresUnavailable(url: string, error: unknown): DatabaseUnavailableError {
  const reason = redactSecrets((error as Error).message || String(error), [url]);
  return new DatabaseUnavailableError(
    `cannot connect to PostgreSQL at ${redactSecrets(url, [url])}: ${reason}; check --database-url and that the server is running`,
    { cause: error },
  );
}
