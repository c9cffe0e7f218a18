import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { runCli } from '../helpers/cli.js';
import { createTestDatabase, notePostgresSkipped, POSTGRES_URL } from '../helpers/testDatabase.js';

notePostgresSkipped();

describe('dataModel prefect on SQLite: refusals, nothing written', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'scheduler-prefect-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const fileWithRevision = (name: string, revision: string | null): string => {
    const path = join(dir, name);
    const db = new Database(path);
    if (revision !== null) {
      db.exec('CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)');
      db.prepare('INSERT INTO alembic_version VALUES (?)').run(revision);
    }
    db.close();
    return path;
  };

  test('an unknown alembic_version: exit 2 naming the supported Prefect versions, the file unchanged', async () => {
    const path = fileWithRevision('unknown.db', 'deadbeef0000');
    const bytes = readFileSync(path);
    for (const command of [['once'], ['loop', '--max-iterations', '1']]) {
      const result = await runCli([...command, '--data-model', 'prefect', '--database-url', `file:${path}`]);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, /alembic_version "deadbeef0000" is not a Prefect schema this tool knows/);
      assert.match(result.stderr, /Prefect 3\.6\.19 to 3\.8\.3/);
    }
    assert.deepEqual(readFileSync(path), bytes);
    assert.equal(existsSync(`${path}-wal`) && readFileSync(`${path}-wal`).length > 0, false);
  });

  test('a PostgreSQL revision on SQLite is refused too (the heads differ per dialect)', async () => {
    const path = fileWithRevision('dialect.db', '9e9dadc36797');
    const result = await runCli(['once', '--data-model', 'prefect', '--database-url', `file:${path}`]);
    assert.equal(result.code, 2, result.stderr);
  });

  test('a database without alembic_version is not a Prefect database: exit 2', async () => {
    const path = fileWithRevision('plain.db', null);
    const result = await runCli(['once', '--data-model', 'prefect', '--database-url', `file:${path}`], {
      env: { SCHEDULER_DATA_MODEL: 'prefect' },
    });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /no alembic_version table/);
    const db = new Database(path, { readonly: true });
    assert.deepEqual(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all(), []);
    db.close();
  });

  test('a missing file is not created', async () => {
    const path = join(dir, 'missing', 'prefect.db');
    const result = await runCli(['once', '--database-url', `file:${path}`], {
      env: { SCHEDULER_DATA_MODEL: 'prefect' },
    });
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /no such file/);
    assert.equal(existsSync(join(dir, 'missing')), false);
  });

  test("deployments apply|pause|resume|rm: exit 2 naming `prefect deploy` and Prefect's API", async () => {
    const path = fileWithRevision('owned.db', 'f416ea180ae1');
    const bytes = readFileSync(path);
    for (const command of [
      ['deployments', 'apply', '-f', 'test/fixtures/deployments.yaml'],
      ['deployments', 'pause', 'etl/nightly'],
      ['deployments', 'resume', '--all'],
      ['deployments', 'rm', 'etl/nightly'],
    ]) {
      const result = await runCli([...command, '--data-model', 'prefect', '--database-url', `file:${path}`, '--json']);
      assert.equal(result.code, 2, `${command.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, /Prefect's server owns the deployments/);
      assert.match(result.stderr, /`prefect deploy`/);
      assert.match(result.stderr, /Prefect's API/);
      assert.equal(JSON.parse(result.stdout).error.code, 'E_PREFECT_OWNS_DEPLOYMENTS');
    }
    for (const command of [
      ['db', 'upgrade'],
      ['db', 'status'],
    ]) {
      const result = await runCli([...command, '--data-model', 'prefect', '--database-url', `file:${path}`]);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, /only Prefect migrates it/);
    }
    assert.deepEqual(readFileSync(path), bytes);
  });

  test('an unknown data model is a setting error naming the choices', async () => {
    const result = await runCli(['once', '--data-model', 'airflow', '--database-url', `file:${join(dir, 'x.db')}`]);
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /dataModel from flag --data-model: "airflow" is not valid; expected scheduler .* or prefect/,
    );
    assert.equal(existsSync(join(dir, 'x.db')), false);
  });
});

if (POSTGRES_URL) {
  describe('dataModel prefect on PostgreSQL: an unknown revision is refused, nothing written', () => {
    test('exit 2 and no table created', async () => {
      const testDb = await createTestDatabase('postgres');
      const client = new pg.Client({ connectionString: testDb.url });
      await client.connect();
      try {
        await client.query('CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)');
        await client.query("INSERT INTO alembic_version VALUES ('f416ea180ae1')");
        const result = await runCli(['once', '--data-model', 'prefect', '--database-url', testDb.url]);
        assert.equal(result.code, 2, result.stderr);
        assert.match(result.stderr, /"f416ea180ae1" is not a Prefect schema this tool knows/);
        const tables = await client.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
        assert.deepEqual(
          tables.rows.map((row) => row.tablename),
          ['alembic_version'],
        );
      } finally {
        await client.end();
        await testDb.drop();
      }
    });
  });
}
