import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import pg from 'pg';
import { parseDatabaseUrl, type Provider } from '../../src/db/databaseUrl.js';
import { upgradeDatabase } from '../../src/db/migrations/migrate.js';
import { openDatabase, type Database } from '../../src/db/openDatabase.js';

export const POSTGRES_URL = process.env.SCHEDULER_TEST_POSTGRES_URL;

/** The providers this run can test; PostgreSQL only when SCHEDULER_TEST_POSTGRES_URL is set. */
export function testProviders(): Provider[] {
  return POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

let warned = false;
/** Call once per file that has PostgreSQL cases: a visible skipped test says why they did not run. */
export function notePostgresSkipped(): void {
  if (POSTGRES_URL || warned) return;
  warned = true;
  test.skip(
    'PostgreSQL tests skipped: set SCHEDULER_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/test to run them',
  );
}

export interface TestDatabase {
  provider: Provider;
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database of its own (a temp SQLite file, or a new PostgreSQL database), dropped by `drop`. */
export async function createTestDatabase(provider: Provider): Promise<TestDatabase> {
  if (provider === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'scheduler-test-'));
    return {
      provider,
      url: `file:${join(dir, 'test.db')}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  if (!POSTGRES_URL) throw new Error('SCHEDULER_TEST_POSTGRES_URL is not set');
  const name = `scheduler_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    provider,
    url: url.toString(),
    drop: () =>
      withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

async function withAdminClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database of its own, migrated and opened with the stores' handle; `close` also drops it. */
export interface MigratedTestDatabase {
  testDb: TestDatabase;
  db: Database;
  close(): Promise<void>;
}

export async function openMigratedTestDatabase(provider: Provider): Promise<MigratedTestDatabase> {
  const testDb = await createTestDatabase(provider);
  await upgradeDatabase(parseDatabaseUrl(testDb.url));
  const db = await openDatabase(testDb.url);
  return {
    testDb,
    db,
    close: async () => {
      await db.close();
      await testDb.drop();
    },
  };
}
