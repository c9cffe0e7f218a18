import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openSqlDatabase, type SqlDatabase } from '../../src/db/openSqlDatabase.js';
import { sql } from '../../src/db/sql.js';
import { createTestDatabase, type TestDatabase } from '../helpers/testDatabase.js';

let testDb: TestDatabase;
let db: SqlDatabase;
before(async () => {
  testDb = await createTestDatabase('sqlite');
  db = await openSqlDatabase(testDb.url);
});
after(async () => {
  await db.close();
  await testDb.drop();
});

const cacheSize = async () => (await db.sql.query<{ cache_size: number }>(sql`PRAGMA cache_size`))[0]?.cache_size;

test('the page cache stays small until the connection writes, then grows for the inserts', async () => {
  assert.equal(await cacheSize(), -2000);
  await db.sql.query(sql`SELECT count(*) FROM flow_run`);
  assert.equal(await cacheSize(), -2000);
  await db.sql.transaction(async () => undefined);
  assert.equal(await cacheSize(), -16000);
});

test('runForEachRow tells which rows changed something', async () => {
  const changed = await db.sql.transaction(async (tx) => {
    await tx.query(sql`CREATE TEMPORARY TABLE pair (k TEXT PRIMARY KEY)`);
    return tx.runForEachRow!('INSERT INTO pair (k) VALUES (?) ON CONFLICT DO NOTHING', [['a'], ['b'], ['a']]);
  });
  assert.deepEqual(changed, [true, true, false]);
});
